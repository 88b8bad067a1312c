"""retold serve under load: a store of 10,000 generated articles (one story of 50
articles, the rest in small stories), written straight into the store's tables (the
benchmark measures reading, not ingest). Prints median/p95 latency of the story page,
/api/stories and /search, then 20 concurrent clients on loopback for 30 s.

    python benchmarks/serve.py [--articles 10000] [--seconds 30] [--clients 20]
"""
from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import uvicorn

from retold.store import Store
from retold.web import create_app

WORDS = "mayor council budget road winter tax vote court trial judge lawsuit actor studio film deal".split()


def _sentence(rng):
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."


def build(path: str, n: int, big: int = 50) -> str:
    rng = random.Random(7)
    store = Store(path)
    stories, docs = {}, []
    for i in range(n):
        sid = "story_big" if i < big else f"story_{i // 3:05d}"
        doc_id = f"d{i:05d}"
        quote = _sentence(rng)
        text = f"{_sentence(rng)} \"{quote}\" Mayor Ana Ruiz said. {_sentence(rng)}"
        start = text.index(quote)
        record = {"id": doc_id, "text": text, "published": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                  "outlet": f"Outlet {i % 40}", "title": quote[:60], "content_hash": f"h{i}",
                  "quotes": [{"id": f"{doc_id}#q1", "start": start, "end": start + len(quote),
                              "parts": [[start, start + len(quote)]], "text": quote, "kind": "direct",
                              "speaker": "Ana Ruiz", "via": None}]}
        docs.append(record)
        stories.setdefault(sid, []).append((record, start, quote))
    with store.transaction():
        for i, d in enumerate(docs):
            sid = "story_big" if i < big else f"story_{i // 3:05d}"
            store._x("INSERT INTO documents (id, content_hash, story_id, outlet, title, published, text, record,"
                     " ingested_at) VALUES (?,?,?,?,?,?,?,?,?)",
                     (d["id"], d["content_hash"], sid, d["outlet"], d["title"], d["published"], d["text"],
                      json.dumps(d), "2026-01-01"))
            store._x("INSERT INTO documents_fts (doc_id, title, text) VALUES (?,?,?)", (d["id"], d["title"], d["text"]))
            q = d["quotes"][0]
            store._x("INSERT INTO quotes (id, doc_id, story_id, speaker, kind, via, text) VALUES (?,?,?,?,?,?,?)",
                     (q["id"], d["id"], sid, q["speaker"], q["kind"], q["via"], q["text"]))
        for sid, members in stories.items():
            utterances = [{"id": f"{sid}#u{j + 1}", "speaker": "Ana Ruiz", "text": quote,
                           "documents": [r["id"] for r, _, _ in members],
                           "mentions": [{"document": r["id"], "quote": f"{r['id']}#q1", "start": s,
                                         "end": s + len(quote), "text": quote, "similarity": 100.0, "changes": []}
                                        for r, s, _ in members]}
                          for j, (_, _, quote) in enumerate(members)]
            record = {"id": sid, "title": members[0][0]["title"], "documents": [r["id"] for r, _, _ in members],
                      "entities": [{"name": "Ana Ruiz", "type": "PERSON", "aliases": ["Ruiz"],
                                    "documents": [r["id"] for r, _, _ in members]}],
                      "utterances": utterances, "facts": [],
                      "timeline": [{"date": r["published"], "event": "said", "documents": [r["id"]]}
                                   for r, _, _ in members[:20]],
                      "coverage": [{"document": r["id"], "utterances": [], "utterances_missing": [], "facts": [],
                                    "facts_missing": []} for r, _, _ in members], "summary": []}
            pub = sorted(r["published"] for r, _, _ in members)
            store._x("INSERT INTO stories (id, title, size, first_published, last_published, record, updated_at)"
                     " VALUES (?,?,?,?,?,?,?)", (sid, record["title"], len(members), pub[0], pub[-1],
                                                 json.dumps(record), "2026-01-01"))
    store.close()
    return path


def _time(client, url, n):
    out = []
    for _ in range(n):
        t = time.perf_counter()
        r = client.get(url)
        r.raise_for_status()
        out.append((time.perf_counter() - t) * 1000)
    return out


def _p95(xs):
    return sorted(xs)[int(0.95 * (len(xs) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=10_000)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--clients", type=int, default=20)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        db = build(str(Path(tmp) / "bench.db"), args.articles)
        print(f"store of {args.articles} articles built in {time.perf_counter() - t:.1f} s")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        urls = {"story page": "/stories/story_big", "/api/stories": "/api/stories", "/search": "/search?q=budget+winter"}
        with httpx.Client(base_url=base, timeout=30) as client:
            for name, url in urls.items():
                _time(client, url, 3)
                xs = _time(client, url, 50)
                print(f"{name:14s} median {statistics.median(xs):7.1f} ms  p95 {_p95(xs):7.1f} ms")
        stop = time.perf_counter() + args.seconds
        lat, errors = [], [0]

        def worker(k):
            with httpx.Client(base_url=base, timeout=30) as c:
                i = k
                while time.perf_counter() < stop:
                    url = list(urls.values())[i % 3]
                    i += 1
                    t0 = time.perf_counter()
                    try:
                        c.get(url).raise_for_status()
                        lat.append((time.perf_counter() - t0) * 1000)
                    except httpx.HTTPError:
                        errors[0] += 1
        with ThreadPoolExecutor(args.clients) as pool:
            list(pool.map(worker, range(args.clients)))
        print(f"{args.clients} clients for {args.seconds:g} s: {len(lat) / args.seconds:.1f} req/s, "
              f"p95 {_p95(lat):.1f} ms, {errors[0]} errors")
        server.should_exit = True


if __name__ == "__main__":
    main()
