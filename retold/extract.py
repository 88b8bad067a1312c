"""extract: the per-document NLP stage. Parses each Document once with spaCy and fills in
quotes (with speakers and via), titles, people and named entities.

spaCy objects are created and dropped here; everything returned is plain records.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator

from . import dates as dates_mod
from .entities import TITLE_WORDS, clean_name, mask_party_tags
from .facts import FactFinder
from .models import Document
from .provenance import trace
from .quotes import QuoteAttributor, scan

log = logging.getLogger(__name__)

_ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "EVENT", "WORK_OF_ART", "PRODUCT"}


def _is_thing(text: str) -> bool:
    """Whether a name the model tagged PERSON can still name something: not a title
    word alone, not one or two letters."""
    word = text.strip(". ")
    return len(word) > 2 and word.lower() not in TITLE_WORDS


def annotate(document: Document, doc) -> Document:
    """Fill a Document's quotes, people, entities and dates from its spaCy parse."""
    attributor = QuoteAttributor(doc, scan(document.text), document.id)
    document.quotes = attributor.run()
    document.titles = attributor.titles
    document.people = attributor.people.as_records()
    document.epithets = attributor.people.epithets()
    document.quotes = trace(document, doc)  # via carried over the quotes of one material
    person_names = set(attributor.people.names())
    entities = []
    for ent in attributor.ents:
        if ent.label_ not in _ENTITY_LABELS:
            continue
        if ent.label_ != "PERSON" and attributor.in_quote(ent.start_char):
            continue  # what a speaker names in passing is not what the story is about
        text = clean_name(ent.text) if ent.label_ == "PERSON" else ent.text
        label = ent.label_
        if label == "PERSON" or attributor.people.canonical(text) in person_names:
            canonical = attributor.people.canonical(text)
            if canonical in person_names:
                text, label = canonical, "PERSON"
            elif not _is_thing(text):
                continue  # a title alone ("Sgt"), an abbreviation ("Ch")
            else:  # a PERSON the people stage found no one behind: a town, a shop, a product
                label = attributor.people.usual_label(ent.text, besides="PERSON", default="ORG")
        entities.append((text, label))
    document.entities = entities
    document.dates = dates_mod.find_dates(doc, document.published, attributor.people,
                                          attributor.in_quote)
    document.facts = FactFinder(doc, attributor.people, document.quotes, document.titles,
                                attributor.in_quote).run()
    return document


# The longest piece of text parsed at once. spaCy refuses more than nlp.max_length
# characters and its parser needs memory in proportion to what one batch holds, so a longer
# article is parsed in pieces cut at paragraph ends (else sentence ends) and the parses
# joined into one Doc whose offsets are those of the whole text. Most articles are
# shorter and parsed whole; a batch holds at most batch_size pieces.
PART_CHARS = 10_000
_SENTENCE_END = re.compile(r"[.!?][\"”’)\]]*\s+")


def split_text(text: str, limit: int) -> list[str]:
    """Consecutive pieces of `text`, each at most `limit` characters, that join back into
    it: cut after the last newline in a piece's second half, else after the last sentence
    end, else at the last space, else (one 'word' longer than that) at the limit."""
    if len(text) <= limit:
        return [text]
    parts, start = [], 0
    while len(text) - start > limit:
        end = start + limit
        floor = start + limit // 2
        cut = text.rfind("\n", floor, end) + 1
        if not cut:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, floor, end)]
            cut = ends[-1] if ends else text.rfind(" ", floor, end) + 1
        if not cut:
            cut = end
        parts.append(text[start:cut])
        start = cut
    parts.append(text[start:])
    return parts


def _parse_all(texts: Iterable[str], nlp, batch_size: int, part_chars: int):
    """One Doc per text through nlp.pipe, long texts parsed in parts and joined."""
    from spacy.tokens import Doc

    limit = max(1, min(part_chars, nlp.max_length - 1))

    def pieces():
        for number, text in enumerate(texts):
            parts = split_text(text, limit)
            for part in parts:
                yield part, (number, len(parts))

    pending: list = []
    for parsed, (number, count) in nlp.pipe(pieces(), batch_size=batch_size, as_tuples=True):
        pending.append(parsed)
        if len(pending) == count:
            yield pending[0] if count == 1 else Doc.from_docs(pending, ensure_whitespace=False)
            pending = []


def extract(documents: Iterable[Document], nlp, *, batch_size: int = 16,
            on_error: Callable[[Document, Exception], None] | None = None,
            part_chars: int = PART_CHARS) -> Iterator[Document]:
    """Parse and annotate documents in a stream (nlp.pipe); one failure skips one document."""
    docs = list(documents)
    texts = [mask_party_tags(d.text) for d in docs]  # offsets kept: tags blanked for the parser
    for document, text, parsed in zip(docs, texts, _parse_all(texts, nlp, batch_size, part_chars)):
        try:
            if parsed.text != text:  # never silently lose or shift text
                raise ValueError("the parse does not cover the text exactly")
            yield annotate(document, parsed)
        except Exception as exc:  # isolate: one bad document must not stop the batch
            log.exception("extract failed on %s", document.id)
            if on_error is not None:
                on_error(document, exc)
