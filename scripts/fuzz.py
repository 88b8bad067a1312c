"""Fuzz ingest + extract with atheris (coverage-guided, libFuzzer) for a bounded time.
Not part of CI. Any exception that escapes the readers or the extract stage, or a quote
whose offsets do not point at its words, is a finding: atheris stops and writes the input
that caused it to ./crash-*.

    pip install -e '.[fuzz]'
    python scripts/fuzz.py -max_total_time=300            # five minutes
    python scripts/fuzz.py -max_total_time=300 corpus/    # keep and grow a corpus

The first byte of an input picks the reader (plain/seed text, HTML, JSONL, WARC); the
rest is the file's bytes. Documents read are parsed in small parts (extract's
part_chars) so that splitting and joining parses is fuzzed too.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["retold"]):
    from retold import ingest
    from retold.errors import IngestError
    from retold.extract import extract
    from retold.models import Document, Failure

from retold.nlp import load  # noqa: E402  (spaCy itself is not instrumented)

NLP = load()


def _read(kind: int, data: bytes):
    if kind == 3:
        return list(ingest._read_warc(io.BytesIO(data), "fuzz.warc"))
    if kind == 2:
        return list(ingest._read_jsonl(io.BytesIO(data), "fuzz.jsonl"))
    try:
        raw = ingest._decode(data, "fuzz")
        if kind == 1:
            return [ingest.parse_html(raw, doc_id="fuzz", path="fuzz.html")]
        return [ingest.parse_text(raw, doc_id="fuzz", path="fuzz.txt")]
    except IngestError as exc:
        return [Failure(exc.source, exc.problem)]
    except (RecursionError, ValueError) as exc:  # what read_file turns into a Failure
        return [Failure("fuzz", type(exc).__name__)]


def _fail(doc, exc):
    raise exc


def test_one_input(data: bytes) -> None:
    if not data:
        return
    items = _read(data[0] % 4, data[1:])
    docs = [i for i in items if isinstance(i, Document)]
    for failure in items:
        if isinstance(failure, Failure):
            assert "\n" not in failure.message, failure
    for doc in extract(docs, NLP, part_chars=64, on_error=_fail):
        for q in doc.quotes:
            assert 0 <= q.start < q.end <= len(doc.text), q
            assert " ".join(doc.text[s:e] for s, e in q.parts) == q.text, q


SEEDS = [
    b"\x00 date 2025-01-28 \"We will reopen it,\" said mayor Ana Ruiz.\n\u201cNot today,\u201d she added.",
    b"\x00\"It has been a season.\n\"For us to win ...\nThe coach said: \"You never take it\"",
    b"\x01<html><head><title>T</title></head><body><article><p>\"Yes,\" he said. Mr. Lee left.</p>"
    b"<p>\xe2\x80\x9cNo\xe2\x80\x9d</p></article></body></html>",
    b'\x02{"id": "a", "text": "\\"Fine,\\" said Dr. Cho.", "published": "2025-02-01"}\n{"id": 1}\n',
]


def main() -> None:
    argv = list(sys.argv)
    if not any(not a.startswith("-") for a in argv[1:]):  # no corpus given: start from the seeds
        import tempfile
        corpus = tempfile.mkdtemp(prefix="retold-fuzz-")
        for n, seed in enumerate(SEEDS):
            Path(corpus, f"seed{n}").write_bytes(seed)
        argv.append(corpus)
    if not any(a.startswith("-max_len") for a in argv):
        argv.append("-max_len=2048")
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
