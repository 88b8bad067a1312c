"""Date detection and normalization, end to end, on MEANTIME (TimeML DATE values).

    python benchmarks/dates.py [--floor 0.85]

For each of the 284 gold DATE expressions in ../shared/data/timeml/meantime_en.jsonl:
retold finds it when one of its date mentions overlaps the gold span, and gets it right
when that mention's value equals the gold value (`timex`, which also carries weeks,
quarters and PAST_REF/PRESENT_REF/FUTURE_REF). In the same run, dateparser alone is
scored on the gold expressions themselves with the publication date as its base.
Exits 1 under --floor; skips (exit 0) when the data is absent.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "timeml" / "meantime_en.jsonl"


def dateparser_alone(gold, dct: str) -> str | None:
    from dateparser.date import DateDataParser

    base = dt.datetime.fromisoformat(dct)
    data = DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base}).get_date_data(gold["text"])
    if data.date_obj is None:
        return None
    d = data.date_obj
    return {"year": f"{d.year:04d}", "month": f"{d.year:04d}-{d.month:02d}",
            "week": f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}"}.get(data.period, d.date().isoformat())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--floor", type=float, default=0.0)
    parser.add_argument("--errors", type=int, default=0, help="print this many misses")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} not present")
        return 0
    from retold.dates import find_dates
    from retold.nlp import load

    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    nlp = load()
    found = right = base_right = total = 0
    misses = []
    by_shape: Counter = Counter()
    by_shape_right: Counter = Counter()
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows)):
        mentions = find_dates(doc, row["dct"])
        for gold in row["timexes"]:
            if gold["type"] != "DATE":
                continue
            total += 1
            shape = "".join("9" if c.isdigit() else c for c in gold["value"])[:10]
            by_shape[shape] += 1
            hits = [m for m in mentions if m.start < gold["end"] and gold["start"] < m.end]
            if hits:
                found += 1
            if any(m.timex == gold["value"] for m in hits):
                right += 1
                by_shape_right[shape] += 1
            else:
                misses.append((row["dct"], gold["text"], gold["value"],
                               [(m.text, m.timex) for m in hits]))
            if dateparser_alone(gold, row["dct"]) == gold["value"]:
                base_right += 1
    print(f"gold DATE expressions: {total}")
    print(f"retold: found {found / total:.3f}, found and normalized right {right / total:.3f}")
    print(f"dateparser alone on the gold expressions: {base_right / total:.3f}")
    for shape, n in by_shape.most_common(8):
        print(f"  {shape:12s} {by_shape_right[shape]:3d}/{n:3d}")
    for miss in misses[:args.errors]:
        print("  miss:", miss)
    return 0 if right / total >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
