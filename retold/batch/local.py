"""The local engine: the batch's stages in one process, no Spark. Extracted articles
and their band keys wait in a temporary SQLite file, not in memory, so memory stays flat
as the input grows; stories are written one component at a time."""
from __future__ import annotations

import logging
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..settings import Settings
from .output import Manifest, TableWriter
from .sources import read_inputs
from .stages import bucket_pairs, components, extract_records, place_and_reconcile

log = logging.getLogger(__name__)


def run(inputs: list[str], out: Path, manifest: Manifest, settings: Settings,
        progress: Callable[[str, int, int | None], None]) -> None:
    with tempfile.TemporaryDirectory(prefix="retold-batch-") as scratch:
        db = sqlite3.connect(Path(scratch) / "articles.db")
        db.executescript("CREATE TABLE articles (id TEXT PRIMARY KEY, features TEXT, doc TEXT, component TEXT);"
                         "CREATE TABLE keys (key INTEGER, id TEXT);")
        done = 0
        for row in extract_records(read_inputs(inputs), settings):
            if row["status"] != "article":
                manifest.note(row)
                continue
            manifest.read["article"] += 1
            # the first article with an id is kept, with its keys (Spark keeps the same one)
            if db.execute("INSERT OR IGNORE INTO articles VALUES (?, ?, ?, NULL)",
                          (row["id"], row["features"], row["doc"])).rowcount:
                db.executemany("INSERT INTO keys VALUES (?, ?)", [(k, row["id"]) for k in row["keys"]])
            done += 1
            progress("extracting", done, None)
        db.execute("CREATE INDEX keys_by_key ON keys (key, id)")
        progress("clustering", 0, None)
        pairs = []
        bucket, members = None, []
        query = ("SELECT k.key, a.id, a.features FROM keys k JOIN articles a ON a.id = k.id "
                 "WHERE k.key IN (SELECT key FROM keys GROUP BY key HAVING COUNT(*) > 1) ORDER BY k.key, a.id")
        for key, doc_id, feats in db.execute(query):
            if key != bucket:
                pairs += bucket_pairs(members, settings.cluster_threshold) if len(members) > 1 else []
                bucket, members = key, []
            members.append((doc_id, feats))
        pairs += bucket_pairs(members, settings.cluster_threshold) if len(members) > 1 else []
        db.executemany("UPDATE articles SET component = ? WHERE id = ?",
                       [(root, doc_id) for doc_id, root in components(pairs).items()])
        db.execute("UPDATE articles SET component = id WHERE component IS NULL")
        writer = TableWriter(out)
        placed = 0
        group, docs = None, []
        for component, doc in db.execute("SELECT component, doc FROM articles ORDER BY component, id"):
            if component != group and docs:
                placed += _write(docs, writer, settings)
                progress("placing and reconciling", placed, done)
                docs = []
            group = component
            docs.append(doc)
        if docs:
            placed += _write(docs, writer, settings)
            progress("placing and reconciling", placed, done)
        manifest.counts = writer.close()
        db.close()


def _write(docs: list[str], writer: TableWriter, settings: Settings) -> int:
    for table, row in place_and_reconcile(docs, settings):
        writer.add(table, row)
    return len(docs)
