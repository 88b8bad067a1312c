"""A batch's output directory: one Parquet dataset per table under DIR/<table>/, a
manifest.json of counts (and the failed records with their source), a _SUCCESS marker;
and `load`, which brings an output into the story store."""
from __future__ import annotations

import json
import logging
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..cluster import features, lsh_keys, salient_terms, terms
from ..models import document_from_dict
from ..reconcile import reconcile
from ..contract import story_dict
from .tables import TABLES, arrow_schema

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
SUCCESS = "_SUCCESS"


@dataclass
class Manifest:
    """What a batch read and wrote."""

    engine: str
    inputs: list[str]
    counts: dict[str, int] = field(default_factory=dict)  # rows per table
    read: Counter = field(default_factory=Counter)  # articles, failed, skipped
    skipped: Counter = field(default_factory=Counter)  # why WARC records were skipped
    failures: list[dict] = field(default_factory=list)  # {"source", "error"}

    def note(self, record: dict) -> None:
        """Count one record that is not an article (a failure or a skipped record)."""
        self.read[record["status"]] += 1
        if record["status"] == "failed":
            self.failures.append({"source": record["source"], "error": record["error"]})
        else:
            self.skipped[record["error"]] += 1

    def write(self, out: Path) -> None:
        data = {"engine": self.engine, "inputs": self.inputs, "tables": self.counts,
                "articles": self.read["article"], "failed": self.read["failed"],
                "skipped": self.read["skipped"], "skipped_by_reason": dict(sorted(self.skipped.items())),
                "failures": self.failures}
        (out / MANIFEST).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        (out / SUCCESS).write_text("")


def prepare(out: Path) -> None:
    """An empty output directory (a previous batch's tables and marker removed)."""
    out.mkdir(parents=True, exist_ok=True)
    for name in (*TABLES, "storylines"):
        shutil.rmtree(out / name, ignore_errors=True)
    for name in (MANIFEST, SUCCESS):
        (out / name).unlink(missing_ok=True)


class TableWriter:
    """Rows streamed into DIR/<table>/part-00000.parquet, a row group every `rows` rows."""

    def __init__(self, out: Path, rows: int = 500):
        self.out, self.limit = out, rows
        self.buffers: dict[str, list[dict]] = {t: [] for t in TABLES}
        self.writers: dict = {}
        self.counts: Counter = Counter()

    def add(self, table: str, row: dict) -> None:
        self.buffers[table].append(row)
        self.counts[table] += 1
        if len(self.buffers[table]) >= self.limit:
            self._flush(table)

    def _flush(self, table: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if table not in self.writers:
            (self.out / table).mkdir(parents=True, exist_ok=True)
            self.writers[table] = pq.ParquetWriter(self.out / table / "part-00000.parquet", arrow_schema(table))
        self.writers[table].write_table(pa.Table.from_pylist(self.buffers[table], schema=arrow_schema(table)))
        self.buffers[table].clear()

    def close(self) -> dict[str, int]:
        for table in TABLES:
            self._flush(table)  # every table gets a dataset, empty or not
            self.writers[table].close()
        return {t: self.counts[t] for t in TABLES}


def read_table(out: Path, table: str, columns: list[str] | None = None):
    """One table of a batch output, as a pyarrow dataset (Spark's part files or ours)."""
    import pyarrow.dataset as ds

    return ds.dataset(out / table, format="parquet", schema=arrow_schema(table)).to_batches(columns=columns)


def load(out: str | Path, store, *, summary_sentences: int = 5) -> int:
    """Bring a batch output into the store: its stories, as the batch made them, with
    their articles (features and LSH keys kept, so `ingest` goes on from there). Stories
    are read one row group at a time. Returns the stories loaded."""
    from ..errors import RetoldError

    out = Path(out)
    if not (out / SUCCESS).exists():
        raise RetoldError(f"{out}: not a finished batch output (no {SUCCESS}); run `retold batch` again")
    sizes = {}
    for batch in read_table(out, "stories", ["id", "documents"]):
        for row in batch.to_pylist():
            sizes[row["id"]] = len(row["documents"])
    waiting: dict[str, list] = {}
    loaded = 0
    with store.transaction():
        for batch in read_table(out, "documents", ["story", "record"]):
            for row in batch.to_pylist():
                docs = waiting.setdefault(row["story"], [])
                docs.append(document_from_dict(json.loads(row["record"])))
                if len(docs) == sizes.get(row["story"]):
                    _save(store, row["story"], waiting.pop(row["story"]), summary_sentences)
                    loaded += 1
    return loaded


def _save(store, sid: str, docs, summary_sentences: int) -> None:
    known = store.known_hashes(d.content_hash for d in docs)
    docs = [d for d in docs if d.content_hash not in known]
    if not docs:
        return
    store.create_story(sid)
    for doc in docs:
        feats = features(doc)
        store.add_document(doc, sid, feats.to_json(), lsh_keys(salient_terms(feats, {}, 0)), terms(feats))
    store.add_to_story(sid, len(docs))
    story = reconcile(docs, summary_sentences=summary_sentences, story_id=sid)
    store.save_story(story, docs, story_dict(story))
