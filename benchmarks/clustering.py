"""Story clustering quality on ECB+ (dev): B-cubed precision, recall and F1 against the
event (`subtopic`) labels, retold's incremental store clustering in three shuffled
orders and `analyze`'s batch clustering, beside a TF-IDF + agglomerative baseline at
its best threshold, in one run. Storylines: B-cubed of the storylines threaded over
each order's stories against ECB+'s topics (a topic's two events are one storyline).
Then the running stories benchmark (benchmarks/running_stories.py: dated articles of
three outlets, successive events with the same actors): events B-cubed and storyline
B-cubed, for `analyze` and the store in shuffled orders.

    python benchmarks/clustering.py [--threshold X] [--sweep] [--floor F] [--orders N]

Each subtopic is one event; each topic holds two similar events, which is what makes
this hard. Documents are extracted once; each order is then ingested into a fresh
store through the same code path as `retold ingest` (reconciliation left out: it does
not change the grouping). The figure is the mean over orders 1-3; --orders 9 also
prints the mean and lowest over more orders (the rules were tuned watching orders
1-3). Exits 1 when the mean F1 is under --floor; skips when the data is absent.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus_dev.jsonl"


def bcubed(pred: list, gold: list) -> tuple[float, float, float]:
    by_p, by_g = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        by_p[p].add(i)
        by_g[g].add(i)
    n = len(pred)
    precision = sum(len(by_p[pred[i]] & by_g[gold[i]]) / len(by_p[pred[i]]) for i in range(n)) / n
    recall = sum(len(by_p[pred[i]] & by_g[gold[i]]) / len(by_g[gold[i]]) for i in range(n)) / n
    return precision, recall, 2 * precision * recall / (precision + recall)


def baseline(texts, gold):
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_distances

    dist = cosine_distances(TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts))
    out = {}
    for linkage in ("average", "complete"):
        best = None
        for step in range(2, 60):
            threshold = step / 100
            labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage=linkage,
                                             distance_threshold=1 - threshold).fit_predict(dist)
            score = bcubed(list(labels), gold)
            if best is None or score[2] > best[0][2]:
                best = (score, threshold)
        out[linkage] = best
    return out


def threaded(documents, labels) -> list:
    """The storyline of each document, threaded over the stories its labels make."""
    from retold.cluster import thread

    groups: dict = {}
    for doc, label in zip(documents, labels):
        groups.setdefault(label, []).append(doc)
    line_of = {sid: k for k, line in enumerate(thread([(str(label), "", docs) for label, docs in groups.items()]))
               for sid in line.stories}
    return [line_of[str(label)] for label in labels]


def running_stories(orders: int, threshold: float) -> list[tuple[float, float]]:
    """(event F1, storyline F1) on the running stories articles: analyze, then the store
    in shuffled orders."""
    from retold.cluster import cluster
    from retold.extract import extract
    from retold.ingest import content_hash
    from retold.models import Document
    from retold.nlp import load

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from running_stories import articles

    rows = articles()
    documents = list(extract([Document(id=r["id"], text=r["text"], outlet=r["outlet"], published=r["published"],
                                       content_hash=content_hash(r["text"])) for r in rows], load()))
    events, lines = [r["event"] for r in rows], [r["storyline"] for r in rows]
    print(f"running stories: {len(rows)} articles, {len(set(events))} events, {len(set(lines))} storylines "
          f"({sum(1 for line in set(lines) if len({e for e, x in zip(events, lines) if x == line}) > 1)} of several events)")
    story_of = {d.id: k for k, group in enumerate(cluster(documents, threshold=threshold)) for d in group}
    runs = [("analyze (date order)", [story_of[d.id] for d in documents])]
    for seed in range(1, orders + 1):
        order = list(range(len(documents)))
        random.Random(seed).shuffle(order)
        runs.append((f"incremental, order {seed}", incremental(documents, order, threshold)[0]))
    out = []
    for name, labels in runs:
        event, line = bcubed(labels, events), bcubed(threaded(documents, labels), lines)
        out.append((event[2], line[2]))
        print(f"running stories, {name}: events P {event[0]:.3f} R {event[1]:.3f} F1 {event[2]:.3f}; "
              f"storylines P {line[0]:.3f} R {line[1]:.3f} F1 {line[2]:.3f}")
    return out


def incremental(documents, order, threshold):
    from retold.cluster import Engine
    from retold.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.db")
        start = time.perf_counter()
        with store.transaction():
            for i in order:
                Engine(store, threshold).place(documents[i])
        elapsed = time.perf_counter() - start
        story = dict(store.story_documents())
        store.close()
    return [story[documents[i].id] for i in range(len(documents))], elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--sweep", action="store_true", help="try a range of thresholds")
    parser.add_argument("--floor", type=float, default=0.0)
    parser.add_argument("--orders", type=int, default=3,
                        help="shuffled orders (seeds 1..N; the figure is over the first three)")
    parser.add_argument("--linkage", choices=["average", "complete", "blend"], default=None)
    parser.add_argument("--name-weight", type=float, default=None)
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} not present")
        return 0
    from retold.cluster import INCREMENTAL_THRESHOLD
    from retold.extract import extract
    from retold.ingest import content_hash
    from retold.models import Document
    from retold.nlp import load

    import retold.cluster

    # the module, not the package's `features` function that shadows it as an attribute
    feature_module = sys.modules["retold.cluster.features"]
    if args.linkage:
        print("--linkage: only average linkage is left")
    if args.name_weight is not None:
        feature_module.NAME_WEIGHT = args.name_weight
    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    gold = [r["subtopic"] for r in rows]
    topics = [r["topic"] for r in rows]
    base = baseline([r["text"] for r in rows], gold)
    for linkage, ((p, r, f), threshold) in base.items():
        print(f"baseline TF-IDF + {linkage:8s} linkage (best threshold {threshold:.2f}): "
              f"P {p:.3f} R {r:.3f} F1 {f:.3f}")
    documents = list(extract([Document(id=r["id"], text=r["text"], content_hash=content_hash(r["text"]))
                              for r in rows], load()))
    from retold.cluster import cluster

    start = time.perf_counter()
    story_of = {d.id: k for k, group in enumerate(cluster(documents)) for d in group}
    labels = [story_of[d.id] for d in documents]
    p, r, f = bcubed(labels, gold)
    print(f"retold analyze (same engine, date order): P {p:.3f} R {r:.3f} F1 {f:.3f} ({time.perf_counter() - start:.1f}s)")
    p, r, f = bcubed(threaded(documents, labels), topics)
    print(f"  storylines against topics: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    p, r, f = bcubed(threaded(documents, gold), topics)
    print(f"  storylines over the gold events, against topics: P {p:.3f} R {r:.3f} F1 {f:.3f}")
    orders = []
    for seed in range(1, args.orders + 1):
        order = list(range(len(documents)))
        random.Random(seed).shuffle(order)
        orders.append(order)
    thresholds = [t / 100 for t in range(13, 32, 3)] if args.sweep else [args.threshold or INCREMENTAL_THRESHOLD]
    final = 0.0
    for threshold in thresholds:
        scores, line_scores = [], []
        for seed, order in enumerate(orders, 1):
            labels, elapsed = incremental(documents, order, threshold)
            scores.append(bcubed(labels, gold))
            line_scores.append(bcubed(threaded(documents, labels), topics))
            print(f"retold incremental, threshold {threshold:.2f}, order {seed}: "
                  f"P {scores[-1][0]:.3f} R {scores[-1][1]:.3f} F1 {scores[-1][2]:.3f} ({elapsed:.1f}s); "
                  f"storylines P {line_scores[-1][0]:.3f} R {line_scores[-1][1]:.3f} F1 {line_scores[-1][2]:.3f}")
        f1s = [s[2] for s in scores]
        lines = [s[2] for s in line_scores]
        print(f"retold incremental, threshold {threshold:.2f}: storyline F1 mean {sum(lines) / len(lines):.3f}, "
              f"lowest {min(lines):.3f} over {len(lines)} orders")
        final = sum(f1s[:3]) / len(f1s[:3])
        print(f"retold incremental, threshold {threshold:.2f}: mean F1 {final:.3f}, "
              f"spread between orders {max(f1s[:3]) - min(f1s[:3]):.3f}")
        if len(f1s) > 3:
            print(f"  over all {len(f1s)} orders: mean F1 {sum(f1s) / len(f1s):.3f}, "
                  f"lowest {min(f1s):.3f}, spread {max(f1s) - min(f1s):.3f}")
    running = running_stories(3, args.threshold or INCREMENTAL_THRESHOLD)
    print(f"running stories: events F1 lowest {min(e for e, _ in running):.3f}, "
          f"storylines F1 lowest {min(x for _, x in running):.3f} (analyze and 3 orders)")
    return 0 if final >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
