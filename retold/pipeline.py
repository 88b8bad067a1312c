"""The orchestrator: ingest -> extract -> cluster -> reconcile, with failures isolated
per document and progress reported through a callback."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from . import nlp as nlp_mod
from .cluster import cluster
from .extract import extract
from .ingest import read_sources
from .models import Analysis, Document, Failure
from .reconcile import reconcile
from .settings import Settings

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def analyze_documents(documents: list[Document], *, settings: Settings | None = None,
                      progress: Progress | None = None) -> Analysis:
    """Extract, cluster and reconcile documents already read."""
    settings = settings or Settings()
    failures: list[Failure] = []
    nlp = nlp_mod.load(settings.model)

    def failed(doc: Document, exc: Exception):
        failures.append(Failure(doc.path or doc.id, f"analysis failed ({type(exc).__name__}: {exc})"))

    done: list[Document] = []
    total = len(documents)
    for doc in extract(documents, nlp, batch_size=settings.batch_size, on_error=failed):
        done.append(doc)
        if progress:
            progress("extract", len(done), total)
    stories = []
    for group in cluster(done, threshold=settings.cluster_threshold):
        stories.append(reconcile(group, summary_sentences=settings.summary_sentences))
    return Analysis(documents=done, stories=stories, failures=failures)


def analyze(sources: Iterable[str], *, settings: Settings | None = None,
            progress: Progress | None = None,
            on_failure: Callable[[Failure], None] | None = None) -> Analysis:
    """The whole of `retold analyze`: read every source, then analyze what could be read."""
    documents: list[Document] = []
    failures: list[Failure] = []
    for item in read_sources(sources):
        if isinstance(item, Failure):
            failures.append(item)
            if on_failure:
                on_failure(item)
        else:
            documents.append(item)
    result = analyze_documents(documents, settings=settings, progress=progress)
    for failure in result.failures:
        if on_failure:
            on_failure(failure)
    result.failures = failures + result.failures
    return result
