"""Storylines: successive events of one running story threaded together (a shutdown
begins, a deal is struck, an emergency is declared three weeks later). Each event (a
story) is summed up in a profile (its dates, the actors its articles lead with, the
terms that distinguish it); two events are linked when they are close in time and
either share a leading actor and enough distinctive terms, or share a great many
distinctive terms; storylines are the chains of linked events.

Pure functions over plain data: `storylines(stories)` takes, per story, its id, title
and its documents' features (Features.to_json), or a profile made by `profile`, so
`analyze`, the store and the batch engine thread events the same way."""
from __future__ import annotations

import hashlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping

from ..models import Storyline
from .events import _NOT_ACTORS
from .features import NAME_WEIGHT, Features, _day, weigh

PROFILE_TERMS = 40  # distinctive terms kept per event
LEAD_SHARE = 0.5  # an event's leading actor is in the lead of this share of its articles
ACTOR_SHARE = 0.5  # ... and an actor of it is named in this share of its articles
# Measured on the events of ECB+ dev's topics (two events of one kind each, different
# actors, undated: topic = storyline) and of the running stories benchmark (dated, the
# same actors; an unrelated event led by one of them), benchmarks/clustering.py; each
# rule has a test in tests/test_storylines.py.
KIND_WITH_ACTOR = 0.1  # cosine of what happened (words, names left out) two events sharing a leading actor need ...
TERMS_WITH_ACTOR = 0.1  # ... and cosine of their distinctive terms
TERMS_LINK = 0.45  # cosine of distinctive terms (words and names) that links two events by itself
KIND_LINK = 0.4  # cosine of what happened that links two events of one kind by itself
MAX_GAP = 45  # days between two dated events (last article of one, first of the next) that can link


def _features(f) -> Features:
    return f if isinstance(f, Features) else Features.from_json(f)


def profile(story_id: str, features: Iterable, title: str = "") -> dict:
    """What threading needs of one event (plain, JSON-able): its dates, its leading
    actors (in the lead of half its articles or more), its actors (named in half of
    them), its distinctive terms (the mean of its articles' TF-IDF vectors under the
    general-English prior, so a profile does not depend on the archive) and its words
    that are not names (what happened, whoever it happened to)."""
    feats = [_features(f) for f in features]
    n = max(len(feats), 1)
    dates = sorted(f.date[:10] for f in feats if f.date and _day(f.date) is not None)
    lead = Counter(t for f in feats for t in set(f.lead))
    actors = Counter(t for f in feats for t in set(f.actors))
    centroid: Counter = Counter()
    kind: Counter = Counter()  # words that are not names: what happened, not to whom
    for f in feats:
        w = weigh(f, {}, 0)
        for t, v in w.words.items():
            centroid[t] += (1 - NAME_WEIGHT) * v / n
        for t, v in w.names.items():
            centroid["#" + t] += NAME_WEIGHT * v / n
        named = set(f.names) | set(f.actors)
        plain = _unit_vector({t: v for t, v in w.words.items() if t not in named})
        for t, v in plain.items():
            kind[t] += v / n
    top = sorted(centroid.items(), key=lambda x: (-x[1], x[0]))[:PROFILE_TERMS]
    norm = math.sqrt(sum(v * v for _, v in top)) or 1.0
    words = sorted(kind.items(), key=lambda x: (-x[1], x[0]))[:PROFILE_TERMS]
    word_norm = math.sqrt(sum(v * v for _, v in words)) or 1.0
    return {"id": story_id, "title": title, "size": len(feats),
            "first": dates[0] if dates else None, "last": dates[-1] if dates else None,
            "leading": sorted(t for t, k in lead.items() if k >= LEAD_SHARE * n and t not in _NOT_ACTORS),
            "actors": sorted(t for t, k in actors.items() if k >= ACTOR_SHARE * n and t not in _NOT_ACTORS),
            "terms": {t: round(v / norm, 5) for t, v in top},
            "words": {t: round(v / word_norm, 5) for t, v in words}}


