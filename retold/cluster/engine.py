"""The story engine: where one new article goes. Candidates from MinHash LSH, the story
its articles are most like on average (or a new one), the stories it bridges or that
link to the chosen one on average (merged in), then the story cut in two if it now holds
two events, the half split off finding its own home. Pure decisions over an Archive; the
store (SQLite, PostgreSQL) and MemoryArchive are the two archives."""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from typing import NamedTuple, Protocol

from ..models import Document
from .events import SPLIT_MAX, SPLIT_MIN, apart_in_time, other_days, split_events, told_apart
from .features import Features, Weighted, features, lsh_keys, salient_terms, similarity, terms, weigh

log = logging.getLogger(__name__)

INCREMENTAL_THRESHOLD = 0.19  # best mean B-cubed F1 on ECB+ dev (benchmarks/clustering.py)
MAX_CANDIDATES = 50  # LSH candidates read per article
STORIES_SCORED = 5  # stories scored against all their recent articles
RECENT = 20  # a story's most recent articles it is compared by
BRIDGE_FACTOR = 2.0  # a story an article bridges to must score this many thresholds ...
BRIDGE_SHARE = 0.9  # ... and at least this share of its score for the best story (ECB+ dev)


class Archive(Protocol):
    """What the engine needs of the articles placed so far. Features travel in their
    JSON form (Features.to_json); stories are edited only through these calls."""

    def document_count(self) -> int: ...

    def df(self, terms: Iterable[str]) -> Mapping[str, int]:
        """Document frequencies, at least of the terms asked for (absent: 0)."""

    def candidates(self, keys: list[tuple[int, int]], limit: int) -> list[str]:
        """Documents sharing LSH keys with these, most shared first."""

    def features_of(self, doc_ids: list[str]) -> dict[str, tuple[str, dict]]:
        """doc id -> (story id, features)."""

    def story_features(self, story_id: str, limit: int = RECENT) -> dict[str, dict]:
        """A story's most recent documents' features, newest first."""

    def story_sizes(self, story_ids: Iterable[str]) -> dict[str, int]: ...

    def create_story(self, story_id: str) -> None: ...

    def add_document(self, document: Document, story_id: str, features: dict,
                     lsh: list[tuple[int, int]], terms: Iterable[str]) -> None: ...

    def add_to_story(self, story_id: str, count: int = 1) -> None: ...

    def merge_stories(self, into: str, others: list[str]) -> None: ...

    def split_story(self, story_id: str, new_id: str, doc_ids: list[str]) -> None: ...


class Placement(NamedTuple):
    """Where an article went: its story, the stories merged into it, and a story split
    off it (the other event it turned out to hold)."""

    story: str
    merged: list[str]
    split_off: str | None = None


class Engine:
    """Places articles into an archive's stories, one at a time, deterministically."""

    def __init__(self, archive: Archive, threshold: float = INCREMENTAL_THRESHOLD):
        self.archive, self.threshold = archive, threshold

    def place(self, doc: Document) -> Placement:
        """Put one article into the story it belongs to, a new one, or the merge of the
        stories it bridges; then, if that story now holds two events, split it."""
        archive, threshold = self.archive, self.threshold
        feats = features(doc)
        n_docs = archive.document_count()
        scorer = _Scorer(archive, n_docs)
        mine = scorer.weigh(feats)
        first: dict[str, float] = {}
        for cid, sid in scorer.candidates(feats).items():
            first[sid] = max(first.get(sid, 0.0), similarity(mine, scorer.weighted[cid]))
        # score the few most likely stories against all their (recent) documents
        sims = {sid: [similarity(mine, w) for w in scorer.story(sid).values()]
                for sid in sorted(first, key=lambda s: (-first[s], s))[:STORIES_SCORED]
                if not later_news(list(scorer.story(sid).values()), mine)}
        sid, merge = choose_story(sims, {s: len(v) for s, v in sims.items()}, threshold)
        if sid is not None:
            merge += _linked(scorer, sid, mine, sims, merge, threshold)
        if merge:  # a story merged in must be news of the same days as the chosen one
            ours = _dates(scorer.story(sid).values()) + [mine.date]
            merge = [other for other in merge if not self._told_apart(sid, other)
                     and not apart_in_time(ours, _dates(scorer.story(other).values()))]
        if sid is None:
            sid = "story_" + doc.content_hash[:12]
            archive.create_story(sid)
        elif merge:
            archive.merge_stories(sid, merge)
        archive.add_document(doc, sid, feats.to_json(), scorer.keys, terms(feats))
        archive.add_to_story(sid)
        return Placement(sid, merge, self.split_if_two_events(sid))

    def split_if_two_events(self, story_id: str) -> str | None:
        """Split a story whose documents tell two events; the half holding the story's
        first document keeps its id. The other half joins the story it fits best, if one
        passes the threshold (its event may have a story of its own already), or starts
        one. Returns the id of the story that received it."""
        archive = self.archive
        n_docs = archive.document_count()
        stored = archive.story_features(story_id, limit=SPLIT_MAX + 1)  # newest first
        if not SPLIT_MIN <= len(stored) <= SPLIT_MAX:
            return None
        members = _features(stored)
        archive.df([t for f in members.values() for t in terms(f)])
        found = split_events(members, archive.df(()), n_docs)
        if found is None:
            return None
        side, other, name = found
        oldest = list(stored)[-1]
        moved = other if oldest in side else side
        seed = "|".join(sorted(moved))
        new_id = "story_" + hashlib.sha1(seed.encode()).hexdigest()[:12]
        while archive.story_sizes([new_id]):  # these documents were split off once before
            seed += "|again"
            new_id = "story_" + hashlib.sha1(seed.encode()).hexdigest()[:12]
        log.info("story %s holds two events (told apart by %r): %d documents move to %s",
                 story_id, name, len(moved), new_id)
        archive.split_story(story_id, new_id, moved)
        home = self._home_for({d: members[d] for d in moved}, {story_id, new_id}, n_docs)
        if home is None:
            return new_id
        log.info("... and join story %s", home)
        archive.merge_stories(home, [new_id])
        return home

    def _told_apart(self, a: str, b: str) -> bool:
        """Whether two stories' (recent) articles are told apart as two events."""
        return self._apart_from(_features(self.archive.story_features(a)), b)

    def _apart_from(self, group: dict[str, Features], story_id: str) -> bool:
        """Whether a group of articles and a story's (recent) ones are two events."""
        return told_apart(group, _features(self.archive.story_features(story_id))) is not None

    def _home_for(self, group: dict[str, Features], exclude: set[str], n_docs: int) -> str | None:
        """The story a group of documents fits best by average link, if one passes the
        threshold and its articles are not told apart from the group as another event,
        leaving out the given stories."""
        scorer = _Scorer(self.archive, n_docs)
        mine = [scorer.weigh(f) for f in group.values()]
        stories = {sid for f in group.values() for sid in scorer.candidates(f).values()} - exclude
        scores = {}
        for sid in sorted(stories):
            theirs = list(scorer.story(sid).values())
            scores[sid] = sum(similarity(a, b) for a in mine for b in theirs) / (len(mine) * len(theirs))
        ours = [f.date for f in group.values()]
        for sid in sorted(scores, key=lambda s: (-scores[s], s)):
            if scores[sid] < self.threshold:
                break
            if not self._apart_from(group, sid) and not apart_in_time(ours, _dates(scorer.story(sid).values())):
                return sid
        return None


