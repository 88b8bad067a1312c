"""Throughput of `retold analyze` as a whole process against a bare spaCy parse of the
same articles, start-up included on both sides.

    python benchmarks/throughput.py [--docs 150 1000] [--repeat 2] [--floor X]
    python benchmarks/throughput.py --processes [--docs 10 20 40 80]

Reads real articles from ../shared/data/ecbplus/ecbplus_dev.jsonl (skips when absent;
past its 772 articles they repeat, under new ids). For each size, runs as subprocesses,
interleaved, --repeat times each:
  * `retold analyze FILE.jsonl --format json` (output to /dev/null), and
  * a bare single-process `python -c` script that loads the same spaCy model and runs
    `nlp.pipe` over the same texts with spaCy's defaults, doing nothing with the parses;
and prints articles/second of each (best of the runs: the machine is shared) and the
ratio analyze/bare, with each run's CPU seconds (on a machine whose cores other work
takes, the wall-clock ratio tends to the CPU ratio: two processes cannot help).
Targets: >= 1.0 on 150 articles, >= 1.5 on 1,000. Exits 1 when a ratio is under --floor.

--processes instead compares `analyze` parsing in one process with two
(RETOLD_PROCESSES=1 vs 2) at each size: the measurement behind
retold.extract.PARALLEL_MIN_DOCS.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ECB = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus_dev.jsonl"

BARE = """
import json, sys
import spacy
nlp = spacy.load(sys.argv[2])
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
for doc in nlp.pipe(texts):
    pass
"""


def write_corpus(n: int, directory: Path) -> tuple[Path, str]:
    rows = [json.loads(line) for line in ECB.open(encoding="utf-8")]
    path = directory / f"ecb_{n}.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            row = rows[i % len(rows)]
            f.write(json.dumps({"id": f"{row['id']}_{i // len(rows)}" if i >= len(rows) else row["id"],
                                "text": row["text"]}) + "\n")
    distinct = min(n, len(rows))
    chars = sum(len(rows[i % len(rows)]["text"]) for i in range(n)) / n
    return path, f"{n} ECB+ dev articles ({distinct} distinct, {chars:.0f} characters on average)"


def timed(command: list[str], env: dict) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system, the process and its workers)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.PIPE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, nargs="+", default=None)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--floor", type=float, default=0.0)
    parser.add_argument("--processes", action="store_true",
                        help="compare analyze in one process with two instead of with the bare parse")
    args = parser.parse_args()
    if not ECB.exists():
        print(f"skipped: {ECB.relative_to(ROOT.parent)} is absent")
        return 0
    sys.path.insert(0, str(ROOT))
    from retold.nlp import DEFAULT_MODEL

    sizes = args.docs or ([10, 20, 40, 80] if args.processes else [150, 1000])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f}; best of {args.repeat} runs each")
    worst = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path, label = write_corpus(n, Path(tmp))
            analyze = [sys.executable, "-m", "retold", "analyze", str(path), "--format", "json", "--no-progress"]
            if args.processes:
                sides = {"1 process": (analyze, {**env, "RETOLD_PROCESSES": "1"}),
                         "2 processes": (analyze, {**env, "RETOLD_PROCESSES": "2"})}
            else:
                sides = {"bare nlp.pipe": ([sys.executable, "-c", BARE, str(path), DEFAULT_MODEL], env),
                         "retold analyze": (analyze, env)}
            times = {side: [] for side in sides}
            for r in range(args.repeat):  # interleaved, the order alternating, so load drifts hit both
                for side in (list(sides) if r % 2 == 0 else list(sides)[::-1]):
                    times[side].append(timed(*sides[side]))
            print(f"\n{label}; load average {os.getloadavg()[0]:.1f}")
            rates = {}
            for side, ts in times.items():
                rates[side] = n / min(wall for wall, _ in ts)
                runs = ", ".join(f"{wall:.1f} s ({cpu:.1f} s CPU)" for wall, cpu in ts)
                print(f"  {side:15s} {rates[side]:7.2f} articles/s  runs: {runs}")
            first, second = rates.values()
            ratio = second / first
            worst = ratio if worst is None else min(worst, ratio)
            target = "" if args.processes else f" (target >= {1.0 if n < 1000 else 1.5})"
            print(f"  ratio {list(sides)[1]} / {list(sides)[0]}: {ratio:.2f}{target}")
    return 0 if worst is None or worst >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
