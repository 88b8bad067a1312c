"""Crash safety: an ingest killed with SIGKILL mid-batch leaves a sound store holding whole
articles only, a re-run finishes the batch without duplicates, and the store can be read
while an ingest writes (SQLite and PostgreSQL)."""
import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

from tests.conftest import ROOT

TOPICS = [
    ("bridge", "The council of {town} voted on Tuesday to reopen the old river bridge, closed "
               "since March for repairs that cost {n} million dollars."),
    ("strike", "Bus drivers in {town} began a strike on Monday over pay, leaving {n} thousand "
               "commuters to find another way to work."),
    ("flood", "Heavy rain flooded the lower streets of {town} overnight and {n} families spent "
              "the night in the school gym."),
]
TOWNS = ["Ashford", "Bexley", "Corran", "Dunmore", "Elgin", "Fenwick", "Garston", "Hexham"]
COUNT = 48


def _articles(folder):
    folder.mkdir()
    texts = {}
    for i in range(COUNT):
        key, template = TOPICS[i % len(TOPICS)]
        town = TOWNS[i // len(TOPICS) % len(TOWNS)]
        body = template.format(town=town, n=i + 2)
        text = (f' date 2025-03-{1 + i % 28:02d} {body}\n"We did what we had to do," said '
                f"spokeswoman Mara Quinn {i}. Officials in {town} will meet again next week.")
        (folder / f"{key}_{i:02d}.txt").write_text(text, encoding="utf-8")
        texts[f"{key}_{i:02d}"] = text.split(" ", 3)[3] if text.startswith(" date") else text
    return texts


def _run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "retold", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=600, **kw)


def _kill_mid_batch(folder, db, count_documents):
    """Start an ingest, read the store while it writes, SIGKILL it once some but not all
    articles are committed. Returns the number of reads that succeeded."""
    writer = subprocess.Popen([sys.executable, "-m", "retold", "ingest", str(folder), "--db", db,
                               "--no-progress"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    reads = 0
    deadline = time.monotonic() + 400
    try:
        while time.monotonic() < deadline and writer.poll() is None:
            stored = count_documents()
            if stored:
                listing = _run("stories", "--db", db, "--format", "json")  # a reader during writes
                assert listing.returncode == 0, listing.stderr
                json.loads(listing.stdout)
                reads += 1
                if count_documents() < COUNT:
                    os.kill(writer.pid, signal.SIGKILL)
                    break
            time.sleep(0.05)
    finally:
        if writer.poll() is None:
            writer.kill()
        writer.wait(timeout=60)
    assert writer.returncode == -signal.SIGKILL, "the ingest ended before it could be killed"
    return reads


def _check_after(rows, texts):
    """Every stored article whole (its text and hash as read), none twice."""
    ids = [r[0] for r in rows]
    assert len(ids) == len(set(ids)) and len({r[2] for r in rows}) == len(rows)
    for doc_id, text, digest in rows:
        assert text == texts[doc_id]
        assert digest == hashlib.sha256(text.encode()).hexdigest()[:16]


def test_sigkill_during_sqlite_ingest(tmp_path):
    texts = _articles(tmp_path / "in")
    db = str(tmp_path / "s.db")

    def count():
        if not os.path.exists(db):
            return 0
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
                return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except sqlite3.OperationalError:  # the schema is not there yet
            return 0

    assert _kill_mid_batch(tmp_path / "in", db, count) >= 1
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    committed = conn.execute("SELECT id, text, content_hash FROM documents").fetchall()
    assert 0 < len(committed) < COUNT
    _check_after(committed, texts)
    stories = {r[0] for r in conn.execute("SELECT story_id FROM documents")}
    assert None not in stories and stories <= {r[0] for r in conn.execute("SELECT id FROM stories")}
    conn.close()

    again = _run("ingest", str(tmp_path / "in"), "--db", db, "--no-progress")
    assert again.returncode == 0, again.stderr
    assert f"{len(committed)} already stored" in again.stderr
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = conn.execute("SELECT id, text, content_hash FROM documents").fetchall()
    assert len(rows) == COUNT
    _check_after(rows, texts)
    conn.close()


def test_sigkill_during_postgres_ingest(tmp_path, postgres_url):
    import psycopg

    texts = _articles(tmp_path / "in")

    def count():
        try:
            with psycopg.connect(postgres_url) as conn:
                return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
        except psycopg.errors.UndefinedTable:
            return 0

    assert _kill_mid_batch(tmp_path / "in", postgres_url, count) >= 1
    with psycopg.connect(postgres_url) as conn:
        committed = conn.execute("SELECT id, text, content_hash FROM documents").fetchall()
        assert 0 < len(committed) < COUNT
        _check_after(committed, texts)
        # no half-written batch: every stored article's story is stored with it
        orphans = conn.execute("SELECT count(*) FROM documents d LEFT JOIN stories s ON s.id = d.story_id "
                               "WHERE s.id IS NULL").fetchone()[0]
        assert orphans == 0
    again = _run("ingest", str(tmp_path / "in"), "--db", postgres_url, "--no-progress")
    assert again.returncode == 0, again.stderr
    with psycopg.connect(postgres_url) as conn:
        rows = conn.execute("SELECT id, text, content_hash FROM documents").fetchall()
        assert len(rows) == COUNT
        _check_after(rows, texts)
        assert conn.execute("SELECT count(*) FROM quotes q LEFT JOIN documents d ON d.id = q.doc_id "
                            "WHERE d.id IS NULL").fetchone()[0] == 0
