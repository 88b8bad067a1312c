"""The orchestrator: ingest -> extract -> cluster -> reconcile, with failures isolated
per document and progress reported through a callback."""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

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
    from .cluster import INCREMENTAL_THRESHOLD
    from .render import story_dict

    settings = settings or Settings()
    threshold = settings.incremental_threshold or INCREMENTAL_THRESHOLD
    nlp = nlp_mod.load(settings.model)
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
        with store.transaction():
            touched: set[str] = set()
            for doc in extracted:
                if store.id_taken(doc.id):
                    doc.id = f"{doc.id}_{doc.content_hash[:8]}"
                    for q in doc.quotes:
                        q.id = f"{doc.id}#{q.id.rsplit('#', 1)[1]}"
                placed = place_document(store, doc, threshold)
                touched -= set(placed.merged)
                report.stories -= set(placed.merged)
                touched.add(placed.story)
                report.merged += len(placed.merged)
                if placed.split_off:
                    touched.add(placed.split_off)
                    report.split += 1
                report.added += 1
            for sid in sorted(touched):
                docs = store.documents_of(sid)
                story = reconcile(docs, summary_sentences=settings.summary_sentences, story_id=sid)
                store.save_story(story, docs, story_dict(story))
            report.stories |= touched
        done += len(batch)
        if progress:
            progress("ingest", done, None)
    return report


class Placement(NamedTuple):
    """Where place_document put a document: its story, the stories merged into it,
    and a story split off it (the other event it turned out to hold)."""

    story: str
    merged: list[str]
    split_off: str | None = None


def place_document(store, doc: Document, threshold: float) -> Placement:
    """Put one extracted document into the store: into the story it belongs to, a new
    one, or the merge of the stories it bridges; then, if that story now holds two
    events, split it. Call inside a store transaction."""
    from .cluster import STORIES_SCORED, choose_story, features, similarity

    feats = features(doc)
    n_docs = store.document_count()
    scorer = _Scorer(store, n_docs)
    mine = scorer.weigh(feats)
    first: dict[str, float] = {}
    for cid, sid in scorer.candidates(feats).items():
        first[sid] = max(first.get(sid, 0.0), similarity(mine, scorer.weighted[cid]))
    # score the few most likely stories against all their (recent) documents
    sims = {sid: [similarity(mine, w) for w in scorer.story(sid).values()]
            for sid in sorted(first, key=lambda s: (-first[s], s))[:STORIES_SCORED]}
    sid, merge = choose_story(sims, {s: len(v) for s, v in sims.items()}, threshold)
    if sid is not None:
        merge += _linked(scorer, sid, mine, sims, merge, threshold)
    merge = [other for other in merge if not _told_apart(store, sid, other)]
    if sid is None:
        sid = "story_" + doc.content_hash[:12]
        store.create_story(sid)
    elif merge:
        store.merge_stories(sid, merge)
    store.add_document(doc, sid, feats.to_json(), scorer.keys, _terms(feats))
    store.add_to_story(sid)
    return Placement(sid, merge, _split_if_two_events(store, sid, n_docs + 1, threshold))


class _Scorer:
    """The clusterer's view of the store while one document is placed: LSH candidates,
    and documents weighed (TF-IDF) once under the store's current frequencies."""

    def __init__(self, store, n_docs: int):
        self.store, self.n_docs = store, n_docs
        self.weighted = {}  # doc id -> Weighted
        self.keys: list = []  # the LSH keys of the last features asked for candidates

    def weigh(self, feats):
        from .cluster import weigh

        return weigh(feats, self.store.df(_terms(feats)), self.n_docs)

    def _weigh_all(self, found: dict):
        from .cluster import weigh

        self.store.df([t for f in found.values() for t in _terms(f)])
        for doc_id, f in found.items():
            if doc_id not in self.weighted:
                self.weighted[doc_id] = weigh(f, self.store.df(()), self.n_docs)

    def candidates(self, feats) -> dict[str, str]:
        """Stored documents sharing LSH keys with these features: doc id -> story id."""
        from .cluster import MAX_CANDIDATES, lsh_keys, salient_terms

        self.keys = lsh_keys(salient_terms(feats, self.store.df(_terms(feats)), self.n_docs))
        found = self.store.features_of(self.store.candidates(self.keys, MAX_CANDIDATES))
        self._weigh_all(_features({cid: f for cid, (_, f) in found.items() if cid not in self.weighted}))
        return {cid: sid for cid, (sid, _) in found.items()}

    def story(self, story_id: str) -> dict:
        """A story's (recent) documents, weighed: doc id -> Weighted."""
        members = self.store.story_features(story_id)
        self._weigh_all(_features({d: f for d, f in members.items() if d not in self.weighted}))
        return {d: self.weighted[d] for d in members}


