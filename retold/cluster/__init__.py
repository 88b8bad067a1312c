"""cluster: documents -> stories, one event each. One engine places every article,
whether `analyze` runs over a folder (a MemoryArchive), `ingest` over the store, or a
batch partition: `Engine(archive, threshold).place(doc) -> Placement`.

Above events, storylines: successive events of one running story threaded
(storylines.py; `storylines(stories)` is pure, `thread` runs it over analyzed stories,
`rethread` over an archive's touched stories).

Public API: Engine, Placement, Archive (the protocol an archive implements),
MemoryArchive, cluster (documents -> stories through a MemoryArchive), features,
Features, story_id, document_date, INCREMENTAL_THRESHOLD, storylines, profile, thread,
rethread."""
from __future__ import annotations

import hashlib

from ..models import Document, Storyline
from .engine import INCREMENTAL_THRESHOLD, Archive, Engine, Placement
from .features import Features, document_date, features, lsh_keys, salient_terms, terms
from .memory import MemoryArchive
from .storylines import profile, rethread, storylines

DEFAULT_THRESHOLD = INCREMENTAL_THRESHOLD

__all__ = ["Archive", "Engine", "Features", "INCREMENTAL_THRESHOLD", "MemoryArchive", "Placement",
           "cluster", "document_date", "features", "lsh_keys", "profile", "rethread", "salient_terms",
           "story_id", "storylines", "terms", "thread"]


def cluster(documents: list[Document], *, threshold: float = INCREMENTAL_THRESHOLD) -> list[list[Document]]:
    """Group documents into stories with the store's engine: placed in publication-date
    order (undated last), ties by input order; each story's documents in input order."""
    order = {id(d): i for i, d in enumerate(documents)}
    dated = sorted(documents, key=lambda d: (document_date(d) is None, document_date(d) or "", order[id(d)]))
    archive = MemoryArchive()
    engine = Engine(archive, threshold)
    for doc in dated:
        engine.place(doc)
    stories = [sorted(g, key=lambda d: order[id(d)]) for g in archive.stories()]
    return sorted(stories, key=lambda g: order[id(g[0])])


def story_id(documents: list[Document]) -> str:
    """A stable id from the content of the story's documents."""
    digest = hashlib.sha1("|".join(sorted(d.content_hash for d in documents)).encode())
    return "story_" + digest.hexdigest()[:12]


def thread(stories: list[tuple[str, str, list[Document]]]) -> list[Storyline]:
    """Storylines over stories given as (id, title, documents)."""
    return storylines([{"id": sid, "title": title, "features": [features(d) for d in docs]}
                       for sid, title, docs in stories])
