"""The pages of `retold serve`, as data: each view reads the store and returns a dict
that a template renders as HTML or that goes out as JSON unchanged.

Views read the precomputed story records the store keeps; nothing is parsed or
reconciled again per request. Text from articles stays plain text here (templates
escape it), and marks are data (segments with a kind), never markup.
"""
from __future__ import annotations

import json
from datetime import date

from ..fidelity import KINDS, combined, story_fidelity

PAGE_SIZE = 50
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"]


class NotFound(LookupError):
    """The page names something the store does not hold."""


def outlet_label(meta: dict) -> str:
    """What a document is called on a page: its outlet, else its id."""
    return meta.get("outlet") or meta["id"]


# -- story list -----------------------------------------------------------------------
def story_list(store, *, q: str | None = None, since: str | None = None, outlet: str | None = None,
               page: int = 1, size: int = PAGE_SIZE) -> dict:
    page = max(page, 1)
    rows = store.story_page(search=q, since=since, outlet=outlet, limit=size + 1, offset=(page - 1) * size)
    return {"stories": rows[:size], "page": page, "size": size, "more": len(rows) > size,
            "q": q, "since": since, "outlet": outlet}


# -- story page -----------------------------------------------------------------------
def version_segments(mention: dict) -> list[dict]:
    """A version's text cut into segments: plain words, and each change from the fullest
    version (kind, the words it shows, the fullest words it replaces)."""
    text, base = mention["text"], mention["start"]
    out, at = [], 0
    for ch in sorted(mention.get("changes", []), key=lambda c: (c["start"], c["end"])):
        start, end = ch["start"] - base, ch["end"] - base
        if start < at or start > len(text):
            continue
        if start > at:
            out.append({"kind": "text", "text": text[at:start]})
        at = start
        if ch["kind"] in ("trimmed", "cut", "ellipsis"):
            out.append({"kind": ch["kind"], "text": "…" if ch["kind"] == "trimmed" else "",
                        "fullest": _spaced(ch.get("fullest", ""), text, start), "at_start": start == 0})
        else:
            out.append({"kind": ch["kind"], "text": text[start:end], "fullest": ch.get("fullest", "")})
            at = max(at, end)
    if at < len(text):
        out.append({"kind": "text", "text": text[at:]})
    return out


def _spaced(words: str, text: str, at: int) -> str:
    """Struck words set between two words of the version get a space on each side that
    touches a word (`soon` + `and get to talk more` + `…` reads `soon and get to talk more …`)."""
    words = words.strip()
    if words and at > 0 and not text[at - 1].isspace():
        words = " " + words
    if words and at < len(text) and not text[at].isspace() and text[at] not in ",.;:!?":
        words += " "
    return words


def _parse_date(value: str) -> date | None:
    parts = value.split("-")
    try:
        numbers = [int(p) for p in parts[:3]]
        return date(numbers[0], numbers[1] if len(numbers) > 1 else 1, numbers[2] if len(numbers) > 2 else 1)
    except (ValueError, IndexError):
        return None


