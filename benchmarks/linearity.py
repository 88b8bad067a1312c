"""Time per MB of the extract stage (spaCy parse in parts + quotes, people, dates, facts)
at growing input sizes, for three kinds of text:

  ordinary   news paragraphs with a quote now and then
  dense      one line thick with quotation marks (a mark every ~9 characters)
  unclosed   one opening mark at the start, then ordinary sentences on one line

Linear time means a flat time per MB: the script prints, per kind, seconds per MB at each
size and the ratio max/min (target <= 1.5). One warm-up run first, so that one-off costs
of a process (loading the model, name and date tables) are not counted per input.

    python benchmarks/linearity.py                 # 10 KB, 100 KB, 1 MB
    python benchmarks/linearity.py --sizes 10k,100k,1m,10m
    python benchmarks/linearity.py --big 50m       # also one whole `retold analyze` of a
                                                   # 50 MB article (time, peak memory)
"""
from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PARAGRAPH = ('The council of Ashford voted on Tuesday to reopen the old river bridge, closed since '
             'March for repairs. "We did what we had to do, and it took longer than anyone wanted," '
             'said Mara Quinn, a spokeswoman for the city. Traffic will return on Monday, officials '
             'said, and the ferry that ran in the meantime will stop on Friday.\n')
SENTENCE = "The council met again on Tuesday and voted for the bridge. "


def make(kind: str, size: int) -> str:
    if kind == "ordinary":
        unit = PARAGRAPH
    elif kind == "dense":
        unit = " ".join(f'"word{i % 97}' for i in range(200)) + ". "
    else:
        unit = SENTENCE
    text = unit * (size // len(unit) + 1)
    text = text[:size].rstrip()
    return '"' + text[1:] if kind == "unclosed" else text


def parse_size(value: str) -> int:
    value = value.strip().lower()
    scale = {"k": 1_000, "m": 1_000_000}.get(value[-1], 1)
    return int(float(value.rstrip("km")) * scale)


def measure(nlp, kind: str, size: int) -> float:
    """Seconds per MB: small sizes repeated (10 KB ten times, 100 KB twice) so that each
    timing spans at least a few seconds."""
    from retold.extract import extract
    from tests.conftest import make_doc

    text = make(kind, size)
    repeats = min(10, max(1, 200_000 // size))
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeats):
        [doc] = extract([make_doc(text)], nlp)
        assert doc.text == text
    mb = len(text) / 1_000_000
    return (time.process_time() - cpu) / repeats / mb, (time.perf_counter() - start) / repeats / mb


def big(size: int, timeout: float | None) -> None:
    """One `retold analyze` of a single article of `size` bytes, as a user runs it
    (stopped after `timeout` seconds, if given, and said so)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(make("ordinary", size), encoding="utf-8")
        start = time.perf_counter()
        command = [sys.executable, "-m", "retold", "analyze", str(path), "--format", "json", "--no-progress"]
        try:
            proc = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  text=True, timeout=timeout)
            outcome = f"exit {proc.returncode}"
        except subprocess.TimeoutExpired:
            proc, outcome = None, f"NOT FINISHED: stopped after {timeout:.0f} s"
        elapsed = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"big: {size / 1e6:.0f} MB article, retold analyze {outcome}, {elapsed:.0f} s wall, "
          f"{usage.ru_utime + usage.ru_stime:.0f} s CPU, peak memory {usage.ru_maxrss / 1024:.0f} MB")
    if proc is not None and proc.returncode:
        print(proc.stderr.strip().splitlines()[-3:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--kinds", default="ordinary,dense,unclosed")
    parser.add_argument("--big", default=None, help="also analyze one article this large (e.g. 50m)")
    parser.add_argument("--big-timeout", type=float, default=None, help="stop that run after this many seconds")
    args = parser.parse_args()
    from retold.nlp import load

    nlp = load()
    sizes = [parse_size(s) for s in args.sizes.split(",") if s.strip()]
    if sizes:
        measure(nlp, "ordinary", 20_000)  # warm-up: model, name and date tables
    worst = 0.0
    if sizes:
        print("CPU seconds of this process per MB (the figure: the machine is shared, so wall"
              " time, shown after it, also counts other work)")
    for kind in args.kinds.split(",") if sizes else []:
        per_mb = []
        for size in sizes:
            cpu, wall = measure(nlp, kind, size)
            per_mb.append(cpu)
            print(f"{kind:9s} {size / 1e3:>8.0f} KB  {cpu:7.1f} s/MB CPU  ({wall:7.1f} s/MB wall)", flush=True)
        ratio = max(per_mb) / min(per_mb)
        worst = max(worst, ratio)
        print(f"{kind:9s} ratio max/min CPU time per MB: {ratio:.2f}", flush=True)
    if sizes:
        print(f"worst ratio: {worst:.2f} (target <= 1.5)")
    if args.big:
        big(parse_size(args.big), args.big_timeout)


if __name__ == "__main__":
    main()
