"""Date detection and normalization, end to end, on MEANTIME (TimeML DATE values).

    python benchmarks/dates.py [--split dev|test|both] [--parser retold|duckling|recognizers|ctparse]
                               [--floor 0.85] [--errors N]

The 120 documents of ../shared/data/timeml/meantime_en.jsonl are split once and for all
by the last hex digit of sha1(document id): even is the test split (58 documents, 146
DATE expressions), odd is dev (62, 138). Rules are tuned on dev only; test is scored once
at the end of a piece of work (`--split test`), never looked at expression by expression.

Two scores per split, on the gold DATE expressions:
- end to end (retold only): retold finds an expression when one of its date mentions
  overlaps the gold span, and gets it right when that mention's `timex` equals the gold
  value (weeks, quarters, seasons, decades and PAST_REF/PRESENT_REF/FUTURE_REF included);
- same expressions: the parser chosen with --parser is given the gold expression's text
  and the document creation time and its value is compared with the gold value. retold
  here also gets the tense of the clause around the expression, which it reads from its
  own parse; the libraries see the text and the reference time only, as they would in
  retold (their output mapped to TimeML values: granularity from their grain or timex).
Exits 1 under --floor (end-to-end on the split scored); skips (exit 0) when the data is absent.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT.parent / "shared" / "data" / "timeml" / "meantime_en.jsonl"


def split_of(doc_id: str) -> str:
    return "test" if int(hashlib.sha1(doc_id.encode()).hexdigest()[-1], 16) % 2 == 0 else "dev"


def _grain(d: dt.date, grain: str) -> str:
    if grain == "year":
        return f"{d.year:04d}"
    if grain == "quarter":
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if grain == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if grain == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    return d.isoformat()


class Duckling:
    def __init__(self):
        from duckling import (Context, default_locale_lang, load_time_zones, parse, parse_dimensions,
                              parse_lang, parse_ref_time)
        self._parse, self._ref, self._ctx = parse, parse_ref_time, Context
        self._tz = load_time_zones("/usr/share/zoneinfo")
        self._locale = default_locale_lang(parse_lang("EN"))
        self._dims = parse_dimensions(["time"])

    def __call__(self, text: str, dct: dt.date) -> str | None:
        stamp = int(dt.datetime(dct.year, dct.month, dct.day, 12, tzinfo=dt.timezone.utc).timestamp())
        ctx = self._ctx(self._ref(self._tz, "UTC", stamp), self._locale)
        hits = [h for h in self._parse(text, ctx, self._dims, True) if h["dim"] == "time"]
        if not hits:
            return None
        value = max(hits, key=lambda h: h["end"] - h["start"])["value"]
        if value.get("type") == "interval":
            value = value.get("from") or value.get("to")
        return _grain(dt.date.fromisoformat(value["value"][:10]), value["grain"])


class Recognizers:
    def __init__(self):
        from ms_recognizers_date_time import recognize_datetime
        from ms_recognizers_text import Culture
        self._recognize, self._culture = recognize_datetime, Culture.English

    def __call__(self, text: str, dct: dt.date) -> str | None:
        ref = dt.datetime(dct.year, dct.month, dct.day, 12)
        results = [r for r in self._recognize(text, self._culture, reference=ref) if r.resolution]
        if not results:
            return None
        best = max(results, key=lambda r: len(r.text))
        values = best.resolution.get("values") or []
        if not values:
            return None
        timex = values[0].get("timex", "")
        resolved = values[0].get("value") or values[0].get("start") or ""
        if timex.startswith("XXXX") and resolved[:4].isdigit():
            timex = resolved[:4] + timex[4:]  # the first (past) reading Recognizers offers
        return timex.split("T")[0] if "T" in timex and timex[:4].isdigit() else timex


class Ctparse:
    def __init__(self):
        from ctparse import ctparse
        self._ctparse = ctparse

    def __call__(self, text: str, dct: dt.date) -> str | None:
        parsed = self._ctparse(text, ts=dt.datetime(dct.year, dct.month, dct.day, 12), timeout=0.5)
        if parsed is None:
            return None
        res = parsed.resolution
        res = getattr(res, "start", None) or res
        year = getattr(res, "year", None) or dct.year
        month, day = getattr(res, "month", None), getattr(res, "day", None)
        if month is None:
            return f"{year:04d}"
        if day is None:
            return f"{year:04d}-{month:02d}"
        return f"{year:04d}-{month:02d}-{day:02d}"


def score(rows, docs, parser_name: str, split: str, errors: int) -> float:
    from retold.dates import clause_tense, find_dates, normalize_timex

    library = {"duckling": Duckling, "recognizers": Recognizers, "ctparse": Ctparse}.get(parser_name)
    library = library() if library else None
    found = right = same_right = total = 0
    misses = []
    by_shape: Counter = Counter()
    by_shape_right: Counter = Counter()
    for row, doc in zip(rows, docs):
        if split_of(row["id"]) != split:
            continue
        dct = dt.date.fromisoformat(row["dct"][:10])
        mentions = find_dates(doc, row["dct"])
        for gold in row["timexes"]:
            if gold["type"] != "DATE":
                continue
            total += 1
            shape = "".join("9" if c.isdigit() else c for c in gold["value"])[:10]
            by_shape[shape] += 1
            hits = [m for m in mentions if m.start < gold["end"] and gold["start"] < m.end]
            found += bool(hits)
            if any(m.timex == gold["value"] for m in hits):
                right += 1
                by_shape_right[shape] += 1
            elif parser_name == "retold":
                misses.append((row["dct"], gold["text"], gold["value"], [(m.text, m.timex) for m in hits]))
            if library is None:
                span = doc.char_span(gold["start"], gold["end"], alignment_mode="expand")
                value = normalize_timex(gold["text"], dct, clause_tense(span) if span is not None else None)
            else:
                try:
                    value = library(gold["text"], dct)
                except Exception as exc:  # a library that fails on one expression fails it only
                    value = f"error: {type(exc).__name__}"
            if value == gold["value"]:
                same_right += 1
            elif library is not None:
                misses.append((row["dct"], gold["text"], gold["value"], value))
    print(f"[{split}] gold DATE expressions: {total}")
    print(f"[{split}] {parser_name} on the gold expressions (text + creation time): {same_right / total:.3f}")
    print(f"[{split}] retold end to end: found {found / total:.3f}, found and normalized right {right / total:.3f}")
    if parser_name == "retold":
        for shape, n in by_shape.most_common(8):
            print(f"  {shape:12s} {by_shape_right[shape]:3d}/{n:3d}")
    for miss in misses[:errors]:
        print("  miss:", miss)
    return right / total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "test", "both"), default="dev",
                        help="dev (default; the only split rules are tuned on), test (once, at the end), both")
    parser.add_argument("--parser", choices=("retold", "duckling", "recognizers", "ctparse"), default="retold",
                        help="what normalizes the gold expressions in the same-expressions score")
    parser.add_argument("--floor", type=float, default=0.0)
    parser.add_argument("--errors", type=int, default=0, help="print this many misses (dev only)")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} not present")
        return 0
    from retold.nlp import load

    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    docs = list(load().pipe(r["text"] for r in rows))
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    scores = [score(rows, docs, args.parser, s, args.errors if s == "dev" else 0) for s in splits]
    return 0 if min(scores) >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
