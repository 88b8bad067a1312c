"""Per-document cost of clustering + storing as the store grows, and peak memory.

    python benchmarks/scale.py [--sizes 1000,10000,100000] [--probe 300] [--repeats 3]

Synthetic articles written by a generator in this file (events with their own invented
names and places, sharing a common vocabulary, several articles per event) go through
the same `place_document` as `retold ingest`, extraction excluded. At each size the
next --probe documents are timed, --repeats times over (each probe one transaction, as
an ingest batch is), and the median probe taken: one probe can catch a WAL checkpoint
or the disk cache at a bad moment. The cost per document at the largest size is
printed as a ratio to the cost at the smallest (target: at most 1.5), with the peak
RSS (target: under 1.5 GiB).
"""
from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from retold.ingest import content_hash  # noqa: E402
from retold.models import Document  # noqa: E402

_SYLLABLES = ["ka", "lo", "mi", "ren", "tor", "va", "shi", "dun", "bel", "qua", "zor", "ith",
              "an", "el", "mar", "to", "ri", "os", "ul", "per", "gan", "fi", "nex", "wy"]
_COMMON = ("the council said on monday that the plan would cost more than expected while "
           "officials warned residents about delays and the company announced new measures "
           "after the meeting police reported an incident near the station witnesses described "
           "the scene as chaotic and the court will hear the case next month the minister "
           "promised an inquiry into the decision voters market prices rose sharply").split()
_TOPICS = [w.split() for w in (
    "earthquake magnitude aftershock rescue collapsed buildings epicenter tremor",
    "election ballot candidate campaign turnout polls votes district",
    "rehab treatment actress clinic addiction publicist recovery",
    "merger acquisition shares investors deal stock takeover billion",
    "storm flooding evacuation rainfall hurricane winds shelters",
    "trial jury verdict defendant prosecutor sentence appeal testimony",
    "transfer striker club contract season goals coach league",
    "launch smartphone software update device chip release",
)]


def _name(rng):
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def generate(n: int, seed: int = 0):
    """n synthetic articles, about five per event."""
    rng = random.Random(seed)
    made = 0
    while made < n:
        topic = rng.choice(_TOPICS)
        people = [f"{_name(rng)} {_name(rng)}" for _ in range(3)]
        place = _name(rng)
        for _ in range(rng.randint(3, 7)):
            sentences = []
            for _ in range(rng.randint(8, 14)):
                words = rng.sample(_COMMON, 8) + rng.sample(topic, 3)
                rng.shuffle(words)
                lead = rng.choice(people + [place])
                sentences.append(f"{lead} {' '.join(words)} in {place}.")
            text = " ".join(sentences)
            yield Document(id=f"syn{made}", text=text, content_hash=content_hash(text + str(made)))
            made += 1
            if made >= n:
                return


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--probe", type=int, default=300)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from retold.cluster import INCREMENTAL_THRESHOLD
    from retold.pipeline import place_document
    from retold.store import Store

    sizes = [int(s) for s in args.sizes.split(",")]
    docs = generate(sizes[-1] + args.probe * args.repeats * len(sizes))
    costs = {}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "scale.db")
        stored = 0
        for size in sizes:
            while stored < size:  # fill, in batches of 500 per transaction
                with store.transaction():
                    for _ in range(min(500, size - stored)):
                        place_document(store, next(docs), INCREMENTAL_THRESHOLD)
                        stored += 1
            probes = []
            for _ in range(args.repeats):
                probe = [next(docs) for _ in range(args.probe)]
                start = time.perf_counter()
                with store.transaction():
                    for doc in probe:
                        place_document(store, doc, INCREMENTAL_THRESHOLD)
                probes.append((time.perf_counter() - start) / len(probe))
                stored += len(probe)
            costs[size] = statistics.median(probes)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{size:>7} documents stored: {costs[size] * 1000:7.2f} ms per document "
                  f"(clustering + storing; probes {' / '.join(f'{p * 1000:.2f}' for p in probes)}), "
                  f"peak RSS {rss:.0f} MiB", flush=True)
        store.close()
    ratio = costs[sizes[-1]] / costs[sizes[0]]
    print(f"cost per document at {sizes[-1]} / at {sizes[0]}: {ratio:.2f} (target <= 1.5)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MiB (target < 1536 MiB)")
    return 0 if ratio <= 1.5 and rss < 1536 else 1


if __name__ == "__main__":
    sys.exit(main())
