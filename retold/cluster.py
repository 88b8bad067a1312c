"""cluster: documents -> stories, one event each. One similarity (TF-IDF over words and
over names, with a wordfreq prior for document frequencies, weighed by date proximity)
serves both the batch clustering of `analyze` (average linkage) and the incremental one
of the store (MinHash LSH candidates, average link to a story's documents); both then
split a story whose articles turn out to tell two events (split_events). Deterministic
for a given input order.
"""
from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from .models import Document

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.22  # average similarity for a batch's documents to share a story (ECB+ best)


def _frequencies(feats) -> Counter:
    """Document frequency of each word, and of each name (as "#name")."""
    df: Counter = Counter()
    for f in feats:
        df.update(f.words)
        df.update("#" + t for t in f.names)
    return df


def similarity_matrix(feats: list[Features]):
    """Pairwise similarity of a batch, as the store's clustering measures it (the same
    numbers as `similarity`, in matrix form): TF-IDF over words and over names
    (document frequencies from the batch and the wordfreq prior), weighed by date
    proximity."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer

    df = _frequencies(feats)
    weighted = [weigh(f, df, len(feats)) for f in feats]
    sim = np.zeros((len(feats), len(feats)))
    for share, vectors in ((1 - NAME_WEIGHT, [w.words for w in weighted]),
                           (NAME_WEIGHT, [w.names for w in weighted])):
        if any(vectors):
            matrix = DictVectorizer().fit_transform(vectors)
            sim += share * (matrix @ matrix.T).toarray()
    days = np.array([np.nan if _day(f.date) is None else _day(f.date) for f in feats], dtype=float)
    gap = np.abs(days[:, None] - days[None, :])
    sim *= np.where(np.isnan(gap), 1.0, np.clip(_date_weight(gap), DATE_FLOOR, 1.0))
    np.fill_diagonal(sim, 1.0)
    return sim


def cluster(documents: list[Document], *, threshold: float = DEFAULT_THRESHOLD) -> list[list[Document]]:
    """Group documents into stories (average linkage, then each group cut into its
    events as the store does); stories keep input order, as do their documents."""
    if not documents:
        return []
    feats = [features(d) for d in documents]
    labels = [0]
    if len(documents) > 1:
        from sklearn.cluster import AgglomerativeClustering

        model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                        distance_threshold=1.0 - threshold)
        labels = model.fit_predict(1.0 - similarity_matrix(feats))
    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(int(label), []).append(i)
    stories = [part for group in groups.values() for part in _split_group(group, feats)]
    return [[documents[i] for i in story] for story in sorted(stories)]


def _split_group(group: list[int], feats: list[Features]) -> list[list[int]]:
    """A group (indices into feats) cut into its events, as the store's clustering
    does (split_events); each part in ascending order."""
    if len(group) < SPLIT_MIN:
        return [sorted(group)]
    members = {f"{i:06d}": feats[i] for i in group}
    found = split_events(members, _frequencies(members.values()), len(group))
    if found is None:
        return [sorted(group)]
    return [part for half in found[:2] for part in _split_group([int(k) for k in half], feats)]


def story_id(documents: list[Document]) -> str:
    """A stable id from the content of the story's documents."""
    digest = hashlib.sha1("|".join(sorted(d.content_hash for d in documents)).encode())
    return "story_" + digest.hexdigest()[:12]


# -- incremental clustering (the story store) ----------------------------------------

NUM_PERM = 64
TOP_TERMS = 30
MAX_CANDIDATES = 50
INCREMENTAL_THRESHOLD = 0.19  # best mean B-cubed F1 on ECB+ dev (benchmarks/clustering.py)
BRIDGE_FACTOR = 2.0  # a story an article bridges to must score this many thresholds ...
BRIDGE_SHARE = 0.9  # ... and at least this share of its score for the best story
STORIES_SCORED = 5
LINKAGE = "average"
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
    """(band, hash) keys of a MinHash (datasketch) over the salient terms, one row per
    band: documents about one event share salient terms, so a low threshold is right."""
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, seed=7)
    for t in terms:
        mh.update(t.encode("utf-8"))
    return [(band, int(value) & 0x7FFFFFFFFFFFFFFF) for band, value in enumerate(mh.hashvalues)]


