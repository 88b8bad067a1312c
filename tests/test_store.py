"""The story store: incremental ingest into real SQLite files and a real PostgreSQL server,
browsing, interruption, concurrent reading."""
import json
import subprocess
import sys
import time
from importlib import resources

import jsonschema
import pytest

from retold.pipeline import analyze, ingest, story_from_store
from retold.render import to_dict
from retold.store import MIGRATIONS, Store, StoreError
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request):
    return request.param


@pytest.fixture
def new_store(backend, tmp_path, request):
    """Makes empty stores of the backend under test: (store, the --db value that opens it)."""
    opened = []

    def make(name: str = "retold"):
        target = (request.getfixturevalue("postgres_server").new_database() if backend == "postgresql"
                  else str(tmp_path / f"{name}.db"))
        opened.append(Store.open(target))
        return opened[-1], target
    yield make
    for s in opened:
        s.close()


@pytest.fixture
def store(new_store):
    return new_store()[0]


def story_docs(store):
    return sorted(sorted(d.id for d in store.documents_of(r["id"])) for r in store.stories())


def test_ingest_groups_like_analyze_and_reingest_does_nothing(store):
    report = ingest([str(EXAMPLES)], store)
    assert report.added == 4 and report.skipped == 0
    assert story_docs(store) == [["daily_ledger_whitlock", "metro_wire_whitlock", "screen_beat_whitlock"],
                                 ["riverside_bike_lanes"]]
    again = ingest([str(EXAMPLES)], store)
    assert (again.added, again.skipped, again.stories) == (0, 4, set())


def test_one_at_a_time_in_either_order(new_store, seeds):
    files = sorted(seeds.glob("*.txt"))
    expected = analyze([str(f) for f in files])
    for order in (files, files[::-1]):
        s, _ = new_store(order[0].stem)
        ingest([str(EXAMPLES / "wires.jsonl")], s)
        for f in order:
            ingest([str(f)], s)
        groups = story_docs(s)
        assert sorted(f.stem for f in files) in groups
        sid = next(r["id"] for r in s.stories() if len(s.documents_of(r["id"])) == 2)
        stored = story_from_store(s, sid)
        a = {u.text for u in expected.stories[0].utterances}
        b = {u.text for u in stored.stories[0].utterances}
        assert a == b


