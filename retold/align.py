"""Word-level normalization and alignment of quoted text, tolerant to the ways outlets
differ when they quote the same words: censoring (f----d / f–ked), contractions
(should've / should have), ellipses that cut words, punctuation and case.

Used by `reconcile`; pure functions over strings, matching by rapidfuzz.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import LCSseq

_TOKEN = re.compile(r"[\w*]+(?:['’\-–—*]+[\w*]+)*[\-–—*]*", re.UNICODE)
_CENSORED = re.compile(r"\*|--|[–—]")
_IS_FORMS = {"it", "that", "there", "here", "he", "she", "what", "who", "where", "how",
             "when", "why", "everything", "nothing", "something", "everyone", "this"}
_SUFFIXES = {"ve": "have", "re": "are", "ll": "will", "d": "would", "m": "am"}
_SLANG = {"gonna": ["going", "to"], "wanna": ["want", "to"], "gotta": ["got", "to"],
          "cannot": ["can", "not"], "ok": ["okay"]}
_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class Word:
    norm: str   # heavy normalization, for matching
    light: str  # lowercase form as written, for showing differences
    start: int
    end: int


def _expand(token: str) -> list[str]:
    low = token.lower().replace("’", "'")
    if _CENSORED.search(low):
        return [low[0] + "_"]
    if "'" in low:
        stem, _, suffix = low.rpartition("'")
        if suffix == "t" and stem.endswith("n"):
            base = stem[:-1]
            base = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}.get(base, base)
            return [base, "not"]
        if suffix in _SUFFIXES:
            return [stem, _SUFFIXES[suffix]]
        if suffix == "s":
            if stem == "let":
                return ["let", "us"]
            return [stem, "is"] if stem in _IS_FORMS else [stem]
        return [low.replace("'", "")]
    if low in _SLANG:
        return list(_SLANG[low])
    return [part for part in low.split("-") if part]


def words(text: str, offset: int = 0) -> list[Word]:
    """The words of `text` with their offsets (plus `offset`), normalized for matching."""
    out = []
    for m in _TOKEN.finditer(text):
        light = m.group().lower().replace("’", "'")
        for norm in _expand(m.group()):
            out.append(Word(norm, light, offset + m.start(), offset + m.end()))
    return out


def sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each sentence in quoted text; an ellipsis does not end one."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        spans.append((start, len(text[:end].rstrip())))
        start = end
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(offset + s, offset + e) for s, e in spans if e > s]


FUNCTION_WORDS = frozenset("""
a an the and or but nor so yet if then than that this these those there here it its it's
i me my mine myself we us our ours you your yours he him his she her hers they them their
is am are was were be been being have has had do does did not no to of in on at by for with
from as about into onto over under up down out off just really very so too also all any
some such what which who whom whose when where why how would will shall should can could
may might must let gonna okay oh well like
""".split())


def matched_blocks(a: list[Word], b: list[Word], min_block: int = 2) -> list[tuple[int, int, int]]:
    """Runs of equal words (a_start, b_start, length) of at least `min_block` words."""
    ops = LCSseq.opcodes([w.norm for w in a], [w.norm for w in b])
    blocks = [[op.src_start, op.dest_start, op.src_end - op.src_start]
              for op in ops if op.tag == "equal" and op.src_end - op.src_start >= min_block]
    # An LCS may pair a word with an earlier twin ("I just, I feel" / "and I feel"),
    # splitting a run: grow each run backwards over words that are equal anyway.
    taken_a = {i for s, _, n in blocks for i in range(s, s + n)}
    taken_b = {j for _, s, n in blocks for j in range(s, s + n)}
    for block in blocks:
        while block[0] > 0 and block[1] > 0 and a[block[0] - 1].norm == b[block[1] - 1].norm \
                and block[0] - 1 not in taken_a and block[1] - 1 not in taken_b:
            block[0] -= 1
            block[1] -= 1
            block[2] += 1
            taken_a.add(block[0])
            taken_b.add(block[1])
    return [tuple(b_) for b_ in blocks]


def _weight(ws: list[Word]) -> list[float]:
    """Content words count fully, function words a little: 'I want this movie to be
    healing' and '... to be commercial' share many words but not what matters."""
    return [1.0 if w.norm not in FUNCTION_WORDS else 0.15 for w in ws]