@dataclass
class Weighted:
    """A document's TF-IDF vectors (words, names), unit length, for cosine similarity."""

    words: dict[str, float]
    names: dict[str, float]
    date: str | None = None


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}


def weigh(feats: Features, df: dict[str, int], n_docs: int) -> Weighted:
    top = _log_archive(n_docs)  # idf, inlined: this runs for every term of every candidate
    return Weighted(_unit({t: v * (top - _log_documents_with(t, df.get(t, 0))) for t, v in feats.words.items()}),
                    _unit({t: v * (top - _log_documents_with("#" + t, df.get("#" + t, 0)))
                           for t, v in feats.names.items()}),
                    feats.date)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[t] for t, v in a.items() if t in b)


NAME_WEIGHT = 0.5  # share of names (people, places, years) in the similarity


def similarity(a: Weighted, b: Weighted) -> float:
    """TF-IDF cosine over words blended with TF-IDF cosine over names, less for
    articles that appeared far apart in time."""
    return date_factor(a.date, b.date) * (
        (1 - NAME_WEIGHT) * _dot(a.words, b.words) + NAME_WEIGHT * _dot(a.names, b.names))


def choose_story(similarities: dict[str, list[float]], sizes: dict[str, int],
                 threshold: float) -> tuple[str | None, list[str]]:
    """Average-link decision: the story whose documents are most like the new one (a
    document not among the candidates counts as unlike), and other stories the new
    document bridges to, which merge into it. Ties go to the older (smaller id) story."""
    if LINKAGE == "complete":
        scores = {sid: min(sims) for sid, sims in similarities.items() if sims}
    elif LINKAGE == "blend":
        scores = {sid: 0.5 * min(sims) + 0.5 * sum(sims) / len(sims) for sid, sims in similarities.items() if sims}
    else:
        scores = {sid: sum(sims) / max(sizes.get(sid, len(sims)), len(sims))
                  for sid, sims in similarities.items()}
    passing = sorted((sid for sid, v in scores.items() if v >= threshold),
                     key=lambda sid: (-scores[sid], sid))
    if not passing:
        return None, []
    # a bridge must be strong: only stories the document fits almost as well as the best
    bridged = [sid for sid in passing[1:]
               if scores[sid] >= max(threshold * BRIDGE_FACTOR, BRIDGE_SHARE * scores[passing[0]])]
    return passing[0], bridged


# -- one story, two events ------------------------------------------------------------
SPLIT_MIN = 6  # a story is checked for two events from this many documents ...
SPLIT_MAX = 60  # ... up to this many (a larger story is settled)
SPLIT_SIDE = 3  # documents each event needs
_NOT_ACTORS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december jan feb mar apr jun jul aug sep sept oct "
    "nov dec new".split())


def _local_similarity(ids: list[str], members: dict[str, Features], df: dict[str, int],
                      n_docs: int):
    """Cosine between a story's documents over the terms that tell them apart: terms
    in at least two documents but not in nearly all (those are the story's subject)."""
    import numpy as np

    bags = {d: set(members[d].words) | {"#" + t for t in members[d].names} for d in ids}
    local = Counter(t for d in ids for t in bags[d])
    keep = {t for t, c in local.items() if 2 <= c <= 0.8 * len(ids)}
    vectors = []
    for d in ids:
        f = members[d]
        v = {t: tf * idf(t, df, n_docs) for t, tf in f.words.items() if t in keep}
        v.update({"#" + t: tf * idf("#" + t, df, n_docs) for t, tf in f.names.items() if "#" + t in keep})
        vectors.append(_unit(v))
    sim = np.eye(len(ids))
    for i in range(len(ids)):
        for j in range(i + 1, len(ids)):
            sim[i, j] = sim[j, i] = _dot(vectors[i], vectors[j])
    return sim


