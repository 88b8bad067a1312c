"""batch: `retold batch` over corpora that outgrow one process. The same stage
functions (extract, the story engine, reconcile) run in one process (`local`) or on
Apache Spark (`spark`, the optional extra `retold[spark]`), and write one Parquet
dataset per table; `load` brings an output into the story store."""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from ..settings import Settings
from .output import Manifest, load, prepare
from .tables import TABLES

log = logging.getLogger(__name__)

__all__ = ["ENGINES", "Manifest", "TABLES", "load", "run_batch"]

ENGINES = ("local", "spark")


def run_batch(inputs: list[str], out: str | Path, *, engine: str = "local", master: str | None = None,
              partitions: int | None = None, settings: Settings | None = None,
              progress: Callable[[str, int, int | None], None] | None = None,
              spark=None) -> Manifest:
    """Read, extract, cluster and reconcile `inputs` and write the tables under `out`.
    `master` is the Spark master (local[*] unless spark-submit gave one); `spark` is an
    existing SparkSession to use instead of starting one. Without `progress`, Spark's
    console progress is off too."""
    settings = settings or Settings()
    show_progress = progress is not None
    progress = progress or (lambda stage, done, total: None)
    out = Path(out)
    prepare(out)
    manifest = Manifest(engine=engine, inputs=list(inputs))
    if engine == "local":
        from . import local
        local.run(list(inputs), out, manifest, settings, progress)
    elif engine == "spark":
        from . import spark as spark_engine
        spark_engine.run(list(inputs), out, manifest, settings, progress, master=master,
                         partitions=partitions, session=spark, show_progress=show_progress)
    else:
        raise ValueError(f"unknown engine {engine!r}; use one of {', '.join(ENGINES)}")
    manifest.write(out)
    log.info("batch written to %s: %s", out, manifest.counts)
    return manifest
