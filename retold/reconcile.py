"""reconcile: one story's documents -> entities merged across outlets and utterances (the
same spoken words quoted by several documents), each version with its differences.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from . import align
from .cluster import story_id as make_story_id
from .entities import HONORIFICS
from .story_facts import build_timeline, coverage, reconcile_facts, summarize
from .models import Document, Entity, Quote, Story, Utterance, UtteranceMention


# -- entities -------------------------------------------------------------------------
def _subsumes(longer: str, shorter: str) -> bool:
    """'Lewis J. Liman' subsumes 'Lewis Liman' and 'Liman' (words in order)."""
    lw, sw = longer.split(), shorter.split()
    it = iter(lw)
    return len(sw) < len(lw) and all(any(w == x for x in it) for w in sw)


def person_name_map(documents: list[Document]) -> dict[str, str]:
    """Every person name used in the story -> its canonical (fullest) form."""
    names: Counter = Counter()
    for doc in documents:
        for p in doc.people:
            names[p.name] += 1
        for e in doc.epithets:
            names[e.name] += 0
        for q in doc.quotes:
            if q.speaker and q.speaker_type == "person":
                names[q.speaker] += 1
    full = sorted((n for n in names if len(n.split()) >= 2), key=lambda n: (-len(n.split()), n))
    mapping: dict[str, str] = {}
    for name in names:
        if name in mapping:
            continue
        homes = [f for f in full if _subsumes(f, name)]
        if len(name.split()) == 1:
            by_last = [f for f in homes if f.split()[-1] == name]
            by_first = [f for f in homes if f.split()[0] == name]
            homes = by_last or by_first
        longest = {f for f in homes if not any(_subsumes(g, f) for g in homes)}
        mapping[name] = next(iter(longest)) if len(longest) == 1 else name
    return mapping


def _name_alias(text: str) -> str:
    """The name as written, without a possessive or a role in front ("spokesman X Y")."""
    words = re.sub(r"(?:'s|’s)$", "", text).split()
    while len(words) > 1 and not words[0][:1].isupper():
        words = words[1:]
    for i in range(len(words) - 1):  # keep the trailing run of capitalized words
        if not words[i][:1].isupper() or words[i].lower() in HONORIFICS:
            words = words[i + 1:] if all(w[:1].isupper() for w in words[i + 1:]) else words
            break
    return " ".join(words)


def _description_alias(text: str) -> str:
    """'The My Last Days producer' -> 'the My Last Days producer' (as written mid-sentence)."""
    return "the" + text[3:] if text[:4] == "The " else text


def merge_entities(documents: list[Document], names: dict[str, str]) -> list[Entity]:
    """People (with every alias and resolved epithet) and other named entities."""
    aliases: dict[str, set[str]] = defaultdict(set)
    docs_of: dict[str, set[str]] = defaultdict(set)
    counts: Counter = Counter()
    order = {d.id: i for i, d in enumerate(documents)}
    outside = {names.get(p.name, p.name) for d in documents for p in d.people if not p.in_quote}
    outside |= {names.get(q.speaker, q.speaker) for d in documents for q in d.quotes if q.speaker}
    outside |= {names.get(e.name, e.name) for d in documents for e in d.epithets}
    for doc in documents:
        for p in doc.people:
            canonical = names.get(p.name, p.name)
            if canonical not in outside:
                continue  # named only inside quotes ("Jesus Christ, ..."): not one of the story's people
            aliases[canonical].add(_name_alias(p.text))
            docs_of[canonical].add(doc.id)
            counts[canonical] += 1
        for e in doc.epithets:
            canonical = names.get(e.name, e.name)
            aliases[canonical].add(_description_alias(e.text))
            docs_of[canonical].add(doc.id)
        for q in doc.quotes:
            if q.speaker and q.speaker_type == "person" and q.speaker_mention is not None \
                    and q.attribution == "description":
                canonical = names.get(q.speaker, q.speaker)
                text = q.speaker_mention.text
                if q.attribution == "description":
                    text = _description_alias(text)
                aliases[canonical].add(text)
                docs_of[canonical].add(doc.id)
    entities = []
    for name in sorted(aliases, key=lambda n: (-counts[n], n)):
        entities.append(Entity(name=name, type="PERSON",
                               aliases=sorted(a for a in aliases[name] if a and a != name),
                               documents=sorted(docs_of[name], key=order.get)))
    people = set(aliases)
    others: dict[str, Counter] = defaultdict(Counter)
    other_docs: dict[str, set[str]] = defaultdict(set)
    for doc in documents:
        for text, label in doc.entities:
            text = re.sub(r"^(?:the\s+)?[\"“”]*|[\"“”]*(?:'s|’s)?$", "", text).strip()
            if not text or label == "PERSON" or names.get(text, text) in people:
                continue
            others[text][label] += 1
            other_docs[text].add(doc.id)
        for title in doc.titles:
            text = title.text.rstrip(".,!?")
            others[text]["WORK_OF_ART"] += 3
            other_docs[text].add(doc.id)
    for text in sorted(others, key=lambda t: (-sum(others[t].values()), t)):
        if text.split()[-1] in {n.split()[-1] for n in people}:
            continue  # a surname the model tagged ORG/GPE
        label = others[text].most_common(1)[0][0]
        entities.append(Entity(name=text, type=label, aliases=[],
                               documents=sorted(other_docs[text], key=order.get)))
    return entities


# -- utterances -----------------------------------------------------------------------
@dataclass
class _Segment:
    doc: Document
    quote: Quote
    start: int
    end: int
    words: list[align.Word]


@dataclass
class _Draft:
    anchor: _Segment
    mentions: list[tuple[_Segment, int, int]]  # segment, start, end (doc offsets)


def _segments(doc: Document, quote: Quote) -> list[_Segment]:
    out = []
    for p_start, p_end in quote.parts:
        for s, e in align.sentences(doc.text[p_start:p_end], p_start):
            while e > s and doc.text[e - 1] in ",;:–—- ":
                e -= 1
            ws = align.words(doc.text[s:e], s)
            if ws:
                out.append(_Segment(doc, quote, s, e, ws))
    return out


def align_utterances(documents: list[Document], sid: str) -> list[Utterance]:
    """Group the quoted sentences of all documents into utterances.

    The fullest document goes first and its sentences become anchors; every other
    sentence joins each anchor it quotes (a sentence can hold two anchors, an anchor
    can be cut by an ellipsis) or becomes an anchor of its own.
    """
    fullness = {d.id: sum(len(q.text) for q in d.quotes if q.kind == "direct") for d in documents}
    ordered = sorted(documents, key=lambda d: -fullness[d.id])
    segments = [seg for kind in ("direct", "partial") for d in ordered
                for q in d.quotes if q.kind == kind for seg in _segments(d, q)]
    drafts: list[_Draft] = []
    index: dict[tuple[str, ...], set[int]] = defaultdict(set)

    unigrams: dict[str, set[int]] = defaultdict(set)

    def grams(ws):
        norms = [w.norm for w in ws]
        return {tuple(norms[i:i + 3]) for i in range(len(norms) - 2)}

    for seg in segments:
        candidates: set[int] = set()
        if len(seg.words) < 3:  # a partial quote of a word or two: all its words must be there
            sets = [unigrams.get(w.norm, set()) for w in seg.words]
            candidates = set.intersection(*sets) if sets else set()
        for g in grams(seg.words):
            candidates |= index.get(g, set())
        hits, partial_hits = [], []
        for i in sorted(candidates):
            anchor = drafts[i].anchor
            if anchor.quote is seg.quote:
                continue
            if len(seg.words) < 4 and seg.quote.speaker and anchor.quote.speaker \
                    and seg.quote.speaker != anchor.quote.speaker:
                continue
            ov = align.overlap(seg.words, anchor.words)
            if not ov.blocks:
                continue
            if ov.of_a >= 0.8 or ov.of_b >= 0.8:
                hits.append((i, ov))
            elif ov.of_a >= 0.35 and ov.of_b >= 0.35 and max(b[2] for b in ov.blocks) >= 4:
                partial_hits.append((i, ov))
        if hits and partial_hits:
            # a sentence that holds one anchor whole and most of the next one
            covered = set().union(*(ov.a_covered for _, ov in hits + partial_hits))
            weights = align._weight(seg.words)
            if sum(weights[k] for k in covered) >= 0.8 * sum(weights):
                hits += partial_hits
        spans = []
        for i, ov in hits:
            first = min(b[0] for b in ov.blocks)
            last = max(b[0] + b[2] for b in ov.blocks)
            start, end = seg.words[first].start, seg.words[last - 1].end
            drafts[i].mentions.append((seg, start, end))
            spans.append((start, end))
        covered = sum(1 for w in seg.words if any(s <= w.start < e for s, e in spans))
        if not hits or (len(seg.words) - covered >= 5 and covered < 0.5 * len(seg.words)):
            drafts.append(_Draft(seg, [(seg, seg.start, seg.end)]))
            for g in grams(seg.words):
                index[g].add(len(drafts) - 1)
            for w in seg.words:
                unigrams[w.norm].add(len(drafts) - 1)

    utterances = []
    for draft in sorted(drafts, key=lambda d: (ordered.index(d.anchor.doc), d.anchor.start)):
        mentions = _merge_mentions(draft.mentions)
        fullest = max(mentions, key=lambda m: (m[2] - m[1], -ordered.index(m[0].doc)))
        f_seg, f_start, f_end = fullest
        f_words = [w for w in f_seg.words if f_start <= w.start < f_end] or f_seg.words
        speakers = Counter(m[0].quote.speaker for m in mentions if m[0].quote.speaker)
        speaker = speakers.most_common(1)[0][0] if speakers else None
        out = []
        for seg, start, end in mentions:
            ws = [w for w in seg.words if start <= w.start < end] or align.words(seg.doc.text[start:end], start)
            out.append(UtteranceMention(
                document=seg.doc.id, quote=seg.quote.id, start=start, end=end,
                text=seg.doc.text[start:end], similarity=align.similarity(ws, f_words),
                changes=[] if (seg, start, end) == fullest else align.changes(
                    ws, f_words, seg.doc.text, f_seg.doc.text, 0, 0)))
        out.sort(key=lambda m: (documents.index(next(d for d in documents if d.id == m.document)), m.start))
        utterances.append(Utterance(id=f"{sid}#u{len(utterances) + 1}", speaker=speaker,
                                    text=f_seg.doc.text[f_start:f_end], mentions=out))
    return utterances


def _merge_mentions(mentions):
    """One mention per quote: consecutive sentences of a quote on one anchor merge."""
    by_quote: dict[str, list] = {}
    for seg, start, end in mentions:
        key = seg.quote.id
        if key in by_quote:
            s0, st, en = by_quote[key]
            by_quote[key] = (s0, min(st, start), max(en, end))
        else:
            by_quote[key] = (seg, start, end)
    return list(by_quote.values())


# -- the stage ------------------------------------------------------------------------
def reconcile(documents: list[Document], *, summary_sentences: int = 5,
              story_id: str | None = None) -> Story:
    """Reconcile the documents of one story. Quote speakers are rewritten in place to
    the story's canonical names ("Baldoni" in one outlet, "Justin Baldoni" in another)."""
    sid = story_id or make_story_id(documents)
    names = person_name_map(documents)
    for doc in documents:
        for q in doc.quotes:
            if q.speaker and q.speaker_type == "person":
                q.speaker = names.get(q.speaker, q.speaker)
        for p in doc.people + doc.epithets:
            p.name = names.get(p.name, p.name)
    entities = merge_entities(documents, names)
    utterances = align_utterances(documents, sid)
    facts = reconcile_facts(documents, names)
    timeline = build_timeline(documents, names)
    return Story(id=sid, title=_title(documents), documents=[d.id for d in documents],
                 entities=entities, utterances=utterances, facts=facts, timeline=timeline,
                 coverage=coverage(documents, utterances, facts, timeline),
                 summary=summarize(documents, summary_sentences))


def _title(documents: list[Document]) -> str:
    for doc in documents:
        if doc.title:
            return doc.title
    first = documents[0].text.split("\n", 1)[0]
    sentence = re.split(r"(?<=[.!?])\s+", first, maxsplit=1)[0]
    return sentence if len(sentence) <= 140 else sentence[:137].rsplit(" ", 1)[0] + "…"