def _terms(feats) -> list[str]:
    """What the store counts document frequencies of: words, and names as "#name"."""
    return list(feats.words) + ["#" + t for t in feats.names]


def _features(stored: dict[str, dict]) -> dict:
    """Stored features (doc id -> JSON form) as Features."""
    from .cluster import Features

    return {d: Features.from_json(f) for d, f in stored.items()}


def _split_if_two_events(store, story_id: str, n_docs: int, threshold: float) -> str | None:
    """Split a story whose documents tell two events; the half holding the story's
    first document keeps its id. The other half joins the story it fits best, if one
    passes the threshold (its event may have a story of its own already), or starts
    one. Returns the id of the story that received it."""
    from .cluster import SPLIT_MAX, SPLIT_MIN, split_events

    stored = store.story_features(story_id, limit=SPLIT_MAX + 1)  # newest first
    if not SPLIT_MIN <= len(stored) <= SPLIT_MAX:
        return None
    members = _features(stored)
    store.df([t for f in members.values() for t in _terms(f)])
    found = split_events(members, store.df(()), n_docs)
    if found is None:
        return None
    side, other, name = found
    oldest = list(stored)[-1]
    moved = other if oldest in side else side
    seed = "|".join(sorted(moved))
    new_id = "story_" + hashlib.sha1(seed.encode()).hexdigest()[:12]
    while store.story_sizes([new_id]):  # these documents were split off once before
        seed += "|again"
        new_id = "story_" + hashlib.sha1(seed.encode()).hexdigest()[:12]
    log.info("story %s holds two events (told apart by %r): %d documents move to %s",
             story_id, name, len(moved), new_id)
    store.split_story(story_id, new_id, moved)
    home = _home_for(store, {d: members[d] for d in moved}, {story_id, new_id}, n_docs, threshold)
    if home is None:
        return new_id
    log.info("... and join story %s", home)
    store.merge_stories(home, [new_id])
    return home


def _linked(scorer, story_id: str, mine, sims: dict[str, list[float]], merging: list[str],
            threshold: float) -> list[str]:
    """Other stories the new article passes the threshold for whose articles and the
    chosen story's (the new one among them) pass it on average too: one step of
    average-link agglomeration, which joins two halves of one event that grew apart."""
    from .cluster import similarity

    group = list(scorer.story(story_id).values()) + [mine]
    linked = []
    for other in sorted(sims):
        if other == story_id or other in merging or sum(sims[other]) / len(sims[other]) < threshold:
            continue
        theirs = list(scorer.story(other).values())
        if sum(similarity(a, b) for a in group for b in theirs) >= threshold * len(group) * len(theirs):
            linked.append(other)
    return linked


def _told_apart(store, a: str, b: str) -> bool:
    """Whether two stories' (recent) articles are told apart as two events."""
    return _apart_from(store, _features(store.story_features(a)), b)


def _apart_from(store, group: dict, story_id: str) -> bool:
    """Whether a group of articles (doc id -> Features) and a story's (recent) ones are
    told apart as two events."""
    from .cluster import told_apart

    return told_apart(group, _features(store.story_features(story_id))) is not None


def _home_for(store, group: dict, exclude: set[str], n_docs: int, threshold: float) -> str | None:
    """The story a group of documents fits best by average link, if one passes the
    threshold and its articles are not told apart from the group as another event,
    leaving out the given stories."""
    from .cluster import similarity

    scorer = _Scorer(store, n_docs)
    mine = [scorer.weigh(f) for f in group.values()]
    stories = {sid for f in group.values() for sid in scorer.candidates(f).values()} - exclude
    scores = {}
    for sid in sorted(stories):
        theirs = list(scorer.story(sid).values())
        scores[sid] = sum(similarity(a, b) for a in mine for b in theirs) / (len(mine) * len(theirs))
    for sid in sorted(scores, key=lambda s: (-scores[s], s)):
        if scores[sid] < threshold:
            break
        if not _apart_from(store, group, sid):
            return sid
    return None


def story_from_store(store, story_id: str, *, settings: Settings | None = None) -> Analysis | None:
    """A stored story as `analyze` would print it: its documents, reconciled."""
    settings = settings or Settings()
    record = store.story_record(story_id)
    if record is None:
        return None
    docs = store.documents_of(record["id"])
    story = reconcile(docs, summary_sentences=settings.summary_sentences, story_id=record["id"])
    return Analysis(documents=docs, stories=[story])
