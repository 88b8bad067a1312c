"""MemoryArchive: the engine's archive held in memory (for `analyze` and batch
partitions); it answers as the store does, so the same articles give the same stories."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ..models import Document
from .features import Frequencies, lsh_key


class MemoryArchive:
    """Articles placed so far, their features, LSH keys and stories, in memory."""

    def __init__(self):
        self.documents: dict[str, Document] = {}
        self._seq: dict[str, int] = {}
        self._story: dict[str, str] = {}
        self._features: dict[str, dict] = {}
        self._keys: dict[int, list[int]] = {}
        self._ids: list[str] = []
        self._df = Frequencies()
        self._sizes: dict[str, int] = {}
        self._members: dict[str, list[int]] = {}  # story -> its documents' seqs, ascending

    def document_count(self) -> int:
        return len(self._ids)

    def df(self, terms: Iterable[str]) -> Counter:
        return self._df

    def candidates(self, keys: list[tuple[int, int]], limit: int, per_key: int = 20) -> list[str]:
        counts: Counter = Counter()
        for band, value in keys:
            counts.update(self._keys.get(lsh_key(band, value), [])[-per_key:])
        shared = {self._ids[seq]: n for seq, n in counts.items()}
        return sorted(shared, key=lambda d: (-shared[d], d))[:limit]

    def features_of(self, doc_ids: list[str]) -> dict[str, tuple[str, dict]]:
        return {d: (self._story[d], self._features[d]) for d in doc_ids if d in self._story}

    def story_features(self, story_id: str, limit: int = 20) -> dict[str, dict]:
        newest = self._members.get(story_id, [])[::-1][:limit]
        return {self._ids[seq]: self._features[self._ids[seq]] for seq in newest}

    def story_sizes(self, story_ids: Iterable[str]) -> dict[str, int]:
        return {s: self._sizes[s] for s in set(story_ids) if s in self._sizes}

    def create_story(self, story_id: str) -> None:
        self._sizes[story_id] = 0
        self._members.setdefault(story_id, [])

    def add_document(self, document: Document, story_id: str, features: dict,
                     lsh: list[tuple[int, int]], terms: Iterable[str]) -> None:
        seq = len(self._ids)
        if document.id in self._story:  # an id placed again: it is now only where it goes
            self._members[self._story[document.id]].remove(document.id)
        self._ids.append(document.id)
        self.documents[document.id] = document
        self._seq[document.id], self._story[document.id] = seq, story_id
        self._features[document.id] = features
        self._members.setdefault(story_id, []).append(seq)  # the newest seq: order kept
        for key in sorted({lsh_key(b, h) for b, h in lsh}):
            self._keys.setdefault(key, []).append(seq)
        self._df.count(set(terms))

    def add_to_story(self, story_id: str, count: int = 1) -> None:
        self._sizes[story_id] += count

    def merge_stories(self, into: str, others: list[str]) -> None:
        for other in others:
            moved = self._members.pop(other, [])
            for seq in moved:
                self._story[self._ids[seq]] = into
            self._members[into] = sorted(self._members.get(into, []) + moved)
            del self._sizes[other]
            self.add_to_story(into, len(moved))

    def split_story(self, story_id: str, new_id: str, doc_ids: list[str]) -> None:
        self.create_story(new_id)
        moving = {self._seq[d] for d in doc_ids if self._story.get(d) == story_id}
        for seq in sorted(moving):
            self._story[self._ids[seq]] = new_id
        self._members[new_id] = sorted(moving)
        self._members[story_id] = [seq for seq in self._members.get(story_id, []) if seq not in moving]
        self.add_to_story(new_id, len(doc_ids))
        self.add_to_story(story_id, -len(doc_ids))

    def stories(self) -> list[list[Document]]:
        """The stories, each in placement order, ordered by their first article."""
        groups = sorted((seqs for seqs in self._members.values() if seqs), key=lambda seqs: seqs[0])
        return [[self.documents[self._ids[seq]] for seq in seqs] for seqs in groups]