def _unit_vector(v: Mapping[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {t: x / norm for t, x in v.items()} if norm else {}


def _cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b[t] for t, v in a.items() if t in b)


def gap(a: Mapping, b: Mapping) -> int | None:
    """Days between two events' coverage (0 when it overlaps); None if either is undated."""
    days = [(_day(p["first"]), _day(p["last"])) for p in (a, b)]
    if any(d is None for pair in days for d in pair):
        return None
    (lo_a, hi_a), (lo_b, hi_b) = days
    return max(0, lo_b - hi_a, lo_a - hi_b)


def shared_actors(a: Mapping, b: Mapping) -> list[str]:
    """Actors one event leads with that the other names in most of its articles."""
    return sorted((set(a["leading"]) & set(b["actors"])) | (set(b["leading"]) & set(a["actors"])))


def linked(a: Mapping, b: Mapping) -> bool:
    """Whether two events are successive events of one running story: close in time
    (MAX_GAP; undated events are not kept apart by time), and either one's leading actor
    is the other's too and what happened is alike (the shutdown, its deal: not the
    governor opening a bridge), or their distinctive terms are nearly the same, or they
    are the same kind of event told in nearly the same words (two rehab admissions)."""
    days = gap(a, b)
    if days is not None and days > MAX_GAP:
        return False
    terms = _cosine(a["terms"], b["terms"])
    if terms >= TERMS_LINK:
        return True
    kind = _cosine(a["words"], b["words"])
    return kind >= KIND_LINK or (kind >= KIND_WITH_ACTOR and terms >= TERMS_WITH_ACTOR
                                 and bool(shared_actors(a, b)))


def _profile_of(story: Mapping) -> dict:
    if "terms" in story:
        return dict(story)
    return profile(story["id"], story.get("features", []), story.get("title") or "")


def storylines(stories: Iterable[Mapping]) -> list[Storyline]:
    """Events threaded into storylines. Each story is {"id", "title", "features": [its
    documents' features, JSON form]} or a profile (see `profile`). Every story is in
    exactly one storyline (a lone event is a storyline of one); a storyline's stories
    are in date order (undated last, ties by id), storylines by their first story.
    Deterministic: the same stories give the same storylines in any input order."""
    profiles = sorted((_profile_of(s) for s in stories), key=lambda p: p["id"])
    parent = list(range(len(profiles)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in _candidate_pairs(profiles):
        if root(i) != root(j) and linked(profiles[i], profiles[j]):
            parent[max(root(i), root(j))] = min(root(i), root(j))
    groups: dict[int, list[dict]] = {}
    for i, p in enumerate(profiles):
        groups.setdefault(root(i), []).append(p)
    out = [_storyline(sorted(g, key=_when)) for g in groups.values()]
    return sorted(out, key=lambda s: (s.first is None, s.first or "", s.stories[0]))


def _candidate_pairs(profiles: list[dict]) -> list[tuple[int, int]]:
    """The pairs of events that share a distinctive term or a word of what happened (no
    other pair can link), in order: an inverted index, not all pairs."""
    index: dict[str, list[int]] = {}
    for i, p in enumerate(profiles):
        for key in {*p["terms"], *("=" + w for w in p["words"])}:
            index.setdefault(key, []).append(i)
    pairs = set()
    for members in index.values():
        for n, i in enumerate(members):
            pairs.update((i, j) for j in members[n + 1:])
    return sorted(pairs)


def _when(p: Mapping) -> tuple:
    return (p["first"] is None, p["first"] or "", p["id"])


def storyline_id(first_story: str) -> str:
    """A storyline is named after its first event, so it keeps its id as it grows."""
    return "line_" + hashlib.sha1(first_story.encode()).hexdigest()[:12]


def _storyline(events: list[dict]) -> Storyline:
    firsts = [p["first"] for p in events if p["first"]]
    lasts = [p["last"] for p in events if p["last"]]
    biggest = max(events, key=lambda p: (p["size"], p["last"] or ""))  # the latest of the largest
    return Storyline(id=storyline_id(events[0]["id"]), title=biggest["title"] or "",
                     stories=[p["id"] for p in events],
                     first=min(firsts) if firsts else None, last=max(lasts) if lasts else None)


PROFILE_DOCS = 200  # a story's most recent documents its profile is made of
NEAR_STORIES = 1000  # stories read around the touched ones when threading in an archive


def rethread(archive, titles: Mapping[str, str]) -> list[Storyline]:
    """Thread the stories an ingest touched (story id -> title) into an archive's
    storylines: their profiles made anew, then storylines over them, the stories near
    them in time (MAX_GAP) and those stories' storylines; the storylines holding one of
    them written back. The archive (the store) answers `story_features`,
    `set_profile(story_id, profile)`, `profiles_near(story_ids, days, limit)` and
    `save_storylines(storylines)`."""
    for sid in sorted(titles):
        archive.set_profile(sid, profile(sid, archive.story_features(sid, limit=PROFILE_DOCS).values(),
                                         titles[sid]))
    near = archive.profiles_near(sorted(titles), MAX_GAP, NEAR_STORIES)
    lines = storylines(near)
    archive.save_storylines(lines)
    return [line for line in lines if set(line.stories) & set(titles)]
