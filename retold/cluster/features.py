"""What the cluster stage knows of an article and how alike two articles are: its
features (sublinear term frequencies of words and names, named participants, date),
TF-IDF weighting with a wordfreq prior for document frequencies, the MinHash LSH keys
candidates are found by, and the similarity (cosine over words and names, weighed by
date proximity)."""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import math
import re
import struct
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..models import Document
from .stop_words import ENGLISH_STOP_WORDS

log = logging.getLogger(__name__)

NUM_PERM = 64
TOP_TERMS = 30
_WORD = re.compile(r"[a-z][a-z'-]+")
_NAME = re.compile(r"(?<![.!?\"“]\s)(?<!^)\b([A-Z][\w'’-]+|\d{4})", re.M)


@dataclass
class Features:
    """What the clusterer keeps of a document: sublinear term frequencies of its words
    and of its names, the salient terms its MinHash is made of, the named participants
    it mentions (all, in its lead, in its first sentence, people), and its date."""

    words: dict[str, float]
    names: dict[str, float]
    salient: list[str] = field(default_factory=list)
    lead: list[str] = field(default_factory=list)  # words of named participants in the lead
    first: list[str] = field(default_factory=list)  # ... and in the first sentence
    actors: list[str] = field(default_factory=list)  # words of all its named participants
    date: str | None = None
    people: list[str] = field(default_factory=list)  # words of the people it names

    def to_json(self) -> dict:
        return {"w": self.words, "n": self.names, "s": self.salient, "l": self.lead,
                "f": self.first, "a": self.actors, "d": self.date, "p": self.people}

    @classmethod
    def from_json(cls, data: dict) -> "Features":
        return cls(data["w"], data["n"], data.get("s", []), data.get("l", []), data.get("f", []),
                   data.get("a", []), data.get("d"), data.get("p", []))


def terms(feats: Features) -> list[str]:
    """What an archive counts document frequencies of: words, and names as "#name"."""
    return list(feats.words) + ["#" + t for t in feats.names]


def _tf(tokens) -> dict[str, float]:
    return {t: 1.0 + math.log(c) for t, c in Counter(tokens).items()}


_SENTENCE_BREAK = re.compile(r"\n+|(?<=[.!?])\s+(?=[A-Z\"“])")
_POSSESSIVE = re.compile(r"['’]s?$")


def _names(text: str) -> list[str]:
    names = (_POSSESSIVE.sub("", n.lower()) for n in _NAME.findall(text))
    return [n for n in names if n and n not in ENGLISH_STOP_WORDS]


def _opening_sentences(text: str, n: int = 2) -> list[str]:
    """The first n sentences; a line without a lowercase word (a dateline, a headline
    in title case) is read with the sentence after it."""
    sentences: list[str] = []
    pending = ""
    for piece in _SENTENCE_BREAK.split(text.strip()[:3000]):
        if not piece.strip():
            continue
        if not re.search(r"\b[a-z]{3,}\b", piece):
            pending += piece + " "
            continue
        sentences.append(pending + piece)
        pending = ""
        if len(sentences) == n:
            break
    return sentences


DATE_WINDOW = 30  # days within which two articles' dates say nothing
DATE_FLOOR = 0.25  # the weight left to articles a year or more apart


def _day(date: str | None) -> int | None:
    """An ISO date as a day number, None when absent or unreadable."""
    try:
        return dt.date.fromisoformat(date[:10]).toordinal() if date else None
    except ValueError:
        return None


def _date_weight(days):
    """The linear fall from 1 at DATE_WINDOW days to DATE_FLOOR at a year, unclipped
    (a number of days, or an array of them)."""
    return 1.0 - (1.0 - DATE_FLOOR) * (days - DATE_WINDOW) / (365 - DATE_WINDOW)


def date_factor(a: str | None, b: str | None) -> float:
    """How much two articles' dates let them be one story: 1 within DATE_WINDOW days
    (or when either date is unknown), falling linearly to DATE_FLOOR a year apart.
    Follow-ups months later stay reachable; last year's earthquake needs far more
    in common with this year's."""
    day_a, day_b = _day(a), _day(b)
    if day_a is None or day_b is None:
        return 1.0
    return min(1.0, max(DATE_FLOOR, _date_weight(abs(day_a - day_b))))


def document_date(document: Document) -> str | None:
    """When the article appeared: its publication date, else a dateline (a full date
    at the very top of the text, outside quotes)."""
    if document.published:
        return document.published[:10]
    for mention in document.dates:
        if mention.start > 200:
            break
        if mention.value and len(mention.value) == 10 and not mention.in_quote:
            return mention.value
    return None


_ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART"})


def _content_words(text: str) -> list[str]:
    """Lowercased words, stop words left out, possessives as their noun ("Marsh's": marsh)."""
    words = (_POSSESSIVE.sub("", w) for w in _WORD.findall(text.lower()))
    return [w for w in words if w not in ENGLISH_STOP_WORDS and len(w) > 2]


