"""retold batch (local and Spark engines) and retold load: tables, manifest, failures,
WARC crawls, the store."""
import html
import io
import json
import os
import random
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from retold.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _stories(out: Path) -> set[frozenset]:
    return {frozenset(r["documents"]) for r in pq.read_table(out / "stories").to_pylist()}


def test_local_batch_writes_tables_and_counts_failures(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": ""}\nnot json\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(EXAMPLES), str(bad), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert (out / "_SUCCESS").exists()
    assert _stories(out) == {frozenset({"daily_ledger_whitlock", "metro_wire_whitlock", "screen_beat_whitlock"}),
                             frozenset({"riverside_bike_lanes"})}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["articles"] == 4 and manifest["failed"] == 2
    assert {f["source"] for f in manifest["failures"]} == {f"{bad}:1", f"{bad}:2"}
    quotes = pq.read_table(out / "quotes").to_pylist()
    assert manifest["tables"]["quotes"] == len(quotes)
    assert ("daily_ledger_whitlock", "Dara Whitlock") in {(q["document"], q["speaker"]) for q in quotes}


def test_load_then_stories_lists_the_batch_stories(tmp_path):
    out, db = tmp_path / "out", tmp_path / "r.db"
    runner = CliRunner()
    assert runner.invoke(main, ["batch", str(EXAMPLES), "--out", str(out), "--no-progress"]).exit_code == 0
    result = runner.invoke(main, ["load", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(main, ["stories", "--db", str(db), "--format", "json"]).output)
    batch = {r["id"]: r["documents"] for r in pq.read_table(out / "stories").to_pylist()}
    assert {r["id"]: r["size"] for r in listed} == {sid: len(docs) for sid, docs in batch.items()}


# -- the Spark engine ---------------------------------------------------------------------
# One local[2] session for the module: `retold batch --engine spark` run in this process
# uses the active session instead of starting a JVM per test.
@pytest.fixture(scope="module")
def spark():
    pytest.importorskip("pyspark")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        # scripts/test installs Debian's openjdk-17-jre-headless, so CI never skips this
        (pytest.fail if os.environ.get("CI") else pytest.skip)("no Java for Spark (run scripts/test)")
    from retold.batch.spark import start

    session, _ = start("local[2]", show_progress=False)
    yield session
    session.stop()


def _batch(inputs: list, out: Path, *engine: str) -> dict:
    result = CliRunner().invoke(main, ["batch", *map(str, inputs), "--out", str(out), "--no-progress", *engine])
    assert result.exit_code == 0, result.output
    assert (out / "_SUCCESS").exists()
    return json.loads((out / "manifest.json").read_text())


def _rows(out: Path, table: str, drop: tuple = ()) -> list[str]:
    """A table's rows, order aside (Spark writes one part file per partition)."""
    rows = pq.read_table(out / table).to_pylist()
    return sorted(json.dumps({k: v for k, v in r.items() if k not in drop}, sort_keys=True) for r in rows)


_SYLLABLES = ["ka", "lo", "mi", "ren", "tor", "va", "shi", "dun", "bel", "qua", "zor", "ith", "mar", "os"]


def _name(rng) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def generated_articles(events: int, seed: int = 3) -> list[dict]:
    """Articles about invented events, three outlets each, with quotes by named people."""
    rng = random.Random(seed)
    kinds = [("ferry workers", "strike", "pay"), ("flood defences", "breach", "the storm"),
             ("hospital board", "vote", "the budget"), ("mine owners", "closure", "safety")]
    articles = []
    for e in range(events):
        who, what, why = kinds[e % len(kinds)]
        town, leader, official = _name(rng), f"{_name(rng)} {_name(rng)}", f"{_name(rng)} {_name(rng)}"
        day = f"2025-0{e % 9 + 1}-1{e % 9}"
        for o, outlet in enumerate(["North Star", "Daily Ledger", "Metro Wire"]):
            lines = [f"The {who} of {town} began a {what} on Monday over {why}, {leader} said.",
                     f'"We have waited long enough for an answer on {why}," said {leader}, who leads the group in {town}.',
                     f"{official}, the mayor of {town}, told reporters the {what} would cost the town dearly.",
                     f'"Nobody in {town} wants this {what} to go on," {official.split()[1]} said.']
            lines = lines[o:] + lines[:o]
            articles.append({"id": f"gen_{e}_{o}", "outlet": outlet, "published": day,
                             "title": f"{town} {what}: {leader} speaks", "text": "\n\n".join(lines)})
    return articles


def test_local_and_spark_give_the_same_stories_quotes_and_speakers(tmp_path, spark):
    corpus = tmp_path / "generated.jsonl"
    articles = generated_articles(4)
    duplicate = {**articles[0], "text": "A later copy under the same id, about something else entirely."}
    corpus.write_text("\n".join(json.dumps(a) for a in [*articles, duplicate]) + "\nnot json\n")
    local, distributed = tmp_path / "local", tmp_path / "spark"
    m_local = _batch([EXAMPLES, corpus], local)
    m_spark = _batch([EXAMPLES, corpus], distributed, "--engine", "spark", "--master", "local[2]", "--partitions", "2")
    for key in ("tables", "articles", "failed", "skipped", "failures"):
        assert m_spark[key] == m_local[key], key
    assert m_spark["articles"] == len(articles) + 5 and m_spark["failed"] == 1
    for table in ("stories", "quotes", "utterances", "documents", "facts", "timeline"):
        assert _rows(distributed, table) == _rows(local, table), table
    stories = _stories(distributed)
    assert frozenset({"daily_ledger_whitlock", "metro_wire_whitlock", "screen_beat_whitlock"}) in stories
    assert sum(len(s) > 1 and next(iter(s)).startswith("gen_") for s in stories) >= 2  # events clustered
    speakers = {q["speaker"] for q in pq.read_table(distributed / "quotes").to_pylist()}
    assert {"Dara Whitlock", "Peter Mayne"} <= speakers
    kept = {r["id"]: r["text"] for r in pq.read_table(distributed / "documents").to_pylist()}
    assert kept["gen_0_0"] == articles[0]["text"]  # the first article with an id, in both

    db = tmp_path / "r.db"
    runner = CliRunner()
    assert runner.invoke(main, ["load", str(distributed), "--db", str(db)]).exit_code == 0
    listed = json.loads(runner.invoke(main, ["stories", "--db", str(db), "--format", "json"]).output)
    batch = {r["id"]: r["documents"] for r in pq.read_table(distributed / "stories").to_pylist()}
    assert {r["id"]: r["size"] for r in listed} == {sid: len(docs) for sid, docs in batch.items()}


def _page(article: dict) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in article["text"].split("\n\n"))
    return (f'<html><head><meta charset="utf-8"><title>{html.escape(article["title"])}</title>'
            f'<meta property="og:site_name" content="{article["outlet"]}">'
            f'<meta property="article:published_time" content="{article["published"]}T08:00:00Z"></head>'
            f'<body><nav><a href="/">Home</a></nav><article><h1>{html.escape(article["title"])}</h1>'
            f'{paragraphs}</article><footer>Contact us</footer></body></html>').encode()


def write_crawl(path: Path) -> dict[str, str]:
    """A small gzipped WARC crawl: the examples' articles as HTML responses (with their
    requests), an image, a 404 page, and a last article cut off mid-record. Returns
    the URL of each kind of record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    wires = [json.loads(line) for line in (EXAMPLES / "wires.jsonl").read_text().splitlines()]
    ledger = (EXAMPLES / "daily_ledger_whitlock.txt").read_text().split("\n", 1)[1].strip()
    pages = {"https://screen-beat.example/whitlock": (EXAMPLES / "screen_beat_whitlock.html").read_bytes(),
             "https://daily-ledger.example/whitlock": _page(
                 {"title": "Whitlock walks off The Salt Road", "outlet": "Daily Ledger",
                  "published": "2025-03-14", "text": ledger}),
             **{w["url"]: _page(w) for w in wires}}
    urls = {"image": "https://metro-wire.example/photo.png", "missing": "https://metro-wire.example/gone",
            "cut": "https://riverside-gazette.example/news/cut"}

    def response(writer, url, body, status="200 OK", kind="text/html; charset=utf-8"):
        headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, body in pages.items():
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
        response(writer, url, body)
    response(writer, urls["image"], b"\x89PNG\r\n\x1a\n" + bytes(200), kind="image/png")
    response(writer, urls["missing"], b"<html><body><p>Not found</p></body></html>", status="404 Not Found")
    whole = buffer.tell()
    response(writer, urls["cut"], _page({**wires[1], "text": wires[1]["text"] * 3}))
    data = buffer.getvalue()
    path.write_bytes(data[:whole + (len(data) - whole) * 2 // 3])  # the crawl stopped mid-record
    return {**urls, **{w["id"]: w["url"] for w in wires}, "pages": list(pages)}


def test_a_warc_crawl_end_to_end_with_skipped_and_truncated_records(tmp_path, spark):
    crawl = tmp_path / "crawl" / "CC-NEWS-00001.warc.gz"
    crawl.parent.mkdir()
    urls = write_crawl(crawl)
    local, distributed = tmp_path / "local", tmp_path / "spark"
    m_local = _batch([crawl], local)
    # from a URI, as from object storage: Spark's binaryFile source reads it
    m_spark = _batch([crawl.parent.as_uri()], distributed, "--engine", "spark", "--master", "local[2]", "--partitions", "2")
    for m in (m_local, m_spark):
        assert m["articles"] == 4 and m["skipped"] == 2 and m["failed"] == 1
        assert m["skipped_by_reason"] == {"HTTP status 404": 1, "not HTML": 1}
        assert [f["source"] for f in m["failures"]] == [m["failures"][0]["source"]]
        assert m["failures"][0]["source"].endswith(f"/crawl/CC-NEWS-00001.warc.gz#{urls['cut']}")
        assert "truncated" in m["failures"][0]["error"]
    assert m_spark["failures"][0]["source"].startswith("file:")
    by_url = {r["id"]: r["url"] for r in pq.read_table(distributed / "documents").to_pylist()}
    assert {frozenset(by_url[d] for d in s) for s in _stories(distributed)} == {
        frozenset(u for u in urls["pages"] if "riverside" not in u), frozenset({urls["riverside_bike_lanes"]})}
    for table in ("stories", "quotes", "utterances"):
        assert _rows(distributed, table) == _rows(local, table), table
    quotes = pq.read_table(distributed / "quotes").to_pylist()
    assert "Dara Whitlock" in {q["speaker"] for q in quotes}