@dataclass
class Overlap:
    """How much of `a` and of `b` is quoted in the other, content words weighted."""

    of_a: float
    of_b: float
    blocks: list[tuple[int, int, int]]
    a_covered: set[int]


def overlap(a: list[Word], b: list[Word]) -> Overlap:
    if not a or not b:
        return Overlap(0.0, 0.0, [], set())
    blocks = matched_blocks(a, b, min_block=1 if min(len(a), len(b)) <= 2 else 2)
    a_idx = {i for s, _, n in blocks for i in range(s, s + n)}
    b_idx = {j for _, s, n in blocks for j in range(s, s + n)}
    wa, wb = _weight(a), _weight(b)
    return Overlap(sum(wa[i] for i in a_idx) / sum(wa), sum(wb[j] for j in b_idx) / sum(wb),
                   blocks, a_idx)


def similarity(a: list[Word], b: list[Word]) -> float:
    """0..100: how alike two quoted versions are, word by word."""
    return round(LCSseq.normalized_similarity([w.norm for w in a], [w.norm for w in b]) * 100, 1)


def changes(version: list[Word], fullest: list[Word], text: str, fullest_text: str,
            version_offset: int, fullest_offset: int) -> list[dict]:
    """What a version does to the fullest one: words cut, censored, contracted, reworded.

    `text`/`fullest_text` are the documents' texts less the given offsets.
    """
    v, f = _dedupe(version), _dedupe(fullest)
    ops = [op for op in LCSseq.opcodes([w.light for w in v], [w.light for w in f])]
    groups, current = [], None
    for op in ops:  # merge delete+insert runs between equal words into one change
        if op.tag == "equal":
            if current:
                groups.append(current)
            current = None
            continue
        if current is None:
            current = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            current[1], current[3] = op.src_end, op.dest_end
    if current:
        groups.append(current)
    out = []
    for vs, ve, fs, fe in groups:
        v_words, f_words = v[vs:ve], f[fs:fe]
        this = text[v_words[0].start - version_offset:v_words[-1].end - version_offset] if v_words else ""
        full = fullest_text[f_words[0].start - fullest_offset:f_words[-1].end - fullest_offset] if f_words else ""
        if not v_words and (vs == 0 or vs == len(v)):
            kind = "trimmed"  # the version starts later or stops sooner
        elif not v_words:
            gap_at = v[vs - 1].end - version_offset if vs > 0 else 0
            nxt = v[vs].start - version_offset if vs < len(v) else len(text)
            kind = "ellipsis" if re.search(r"…|\.\.\.", text[gap_at:nxt]) else "cut"
        elif not f_words:
            kind = "added"
        elif _norms(version, v_words) == _norms(fullest, f_words):
            kind = "censored" if any(_CENSORED.search(w.light) for w in v_words + f_words) else "contraction"
        else:
            kind = "reworded"
        if v_words:
            at, to = v_words[0].start, v_words[-1].end
        else:
            at = to = (v[vs - 1].end if vs > 0 else (v[0].start if v else version_offset))
        out.append({"kind": kind, "this": this, "fullest": full, "start": at, "end": to})
    return out


def _norms(all_words: list[Word], chosen: list[Word]) -> list[str]:
    spans = {(w.start, w.end) for w in chosen}
    return [w.norm for w in all_words if (w.start, w.end) in spans]


def _dedupe(ws: list[Word]) -> list[Word]:
    """One entry per written token (contractions expand to two normalized words)."""
    out, last = [], None
    for w in ws:
        if (w.start, w.end) != last:
            out.append(w)
        last = (w.start, w.end)
    return out
