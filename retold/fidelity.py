"""Outlet fidelity: per document, how its quoted sentences compare with the fullest
version of the same words elsewhere (DESIGN.md's `fidelity` in a story).

It reads a reconciled story as the contract gives it (utterances whose mentions carry
their `changes` against the fullest version), so it runs on stored records as well as
fresh ones: nothing is aligned again.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

KINDS = ("verbatim", "trimmed", "ellipsis", "censored", "reworded", "retouched")
# A version with several changes counts once, under the strongest: rewording changes
# what was said; censoring and cuts hide words; trimming only ends it sooner.
# "retouched" is everything milder (contractions, punctuation).
_RANK = {"reworded": "reworded", "added": "reworded", "censored": "censored", "ellipsis": "ellipsis",
         "cut": "ellipsis", "trimmed": "trimmed"}
_ORDER = ["reworded", "censored", "ellipsis", "trimmed", "retouched"]


def mention_kind(changes: Iterable[Mapping]) -> str:
    """How one version differs from the fullest: the strongest of its changes."""
    found = {_RANK.get(c["kind"], "retouched") for c in changes}
    return next((k for k in _ORDER if k in found), "verbatim")


def story_fidelity(story: Mapping, outlets: Mapping[str, str | None] | None = None) -> list[dict]:
    """Per document of the story: its quoted sentences (versions of utterances that
    another document also carries) counted by kind of change."""
    outlets = outlets or {}
    rows: dict[str, dict] = {}
    for doc in story.get("documents", []):
        rows[doc] = {"document": doc, "outlet": outlets.get(doc), "sentences": 0, **{k: 0 for k in KINDS}}
    for u in story.get("utterances", []):
        if len({m["document"] for m in u["mentions"]}) < 2:
            continue  # nothing to compare with
        for m in u["mentions"]:
            row = rows.setdefault(m["document"], {"document": m["document"], "outlet": outlets.get(m["document"]),
                                                  "sentences": 0, **{k: 0 for k in KINDS}})
            row["sentences"] += 1
            row[mention_kind(m.get("changes", []))] += 1
    return list(rows.values())


def combined(rows: Iterable[Mapping]) -> dict:
    """Fidelity rows of many stories added up (an outlet across stories)."""
    total = {"sentences": 0, **{k: 0 for k in KINDS}}
    for row in rows:
        for k in total:
            total[k] += row.get(k, 0)
    return total
