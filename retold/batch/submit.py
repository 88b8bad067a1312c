"""The file to give spark-submit: `retold batch --engine spark` with the arguments after
it, on the master, deploy mode and settings spark-submit was given.

    spark-submit --master yarn "$(python -c 'import retold.batch.submit as m; print(m.__file__)')" \\
        s3a://bucket/cc-news/2026/12/*.warc.gz --out /shared/retold-out
"""
import sys

from retold.cli import main

if __name__ == "__main__":
    main(["batch", "--engine", "spark", *sys.argv[1:]])