def _own_name(side: list[str], other: list[str], members: dict[str, Features], *,
              lead: float = 0.0, first: float = 0.0, mentions: float = 1.5) -> str | None:
    """A named participant that one group of articles is about and the other never
    mentions: named in 80% of the group's articles, `mentions` times per article on
    average, in the lead (first two sentences) of a `lead` share of them and in the
    first sentence of a `first` share."""
    counts = Counter(t for d in side for t in members[d].actors)
    elsewhere = {t for d in other for t in (*members[d].words, *members[d].names, *members[d].actors)}
    for name, k in sorted(counts.items()):
        if k < 0.8 * len(side) or name in elsewhere or name in _NOT_ACTORS:
            continue
        if sum(name in members[d].lead for d in side) < lead * len(side):
            continue
        if sum(name in members[d].first for d in side) < first * len(side):
            continue
        if sum(math.exp(members[d].words.get(name, 1.0) - 1.0) for d in side) >= mentions * len(side):
            return name
    return None


def _two_events(a: list[str], b: list[str], members: dict[str, Features]) -> str | None:
    """The name that tells two groups of articles apart as two events: one group's
    central actor (named in the lead, the first sentence, repeated: a boxer's new
    opponent, the person who died) the other never names; or a name of each group's
    own that the other never names, one of them in the leads (two players arrested);
    or each group leading with a figure the other names in passing at most. Sources
    quoted in the body are not enough: outlets quote different people. Groups
    published in the same days about the same person are one event told two ways
    (the rehab clinic some outlets name and others do not) unless each leads with a
    person of its own. Failing names, time: a year one group is dated in and carries
    that the other never names (_own_year)."""
    if _same_days(a, b, members) and _shared_person(a, b, members):
        mine, theirs = _leading_figure(a, b, members), _leading_figure(b, a, members)
        return f"{mine} / {theirs}" if mine and theirs else None
    for side, other in ((a, b), (b, a)):
        name = _own_name(side, other, members, lead=0.8, first=0.4)
        if name:
            return name
    for side, other in ((a, b), (b, a)):  # one of the two leads its group's articles
        mine = _own_name(side, other, members, lead=0.5, mentions=2.0)
        theirs = _own_name(other, side, members, mentions=2.0)
        if mine and theirs:
            return f"{mine} / {theirs}"
    mine, theirs = _leading_figure(a, b, members), _leading_figure(b, a, members)
    if mine and theirs:
        return f"{mine} / {theirs}"
    for side, other in ((a, b), (b, a)):
        year = _own_year(side, other, members)
        if year:
            return year
    return None


def told_apart(a: dict[str, Features], b: dict[str, Features]) -> str | None:
    """The name (or year) that tells two groups of articles (doc id -> features) apart
    as two events, or None when nothing does."""
    return _two_events(list(a), list(b), {**a, **b})


YEAR_SHARE = 0.7  # share of a group's articles that must carry the year it is dated in
YEAR_STRAY = 0.1  # share of the other group that may carry it (an article of the first left there)


def _years(f: Features) -> set[str]:
    """The years an article is dated in or names (1900-2099)."""
    years = {n for n in f.names if len(n) == 4 and n[:2] in ("19", "20") and n.isdigit()}
    return years | {f.date[:4]} if f.date else years


def _own_year(side: list[str], other: list[str], members: dict[str, Features]) -> str | None:
    """The year of one group's news (a year its articles are dated in, carried by most
    of them) that the other group's articles are not dated in and do not name (one in
    ten may: an article of the first group left among them): last year's patch and this
    year's, where the older articles carry no dates."""
    for year in sorted({members[d].date[:4] for d in side if members[d].date}):
        if (sum(year in _years(members[d]) for d in side) >= YEAR_SHARE * len(side)
                and sum(year in _years(members[d]) for d in other) <= YEAR_STRAY * len(other)):
            return year
    return None


SAME_DAYS = 3  # days between two groups' dated articles that make them the same news days


