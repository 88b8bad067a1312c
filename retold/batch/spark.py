"""The Spark engine: the batch's stages (stages.py) on Apache Spark, the same functions
the local engine runs. Input files are read and articles extracted per partition, spaCy
loaded once per Python worker; band keys are group-by keys whose buckets give scored
candidate pairs; the pairs (not the corpus) come to the driver for union-find; each
component is placed and reconciled by the story engine in parallel
(`groupBy().applyInPandas`); every table is written as a Parquet dataset.

Local inputs are expanded on the driver, as the local engine expands them, and read
where the task runs (on a cluster: a filesystem every node sees). Inputs with a URI
scheme (s3a://, hdfs://, gs://, file://) go through Spark's binaryFile source, so the
cluster's Hadoop settings (credentials, endpoints) apply."""
from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from urllib.parse import urlparse

from ..errors import RetoldError
from ..settings import Settings
from .output import Manifest
from .sources import PARQUET_SUFFIXES, _suffix, expand, failed, read_path
from .stages import BUCKET_MAX, bucket_pairs, components, extract_records, place_and_reconcile
from .tables import TABLES

log = logging.getLogger(__name__)

EXTRACTED = [("order", "bigint"), ("id", "string"), ("status", "string"), ("source", "string"),
             ("error", "string"), ("keys", "array<bigint>"), ("features", "string"), ("doc", "string")]
_DDL = {"string": "string", "long": "bigint", "double": "double", "strings": "array<string>", "json": "string"}
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def _columns() -> list[tuple[str, str]]:
    """Every table's columns in one row type (a column has one type in every table),
    after a `table` column: what the placement of a component gives Spark."""
    kinds: dict[str, str] = {}
    for table, columns in TABLES.items():
        for name, kind in columns:
            if _DDL[kinds.setdefault(name, kind)] != _DDL[kind]:
                raise TypeError(f"column {name!r} of {table} has two types")
    return [("table", "string")] + [(n, _DDL[k]) for n, k in kinds.items()]


PLACED = _columns()


def _ddl(columns: list[tuple[str, str]]) -> str:
    return ", ".join(f"`{name}` {kind}" for name, kind in columns)


def run(inputs: list[str], out: Path, manifest: Manifest, settings: Settings,
        progress: Callable[[str, int, int | None], None], *, master: str | None = None,
        partitions: int | None = None, session=None, show_progress: bool = True) -> None:
    spark, started = (session, False) if session is not None else start(master, show_progress)
    try:
        _run(spark, inputs, out, manifest, settings, progress, partitions)
    finally:
        if started:
            spark.stop()


