"""Word lists retold reads language with, loaded from files with their source named.

`speech_verbs()` and `writing_verbs()` come from retold/data/speech_verbs.txt, derived once
from WordNet 3.0 by scripts/derive_speech_verbs.py (the file's header names the source,
version, license and how the list was chosen). Nothing is downloaded at run time.
"""
from __future__ import annotations

import functools
from importlib import resources


@functools.cache
def _verbs() -> tuple[tuple[str, str, str], ...]:
    text = resources.files("retold").joinpath("data/speech_verbs.txt").read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            lemma, kind, source = line.split("\t")
            rows.append((lemma, kind, source))
    return tuple(rows)


@functools.cache
def speech_verbs() -> frozenset[str]:
    """Lemmas of the verbs that introduce reported speech in news ("say", "boom",
    "tweet"), writing and posting verbs included."""
    return frozenset(lemma for lemma, _, _ in _verbs())


@functools.cache
def writing_verbs() -> frozenset[str]:
    """Lemmas of the verbs that introduce written or posted words ("write", "tweet", "post")."""
    return frozenset(lemma for lemma, kind, _ in _verbs() if kind == "writing")
