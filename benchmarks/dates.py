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
  and the libraries alike also get the tense of the clause around the expression, read from
  retold's parse: where a library offers several readings (Recognizers' past and future
  "October", Duckling's candidates) the tense picks one, as it would in a hybrid. Library
  output is mapped to TimeML values (granularity from their grain or timex).
  The libraries are not retold dependencies: --parser duckling needs pyduckling-native-phihos,
  recognizers ms-recognizers-text-date-time, ctparse ctparse; a missing one skips.
Exits 1 under --floor (end-to-end on the split scored); skips (exit 0) when the data is absent.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import importlib.util
import json
import re
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


def _pick(candidates: list[tuple[dt.date, str]], dct: dt.date, tense: str | None):
    """Of a library's readings (date, value), the one retold's clause tense points to:
    the latest not after the creation time for past, the first not before it for future,
    else the nearest. The libraries do not read tense; this gives them retold's."""
    if not candidates:
        return None
    past = [c for c in candidates if c[0] <= dct]
    future = [c for c in candidates if c[0] >= dct]
    if tense == "past" and past:
        return max(past, key=lambda c: c[0])[1]
    if tense == "future" and future:
        return min(future, key=lambda c: c[0])[1]
    return min(candidates, key=lambda c: abs((c[0] - dct).days))[1]


class Duckling:
    def __init__(self):
        from duckling import (Context, default_locale_lang, load_time_zones, parse, parse_dimensions,
                              parse_lang, parse_ref_time)
        self._parse, self._ref, self._ctx = parse, parse_ref_time, Context
        self._tz = load_time_zones("/usr/share/zoneinfo")
        self._locale = default_locale_lang(parse_lang("EN"))
        self._dims = parse_dimensions(["time"])

    def __call__(self, text: str, dct: dt.date, tense: str | None) -> str | None:
        stamp = int(dt.datetime(dct.year, dct.month, dct.day, 12, tzinfo=dt.timezone.utc).timestamp())
        ctx = self._ctx(self._ref(self._tz, "UTC", stamp), self._locale)
        hits = [h for h in self._parse(text, ctx, self._dims, True) if h["dim"] == "time"]
        if not hits:
            return None
        candidates = []
        for value in max(hits, key=lambda h: h["end"] - h["start"])["value"].get("values", []):
            if value.get("type") == "interval":
                value = value.get("from") or value.get("to")
            day = dt.date.fromisoformat(value["value"][:10])
            candidates.append((day, _grain(day, value["grain"])))
        return _pick(candidates, dct, tense)


class Recognizers:
    def __init__(self):
        from ms_recognizers_date_time import recognize_datetime
        from ms_recognizers_text import Culture
        self._recognize, self._culture = recognize_datetime, Culture.English

    def __call__(self, text: str, dct: dt.date, tense: str | None) -> str | None:
        ref = dt.datetime(dct.year, dct.month, dct.day, 12)
        results = [r for r in self._recognize(text, self._culture, reference=ref) if r.resolution]
        if not results:
            return None
        candidates = []
        for value in max(results, key=lambda r: len(r.text)).resolution.get("values") or []:
            timex = value.get("timex", "")
            resolved = value.get("value") or value.get("start") or ""
            day = dt.date.fromisoformat(resolved[:10]) if re.match(r"\d{4}-\d\d-\d\d", resolved) else dct
            if "WXX-" in timex:  # a weekday: the day it was resolved to
                timex = day.isoformat()
            elif timex.startswith("XXXX"):
                timex = f"{day.year:04d}{timex[4:]}"
            elif re.fullmatch(r"SP|SU|FA|WI", timex):
                timex = f"{dct.year}-{timex}"
            if "T" in timex and timex[:4].isdigit():
                timex = timex.split("T")[0]
            candidates.append((day, timex))
        return _pick(candidates, dct, tense)


class Ctparse:
    def __init__(self):
        from ctparse import ctparse
        self._ctparse = ctparse

    def __call__(self, text: str, dct: dt.date, tense: str | None) -> str | None:
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
    same_shape_right: Counter = Counter()
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
            span = doc.char_span(gold["start"], gold["end"], alignment_mode="expand")
            tense = clause_tense(span) if span is not None else None
            if library is None:
                value = normalize_timex(gold["text"], dct, tense)
            else:
                try:
                    value = library(gold["text"], dct, tense)
                except Exception as exc:  # a library that fails on one expression fails it only
                    value = f"error: {type(exc).__name__}"
            if value == gold["value"]:
                same_right += 1
                same_shape_right[shape] += 1
            elif library is not None:
                misses.append((row["dct"], gold["text"], gold["value"], value))
    print(f"[{split}] gold DATE expressions: {total}")
    print(f"[{split}] {parser_name} on the gold expressions (text + creation time): {same_right / total:.3f}")
    print(f"[{split}] retold end to end: found {found / total:.3f}, found and normalized right {right / total:.3f}")
    print(f"  {'value shape':12s} {parser_name:>11s} {'end to end':>10s}")
    for shape, n in by_shape.most_common(10):
        print(f"  {shape:12s} {same_shape_right[shape]:7d}/{n:3d} {by_shape_right[shape]:6d}/{n:3d}")
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
    module = {"duckling": "duckling", "recognizers": "ms_recognizers_date_time", "ctparse": "ctparse"}.get(args.parser)
    if module and importlib.util.find_spec(module) is None:
        package = {"duckling": "pyduckling-native-phihos", "recognizers": "ms-recognizers-text-date-time",
                   "ctparse": "ctparse"}[args.parser]
        print(f"skipped: --parser {args.parser} needs the {package} package (not a retold dependency)")
        return 0
    from retold.nlp import load

    rows = [json.loads(line) for line in DATA.open(encoding="utf-8")]
    docs = list(load().pipe(r["text"] for r in rows))
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    scores = [score(rows, docs, args.parser, s, args.errors if s == "dev" else 0) for s in splits]
    return 0 if min(scores) >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
