"""The orchestrator: ingest -> extract -> cluster -> reconcile, with failures isolated
per document and progress reported through a callback."""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from . import nlp as nlp_mod
from .cluster import INCREMENTAL_THRESHOLD, Engine, cluster, document_date, rethread, thread
from .extract import extract, processes_for
from .ingest import read_sources
from .models import Analysis, Document, Failure
from .reconcile import reconcile
from .contract import story_dict
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
    processes = settings.processes or processes_for(total)
    for doc in extract(documents, nlp, batch_size=settings.batch_size, n_process=processes, on_error=failed):
        done.append(doc)
        if progress:
            progress("extract", len(done), total)
    stories, groups = [], cluster(done, threshold=settings.cluster_threshold)
    for group in groups:
        stories.append(reconcile(group, summary_sentences=settings.summary_sentences))
    lines = thread([(s.id, s.title, group) for s, group in zip(stories, groups)])
    return Analysis(documents=done, stories=stories, failures=failures, storylines=lines)


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


@dataclass
class IngestReport:
    added: int = 0
    skipped: int = 0
    failures: list[Failure] = field(default_factory=list)
    stories: set[str] = field(default_factory=set)
    merged: int = 0  # stories merged into another by an article that bridged them
    split: int = 0  # stories found to hold two events and split in two


def _batches(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(sources: Iterable[str], store, *, settings: Settings | None = None,
           progress: Progress | None = None,
           on_failure: Callable[[Failure], None] | None = None) -> IngestReport:
    """`retold ingest`: extract new documents, put each in a story (or start one) and
    reconcile the stories they touch. One transaction per batch; documents already in
    the store (same content hash) are skipped, so an interrupted run can be re-run."""
    settings = settings or Settings()
    threshold = settings.incremental_threshold or INCREMENTAL_THRESHOLD
    nlp = nlp_mod.load(settings.model)
    engine = Engine(store, threshold)
    report = IngestReport()
    seen: set[str] = set()

    def fresh():
        for item in read_sources(sources):
            if isinstance(item, Failure):
                report.failures.append(item)
                if on_failure:
                    on_failure(item)
            elif item.content_hash in seen:
                report.skipped += 1
            else:
                seen.add(item.content_hash)
                yield item

    done = 0
    for batch in _batches(fresh(), settings.batch_size):
        known = store.known_hashes(d.content_hash for d in batch)
        report.skipped += sum(1 for d in batch if d.content_hash in known)
        batch = [d for d in batch if d.content_hash not in known]

        def failed(doc: Document, exc: Exception):
            failure = Failure(doc.path or doc.id, f"analysis failed ({type(exc).__name__}: {exc})")
            report.failures.append(failure)
            if on_failure:
                on_failure(failure)

        extracted = list(extract(batch, nlp, batch_size=settings.batch_size, on_error=failed))
        # placed in publication-date order (undated last), ties by input order, as analyze does
        extracted.sort(key=lambda d: (document_date(d) is None, document_date(d) or ""))
        with store.transaction():
            touched: set[str] = set()
            for doc in extracted:
                if store.id_taken(doc.id):
                    doc.id = f"{doc.id}_{doc.content_hash[:8]}"
                    for q in doc.quotes:
                        q.id = f"{doc.id}#{q.id.rsplit('#', 1)[1]}"
                placed = engine.place(doc)
                touched -= set(placed.merged)
                report.stories -= set(placed.merged)
                touched.add(placed.story)
                report.merged += len(placed.merged)
                if placed.split_off:
                    touched.add(placed.split_off)
                    report.split += 1
                report.added += 1
            titles = {}
            for sid in sorted(touched):
                docs = store.documents_of(sid)
                story = reconcile(docs, summary_sentences=settings.summary_sentences, story_id=sid)
                store.save_story(story, docs, story_dict(story, {d.id: d.outlet for d in docs}))
                titles[sid] = story.title
            if titles:
                rethread(store, titles)
            report.stories |= touched
        done += len(batch)
        if progress:
            progress("ingest", done, None)
    return report


def story_from_store(store, story_id: str, *, settings: Settings | None = None) -> Analysis | None:
    """A stored story as `analyze` would print it: its documents, reconciled."""
    settings = settings or Settings()
    record = store.story_record(story_id)
    if record is None:
        return None
    docs = store.documents_of(record["id"])
    story = reconcile(docs, summary_sentences=settings.summary_sentences, story_id=record["id"])
    line = store.storyline_of(record["id"])
    return Analysis(documents=docs, stories=[story], storylines=[line] if line else [])
