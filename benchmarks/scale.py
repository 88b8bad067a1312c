"""Per-document cost of clustering + storing as the store grows, and peak memory.

    python benchmarks/scale.py [--sizes 1000,10000,100000] [--probe 300] [--repeats 3]

Synthetic articles written by a generator in this file (events with their own invented
names and places, sharing a common vocabulary, several articles per event) go through
the same `Engine.place` as `retold ingest`, extraction excluded. The store is filled
to each size in turn; there, the next --probe documents are placed, each probe one
transaction as an ingest batch is, --repeats times. The baseline is measured in the
same moment: each probe's documents are also placed into a fresh copy of the store as
it was at the smallest size, alternating which goes first. This machine's speed drifts
by a third over minutes, so a cost measured minutes apart says little; the ratio of
the medians of probes taken side by side is the figure (target: at most 1.5 at the
largest size), printed with the absolute costs and the peak RSS (target: under 1.5 GiB).
"""
from __future__ import annotations

import argparse
import random
import resource
import shutil
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
    from retold.cluster import Engine
    from retold.store import Store

    sizes = [int(s) for s in args.sizes.split(",")]
    docs = generate(sizes[-1] + args.probe * args.repeats * len(sizes))

    events = {"merged": 0, "split": 0}  # what the probes into the growing store did

    def place(store, probe, count=False):
        start = time.perf_counter()
        with store.transaction():
            for doc in probe:
                placed = Engine(store, INCREMENTAL_THRESHOLD).place(doc)
                if count:
                    events["merged"] += bool(placed.merged)
                    events["split"] += bool(placed.split_off)
        return (time.perf_counter() - start) / len(probe)

    ratios = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        store = Store(tmp / "scale.db")
        stored = 0
        template = tmp / "baseline.db"
        for size in sizes:
            while stored < size:  # fill, in batches of 500 per transaction
                with store.transaction():
                    for _ in range(min(500, size - stored)):
                        Engine(store, INCREMENTAL_THRESHOLD).place(next(docs))
                        stored += 1
            if not template.exists():  # the store at the smallest size, kept as the baseline
                store.close()
                shutil.copy(tmp / "scale.db", template)
                store = Store(tmp / "scale.db")
            mine, base = [], []
            for repeat in range(args.repeats):
                probe = [next(docs) for _ in range(args.probe)]
                shutil.copy(template, tmp / "fresh.db")
                fresh = Store(tmp / "fresh.db")
                if repeat % 2:
                    mine.append(place(store, probe, count=True))
                    base.append(place(fresh, probe))
                else:
                    base.append(place(fresh, probe))
                    mine.append(place(store, probe, count=True))
                fresh.close()
                for leftover in tmp.glob("fresh.db*"):
                    leftover.unlink()
                stored += len(probe)
            ratios[size] = statistics.median(mine) / statistics.median(base)
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"{size:>7} documents stored: {statistics.median(mine) * 1000:6.2f} ms per document "
                  f"(clustering + storing), baseline at {sizes[0]} in the same moment "
                  f"{statistics.median(base) * 1000:6.2f} ms: ratio {ratios[size]:.2f} "
                  f"(probes {' / '.join(f'{m * 1000:.1f}:{b * 1000:.1f}' for m, b in zip(mine, base))}), "
                  f"peak RSS {rss:.0f} MiB; placements that merged stories {events['merged']}, "
                  f"that split one {events['split']}", flush=True)
            events.update(merged=0, split=0)
        store.close()
    ratio = ratios[sizes[-1]]
    print(f"cost per document at {sizes[-1]} / at {sizes[0]}, measured side by side: {ratio:.2f} (target <= 1.5)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {rss:.0f} MiB (target < 1536 MiB)")
    return 0 if ratio <= 1.5 and rss < 1536 else 1


if __name__ == "__main__":
    sys.exit(main())