def later_news(story: list[Weighted], doc: Weighted) -> bool:
    """Whether an article is news of another day than a story: the story's articles all
    dated within EVENT_SPAN days of each other, and the article dated EVENT_GAP days or
    more from every one of them (the deal two weeks after the shutdown began: another
    event of the storyline, however alike the words and the people)."""
    return other_days(_dates(story), [doc.date])


def _dates(group: Iterable[Weighted]) -> list[str | None]:
    return [w.date for w in group]


def choose_story(similarities: dict[str, list[float]], sizes: dict[str, int],
                 threshold: float) -> tuple[str | None, list[str]]:
    """Average-link decision: the story whose documents are most like the new one (a
    document not among the candidates counts as unlike), and other stories the new
    document bridges to, which merge into it. Ties go to the older (smaller id) story."""
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


class _Scorer:
    """The engine's view of the archive while one document is placed: LSH candidates,
    and documents weighed (TF-IDF) once under the archive's current frequencies."""

    def __init__(self, archive: Archive, n_docs: int):
        self.archive, self.n_docs = archive, n_docs
        self.weighted: dict[str, Weighted] = {}
        self.keys: list[tuple[int, int]] = []  # the LSH keys of the last features asked for candidates

    def weigh(self, feats: Features) -> Weighted:
        return weigh(feats, self.archive.df(terms(feats)), self.n_docs)

    def _weigh_all(self, found: dict[str, Features]) -> None:
        self.archive.df(t for f in found.values() for t in terms(f))  # read once, or not at all
        for doc_id, f in found.items():
            if doc_id not in self.weighted:
                self.weighted[doc_id] = weigh(f, self.archive.df(()), self.n_docs)

    def candidates(self, feats: Features) -> dict[str, str]:
        """Archived documents sharing LSH keys with these features: doc id -> story id."""
        self.keys = lsh_keys(salient_terms(feats, self.archive.df(terms(feats)), self.n_docs))
        found = self.archive.features_of(self.archive.candidates(self.keys, MAX_CANDIDATES))
        self._weigh_all(_features({cid: f for cid, (_, f) in found.items() if cid not in self.weighted}))
        return {cid: sid for cid, (sid, _) in found.items()}

    def story(self, story_id: str) -> dict[str, Weighted]:
        """A story's (recent) documents, weighed: doc id -> Weighted."""
        members = self.archive.story_features(story_id)
        self._weigh_all(_features({d: f for d, f in members.items() if d not in self.weighted}))
        return {d: self.weighted[d] for d in members}


def _linked(scorer: _Scorer, story_id: str, mine: Weighted, sims: dict[str, list[float]],
            merging: list[str], threshold: float) -> list[str]:
    """Other stories the new article passes the threshold for whose articles and the
    chosen story's (the new one among them) pass it on average too: one step of
    average-link agglomeration, which joins two halves of one event that grew apart."""
    group = list(scorer.story(story_id).values()) + [mine]
    linked = []
    for other in sorted(sims):
        if other == story_id or other in merging or sum(sims[other]) / len(sims[other]) < threshold:
            continue
        theirs = list(scorer.story(other).values())
        if apart_in_time(_dates(group), _dates(theirs)):
            continue
        if sum(similarity(a, b) for a in group for b in theirs) >= threshold * len(group) * len(theirs):
            linked.append(other)
    return linked


def _features(stored: dict[str, dict]) -> dict[str, Features]:
    """Stored features (doc id -> JSON form) as Features."""
    return {d: Features.from_json(f) for d, f in stored.items()}
