"""store: the story store, SQLite by default (one file, WAL, FTS5) or PostgreSQL by URL.

Every query retold runs against its store lives here. Each ingest batch is one
transaction: an interrupted ingest leaves the store as it was after the last whole
batch, and a re-run skips what is already stored (by content hash). Both backends
share the queries below; `PostgresStore` swaps in its own schema (tsvector columns
for full-text search), placeholders, and locking.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

from .cluster.features import LSH_MASK, LSH_KEY_BITS, lsh_key
from .cluster.storylines import rethread
from .errors import RetoldError
from .models import Document, Story, Storyline, document_from_dict, document_to_dict

DEFAULT_DB = "retold.db"
CACHE_KIB = 64 * 1024  # SQLite page cache per connection
MMAP_BYTES = 256 * 1024 * 1024  # of the database file read through mmap
FEATURES_CACHED = 2000  # parsed document features kept in memory (see Store._decoded)


class StoreError(RetoldError):
    """The store could not be opened or is not a retold store."""


def _run(db, script: str) -> None:
    """Statements one by one: executescript() would COMMIT the migration's transaction."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


def _m1(db: sqlite3.Connection) -> None:
    _run(db, """
    CREATE TABLE documents (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT UNIQUE NOT NULL,
        content_hash TEXT UNIQUE NOT NULL,
        story_id TEXT,
        path TEXT, url TEXT, outlet TEXT, title TEXT, published TEXT,
        text TEXT NOT NULL,
        record TEXT NOT NULL,
        features TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX documents_story ON documents(story_id);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT,
        size INTEGER NOT NULL DEFAULT 0,
        first_published TEXT, last_published TEXT,
        record TEXT,
        updated_at TEXT
    );
    CREATE TABLE lsh (band INTEGER NOT NULL, hash INTEGER NOT NULL, doc_id TEXT NOT NULL);
    CREATE INDEX lsh_key ON lsh(band, hash);
    CREATE TABLE df (term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TABLE quotes (
        id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, story_id TEXT, speaker TEXT,
        kind TEXT, via TEXT, text TEXT NOT NULL
    );
    CREATE INDEX quotes_speaker ON quotes(speaker);
    CREATE INDEX quotes_story ON quotes(story_id);
    CREATE TABLE people (
        story_id TEXT NOT NULL, name TEXT NOT NULL, aliases TEXT, documents INTEGER,
        PRIMARY KEY (story_id, name)
    );
    CREATE VIRTUAL TABLE documents_fts USING fts5(doc_id UNINDEXED, title, text);
    CREATE VIRTUAL TABLE quotes_fts USING fts5(quote_id UNINDEXED, speaker, text);
    """)


def _m2(db: sqlite3.Connection) -> None:
    """Clustering reads kept small as the archive grows: a document's features in a
    table of their own (read without paging through its text), and LSH keys as one
    integer each in a table clustered on (key, document), not rows and an index
    holding the band, the hash and the document's id."""
    _run(db, f"""
    CREATE TABLE features (seq INTEGER PRIMARY KEY, features TEXT NOT NULL);
    INSERT INTO features (seq, features) SELECT seq, features FROM documents;
    ALTER TABLE documents DROP COLUMN features;
    CREATE TABLE lsh_keys (key INTEGER NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq)) WITHOUT ROWID;
    INSERT OR IGNORE INTO lsh_keys (key, seq)
        SELECT (l.band << {LSH_KEY_BITS}) | (l.hash & {LSH_MASK}), d.seq
        FROM lsh l JOIN documents d ON d.id = l.doc_id;
    DROP TABLE lsh
    """)


def _m3(db) -> None:
    """Storylines: each story's profile (what threading events reads, storylines.py) and
    the storyline it belongs to; the storylines themselves. Existing stories are threaded
    right after (Store._backfill_storylines). The same SQL runs in PostgreSQL."""
    _run(db, """
    ALTER TABLE stories ADD COLUMN profile TEXT;
    ALTER TABLE stories ADD COLUMN storyline_id TEXT;
    CREATE INDEX stories_storyline ON stories(storyline_id);
    CREATE TABLE storylines (
        id TEXT PRIMARY KEY, title TEXT, stories INTEGER NOT NULL DEFAULT 0,
        first_published TEXT, last_published TEXT, updated_at TEXT
    )
    """)


MIGRATIONS = [_m1, _m2, _m3]  # migration N is MIGRATIONS[N - 1]; append, never edit
BACKFILL_AFTER = 3  # the migration after which existing stories are threaded into storylines