def test_export_json_is_the_analyze_contract(store):
    ingest([str(EXAMPLES)], store)
    sid = next(r["id"] for r in store.stories() if r["size"] == 3)
    data = to_dict(story_from_store(store, sid[:10]))
    schema = json.loads(resources.files("retold").joinpath("schema/analyze.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["stories"][0]["id"] == sid
    assert any(f["agreement"] == "conflict" for f in data["stories"][0]["facts"])


def test_browsing(store):
    ingest([str(EXAMPLES)], store)
    assert [q["text"] for q in store.quotes(speaker="Mayne")][:1] == [
        "It's a shame, but these conversations happen on every big film,"]
    assert {q["doc_id"] for q in store.quotes(search="gut it in the edit")} == {
        "daily_ledger_whitlock", "screen_beat_whitlock"}
    people = {p["name"]: p for p in store.people()}
    assert "the Salt Road director" in people["Dara Whitlock"]["aliases"]
    assert [r["id"] for r in store.search("bike lanes")] == ["riverside_bike_lanes"]
    assert [r["size"] for r in store.stories(since="2025-03-15")] == [3]
    assert [r["size"] for r in store.stories(search="parking")] == [1]


def test_interrupted_ingest_keeps_committed_batches(store, monkeypatch):
    from retold import pipeline
    from retold.settings import Settings

    calls = {"n": 0}
    real = pipeline.reconcile

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt  # as if Ctrl-C landed in the second batch
        return real(*args, **kwargs)

    monkeypatch.setattr(pipeline, "reconcile", flaky)
    with pytest.raises(KeyboardInterrupt):
        ingest([str(EXAMPLES)], store, settings=Settings(batch_size=1))
    committed = store.document_count()
    assert committed == 1
    for row in store.stories():  # every stored story is whole: record written, size right
        assert row["size"] == len(store.documents_of(row["id"]))
        assert store.story_record(row["id"]) is not None
    monkeypatch.setattr(pipeline, "reconcile", real)
    report = ingest([str(EXAMPLES)], store, settings=Settings(batch_size=1))
    assert (report.added, report.skipped) == (3, 1)
    assert store.document_count() == 4


def test_migrations_are_versioned(tmp_path):
    path = tmp_path / "retold.db"
    Store(path).close()
    s = Store(path)
    assert s.version() == len(MIGRATIONS)
    s.db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    s.close()
    with pytest.raises(StoreError, match="newer retold"):
        Store(path)


def test_a_store_of_schema_1_is_migrated(backend, tmp_path, request, monkeypatch):
    """A store written before migration 2 (features in the documents table, LSH rows of
    band, hash and document id) keeps its documents and finds the same candidates."""
    from retold.store import LSH_KEY_BITS, PG_MIGRATIONS, PostgresStore

    def target(name):
        return (request.getfixturevalue("postgres_server").new_database() if backend == "postgresql"
                else str(tmp_path / f"{name}.db"))
    now = Store.open(target("now"))
    ingest([str(EXAMPLES)], now)
    rows = list(now._x("SELECT d.*, f.features FROM documents d JOIN features f ON f.seq = d.seq ORDER BY d.seq"))
    keys = [(r["key"] >> LSH_KEY_BITS, r["key"] & ((1 << LSH_KEY_BITS) - 1), r["id"])
            for r in now._x("SELECT k.key, d.id FROM lsh_keys k JOIN documents d ON d.seq = k.seq")]
    probe = [(b, h) for b, h, doc_id in keys if doc_id == "daily_ledger_whitlock"]

    monkeypatch.setattr(Store, "migrations", MIGRATIONS[:1])
    monkeypatch.setattr(PostgresStore, "migrations", PG_MIGRATIONS[:1])
    path = target("old")
    old = Store.open(path)
    columns = "id, content_hash, story_id, path, url, outlet, title, published, text, record, features, ingested_at"
    with old.transaction():
        for r in rows:
            old._x(f"INSERT INTO documents ({columns}) VALUES ({', '.join('?' * 12)})",
                   [r[c.strip()] for c in columns.split(",")])
        old._many("INSERT INTO lsh (band, hash, doc_id) VALUES (?, ?, ?)", keys)
    old.close()
    monkeypatch.undo()

    migrated = Store.open(path)
    assert migrated.version() == len(MIGRATIONS)
    ids = [r["id"] for r in rows]
    assert migrated.features_of(ids) == now.features_of(ids)
    assert migrated.candidates(probe, 10) == now.candidates(probe, 10)
    assert migrated.candidates(probe, 10)[0] == "daily_ledger_whitlock"
    migrated.close()
    now.close()


def test_not_a_store(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("plain text, not SQLite")
    with pytest.raises(StoreError, match="notes.db"):
        Store(path)


def test_reading_while_ingesting(new_store, seeds):
    s, db = new_store()
    s.close()
    writer = subprocess.Popen([sys.executable, "-m", "retold", "ingest", str(EXAMPLES), str(seeds),
                               "--db", str(db)], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    reads = 0
    while writer.poll() is None and reads < 50:
        proc = subprocess.run([sys.executable, "-m", "retold", "stories", "--db", str(db), "--format", "json"],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        json.loads(proc.stdout)
        reads += 1
        time.sleep(0.2)
    assert writer.wait(timeout=300) == 0, writer.stderr.read()
    assert reads >= 1
    final = json.loads(subprocess.run([sys.executable, "-m", "retold", "stories", "--db", str(db),
                                       "--format", "json"], cwd=ROOT, capture_output=True, text=True).stdout)
    assert sorted(r["size"] for r in final) == [1, 2, 3]


def test_postgres_schema_is_versioned_and_errors_are_one_line(postgres_server):
    from retold.store import PG_MIGRATIONS, PostgresStore

    url = postgres_server.new_database()
    s = Store.open(url)
    assert isinstance(s, PostgresStore) and s.version() == len(PG_MIGRATIONS) == len(MIGRATIONS)
    s._set_version(len(PG_MIGRATIONS) + 1)
    s.close()
    with pytest.raises(StoreError, match="newer retold"):
        Store.open(url)
    with pytest.raises(StoreError) as missing:
        Store.open(postgres_server.url("no_such_database"))
    assert "no_such_database" in str(missing.value) and "\n" not in str(missing.value)
    assert "secret" not in str(pytest.raises(StoreError, Store.open,
                                             "postgresql://bob:secret@/x?host=/nonexistent").value)


def test_a_story_holding_two_events_is_split_in_the_store(new_store, tmp_path):
    """Two title defences arriving one article at a time: the store splits the story
    they first share, and browsing (stories, quotes) follows the split."""
    from tests.test_cluster import DEFENCES

    store, _ = new_store()
    ids = [x for pair in zip(list(DEFENCES)[:4], list(DEFENCES)[4:]) for x in pair]
    splits = 0
    for doc_id in ids:
        path = tmp_path / f"{doc_id}.txt"
        path.write_text(DEFENCES[doc_id], encoding="utf-8")
        splits += ingest([str(path)], store).split
    assert splits == 1
    assert story_docs(store) == [sorted(i for i in ids if i.startswith("okafor")),
                                 sorted(i for i in ids if i.startswith("varga"))]
    story_of = {d: r["id"] for r in store.stories() for d in (x.id for x in store.documents_of(r["id"]))}
    quotes = store.quotes()
    assert {q["text"] for q in quotes} >= {"Okafor hits hard,", "Varga was brave,"}
    for q in quotes:
        assert q["story_id"] == story_of[q["doc_id"]]
    assert sorted(r["size"] for r in store.stories()) == [4, 4]


def test_analyze_and_ingest_of_one_folder_give_the_same_stories(store, tmp_path):
    """Two title defences' articles, dated and shuffled, in a folder: `analyze` and
    `ingest` into an empty store place them with one engine and tell the same stories."""
    from tests.test_cluster import DEFENCES

    folder = tmp_path / "articles"
    folder.mkdir()
    lines = []
    for n, name in enumerate(["varga_3", "okafor_2", "varga_1", "okafor_4", "okafor_1", "varga_4",
                              "okafor_3", "varga_2"]):
        day = 10 + n % 3 if name.startswith("okafor") else 20 + n % 3
        lines.append(json.dumps({"id": name, "text": DEFENCES[name], "published": f"2025-03-{day:02d}"}))
    (folder / "wires.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    analyzed = sorted(sorted(s.documents) for s in analyze([str(folder)]).stories)
    ingest([str(folder)], store)
    assert story_docs(store) == analyzed
    assert len(analyzed) == 2
