"""extract: the per-document NLP stage. Parses each Document once with spaCy and fills in
quotes (with speakers and via), titles, people and named entities.

spaCy objects are created and dropped here; everything returned is plain records.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import re
import signal
import threading
from collections import Counter
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
    raw = scan(document.text)
    attributor = QuoteAttributor(doc, raw, document.id, source_text=document.text)
    document.quotes = attributor.run()
    document.titles = attributor.titles
    document.people = attributor.people.as_records()
    document.epithets = attributor.people.epithets()
    document.quotes = trace(document, doc, raw)  # via carried over the quotes of one material
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


def _parse_all(texts: list[str], nlp, batch_size: int, part_chars: int):
    """One Doc per text through nlp.pipe, long texts parsed in parts and joined; a text
    met again (the same wire story from several outlets) is parsed once and its Doc
    given again (the annotators only read a Doc)."""
    from spacy.tokens import Doc

    limit = max(1, min(part_chars, nlp.max_length - 1))
    left = Counter(texts)  # how many times each text is still to be given
    kept: dict[str, object] = {}  # the Doc of a text met again later

    def pieces():
        seen = set()
        for text in texts:
            if text in seen:
                continue
            seen.add(text)
            parts = split_text(text, limit)
            for part in parts:
                yield part, len(parts)

    def given(text, doc):
        left[text] -= 1
        if left[text]:
            kept[text] = doc
        else:
            kept.pop(text, None)
        return doc

    parsed = iter(nlp.pipe(pieces(), batch_size=batch_size, as_tuples=True))
    pending: list = []
    for text in texts:
        if text in kept:
            yield given(text, kept[text])
            continue
        for doc, count in parsed:
            pending.append(doc)
            if len(pending) == count:
                break
        joined = pending[0] if len(pending) == 1 else Doc.from_docs(pending, ensure_whitespace=False)
        pending = []
        yield given(text, joined)


# When extracting in two processes pays: measured with benchmarks/throughput.py
# --processes on ECB+ dev articles (about 1,000 characters each) on a 2-core machine that
# other jobs kept busy (load 8-10): two processes cost 0.2 s more CPU than one at 10 and
# 40 articles and 0.6 s more at 80 (about 8%), and save half the extraction's wall time
# (about 0.05 s per article) only when a second core is free. From 40 articles the saving
# on a free core (about 1 s) outweighs the cost; under such load the two run level.
PARALLEL_MIN_DOCS = 40
MAX_PROCESSES = 2  # the most measured; each worker holds its own copy of the model's state


def processes_for(count: int) -> int:
    """How many processes should extract `count` documents: the cores this process may
    use (at most MAX_PROCESSES) once there are PARALLEL_MIN_DOCS, else one. Only on the
    main thread (the workers are forked: no other thread's locks to inherit there) and
    where processes can be forked."""
    if count < PARALLEL_MIN_DOCS or threading.current_thread() is not threading.main_thread() \
            or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_PROCESSES))


_worker_nlp = None  # the pipeline a forked worker inherits from its parent
_worker_part_chars = PART_CHARS
# Annotated once before the workers are forked, so that what the stage loads on first use
# (gender-guesser's name list, dateparser's locale data, about a second) is loaded once
# and shared by the workers, not loaded again in each.
_WARM_UP = ('"We will reopen on Monday, March 3," said manager Ana Ruiz, 41, on Tuesday. '
            "The fire cost $2 million, she told the Daily Ledger two weeks later.")


def _ignore_interrupt():
    """A worker leaves Ctrl-C to its parent, which stops the workers (pool.terminate)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _extract_chunk(chunk: list[Document]) -> list[tuple[dict | None, Exception | None]]:
    """In a worker: each document's annotations (its fields but the text, which the
    parent has), or the error that stopped it."""
    out = []
    texts = [mask_party_tags(d.text) for d in chunk]  # offsets kept: tags blanked for the parser
    parsed_all = _parse_all(texts, _worker_nlp, len(chunk), _worker_part_chars)
    for document, text, parsed in zip(chunk, texts, parsed_all):
        try:
            if parsed.text != text:  # never silently lose or shift text
                raise ValueError("the parse does not cover the text exactly")
            annotate(document, parsed)
            out.append(({k: v for k, v in vars(document).items() if k != "text"}, None))
        except Exception as exc:
            log.exception("extract failed on %s", document.id)
            try:
                pickle.dumps(exc)  # it goes back to the parent as it is when it can
            except Exception:
                exc = RuntimeError(f"{type(exc).__name__}: {exc}")
            out.append((None, exc))
    return out


def _chunks(docs: list[Document], size: int) -> list[list[int]]:
    """The documents' positions in chunks of about `size`, in input order except that
    the copies of one text go into the chunk of its first (its worker parses it once)."""
    copies: dict[str, list[int]] = {}
    for number, document in enumerate(docs):
        copies.setdefault(document.text, []).append(number)
    chunks, chunk = [], []
    for group in copies.values():
        chunk.extend(group)
        if len(chunk) >= size:
            chunks.append(chunk)
            chunk = []
    return chunks + [chunk] if chunk else chunks


def _extract_in_processes(docs: list[Document], nlp, batch_size: int, n_process: int,
                          on_error: Callable[[Document, Exception], None] | None,
                          part_chars: int = PART_CHARS) -> Iterator[Document]:
    """extract() in n_process forked workers, each parsing and annotating its share of
    the documents (spaCy's own n_process would leave the annotation to this process and
    can hang at exit after Ctrl-C). Results come back in input order, each written into
    the caller's Document. Ctrl-C (KeyboardInterrupt) or an error here ends the workers."""
    global _worker_nlp, _worker_part_chars
    # chunks small enough that the workers finish together, large enough to batch the parse
    size = max(1, min(batch_size, -(-len(docs) // (4 * n_process))))
    chunks = _chunks(docs, size)
    annotate(Document(id="warm-up", text=_WARM_UP, published="2024-02-27"), nlp(_WARM_UP))
    _worker_nlp, _worker_part_chars = nlp, part_chars
    pool = multiprocessing.get_context("fork").Pool(n_process, initializer=_ignore_interrupt)
    try:
        done: dict[int, tuple] = {}  # position -> its document's result, until its turn
        results = zip(chunks, pool.imap(_extract_chunk, [[docs[i] for i in c] for c in chunks]))
        for number, document in enumerate(docs):
            while number not in done:
                chunk, answers = next(results)
                done.update(zip(chunk, answers))
            fields, error = done.pop(number)
            if error is None:
                vars(document).update(fields)
                yield document
            elif on_error is not None:
                on_error(document, error)
        pool.close()
    finally:
        pool.terminate()
        pool.join()
        _worker_nlp = None


def extract(documents: Iterable[Document], nlp, *, batch_size: int = 16, n_process: int = 1,
            on_error: Callable[[Document, Exception], None] | None = None,
            part_chars: int = PART_CHARS) -> Iterator[Document]:
    """Parse and annotate documents in a stream (nlp.pipe), in n_process processes when
    more than one (see processes_for); one failure skips one document."""
    docs = list(documents)
    if n_process > 1 and len(docs) > 1:
        yield from _extract_in_processes(docs, nlp, batch_size, n_process, on_error, part_chars)
        return
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