def _pg1(db) -> None:
    """The same tables in PostgreSQL; full-text search by generated tsvector columns."""
    _run(db, """
    CREATE TABLE documents (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT UNIQUE NOT NULL,
        content_hash TEXT UNIQUE NOT NULL,
        story_id TEXT,
        path TEXT, url TEXT, outlet TEXT, title TEXT, published TEXT,
        text TEXT NOT NULL,
        record TEXT NOT NULL,
        features TEXT NOT NULL,
        ingested_at TEXT NOT NULL,
        tsv tsvector GENERATED ALWAYS AS
            (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED
    );
    CREATE INDEX documents_story ON documents(story_id);
    CREATE INDEX documents_tsv ON documents USING GIN (tsv);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        title TEXT,
        size INTEGER NOT NULL DEFAULT 0,
        first_published TEXT, last_published TEXT,
        record TEXT,
        updated_at TEXT
    );
    CREATE TABLE lsh (seq BIGSERIAL PRIMARY KEY, band INTEGER NOT NULL, hash BIGINT NOT NULL,
                      doc_id TEXT NOT NULL);
    CREATE INDEX lsh_key ON lsh(band, hash);
    CREATE TABLE df (term TEXT PRIMARY KEY, n INTEGER NOT NULL);
    CREATE TABLE quotes (
        seq BIGSERIAL, id TEXT PRIMARY KEY, doc_id TEXT NOT NULL, story_id TEXT, speaker TEXT,
        kind TEXT, via TEXT, text TEXT NOT NULL,
        tsv tsvector GENERATED ALWAYS AS
            (to_tsvector('english', coalesce(speaker, '') || ' ' || text)) STORED
    );
    CREATE INDEX quotes_speaker ON quotes(speaker);
    CREATE INDEX quotes_story ON quotes(story_id);
    CREATE INDEX quotes_doc ON quotes(doc_id);
    CREATE INDEX quotes_tsv ON quotes USING GIN (tsv);
    CREATE TABLE people (
        story_id TEXT NOT NULL, name TEXT NOT NULL, aliases TEXT, documents INTEGER,
        PRIMARY KEY (story_id, name)
    )
    """)


def _pg2(db) -> None:
    """Migration 2 (see _m2) in PostgreSQL."""
    _run(db, f"""
    CREATE TABLE features (seq BIGINT PRIMARY KEY, features TEXT NOT NULL);
    INSERT INTO features (seq, features) SELECT seq, features FROM documents;
    ALTER TABLE documents DROP COLUMN features;
    CREATE TABLE lsh_keys (key BIGINT NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (key, seq));
    INSERT INTO lsh_keys (key, seq)
        SELECT (l.band::bigint << {LSH_KEY_BITS}) | (l.hash & {LSH_MASK}), d.seq
        FROM lsh l JOIN documents d ON d.id = l.doc_id ON CONFLICT DO NOTHING;
    DROP TABLE lsh
    """)


PG_MIGRATIONS = [_pg1, _pg2, _m3]  # kept in step with MIGRATIONS: same number, same schema


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _marks(n: int) -> str:
    return ",".join("?" * n)