def timeline_chart(timeline: list[dict], colours: dict[str, str], labels: dict[str, str],
                   width: int = 900) -> dict:
    """Where each event of the timeline goes on a date axis (one row per event, dots
    coloured by the documents that report it)."""
    events = [(t, d) for t in timeline if (d := _parse_date(t["date"])) is not None]
    row, top, left, right = 30, 34, 30, 30
    if not events:
        return {"events": [], "width": width, "height": 0, "ticks": []}
    first, last = min(d for _, d in events), max(d for _, d in events)
    span = max((last - first).days, 1)
    usable = width - left - right

    def x(d: date) -> float:
        return round(left + usable * (d - first).days / span, 1)

    years = range(first.year + (first.month > 1 or first.day > 1), last.year + 1)
    ticks = [{"x": x(date(y, 1, 1)), "label": str(y)} for y in years]
    if len(ticks) < 2:
        ticks = [{"x": x(first), "label": first.isoformat()}, {"x": x(last), "label": last.isoformat()}]
    out = []
    for i, (t, d) in enumerate(events):
        cx = x(d)
        docs = list(dict.fromkeys(t["documents"]))
        out.append({"date": t["date"], "event": t["event"], "x": cx, "y": top + i * row,
                    "anchor": "end" if cx > width * 0.6 else "start",
                    "label_x": cx - 12 if cx > width * 0.6 else cx + 8 + 9 * len(docs),
                    "marks": [{"x": cx + 8 + 9 * j, "colour": colours.get(doc, "#777"),
                               "outlet": labels.get(doc, doc)} for j, doc in enumerate(docs)],
                    "outlets": [labels.get(doc, doc) for doc in docs]})
    return {"events": out, "width": width, "height": top + len(events) * row, "ticks": ticks,
            "axis_y": top + len(events) * row - row // 2}


def story_page(store, story_id: str) -> dict:
    record = store.story_record(story_id)
    if record is None:
        raise NotFound(f"no story {story_id!r}")
    meta = store.document_meta(record["documents"])
    docs = [meta.get(d, {"id": d}) for d in record["documents"]]
    labels = {d["id"]: outlet_label(d) for d in docs}
    colours = {d["id"]: PALETTE[i % len(PALETTE)] for i, d in enumerate(docs)}
    vias = {q["id"]: q["via"] for q in store.quote_rows(story_id=record["id"], limit=100_000)}
    utterances = []
    for u in record["utterances"]:
        versions, same = [], {}
        for m in u["mentions"]:
            via = vias.get(m["quote"])
            outlet = {"document": m["document"], "outlet": labels.get(m["document"], m["document"]),
                      "colour": colours.get(m["document"], "#777")}
            key = (m["text"], via, json.dumps(m.get("changes", []), sort_keys=True))
            if key in same:  # the same words with the same changes and channel: one box, its outlets listed
                same[key]["also"].append(outlet)
                continue
            same[key] = {**outlet, "quote": m["quote"], "via": via, "similarity": m.get("similarity"),
                         "fullest": not m.get("changes"), "segments": version_segments(m),
                         "text": m["text"], "changes": m.get("changes", []), "also": []}
            versions.append(same[key])
        utterances.append({"id": u["id"], "anchor": u["id"].rsplit("#", 1)[-1], "speaker": u["speaker"],
                           "text": u["text"], "documents": u.get("documents", []), "versions": versions})
    fidelity = record.get("fidelity") or story_fidelity(record, {d: m.get("outlet") for d, m in meta.items()})
    facts = [{**f, "shown": fact_value(f)} for f in record.get("facts", [])]
    coverage_rows = {row["document"]: row for row in record.get("coverage", [])}
    coverage = {"facts": [f["id"] for f in facts if f.get("id")],
                "utterances": [u["id"] for u in record["utterances"]],
                "rows": []}
    for d in docs:
        row = coverage_rows.get(d["id"], {})
        cells = {}
        for key in ("facts", "utterances"):
            for item in row.get(key, []):
                cells[item] = "carried"
            for item in row.get(key + "_missing", []):
                cells[item] = "missing"
        coverage["rows"].append({"document": d["id"], "outlet": labels[d["id"]], "cells": cells})
    return {
        "story": {"id": record["id"], "title": record.get("title")},
        "documents": [{**d, "label": labels[d["id"]], "colour": colours[d["id"]]} for d in docs],
        "people": [e for e in record.get("entities", []) if e.get("type") == "PERSON"],
        "summary": record.get("summary", []),
        "timeline": record.get("timeline", []),
        "chart": timeline_chart(record.get("timeline", []), colours, labels),
        "facts": facts,
        "fidelity": [{**row, "label": labels.get(row["document"], row["document"])} for row in fidelity],
        "fidelity_kinds": list(KINDS),
        "coverage": coverage,
        "utterances": utterances,
        "conflicts": sum(1 for f in facts if f.get("agreement") == "conflict"),
    }


def story_contract(store, story_id: str) -> dict:
    """One story in the `analyze --format json` contract: its documents and the story."""
    record = store.story_record(story_id)
    if record is None:
        raise NotFound(f"no story {story_id!r}")
    documents = [d for d in (store.document_record(doc) for doc in record["documents"]) if d]
    outlets = {d["id"]: d.get("outlet") for d in documents}
    story = {**record, "fidelity": record.get("fidelity") or story_fidelity(record, outlets)}
    return {"documents": documents, "stories": [story]}


def fact_value(fact: dict) -> str:
    value, unit, kind = fact.get("value"), fact.get("unit") or "", fact.get("kind")
    if not isinstance(value, (int, float)):
        return str(value)
    if kind == "money":
        for scale, word in ((1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
            if abs(value) >= scale:
                return f"{value / scale:g} {word} {unit}"
    if kind == "duration":
        for size, word in ((31557600, "years"), (86400, "days"), (3600, "hours"), (60, "minutes")):
            if value >= size:
                return f"{value / size:.3g} {word}"
        return f"{value:g} seconds"
    return f"{value:g} {unit}".strip()


# -- people, outlets, documents, search -----------------------------------------------
def person_page(store, name: str) -> dict:
    stories = store.person(name)
    quotes = store.quote_rows(speaker=name, limit=2000)
    if not stories and not quotes:
        raise NotFound(f"no person {name!r}")
    aliases = sorted({a for s in stories for a in s["aliases"]})
    by_story: dict[str, dict] = {}
    for q in quotes:
        group = by_story.setdefault(q["story_id"], {"story": q["story_id"], "title": q["story_title"], "quotes": []})
        group["quotes"].append(q)
    return {"name": name, "aliases": aliases, "stories": stories, "quotes": list(by_story.values())}


def outlet_page(store, name: str) -> dict:
    documents = store.outlet_documents(name)
    if not documents:
        raise NotFound(f"no outlet {name!r}")
    mine = {d["id"] for d in documents}
    per_story = []
    for record in store.story_records(sorted({d["story_id"] for d in documents if d["story_id"]})):
        meta = store.document_meta(record["documents"])
        rows = [r for r in (record.get("fidelity") or story_fidelity(record, {d: m.get("outlet") for d, m in meta.items()}))
                if r["document"] in mine]
        if rows:
            per_story.append({"story": record["id"], "title": record.get("title"), **combined(rows)})
    return {"name": name, "documents": documents, "fidelity": combined(per_story), "stories": per_story,
            "fidelity_kinds": list(KINDS)}


def document_segments(text: str, quotes: list[dict]) -> list[dict]:
    """The article text cut into plain runs and quoted runs (each with its quote)."""
    pieces = sorted(((s, e, q) for q in quotes for s, e in (q.get("parts") or [[q["start"], q["end"]]])),
                    key=lambda p: (p[0], p[1]))
    out, at = [], 0
    for start, end, q in pieces:
        if start < at or end > len(text):
            continue
        if start > at:
            out.append({"text": text[at:start]})
        out.append({"text": text[start:end], "quote": q["id"], "speaker": q.get("speaker"), "via": q.get("via")})
        at = end
    if at < len(text):
        out.append({"text": text[at:]})
    return out


def document_page(store, doc_id: str) -> dict:
    record = store.document_record(doc_id)
    if record is None:
        raise NotFound(f"no document {doc_id!r}")
    quotes = [{k: q.get(k) for k in ("id", "start", "end", "parts", "text", "kind", "speaker", "via")}
              for q in record.get("quotes", [])]
    return {"document": {k: record.get(k) for k in ("id", "story_id", "outlet", "title", "published", "url", "text")},
            "quotes": quotes, "segments": document_segments(record["text"], quotes)}


def search_page(store, q: str | None, limit: int = 50) -> dict:
    if not q or not q.strip():
        return {"q": q or "", "documents": [], "quotes": []}
    return {"q": q, "documents": store.search(q, limit=limit), "quotes": store.quotes(search=q, limit=limit)}
