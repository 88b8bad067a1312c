"""The rules that tell two events apart: a story's articles cut in two (a spectral cut
over the terms that tell them apart), and the halves told apart by a named participant
one group is about and the other never names, a figure each leads with, or the year of
its news. Ordered from the most to the least precise (_two_events)."""
from __future__ import annotations

import math
from collections import Counter

import numpy as np

from .features import Features, _day, _dot, _log_archive, _log_documents_with, _unit

SPLIT_MIN = 6  # a story is checked for two events from this many documents ...
SPLIT_MAX = 60  # ... up to this many (a larger story is settled)
SPLIT_SIDE = 3  # documents each event needs
EVENT_SPAN = 3  # days a story's dated coverage may span and still be one day's news ...
EVENT_GAP = 7  # ... that an article this many days from all of it does not join (running
# stories benchmark: a deal 17 days after a shutdown began; ECB+ dev events, whose
# follow-ups come weeks later, mostly hold undated articles and are not changed by it)
_NOT_ACTORS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december jan feb mar apr jun jul aug sep sept oct "
    "nov dec new".split())


def apart_in_time(a: list[str | None], b: list[str | None]) -> bool:
    """Whether two groups of articles (their dates) are news of different days, as
    `later_news` tells an article from a story: either group's articles all dated within
    EVENT_SPAN days of each other, and every article of the other dated EVENT_GAP days
    or more from all of them. What keeps an article out of a story keeps the story it
    bridges to out too (a shutdown's first reports and a story holding its deal)."""
    return other_days(a, b) or other_days(b, a)


def other_days(story: list[str | None], others: list[str | None]) -> bool:
    """Whether `story`'s dates all lie within EVENT_SPAN days and every one of
    `others` (all dated) lies EVENT_GAP days or more from all of them."""
    days, far = [_day(d) for d in story], [_day(d) for d in others]
    if not days or not far or None in days or None in far or max(days) - min(days) > EVENT_SPAN:
        return False
    return min(abs(x - d) for x in far for d in days) >= EVENT_GAP


def _news_days(ids: list[str], members: dict[str, Features]) -> tuple[list[str], list[str], str] | None:
    """A story's articles, all dated, in two runs of news days that other_days tells
    apart (one run within EVENT_SPAN days, the other EVENT_GAP days or more from it):
    the deal and the emergency declared three weeks later, whoever leads both. The most
    precise pass: dates are what outlets agree on best."""
    days = {d: _day(members[d].date) for d in ids}
    if None in days.values():
        return None
    order = sorted(ids, key=lambda d: (days[d], d))
    for k in range(SPLIT_SIDE, len(order) - SPLIT_SIDE + 1):
        early, late = order[:k], order[k:]
        if apart_in_time([members[d].date for d in early], [members[d].date for d in late]):
            return sorted(early), sorted(late), f"{members[early[-1]].date} / {members[late[0]].date}"
    return None


def _local_similarity(ids: list[str], members: dict[str, Features], df: dict[str, int],
                      n_docs: int):
    """Cosine between a story's documents over the terms that tell them apart: terms
    in at least two documents but not in nearly all (those are the story's subject)."""
    bags = {d: set(members[d].words) | {"#" + t for t in members[d].names} for d in ids}
    local = Counter(t for d in ids for t in bags[d])
    keep = {t for t, c in local.items() if 2 <= c <= 0.8 * len(ids)}
    vectors = []
    top, get = _log_archive(n_docs), df.get  # idf, inlined
    for d in ids:
        f = members[d]
        v = {t: tf * (top - _log_documents_with(t, get(t, 0))) for t, tf in f.words.items() if t in keep}
        v.update({"#" + t: tf * (top - _log_documents_with("#" + t, get("#" + t, 0)))
                  for t, tf in f.names.items() if "#" + t in keep})
        vectors.append(_unit(v))
    sim = np.eye(len(ids)).tolist()  # filled as lists: numpy's item assignment is slower
    for i in range(len(ids)):
        row = sim[i]
        for j in range(i + 1, len(ids)):
            row[j] = sim[j][i] = _dot(vectors[i], vectors[j])
    return np.array(sim)


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
SAME_DAYS_SHARE = 0.5  # share of each group's dated articles that must fall on the other's days


def _same_days(a: list[str], b: list[str], members: dict[str, Features]) -> bool:
    """Whether both groups have dated articles and most of one group's dated articles
    come within SAME_DAYS of one of the other's: their news days are the same ones, not
    merely a span that covers the other's (a bridge opened between a shutdown's deal
    and the emergency declared after it is news of its own days). Measured on the
    running stories benchmark (order 1: 0.957 -> 1.000); ECB+ dev, nine orders, -0.0005
    (a 2005 event's two articles of 2007 split off in two orders)."""
    days = [[d for d in (_day(members[m].date) for m in side) if d is not None] for side in (a, b)]
    if not all(days):
        return False

    def near(mine: list[int], theirs: list[int]) -> bool:
        return sum(min(abs(d - t) for t in theirs) <= SAME_DAYS for d in mine) >= SAME_DAYS_SHARE * len(mine)
    return near(days[0], days[1]) or near(days[1], days[0])


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
    by_days = _news_days(ids, members)
    if by_days:
        return by_days
    side = _fiedler_cut(_local_similarity(ids, members, df, n_docs))
    halves = ([d for d, s in zip(ids, side) if s], [d for d, s in zip(ids, side) if not s])
    if min(len(h) for h in halves) < SPLIT_SIDE:
        return None
    name = _two_events(*halves, members)
    return (*halves, name) if name else None