def features(document: Document) -> Features:
    """Named participants are the words of spaCy's people, places, organisations...,
    and capitalised words that are rare in English and that spaCy did not call a
    nationality, a date or a number."""
    names = _names(document.text)
    others = {w for text, label in document.entities if label not in _ACTOR_LABELS
              for w in _content_words(text)}
    actors = {w for text, label in document.entities if label in _ACTOR_LABELS
              for w in _content_words(text)}
    actors |= {n for n in names if n not in others and not n.isdigit() and _rare(n)}
    sentences = _opening_sentences(document.text)
    lead = actors.intersection(_content_words(" ".join(sentences)))
    first = actors.intersection(_content_words(sentences[0])) if sentences else set()
    return Features(_tf(_content_words(document.text)), _tf(names),
                    lead=sorted(lead), first=sorted(first), actors=sorted(actors),
                    date=document_date(document),
                    people=sorted({w for p in document.people for w in _content_words(p.name)}))


PRIOR_DOCS = 10_000  # weight of the prior, in documents (benchmarks/clustering.py)
_DOC_LENGTH = 400  # words in a typical article, to turn word frequency into document frequency


@functools.lru_cache(maxsize=200_000)
def _prior_share(term: str) -> float:
    """The share of general English documents holding a term, from wordfreq's word
    frequencies: what the store's document frequency would say if it held a large,
    varied archive already."""
    from wordfreq import word_frequency

    return 1.0 - math.exp(-_DOC_LENGTH * word_frequency(term.lstrip("#"), "en"))


def _rare(word: str) -> bool:
    """Rarer in general English than 1 in 10,000 words (wordfreq): a name, not a
    capitalised common word such as "Date" or "English"."""
    return _prior_share(word) < 1.0 - math.exp(-_DOC_LENGTH * 1e-4)


def idf(term: str, df: dict[str, int], n_docs: int) -> float:
    """Inverse document frequency over the store's documents plus PRIOR_DOCS imagined
    ones drawn from general English: the first articles of a new store already tell
    "said" and "rehab" apart, and the prior fades as the archive grows."""
    return _log_archive(n_docs) - _log_documents_with(term, df.get(term, 0))


def _log_archive(n_docs: int) -> float:
    """idf's numerator side: the log of all documents, stored and imagined, plus one."""
    return math.log(1 + n_docs + PRIOR_DOCS) + 1.0


@functools.lru_cache(maxsize=500_000)
def _log_documents_with(term: str, count: int) -> float:
    """The log of idf's denominator: documents holding the term, stored and imagined."""
    return math.log(1 + count + PRIOR_DOCS * _prior_share(term))


def salient_terms(feats: Features, df: dict[str, int], n_docs: int, k: int = TOP_TERMS) -> list[str]:
    """The k terms that weigh most in the document under the current IDF."""
    scored = [(tf * idf(t, df, n_docs), t) for t, tf in feats.words.items()]
    scored += [(tf * idf("#" + t, df, n_docs), "#" + t) for t, tf in feats.names.items()]
    return [t for _, t in sorted(scored, key=lambda x: (-x[0], x[1]))[:k]]


def lsh_keys(terms: list[str]) -> list[tuple[int, int]]:
    """(band, hash) keys of a MinHash over the salient terms, one row per band:
    documents about one event share salient terms, so a low threshold is right.

    The MinHash is datasketch's (MinHash(num_perm=NUM_PERM, seed=7), its affine32
    scheme: SHA-1's first four bytes, MurmurHash3's finalizer, then a * h + b mod 2^32
    per permutation), computed here with numpy: importing datasketch imports SciPy,
    0.7 s of every `retold analyze`. tests/test_cluster.py checks that both agree."""
    a, b = _permutations()
    if not terms:
        return [(band, _MAX_HASH) for band in range(NUM_PERM)]
    hashes = np.array([struct.unpack("<I", hashlib.sha1(t.encode("utf-8")).digest()[:4])[0] for t in terms],
                      dtype=np.uint32).reshape(-1, 1)
    hashes ^= hashes >> np.uint32(16)  # MurmurHash3's fmix32, wrapping mod 2^32
    hashes *= np.uint32(0x85EBCA6B)
    hashes ^= hashes >> np.uint32(13)
    hashes *= np.uint32(0xC2B2AE35)
    hashes ^= hashes >> np.uint32(16)
    values = (hashes * a + b).min(axis=0)
    return [(band, int(value)) for band, value in enumerate(values.tolist())]


_MAX_HASH = (1 << 32) - 1


@functools.lru_cache(maxsize=1)
def _permutations():
    """The permutations' (a, b), drawn as datasketch draws them from seed 7."""
    gen = np.random.RandomState(7)
    a = gen.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


LSH_KEY_BITS = 57  # an LSH key is its band (6 bits) over the low 57 bits of its hash
LSH_MASK = (1 << LSH_KEY_BITS) - 1


def lsh_key(band: int, value: int) -> int:
    """One integer for an LSH (band, hash) pair, as archives index it."""
    return (band << LSH_KEY_BITS) | (value & LSH_MASK)


