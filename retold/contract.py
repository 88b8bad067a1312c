"""The JSON contract of `retold analyze --format json` (DESIGN.md): records -> plain,
JSON-able dicts. Part of the library: the store, the batch tables and the presentation
layer all write stories through these."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict

from .fidelity import story_fidelity
from .models import Analysis, Document, Quote, Story, Storyline, Utterance


def quote_dict(q: Quote) -> dict:
    return {
        "id": q.id, "start": q.start, "end": q.end, "parts": [list(p) for p in q.parts],
        "text": q.text, "kind": q.kind, "speaker": q.speaker,
        "speaker_mention": None if q.speaker_mention is None else {
            "text": q.speaker_mention.text, "start": q.speaker_mention.start,
            "end": q.speaker_mention.end},
        "speaker_type": q.speaker_type, "attribution": q.attribution, "via": q.via,
    }


def document_dict(d: Document) -> dict:
    return {
        "id": d.id, "path": d.path, "url": d.url, "outlet": d.outlet, "title": d.title,
        "published": d.published, "content_hash": d.content_hash, "text": d.text,
        "quotes": [quote_dict(q) for q in d.quotes],
        "dates": [{"start": x.start, "end": x.end, "text": x.text, "value": x.value,
                   "timex": x.timex, "event": x.event, "in_quote": x.in_quote}
                  for x in d.dates],
        "titles": [{"start": t.start, "end": t.end, "text": t.text} for t in d.titles],
    }


def utterance_dict(u: Utterance) -> dict:
    return {"id": u.id, "speaker": u.speaker, "text": u.text,
            "documents": sorted({m.document for m in u.mentions}),
            "mentions": [asdict(m) for m in u.mentions]}


def story_dict(s: Story, outlets: Mapping[str, str | None] | None = None) -> dict:
    """A story in the contract; `outlets` (document id -> outlet) labels its fidelity rows."""
    record = {"id": s.id, "title": s.title, "documents": list(s.documents),
              "entities": [asdict(e) for e in s.entities],
              "utterances": [utterance_dict(u) for u in s.utterances],
              "facts": list(s.facts), "timeline": list(s.timeline),
              "coverage": list(s.coverage), "summary": list(s.summary)}
    record["fidelity"] = story_fidelity(record, outlets)
    return record


def storyline_dict(s: Storyline) -> dict:
    return {"id": s.id, "title": s.title, "stories": list(s.stories), "first": s.first, "last": s.last}


def to_dict(analysis: Analysis) -> dict:
    """The `retold analyze --format json` contract."""
    outlets = {d.id: d.outlet for d in analysis.documents}
    return {
        "documents": [document_dict(d) for d in analysis.documents],
        "stories": [story_dict(s, outlets) for s in analysis.stories],
        "failures": [{"source": f.source, "error": f.message} for f in analysis.failures],
        "storylines": [storyline_dict(s) for s in analysis.storylines],
    }