class Store:
    """A retold store in one SQLite file. `Store.open` also gives `PostgresStore`."""

    migrations = MIGRATIONS
    order = "rowid"      # insertion order of lsh and quotes rows
    like = "LIKE"        # case-insensitive LIKE
    concat = "GROUP_CONCAT(aliases, char(31))"

    def __init__(self, path: str | os.PathLike = DEFAULT_DB):
        self.path = str(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            # a page cache that holds the LSH index and recent features of a large
            # archive (SQLite's default is 2 MiB), and reads mapped rather than copied
            self.db.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
            self.db.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a usable retold store ({exc})") from exc
        self._fresh_caches()

    @classmethod
    def open(cls, target: str | None = None) -> "Store":
        """The store at --db / RETOLD_DB / ./retold.db; a postgresql:// URL opens PostgreSQL."""
        target = target or os.environ.get("RETOLD_DB") or DEFAULT_DB
        if target.startswith(("postgres://", "postgresql://")):
            return PostgresStore(target)
        return cls(target)

    def close(self) -> None:
        self.db.close()

    # -- dialect: what differs between SQLite and PostgreSQL ---------------------------
    def _x(self, sql: str, args: Iterable = ()):
        return self.db.execute(sql, tuple(args))

    def _many(self, sql: str, rows: list[tuple]) -> None:
        self.db.executemany(sql, rows)

    def _begin(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")  # one writer at a time; readers go on (WAL)

    def version(self) -> int:
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def _set_version(self, number: int) -> None:
        self.db.execute(f"PRAGMA user_version = {int(number)}")

    def _index_document(self, document: Document) -> None:
        self._x("INSERT INTO documents_fts (doc_id, title, text) VALUES (?,?,?)",
                (document.id, document.title or "", document.text))

    def _unindex_quotes(self, doc_id: str) -> None:
        self._x("DELETE FROM quotes_fts WHERE quote_id IN (SELECT id FROM quotes WHERE doc_id = ?)", (doc_id,))

    def _index_quote(self, quote_id: str, speaker: str | None, text: str) -> None:
        self._x("INSERT INTO quotes_fts (quote_id, speaker, text) VALUES (?,?,?)", (quote_id, speaker or "", text))

    def _documents_matching(self) -> str:
        """SQL for the ids of documents matching the full-text query in one '?'."""
        return "SELECT doc_id FROM documents_fts WHERE documents_fts MATCH ?"

    def _quotes_matching(self) -> str:
        return "SELECT quote_id FROM quotes_fts WHERE quotes_fts MATCH ?"

    def _query(self, text: str) -> str:
        return _fts_query(text)

    def search(self, text: str, limit: int = 50) -> list[dict]:
        rows = self._x(
            "SELECT d.id, d.story_id, d.title, snippet(documents_fts, 2, '[', ']', '…', 12) AS snippet"
            " FROM documents_fts JOIN documents d ON d.id = documents_fts.doc_id"
            " WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?", (self._query(text), limit))
        return [dict(r) for r in rows]

    # -- schema -----------------------------------------------------------------------
    def _migrate(self) -> None:
        self._fresh_caches()
        current = self.version()
        if current > len(self.migrations):
            raise StoreError(f"{self.path}: made by a newer retold (schema {current}); upgrade retold")
        for number in range(current + 1, len(self.migrations) + 1):
            with self.transaction():
                self.migrations[number - 1](self.db)
                if number == BACKFILL_AFTER:
                    self._backfill_storylines()
                self._set_version(number)

    def _backfill_storylines(self) -> None:
        """Profiles and storylines for the stories of a store made before storylines."""
        titles = {r["id"]: r["title"] or "" for r in self._x("SELECT id, title FROM stories")}
        if titles:
            rethread(self, titles)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """BEGIN ... COMMIT, rolled back on any error (or Ctrl-C)."""
        self._begin()
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            self._df_cache.clear()
            self._count = None
            raise
        self.db.execute("COMMIT")

    # -- documents --------------------------------------------------------------------
    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        hashes = list(hashes)
        found: set[str] = set()
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            rows = self._x(f"SELECT content_hash FROM documents WHERE content_hash IN ({_marks(len(chunk))})", chunk)
            found.update(r["content_hash"] for r in rows)
        return found

    def id_taken(self, doc_id: str) -> bool:
        return self._x("SELECT 1 AS one FROM documents WHERE id = ?", (doc_id,)).fetchone() is not None

    def add_document(self, document: Document, story_id: str, features: dict,
                     lsh: list[tuple[int, int]], terms: Iterable[str]) -> None:
        seq = self._x(
            "INSERT INTO documents (id, content_hash, story_id, path, url, outlet, title, published,"
            " text, record, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?) RETURNING seq",
            (document.id, document.content_hash, story_id, document.path, document.url,
             document.outlet, document.title, document.published, document.text,
             json.dumps(document_to_dict(document), ensure_ascii=False), _now())).fetchone()["seq"]
        self._x("INSERT INTO features (seq, features) VALUES (?, ?)", (seq, json.dumps(features, ensure_ascii=False)))
        self._many("INSERT INTO lsh_keys (key, seq) VALUES (?, ?)", [(k, seq) for k in sorted({lsh_key(b, h) for b, h in lsh})])
        terms = sorted(set(terms))
        self._many("INSERT INTO df (term, n) VALUES (?, 1) ON CONFLICT (term) DO UPDATE SET n = df.n + 1",
                   [(t,) for t in terms])
        for t in terms:
            if t in self._df_cache:
                self._df_cache[t] += 1
        self._index_document(document)
        if self._count is not None:
            self._count += 1

    def document_count(self) -> int:
        if self._count is None:  # COUNT(*) scans the table: count once, then keep count
            self._count = self._x("SELECT COUNT(*) AS n FROM documents").fetchone()["n"]
        return self._count

    def df(self, terms: Iterable[str]) -> dict[str, int]:
        """Document frequencies, cached across calls within a batch."""
        missing = [t for t in set(terms) if t not in self._df_cache]
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            for t in chunk:
                self._df_cache[t] = 0
            for row in self._x(f"SELECT term, n FROM df WHERE term IN ({_marks(len(chunk))})", chunk):
                self._df_cache[row["term"]] = row["n"]
        if len(self._df_cache) > 500_000:
            self._df_cache.clear()
        return self._df_cache

    def candidates(self, keys: list[tuple[int, int]], limit: int, per_key: int = 20) -> list[str]:
        """Documents sharing LSH keys with a new one, most shared first."""
        counts: dict[int, int] = {}  # document seq -> keys shared
        if not keys:
            return []
        one = "SELECT seq FROM (SELECT seq FROM lsh_keys WHERE key = ? ORDER BY seq DESC LIMIT ?) AS k"
        sql = " UNION ALL ".join([one] * len(keys))
        args = [x for band, value in keys for x in (lsh_key(band, value), per_key)]
        for row in self._x(sql, args):
            counts[row["seq"]] = counts.get(row["seq"], 0) + 1
        if not counts:
            return []
        shared = {row["id"]: counts[row["seq"]] for row in
                  self._x(f"SELECT seq, id FROM documents WHERE seq IN ({_marks(len(counts))})", list(counts))}
        return sorted(shared, key=lambda d: (-shared[d], d))[:limit]

    def features_of(self, doc_ids: list[str]) -> dict[str, tuple[str, dict]]:
        """doc id -> (story id, features) for the given documents."""
        out = {}
        for i in range(0, len(doc_ids), 500):
            chunk = doc_ids[i:i + 500]
            for row in self._x("SELECT d.id, d.story_id, f.features FROM documents d JOIN features f ON f.seq = d.seq"
                               f" WHERE d.id IN ({_marks(len(chunk))})", chunk):
                out[row["id"]] = (row["story_id"], self._decoded(row["features"]))
        return out

    def story_features(self, story_id: str, limit: int = 20) -> dict[str, dict]:
        """Features of a story's most recent documents (doc id -> features)."""
        rows = self._x("SELECT d.id, f.features FROM documents d JOIN features f ON f.seq = d.seq"
                       " WHERE d.story_id = ? ORDER BY d.seq DESC LIMIT ?", (story_id, limit))
        return {r["id"]: self._decoded(r["features"]) for r in rows}

    def _fresh_caches(self) -> None:
        self._df_cache: dict[str, int] = {}
        self._features_cache: dict[str, dict] = {}  # see _decoded
        self._count: int | None = None

    def _decoded(self, features: str) -> dict:
        """Stored features, parsed once per connection (keyed by their own text, so never
        stale): an ingest batch reads the same stories' documents again and again."""
        found = self._features_cache.get(features)
        if found is None:
            if len(self._features_cache) >= FEATURES_CACHED:
                self._features_cache.clear()
            found = self._features_cache[features] = json.loads(features)
        return found

    def story_sizes(self, story_ids: Iterable[str]) -> dict[str, int]:
        ids = sorted(set(story_ids))
        if not ids:
            return {}
        rows = self._x(f"SELECT id, size FROM stories WHERE id IN ({_marks(len(ids))})", ids)
        return {r["id"]: r["size"] for r in rows}

    def create_story(self, story_id: str) -> None:
        self._x("INSERT INTO stories (id, size, updated_at) VALUES (?, 0, ?)", (story_id, _now()))

    def add_to_story(self, story_id: str, count: int = 1) -> None:
        self._x("UPDATE stories SET size = size + ? WHERE id = ?", (count, story_id))

    def merge_stories(self, into: str, others: list[str]) -> None:
        for other in others:
            moved = self._x("UPDATE documents SET story_id = ? WHERE story_id = ?", (into, other)).rowcount
            self._x("UPDATE quotes SET story_id = ? WHERE story_id = ?", (into, other))
            self._x("DELETE FROM people WHERE story_id = ?", (other,))
            self._x("DELETE FROM stories WHERE id = ?", (other,))
            self.add_to_story(into, moved)

    def split_story(self, story_id: str, new_id: str, doc_ids: list[str]) -> None:
        """Move some of a story's documents into a new story."""
        self.create_story(new_id)
        for i in range(0, len(doc_ids), 500):
            chunk = doc_ids[i:i + 500]
            self._x(f"UPDATE documents SET story_id = ? WHERE story_id = ? AND id IN ({_marks(len(chunk))})",
                    [new_id, story_id, *chunk])
        self.add_to_story(new_id, len(doc_ids))
        self.add_to_story(story_id, -len(doc_ids))

    def story_documents(self) -> list[tuple[str, str]]:
        """(document id, story id) of every stored document, in ingest order."""
        return [(r["id"], r["story_id"]) for r in self._x("SELECT id, story_id FROM documents ORDER BY seq")]

    def documents_of(self, story_id: str) -> list[Document]:
        rows = self._x("SELECT record FROM documents WHERE story_id = ? ORDER BY seq", (story_id,))
        return [document_from_dict(json.loads(r["record"])) for r in rows]

    def save_story(self, story: Story, documents: list[Document], record: dict) -> None:
        """Write a reconciled story and what browsing needs of it (quotes, people)."""
        published = sorted(d.published for d in documents if d.published)
        self._x(
            "UPDATE stories SET title = ?, record = ?, first_published = ?, last_published = ?,"
            " updated_at = ? WHERE id = ?",
            (story.title, json.dumps(record, ensure_ascii=False), published[0] if published else None,
             published[-1] if published else None, _now(), story.id))
        for doc in documents:
            self._unindex_quotes(doc.id)
            self._x("DELETE FROM quotes WHERE doc_id = ?", (doc.id,))
            for q in doc.quotes:
                self._x("INSERT INTO quotes (id, doc_id, story_id, speaker, kind, via, text) VALUES (?,?,?,?,?,?,?)",
                        (q.id, doc.id, story.id, q.speaker, q.kind, q.via, q.text))
                self._index_quote(q.id, q.speaker, q.text)
        self._x("DELETE FROM people WHERE story_id = ?", (story.id,))
        for e in story.entities:
            if e.type == "PERSON":
                self._x("INSERT INTO people (story_id, name, aliases, documents) VALUES (?,?,?,?)"
                        " ON CONFLICT (story_id, name) DO UPDATE SET aliases = excluded.aliases,"
                        " documents = excluded.documents",
                        (story.id, e.name, json.dumps(e.aliases, ensure_ascii=False), len(e.documents)))

    # -- storylines (the rules: cluster/storylines.py) ------------------------------------
    def set_profile(self, story_id: str, profile: dict) -> None:
        self._x("UPDATE stories SET profile = ? WHERE id = ?", (json.dumps(profile, ensure_ascii=False), story_id))

    def profiles_near(self, story_ids: list[str], days: int, limit: int) -> list[dict]:
        """Profiles of these stories, of the stories dated within `days` of them (the most
        recent `limit`; undated stories go with undated ones), and of every story in the
        storylines of all those."""
        ids = sorted(set(story_ids))
        rows = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            rows += self._x(f"SELECT first_published AS f, last_published AS l FROM stories"
                            f" WHERE id IN ({_marks(len(chunk))})", chunk).fetchall()
        dated = [r for r in rows if r["f"] and r["l"]]
        found = set(ids)
        if dated:
            lo = _shift(min(r["f"] for r in dated), -days)
            hi = _shift(max(r["l"] for r in dated), days)
            found |= {r["id"] for r in self._x(
                "SELECT id FROM stories WHERE profile IS NOT NULL AND last_published >= ?"
                " AND substr(first_published, 1, 10) <= ? ORDER BY last_published DESC, id LIMIT ?", (lo, hi, limit))}
        if len(dated) < len(rows):
            found |= {r["id"] for r in self._x("SELECT id FROM stories WHERE profile IS NOT NULL AND"
                                               " first_published IS NULL ORDER BY id DESC LIMIT ?", (limit,))}
        ids = sorted(found)
        lines = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            lines |= {r["storyline_id"] for r in self._x(
                f"SELECT storyline_id FROM stories WHERE id IN ({_marks(len(chunk))})", chunk) if r["storyline_id"]}
        for i in range(0, len(lines), 500):
            chunk = sorted(lines)[i:i + 500]
            found |= {r["id"] for r in self._x(
                f"SELECT id FROM stories WHERE storyline_id IN ({_marks(len(chunk))})", chunk)}
        ids = sorted(found)
        out = []
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out += [json.loads(r["profile"]) for r in self._x(
                f"SELECT profile FROM stories WHERE profile IS NOT NULL AND id IN ({_marks(len(chunk))})", chunk)]
        return out

    def save_storylines(self, lines: list[Storyline]) -> None:
        """Write storylines (and which storyline each of their stories is in); storylines
        left without stories are removed."""
        for line in lines:
            self._x("INSERT INTO storylines (id, title, stories, first_published, last_published, updated_at)"
                    " VALUES (?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
                    " stories = excluded.stories, first_published = excluded.first_published,"
                    " last_published = excluded.last_published, updated_at = excluded.updated_at",
                    (line.id, line.title, len(line.stories), line.first, line.last, _now()))
            for i in range(0, len(line.stories), 500):
                chunk = line.stories[i:i + 500]
                self._x(f"UPDATE stories SET storyline_id = ? WHERE id IN ({_marks(len(chunk))})", [line.id, *chunk])
        self._x("DELETE FROM storylines WHERE NOT EXISTS"
                " (SELECT 1 FROM stories s WHERE s.storyline_id = storylines.id)")

    def storyline(self, line_id: str) -> Storyline | None:
        """A storyline by id (or a unique id prefix), its stories oldest first."""
        row = self._x("SELECT id, title, first_published, last_published FROM storylines WHERE id = ?",
                      (line_id,)).fetchone()
        if row is None and re.fullmatch(r"[\w-]+", line_id):
            rows = self._x("SELECT id, title, first_published, last_published FROM storylines WHERE id LIKE ?"
                           " LIMIT 2", (line_id + "%",)).fetchall()
            row = rows[0] if len(rows) == 1 else None
        if row is None:
            return None
        stories = [r["id"] for r in self._x(
            "SELECT id FROM stories WHERE storyline_id = ? ORDER BY COALESCE(first_published, '~'), id", (row["id"],))]
        return Storyline(row["id"], row["title"] or "", stories, row["first_published"], row["last_published"])

    def storyline_of(self, story_id: str) -> Storyline | None:
        row = self._x("SELECT storyline_id FROM stories WHERE id = ?", (story_id,)).fetchone()
        return self.storyline(row["storyline_id"]) if row and row["storyline_id"] else None

    # -- browsing ---------------------------------------------------------------------
    def stories(self, *, since: str | None = None, search: str | None = None, limit: int = 100) -> list[dict]:
        sql = ("SELECT s.id, s.title, s.size, s.first_published, s.last_published, s.storyline_id,"
               " l.title AS storyline_title, l.stories AS storyline_stories"
               " FROM stories s LEFT JOIN storylines l ON l.id = s.storyline_id")
        args: list = []
        where = []
        if search:
            where.append(f"s.id IN (SELECT d.story_id FROM documents d WHERE d.id IN ({self._documents_matching()}))")
            args.append(self._query(search))
        if since:
            where.append("COALESCE(s.last_published, '') >= ?")
            args.append(since)
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY COALESCE(s.last_published, '') DESC, s.size DESC, s.id LIMIT ?"
        args.append(limit)
        return [dict(r) for r in self._x(sql, args)]

    def story_record(self, story_id: str) -> dict | None:
        row = self._x("SELECT record FROM stories WHERE id = ?", (story_id,)).fetchone()
        if row is None and re.fullmatch(r"[\w-]+", story_id):  # a unique prefix will do, as with git
            rows = self._x("SELECT record FROM stories WHERE id LIKE ? LIMIT 2", (story_id + "%",)).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return json.loads(row["record"]) if row and row["record"] else None

    def quotes(self, *, speaker: str | None = None, search: str | None = None, limit: int = 100) -> list[dict]:
        sql = "SELECT q.id, q.doc_id, q.story_id, q.speaker, q.kind, q.via, q.text FROM quotes q"
        args: list = []
        where = []
        if search:
            where.append(f"q.id IN ({self._quotes_matching()})")
            args.append(self._query(search))
        if speaker:
            where.append(f"q.speaker {self.like} ?")
            args.append(f"%{speaker}%")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY q.story_id, q.doc_id, q.{self.order} LIMIT ?"
        args.append(limit)
        return [dict(r) for r in self._x(sql, args)]

    def people(self, limit: int = 200) -> list[dict]:
        rows = self._x(
            f"SELECT name, COUNT(*) AS stories, SUM(documents) AS documents, {self.concat} AS aliases"
            " FROM people GROUP BY name ORDER BY SUM(documents) DESC, name LIMIT ?", (limit,))
        out = []
        for r in rows:
            aliases = sorted({a for chunk in (r["aliases"] or "").split("\x1f") if chunk
                              for a in json.loads(chunk)})
            out.append({"name": r["name"], "stories": r["stories"], "documents": int(r["documents"] or 0),
                        "aliases": aliases})
        return out

    # -- reading for the web pages (retold serve) ---------------------------------------
    utterance_count = "json_array_length(s.record, '$.utterances')"
    conflict_count = ("(SELECT COUNT(*) FROM json_each(s.record, '$.facts') f"
                      " WHERE json_extract(f.value, '$.agreement') = 'conflict')")
    outlet_list = ("(SELECT GROUP_CONCAT(o, char(31)) FROM (SELECT DISTINCT d.outlet AS o FROM documents d"
                   " WHERE d.story_id = s.id))")

    def story_page(self, *, search: str | None = None, since: str | None = None,
                   outlet: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
        """One page of the story list, newest first, with what the list shows of each story
        (outlets, utterances, conflicts) read from the stored records, not recomputed."""
        sql = (f"SELECT s.id, s.title, s.size, s.first_published, s.last_published,"
               f" {self.utterance_count} AS utterances, {self.conflict_count} AS conflicts,"
               f" {self.outlet_list} AS outlets FROM stories s")
        where, args = ["s.record IS NOT NULL"], []
        if search:
            where.append(f"s.id IN (SELECT d.story_id FROM documents d WHERE d.id IN ({self._documents_matching()}))")
            args.append(self._query(search))
        if since:
            where.append("COALESCE(s.last_published, '') >= ?")
            args.append(since)
        if outlet:
            where.append("s.id IN (SELECT d.story_id FROM documents d WHERE d.outlet = ?)")
            args.append(outlet)
        sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY COALESCE(s.last_published, '') DESC, s.size DESC, s.id LIMIT ? OFFSET ?"
        args += [limit, offset]
        out = []
        for r in self._x(sql, args):
            row = dict(r)
            row["outlets"] = sorted(set((row["outlets"] or "").split("\x1f")) - {""})
            out.append(row)
        return out

    def document_meta(self, doc_ids: list[str]) -> dict[str, dict]:
        """id -> outlet, title, published, url, story of the given documents (no text)."""
        out = {}
        for i in range(0, len(doc_ids), 500):
            chunk = doc_ids[i:i + 500]
            for r in self._x("SELECT id, story_id, outlet, title, published, url, path FROM documents"
                             f" WHERE id IN ({_marks(len(chunk))})", chunk):
                out[r["id"]] = dict(r)
        return out

    def quote_rows(self, *, story_id: str | None = None, speaker: str | None = None,
                   limit: int = 1000) -> list[dict]:
        """Stored quotes of one story or of one speaker (exact name), with their document's
        outlet and date."""
        where, args = [], []
        if story_id:
            where.append("q.story_id = ?")
            args.append(story_id)
        if speaker:
            where.append("q.speaker = ?")
            args.append(speaker)
        sql = ("SELECT q.id, q.doc_id, q.story_id, q.speaker, q.kind, q.via, q.text, d.outlet, d.published,"
               " s.title AS story_title FROM quotes q JOIN documents d ON d.id = q.doc_id"
               " LEFT JOIN stories s ON s.id = q.story_id")
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += f" ORDER BY d.published, q.doc_id, q.{self.order} LIMIT ?"
        return [dict(r) for r in self._x(sql, [*args, limit])]

    def person(self, name: str) -> list[dict]:
        """The stories a person appears in, with the aliases and epithets each one used."""
        rows = self._x("SELECT p.story_id, p.aliases, p.documents, s.title FROM people p"
                       " LEFT JOIN stories s ON s.id = p.story_id WHERE p.name = ? ORDER BY s.last_published DESC",
                       (name,))
        return [{"story": r["story_id"], "title": r["title"], "documents": r["documents"],
                 "aliases": json.loads(r["aliases"] or "[]")} for r in rows]

    def outlet_documents(self, outlet: str, limit: int = 500) -> list[dict]:
        rows = self._x("SELECT id, story_id, title, published, url FROM documents WHERE outlet = ?"
                       " ORDER BY published DESC, seq DESC LIMIT ?", (outlet, limit))
        return [dict(r) for r in rows]

    def document_record(self, doc_id: str) -> dict | None:
        """A stored document as ingest saved it (text, quotes with offsets), and its story."""
        row = self._x("SELECT story_id, record FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            return None
        return {**json.loads(row["record"]), "story_id": row["story_id"]}

    def story_records(self, story_ids: list[str]) -> list[dict]:
        out = []
        for i in range(0, len(story_ids), 500):
            chunk = story_ids[i:i + 500]
            out += [json.loads(r["record"]) for r in
                    self._x(f"SELECT record FROM stories WHERE record IS NOT NULL AND id IN ({_marks(len(chunk))})", chunk)]
        return out

    def story_ids(self) -> list[str]:
        return [r["id"] for r in self._x("SELECT id FROM stories WHERE record IS NOT NULL ORDER BY id")]

    def people_names(self) -> list[str]:
        return [r["name"] for r in self._x("SELECT DISTINCT name FROM people ORDER BY name")]

    def outlet_names(self) -> list[str]:
        return [r["outlet"] for r in self._x("SELECT DISTINCT outlet FROM documents WHERE outlet IS NOT NULL"
                                             " ORDER BY outlet")]

    def document_ids(self) -> list[str]:
        return [r["id"] for r in self._x("SELECT id FROM documents ORDER BY seq")]


class PostgresStore(Store):
    """A retold store in a PostgreSQL database (psycopg 3), for teams sharing one archive.

    Writers take a transaction-level advisory lock, so two ingests never cluster
    against each other's half-written batch; readers are never blocked (MVCC).
    """

    migrations = PG_MIGRATIONS
    order = "seq"
    like = "ILIKE"
    concat = "string_agg(aliases, chr(31))"
    utterance_count = "json_array_length((s.record::json)->'utterances')"
    conflict_count = ("(SELECT COUNT(*) FROM json_array_elements((s.record::json)->'facts') f"
                      " WHERE f->>'agreement' = 'conflict')")
    outlet_list = "(SELECT string_agg(DISTINCT d.outlet, chr(31)) FROM documents d WHERE d.story_id = s.id)"
    LOCK = 0x7265746F6C64  # "retold"

    def __init__(self, url: str):
        import psycopg
        from psycopg.rows import dict_row

        self.path = _redact(url)
        try:
            self.db = psycopg.connect(url, autocommit=True, row_factory=dict_row)
            self._x("CREATE TABLE IF NOT EXISTS retold_schema (version INTEGER NOT NULL)")
            self._migrate()
        except psycopg.Error as exc:
            message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise StoreError(f"{self.path}: not a usable retold store ({message})") from exc
        self._fresh_caches()

    def _x(self, sql: str, args: Iterable = ()):
        return self.db.execute(sql.replace("?", "%s"), tuple(args))

    def _many(self, sql: str, rows: list[tuple]) -> None:
        if rows:
            with self.db.cursor() as cur:
                cur.executemany(sql.replace("?", "%s"), rows)

    def _begin(self) -> None:
        self.db.execute("BEGIN")
        self.db.execute("SELECT pg_advisory_xact_lock(%s)", (self.LOCK,))

    def version(self) -> int:
        row = self._x("SELECT MAX(version) AS v FROM retold_schema").fetchone()
        return row["v"] or 0

    def _set_version(self, number: int) -> None:
        self._x("DELETE FROM retold_schema")
        self._x("INSERT INTO retold_schema (version) VALUES (?)", (number,))

    def _index_document(self, document: Document) -> None:
        pass  # documents.tsv is a generated column

    def _unindex_quotes(self, doc_id: str) -> None:
        pass

    def _index_quote(self, quote_id: str, speaker: str | None, text: str) -> None:
        pass

    def _documents_matching(self) -> str:
        return "SELECT id FROM documents WHERE tsv @@ plainto_tsquery('english', ?)"

    def _quotes_matching(self) -> str:
        return "SELECT id FROM quotes WHERE tsv @@ plainto_tsquery('english', ?)"

    def _query(self, text: str) -> str:
        return text

    def search(self, text: str, limit: int = 50) -> list[dict]:
        rows = self._x(
            "SELECT d.id, d.story_id, d.title, ts_headline('english', d.text, q,"
            " 'StartSel=[, StopSel=], MaxWords=20, MinWords=8, FragmentDelimiter=…') AS snippet"
            " FROM documents d, plainto_tsquery('english', ?) AS q"
            " WHERE d.tsv @@ q ORDER BY ts_rank(d.tsv, q) DESC, d.seq LIMIT ?", (text, limit))
        return [dict(r) for r in rows]


def _shift(date: str, days: int) -> str:
    """An ISO date moved by some days (a date that cannot be read is kept)."""
    try:
        return (datetime.fromisoformat(date[:10]) + timedelta(days=days)).date().isoformat()
    except ValueError:
        return date


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1:***@", url)


def _fts_query(text: str) -> str:
    """User words as an FTS5 query of quoted terms (no syntax errors from punctuation)."""
    words = [w for w in text.replace('"', " ").split() if w]
    return " ".join(f'"{w}"' for w in words) or '""'