class Weighted:
    """A document's TF-IDF vectors (words, names) for cosine similarity: `words` and
    `names` at unit length. The engine weighs some fifty archived documents for each
    article it places and compares each with a few, over the terms they share: the
    unit vectors are made on first use, and `similarity` divides only the shared terms'
    weights by the norms (the same divisions, so the same numbers)."""

    __slots__ = ("raw_words", "word_norm", "raw_names", "name_norm", "date", "_words", "_names")

    def __init__(self, raw_words: dict[str, float], raw_names: dict[str, float], date: str | None = None):
        self.raw_words, self.word_norm = raw_words, _norm(raw_words)
        self.raw_names, self.name_norm = raw_names, _norm(raw_names)
        self.date = date
        self._words = self._names = None

    @property
    def words(self) -> dict[str, float]:
        if self._words is None:
            self._words = _divided(self.raw_words, self.word_norm)
        return self._words

    @property
    def names(self) -> dict[str, float]:
        if self._names is None:
            self._names = _divided(self.raw_names, self.name_norm)
        return self._names


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum([v * v for v in vector.values()]))


def _divided(vector: dict[str, float], norm: float) -> dict[str, float]:
    return {t: v / norm for t, v in vector.items()} if norm else {}


def _unit(vector: dict[str, float]) -> dict[str, float]:
    return _divided(vector, _norm(vector))


class Frequencies(Counter):
    """Document frequencies that keep, for each term counted, idf's log of the
    documents holding it (_log_documents_with at its count), updated as documents are
    counted: what weigh would otherwise compute for every term of every document."""

    def __init__(self):
        super().__init__()
        self.logs: dict[str, float] = {}

    def count(self, terms: set[str]) -> None:
        """Count one document's (distinct) terms."""
        self.update(terms)
        for t in terms:
            self.logs[t] = _log_documents_with(t, self[t])


def weigh(feats: Features, df: dict[str, int], n_docs: int) -> Weighted:
    top = _log_archive(n_docs)  # idf, inlined: this runs for every term of every candidate
    log = math.log
    words, word_priors, names, name_keys, name_priors = _priors(feats)
    if isinstance(df, Frequencies):  # the logs kept, else log(1 + 0 + the prior's share)
        known = df.logs.get
        return Weighted({t: v * (top - (known(t) or log(1 + k))) for (t, v), k in zip(words, word_priors)},
                        {t: v * (top - (known(h) or log(1 + k)))
                         for (t, v), h, k in zip(names, name_keys, name_priors)},
                        feats.date)
    get = df.get  # what _log_documents_with computes, term by term: log(1 + count + the prior's share)
    return Weighted({t: v * (top - log(1 + get(t, 0) + k)) for (t, v), k in zip(words, word_priors)},
                    {t: v * (top - log(1 + get(h, 0) + k)) for (t, v), h, k in zip(names, name_keys, name_priors)},
                    feats.date)


def _priors(feats: Features) -> tuple:
    """A document's terms with what the prior adds to their document frequencies
    (PRIOR_DOCS * _prior_share), kept by the identity of its word and name vectors (held
    here, so not reused) for the last _PRIORS_KEPT documents: the engine weighs one
    document again for every article placed near it."""
    key = (id(feats.words), id(feats.names))
    found = _PRIORS.get(key)
    if found is None or found[0] is not feats.words or found[1] is not feats.names:
        names = list(feats.names.items())
        name_keys = ["#" + t for t, _ in names]
        words = list(feats.words.items())
        found = (feats.words, feats.names, words, [PRIOR_DOCS * _prior_share(t) for t, _ in words],
                 names, name_keys, [PRIOR_DOCS * _prior_share(t) for t in name_keys])
        if len(_PRIORS) >= _PRIORS_KEPT:
            _PRIORS.clear()
        _PRIORS[key] = found
    return found[2:]


_PRIORS: dict[tuple[int, int], tuple] = {}
_PRIORS_KEPT = 2048


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum([v * b[t] for t, v in a.items() if t in b])


NAME_WEIGHT = 0.5  # share of names (people, places, years) in the similarity


def similarity(a: Weighted, b: Weighted) -> float:
    """TF-IDF cosine over words blended with TF-IDF cosine over names, less for
    articles that appeared far apart in time."""
    return date_factor(a.date, b.date) * (
        (1 - NAME_WEIGHT) * _cosine(a.raw_words, a.word_norm, b.raw_words, b.word_norm)
        + NAME_WEIGHT * _cosine(a.raw_names, a.name_norm, b.raw_names, b.name_norm))


def _cosine(a: dict[str, float], norm_a: float, b: dict[str, float], norm_b: float) -> float:
    """_dot of the two unit vectors, dividing only the terms they share."""
    if not norm_a or not norm_b:
        return 0
    if len(a) > len(b):
        a, norm_a, b, norm_b = b, norm_b, a, norm_a
    return sum([(v / norm_a) * (b[t] / norm_b) for t, v in a.items() if t in b])
