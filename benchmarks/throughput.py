"""Throughput of `retold analyze` against a bare spaCy parse of the same documents.

    python benchmarks/throughput.py [--docs N] [--repeat R]

Reads real articles from ../shared/data/ecbplus/ecbplus_dev.jsonl when present, else the
project's examples (repeated). Both sides use the same spaCy model, loaded once before
timing; the best of R runs of each is compared. Prints documents/second of each and
the ratio analyze/bare (target: >= 0.8, i.e. our work beyond parsing costs at most a
quarter). Exits 1 when the ratio is under --floor.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retold.ingest import content_hash, read_sources  # noqa: E402
from retold.models import Document  # noqa: E402
from retold.nlp import load  # noqa: E402
from retold.pipeline import analyze_documents  # noqa: E402

ECB = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus_dev.jsonl"


def corpus(n: int) -> tuple[list[dict], str]:
    if ECB.exists():
        rows = [json.loads(line) for line in ECB.open(encoding="utf-8")][:n]
        return [{"id": r["id"], "text": r["text"]} for r in rows], f"ECB+ dev ({len(rows)} docs)"
    docs = [d for d in read_sources([str(ROOT / "examples")]) if isinstance(d, Document)]
    rows = [{"id": f"{d.id}_{i}", "text": d.text} for i in range(n // len(docs) + 1) for d in docs][:n]
    return rows, f"examples repeated ({len(rows)} docs; ../shared/data absent)"


def fresh(rows):
    return [Document(id=r["id"], text=r["text"], content_hash=content_hash(r["text"])) for r in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--floor", type=float, default=0.0)
    args = parser.parse_args()
    rows, label = corpus(args.docs)
    nlp = load()
    list(nlp.pipe([r["text"] for r in rows[:5]]))  # warm up
    bare, ours = [], []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for _doc in nlp.pipe((r["text"] for r in rows), batch_size=16):
            pass
        bare.append(time.perf_counter() - start)
        docs = fresh(rows)
        start = time.perf_counter()
        result = analyze_documents(docs)
        ours.append(time.perf_counter() - start)
    n = len(rows)
    bare_rate, our_rate = n / min(bare), n / min(ours)
    quotes = sum(len(d.quotes) for d in result.documents)
    print(f"corpus: {label}; {quotes} quotes, {len(result.stories)} stories")
    print(f"bare nlp.pipe : {bare_rate:8.1f} docs/s")
    print(f"retold analyze: {our_rate:8.1f} docs/s")
    ratio = our_rate / bare_rate
    print(f"ratio analyze/bare: {ratio:.2f} (target >= 0.80)")
    return 0 if ratio >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
