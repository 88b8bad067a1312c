"""cluster: documents -> stories. TF-IDF cosine blended with shared named entities,
grouped by average-linkage agglomerative clustering; deterministic for a given input.
"""
from __future__ import annotations

import hashlib
import logging

from .models import Document

log = logging.getLogger(__name__)

DEFAULT_THRESHOLD = 0.22  # minimum blended similarity for two documents to share a story


def similarity_matrix(documents: list[Document]):
    """Pairwise similarity: 0.75 TF-IDF cosine + 0.25 Jaccard of named entities."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    texts = [d.text for d in documents]
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english", min_df=1,
                                 token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9'-]+\b")
    try:
        matrix = vectorizer.fit_transform(texts)
        cosine = cosine_similarity(matrix)
    except ValueError:  # no usable vocabulary (stop words only)
        cosine = np.eye(len(documents))
    ents = [{name.lower() for name, label in d.entities
             if label in ("PERSON", "ORG", "GPE", "EVENT", "FAC", "LOC", "WORK_OF_ART")}
            for d in documents]
    n = len(documents)
    jaccard = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            union = ents[i] | ents[j]
            if union:
                jaccard[i, j] = jaccard[j, i] = len(ents[i] & ents[j]) / len(union)
    sim = 0.75 * cosine + 0.25 * jaccard
    np.fill_diagonal(sim, 1.0)
    return sim


def cluster(documents: list[Document], *, threshold: float = DEFAULT_THRESHOLD) -> list[list[Document]]:
    """Group documents into stories; stories keep input order, as do their documents."""
    if not documents:
        return []
    if len(documents) == 1:
        return [list(documents)]
    from sklearn.cluster import AgglomerativeClustering

    sim = similarity_matrix(documents)
    model = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                    distance_threshold=1.0 - threshold)
    labels = model.fit_predict(1.0 - sim)
    groups: dict[int, list[Document]] = {}
    for label, doc in zip(labels, documents):
        groups.setdefault(int(label), []).append(doc)
    return sorted(groups.values(), key=lambda g: documents.index(g[0]))


def story_id(documents: list[Document]) -> str:
    """A stable id from the content of the story's documents."""
    digest = hashlib.sha1("|".join(sorted(d.content_hash for d in documents)).encode())
    return "story_" + digest.hexdigest()[:12]


# -- incremental clustering (the story store) ----------------------------------------
import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

NUM_PERM = 64
TOP_TERMS = 30
MAX_CANDIDATES = 50
INCREMENTAL_THRESHOLD = 0.19  # best mean B-cubed F1 on ECB+ dev (benchmarks/clustering.py)
BRIDGE_FACTOR = 2.0
STORIES_SCORED = 5
LINKAGE = "average"
_WORD = re.compile(r"[a-z][a-z'-]+")
_NAME = re.compile(r"(?<![.!?\"“]\s)(?<!^)\b([A-Z][\w'’-]+|\d{4})", re.M)


@dataclass
class Features:
    """What the incremental clusterer keeps of a document: sublinear term frequencies
    of its words and of its names, and the salient terms its MinHash is made of."""

    words: dict[str, float]
    names: dict[str, float]
    salient: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"w": self.words, "n": self.names, "s": self.salient}

    @classmethod
    def from_json(cls, data: dict) -> "Features":
        return cls(data["w"], data["n"], data.get("s", []))


def _tf(tokens) -> dict[str, float]:
    return {t: 1.0 + math.log(c) for t, c in Counter(tokens).items()}


def features(document: Document) -> Features:
    words = [w for w in _WORD.findall(document.text.lower())
             if w not in ENGLISH_STOP_WORDS and len(w) > 2]
    names = [n.lower() for n in _NAME.findall(document.text) if n.lower() not in ENGLISH_STOP_WORDS]
    return Features(_tf(words), _tf(names))


PRIOR_DOCS = 10_000  # weight of the prior, in documents (benchmarks/clustering.py)
_DOC_LENGTH = 400  # words in a typical article, to turn word frequency into document frequency


@functools.lru_cache(maxsize=200_000)
def _prior_share(term: str) -> float:
    """The share of general English documents holding a term, from wordfreq's word
    frequencies: what the store's document frequency would say if it held a large,
    varied archive already."""
    from wordfreq import word_frequency

    return 1.0 - math.exp(-_DOC_LENGTH * word_frequency(term.lstrip("#"), "en"))


def idf(term: str, df: dict[str, int], n_docs: int) -> float:
    """Inverse document frequency over the store's documents plus PRIOR_DOCS imagined
    ones drawn from general English: the first articles of a new store already tell
    "said" and "rehab" apart, and the prior fades as the archive grows."""
    return math.log((1 + n_docs + PRIOR_DOCS) / (1 + df.get(term, 0) + PRIOR_DOCS * _prior_share(term))) + 1.0


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


def _unit(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}


def weigh(feats: Features, df: dict[str, int], n_docs: int) -> Weighted:
    return Weighted(_unit({t: v * idf(t, df, n_docs) for t, v in feats.words.items()}),
                    _unit({t: v * idf("#" + t, df, n_docs) for t, v in feats.names.items()}))


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[t] for t, v in a.items() if t in b)


NAME_WEIGHT = 0.5  # share of names (people, places, years) in the similarity


def similarity(a: Weighted, b: Weighted) -> float:
    """TF-IDF cosine over words blended with TF-IDF cosine over names."""
    return (1 - NAME_WEIGHT) * _dot(a.words, b.words) + NAME_WEIGHT * _dot(a.names, b.names)


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
    bridged = [sid for sid in passing[1:] if scores[sid] >= max(threshold * BRIDGE_FACTOR, 0.9 * scores[passing[0]])]
    return passing[0], bridged
