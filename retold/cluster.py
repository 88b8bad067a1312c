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
