"""extract: the per-document NLP stage. Parses each Document once with spaCy and fills in
quotes (with speakers and via), titles, people and named entities.

spaCy objects are created and dropped here; everything returned is plain records.
"""
from __future__ import annotations

import logging
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
    attributor = QuoteAttributor(doc, scan(document.text), document.id, source_text=document.text)
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


def extract(documents: Iterable[Document], nlp, *, batch_size: int = 16,
            on_error: Callable[[Document, Exception], None] | None = None) -> Iterator[Document]:
    """Parse and annotate documents in a stream (nlp.pipe); one failure skips one document."""
    docs = list(documents)
    texts = (mask_party_tags(d.text) for d in docs)  # offsets kept: tags blanked for the parser
    for document, parsed in zip(docs, nlp.pipe(texts, batch_size=batch_size)):
        try:
            yield annotate(document, parsed)
        except Exception as exc:  # isolate: one bad document must not stop the batch
            log.exception("extract failed on %s", document.id)
            if on_error is not None:
                on_error(document, exc)