def start(master: str | None, show_progress: bool = True):
    """The active SparkSession, or a new one on `master` (local[*] unless spark-submit
    gave one) whose Python workers run this interpreter. Returns (session, started)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise RetoldError("the Spark engine needs PySpark: pip install 'retold[spark]'") from exc
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        raise RetoldError("the Spark engine needs Java (Debian: apt-get install openjdk-17-jre-headless)")

    active = SparkSession.getActiveSession()
    if active is not None:
        return active, False
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    submitted = "PYSPARK_GATEWAY_PORT" in os.environ  # spark-submit started this driver
    builder = SparkSession.builder.appName("retold batch")
    if master or not submitted:
        builder = builder.master(master or "local[*]")
    if (master or "local").startswith("local") and not submitted:
        # local workers import retold from where the driver does, and need no web UI
        here = str(Path(__file__).resolve().parents[2])
        paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
        os.environ["PYTHONPATH"] = os.pathsep.join([here, *[p for p in paths if p != here]])
        builder = builder.config("spark.ui.enabled", "false")
        # the local JVM only moves rows between Python workers and writes Parquet: the
        # quick JIT and the serial collector take a third less CPU and memory there
        builder = builder.config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        # a worker per core: BLAS threads of their own only fight over the cores
        builder = builder.config(f"spark.executorEnv.{var}", os.environ.get(var, "1"))
    builder = builder.config("spark.ui.showConsoleProgress", "true" if show_progress else "false")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark, True


def _run(spark, inputs, out, manifest, settings, progress, partitions):
    from pyspark import StorageLevel
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    sc = spark.sparkContext
    n = partitions or 2 * sc.defaultParallelism
    spark.conf.set("spark.sql.shuffle.partitions", str(n))

    progress("reading and extracting", 0, None)
    records = _records(spark, inputs, manifest, n)
    extracted = records.mapPartitions(lambda part: _extract(part, settings))
    ext = spark.createDataFrame(extracted, _ddl(EXTRACTED)).persist(StorageLevel.DISK_ONLY)
    passed = ext.filter(F.col("status") != "article").select("order", "status", "source", "error").collect()
    for row in sorted(passed, key=lambda r: r.order):
        manifest.note(row.asDict())
    manifest.read["article"] += ext.filter(F.col("status") == "article").count()

    # the first article with an id (in input order) is kept, as the local engine keeps it
    first = Window.partitionBy("id").orderBy("order")
    arts = (ext.filter(F.col("status") == "article").withColumn("_n", F.row_number().over(first))
            .filter(F.col("_n") == 1).select("id", "keys", "features", "doc")
            .persist(StorageLevel.DISK_ONLY))
    total = arts.count()
    ext.unpersist()

    progress("clustering", 0, total)
    # band buckets: one pass per partition over its rows sorted by key (a bucket's first
    # BUCKET_MAX articles by id, as the local engine takes them)
    threshold = settings.cluster_threshold
    pairs = (arts.select(F.explode("keys").alias("key"), "id", "features")
             .repartition(n, "key").sortWithinPartitions("key", "id")
             .mapInPandas(lambda batches: _pairs(batches, threshold), "a string, b string")
             .distinct())
    roots = components((r.a, r.b) for r in pairs.collect())  # the pairs, not the corpus
    progress("clustering", len(roots), total)

    progress("placing and reconciling", 0, total)
    members = arts.select("id", "doc")
    if roots:
        mapping = spark.createDataFrame(list(roots.items()), "id string, component string")
        members = members.join(F.broadcast(mapping) if len(roots) < 100_000 else mapping, "id", "left")
    else:
        members = members.withColumn("component", F.lit(None).cast("string"))
    members = members.withColumn("component", F.coalesce("component", "id"))
    placed = (members.select("component", "doc").groupBy("component")
              .applyInPandas(lambda pdf: _place(pdf, settings), _ddl(PLACED))
              .persist(StorageLevel.DISK_ONLY))
    counts = {r["table"]: r["count"] for r in placed.groupBy("table").count().collect()}
    for table, columns in TABLES.items():
        progress(f"writing {table}", 0, None)
        (placed.filter(F.col("table") == table).select(*[name for name, _ in columns])
         .write.mode("overwrite").parquet(str(out / table)))
    placed.unpersist()
    arts.unpersist()
    manifest.counts = {t: counts.get(t, 0) for t in TABLES}
    progress("placing and reconciling", total, total)


# -- reading ------------------------------------------------------------------------------
def _records(spark, inputs: list[str], manifest: Manifest, n: int):
    """An RDD of read records, each with its `order` (file number << 32 | record number),
    spread over n partitions. Inputs that match nothing are noted in the manifest."""
    uris = [i for i in inputs if _URI.match(i)]
    files, missing = expand([i for i in inputs if not _URI.match(i)])
    for record in missing:
        manifest.note(record)
    sc = spark.sparkContext
    rdd = sc.parallelize(list(enumerate(files)), max(1, min(len(files), n))).flatMap(_read_file)
    if uris:
        found = _listed(spark, uris, manifest)
        index = {path: len(files) + i for i, path in enumerate(found)}
        if found:
            blobs = spark.read.format("binaryFile").load(found).select("path", "content").rdd
            rdd = rdd.union(blobs.flatMap(lambda row: _read_blob(row, index)))
    return rdd.repartition(n)


def _read_file(item: tuple[int, str]) -> Iterator[dict]:
    number, path = item
    for i, record in enumerate(read_path(path)):
        yield {**record, "order": (number << 32) | i}


def _supported(path: str) -> bool:
    from ..ingest import SUPPORTED

    parts = PurePosixPath(urlparse(path).path).parts
    return _suffix(Path(parts[-1])) in SUPPORTED | PARQUET_SUFFIXES and not any(p.startswith(".") for p in parts)


def _listed(spark, uris: list[str], manifest: Manifest) -> list[str]:
    """The supported files under URIs (globs and directories too), sorted; a URI that
    matches nothing is noted as a failure."""
    found: list[str] = []
    for uri in uris:
        try:
            paths = [r.path for r in spark.read.format("binaryFile").option("recursiveFileLookup", "true")
                     .load(uri).select("path").collect()]
        except Exception as exc:  # Spark's AnalysisException for a path that does not exist
            manifest.note(failed(uri, f"no such file or directory ({type(exc).__name__})"))
            continue
        paths = sorted(p for p in paths if _supported(p))
        if not paths:
            manifest.note(failed(uri, "no such file or directory"))
        found += paths
    return found


def _read_blob(row, index: dict[str, int]) -> Iterator[dict]:
    """The records of one file from object storage: written to a scratch file of the same
    name, read as a local file would be, named by its URI."""
    name = PurePosixPath(urlparse(row.path).path).name
    with tempfile.TemporaryDirectory(prefix="retold-batch-") as scratch:
        local = str(Path(scratch) / name)
        Path(local).write_bytes(row.content)
        for i, record in enumerate(read_path(local)):
            named = {k: v.replace(local, row.path) if isinstance(v, str) and k in ("path", "source", "error") else v
                     for k, v in record.items()}
            yield {**named, "order": (index[row.path] << 32) | i}


# -- the stages, as Spark calls them --------------------------------------------------------
def _extract(part: Iterable[dict], settings: Settings) -> Iterator[tuple]:
    names = [name for name, _ in EXTRACTED]
    for row in extract_records(part, settings):
        yield tuple(row.get(name) for name in names)


def _pairs(batches: Iterator, threshold: float) -> Iterator:
    """The scored pairs of the band buckets of one partition, whose rows come sorted by
    (key, id) in pandas batches (a bucket may straddle two)."""
    import pandas as pd

    key, members = None, []
    for batch in batches:
        found = []
        for k, doc_id, feats in zip(batch["key"], batch["id"], batch["features"]):
            if k != key:
                found += bucket_pairs(members, threshold) if len(members) > 1 else []
                key, members = k, []
            if len(members) < BUCKET_MAX:
                members.append((doc_id, feats))
        yield pd.DataFrame(found, columns=["a", "b"], dtype=object)
    yield pd.DataFrame(bucket_pairs(members, threshold) if len(members) > 1 else [], columns=["a", "b"], dtype=object)


def _place(pdf, settings: Settings):
    import pandas as pd

    rows = [{"table": table, **row} for table, row in place_and_reconcile(pdf["doc"].tolist(), settings)]
    return pd.DataFrame({name: [r.get(name) for r in rows] for name, _ in PLACED}, dtype=object)
