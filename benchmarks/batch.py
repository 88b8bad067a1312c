"""Throughput and memory of `retold batch`: the local engine against Spark on local[2].

    python benchmarks/batch.py [--docs 1000] [--memory-sizes 1000,20000] [--skip-memory]

The corpus: the real articles of ../shared/data/ecbplus/ecbplus_dev.jsonl when present
(772), filled up to --docs with generated articles (invented events told by three
outlets, with quotes); only generated ones when the data is absent. It is written as
JSONL files and given to `retold batch --engine local` and then to `retold batch
--engine spark --master local[2]`, each run as its own process and timed whole (Java
and Python start-up, reading, spaCy, clustering, Parquet) in the same run of this
script. Peak RSS is the largest sum of the resident sets of the process and all its
children (the JVM, Spark's Python workers), sampled every 0.1 s with psutil; forked
workers share pages, so the sum over-counts Spark's. Then the local engine on
generated corpora of the --memory-sizes shows whether its memory grows with the input.

Prints articles/s of each engine, the ratio spark/local (target >= 1.7 on 2 cores),
the peak RSS and CPU seconds of each (CPU seconds over wall seconds: how many cores a run
got; on a machine shared with other work, fewer than it asked for), the peak RSS of local
at each memory size, and the machine's load average. Needs pyspark, Java and psutil.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ECB = ROOT.parent / "shared" / "data" / "ecbplus" / "ecbplus_dev.jsonl"

_SYLLABLES = ["ka", "lo", "mi", "ren", "tor", "va", "shi", "dun", "bel", "qua", "zor", "ith",
              "an", "el", "mar", "to", "ri", "os", "ul", "per", "gan", "fi", "nex", "wy"]
_EVENTS = [("ferry workers", "strike", "pay and rotas"), ("flood defences", "breach", "the storm"),
           ("hospital board", "vote", "the budget"), ("mine owners", "closure", "safety failings"),
           ("city council", "inquiry", "the housing contract"), ("football club", "takeover", "debts")]
_OUTLETS = ["North Star", "Daily Ledger", "Metro Wire", "Harbour Post"]


def _name(rng) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def generated(n: int, seed: int = 0, start: int = 0):
    """n articles about invented events, three or four outlets each, with quotes."""
    rng = random.Random(seed)
    made = 0
    while made < n:
        who, what, why = rng.choice(_EVENTS)
        town, leader, official = _name(rng), f"{_name(rng)} {_name(rng)}", f"{_name(rng)} {_name(rng)}"
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        for outlet in rng.sample(_OUTLETS, rng.randint(3, 4)):
            lines = [f"The {who} of {town} began a {what} on Monday over {why}, {leader} said.",
                     f'"We have waited long enough for an answer on {why}," said {leader}, '
                     f"who leads the group in {town}.",
                     f"{official}, the mayor of {town}, told reporters the {what} would cost "
                     f"the town {rng.randint(2, 90)} million.",
                     f'"Nobody in {town} wants this {what} to go on," {official.split()[1]} said.',
                     f"Talks are due to resume on {rng.choice(['Tuesday', 'Thursday', 'Friday'])}."]
            rng.shuffle(lines)
            yield {"id": f"gen{start + made}", "outlet": outlet, "published": day,
                   "title": f"{town} {what}", "text": "\n\n".join(lines)}
            made += 1
            if made >= n:
                return


def corpus(n: int) -> tuple[list[dict], str]:
    real = []
    if ECB.exists():
        real = [{"id": r["id"], "text": r["text"]} for r in map(json.loads, ECB.open(encoding="utf-8"))][:n]
    rows = real + list(generated(n - len(real), seed=1))
    label = (f"{len(real)} ECB+ dev articles + {len(rows) - len(real)} generated" if real
             else f"{len(rows)} generated articles (../shared/data absent)")
    return rows, label


def write(rows: list[dict], folder: Path, files: int = 4) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(files):
        with (folder / f"part-{i}.jsonl").open("w", encoding="utf-8") as out:
            for row in rows[i::files]:
                out.write(json.dumps(row) + "\n")
    return folder


def run(args: list[str]) -> tuple[float, float, float, dict]:
    """Seconds, peak RSS (MiB) and CPU seconds (as last sampled) of the process tree of one
    `retold batch`, and its manifest."""
    import psutil

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "retold", "batch", *args, "--no-progress"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    top, peak, cpu = psutil.Process(proc.pid), 0, {}
    while proc.poll() is None:
        rss = 0
        for p in [top, *top.children(recursive=True)]:
            try:
                rss += p.memory_info().rss
                times = p.cpu_times()
                cpu[p.pid] = times.user + times.system
            except psutil.Error:
                pass
        peak = max(peak, rss)
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    err = proc.stderr.read()
    if proc.returncode:
        sys.exit(f"retold batch {' '.join(args)} failed ({proc.returncode}):\n{err[-2000:]}")
    out = Path(args[args.index("--out") + 1])
    return seconds, peak / 2**20, sum(cpu.values()), json.loads((out / "manifest.json").read_text())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--memory-sizes", default="1000,20000")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    try:
        import psutil  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        print(f"skipped: {exc.name} is not installed (pip install psutil 'retold[spark]')")
        return 0
    rows, label = corpus(args.docs)
    print(f"corpus: {label}; load average before: {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="retold-bench-") as tmp:
        tmp = Path(tmp)
        data = write(rows, tmp / "corpus")
        results = {}
        for engine, extra in (("local", []), ("spark", ["--engine", "spark", "--master", "local[2]"])):
            seconds, rss, cpu, manifest = run([str(data), "--out", str(tmp / engine), *extra])
            results[engine] = (seconds, rss, manifest)
            print(f"{engine:5s}: {manifest['articles']} articles in {seconds:6.1f} s = "
                  f"{manifest['articles'] / seconds:6.1f} articles/s; peak RSS {rss:6.0f} MiB; "
                  f"CPU {cpu:6.1f} s ({cpu / seconds:.2f} cores busy on average); "
                  f"{manifest['tables']['stories']} stories, {manifest['tables']['quotes']} quotes; "
                  f"load average {os.getloadavg()[0]:.2f}", flush=True)
        same = results["local"][2]["tables"] == results["spark"][2]["tables"]
        ratio = results["local"][0] / results["spark"][0]
        print(f"spark/local articles/s: {ratio:.2f} (target >= 1.70); same table counts: {same}")
        if not args.skip_memory:
            for size in map(int, args.memory_sizes.split(",")):
                folder = write(list(generated(size, seed=2)), tmp / f"gen{size}")
                seconds, rss, _, manifest = run([str(folder), "--out", str(tmp / f"out{size}")])
                print(f"local at {size:6d} generated articles: peak RSS {rss:6.0f} MiB "
                      f"({seconds:.0f} s, {manifest['tables']['stories']} stories); "
                      f"load average {os.getloadavg()[0]:.2f}", flush=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