def _same_days(a: list[str], b: list[str], members: dict[str, Features]) -> bool:
    """Whether both groups have dated articles and their dates overlap or come
    within SAME_DAYS of each other."""
    days = [[d for d in (_day(members[m].date) for m in side) if d is not None] for side in (a, b)]
    if not all(days):
        return False
    (lo_a, hi_a), (lo_b, hi_b) = ((min(d), max(d)) for d in days)
    return lo_a <= hi_b + SAME_DAYS and lo_b <= hi_a + SAME_DAYS


def _shared_person(a: list[str], b: list[str], members: dict[str, Features]) -> bool:
    """Whether one person is named in 80% of the articles of both groups (the singer
    both groups are about; two fires in two towns share no one)."""
    def common(side):
        counts = Counter(t for d in side for t in members[d].people)
        return {t for t, k in counts.items() if k >= 0.8 * len(side)}
    return bool(common(a) & common(b))


LEADING = 2.2  # how much more central (of 3) a group's figure must be in it than in the other


def _centrality(f: Features, name: str) -> float:
    """0..3: in the first sentence, in the lead, and mentions (up to three)."""
    mentions = math.exp(f.words[name] - 1.0) if name in f.words else float(name in f.actors)
    return (name in f.first) + (name in f.lead) + min(mentions, 3.0) / 3.0


def _leading_figure(side: list[str], other: list[str], members: dict[str, Features]) -> str | None:
    """A person far more central to one group's articles than to the other's (the
    injured player the first group leads with, whom the second names in passing)."""
    people = Counter(t for d in side for t in members[d].people)
    named = Counter(t for d in side for t in members[d].actors)
    best, found = LEADING, None
    for name, k in sorted(people.items()):  # a person in most articles, named in nearly all
        if k < 0.5 * len(side) or named[name] < 0.8 * len(side) or name in _NOT_ACTORS:
            continue
        gap = (sum(_centrality(members[d], name) for d in side) / len(side)
               - sum(_centrality(members[d], name) for d in other) / len(other))
        if gap >= best:
            best, found = gap, name
    return found


def _fiedler_cut(sim) -> list[bool]:
    """The normalized spectral cut of a similarity graph in two (Shi & Malik): the
    sign of the eigenvector of the normalized Laplacian's second smallest eigenvalue."""
    import numpy as np

    weights = sim.clip(0, 1) + 1e-6
    scale = 1.0 / np.sqrt(weights.sum(axis=1))
    laplacian = np.eye(len(sim)) - scale[:, None] * weights * scale[None, :]
    _, vectors = np.linalg.eigh(laplacian)
    fiedler = scale * vectors[:, 1]
    if fiedler[0] < 0:  # the sign of an eigenvector is arbitrary: fix it
        fiedler = -fiedler
    return _refined(sim, fiedler >= 0)


def _refined(sim, side, rounds: int = 5) -> list[bool]:
    """A two-way cut improved as 2-means would: each document goes to the half it is
    more like on average (itself left out), until nothing moves. The spectral cut gets
    the shape; this puts back the odd article it left on the wrong side."""
    import numpy as np

    for _ in range(rounds):
        inside, outside = side.sum(), (~side).sum()
        if inside < 2 or outside < 2:
            break
        to_a = (sim[:, side].sum(axis=1) - side) / (inside - side)
        to_b = (sim[:, ~side].sum(axis=1) - ~side) / (outside - ~side)
        moved = to_a > to_b
        if (moved == side).all():
            break
        side = moved
    return list(side)


def split_events(members: dict[str, Features], df: dict[str, int],
                 n_docs: int) -> tuple[list[str], list[str], str] | None:
    """Whether a story's documents tell two events: its documents cut in two
    (a spectral cut over the terms that tell them apart), and the halves about
    different people (_two_events). Returns the halves and the name(s) that tell them
    apart."""
    ids = sorted(members)
    if not SPLIT_MIN <= len(ids) <= SPLIT_MAX:
        return None
    side = _fiedler_cut(_local_similarity(ids, members, df, n_docs))
    halves = ([d for d, s in zip(ids, side) if s], [d for d, s in zip(ids, side) if not s])
    if min(len(h) for h in halves) < SPLIT_SIDE:
        return None
    name = _two_events(*halves, members)
    return (*halves, name) if name else None
