"""nlp.load's attribute ruler and lemmatizer: the same annotations as spaCy's own."""
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, TAG

from retold.nlp import FastAttributeRuler, load
from tests.conftest import FIXTURES, SEEDS

TEXTS = [
    "I ain't gonna say it again, she said. They're gonna win; we aren't. Y'all ain't seen nothin'.",
    "The  shop\n\nclosed.\tIts owners, who'd run it since 1990, were n't there. \"Wanna bet?\" he asked.",
    "Prosecutors said the defendants' lawyers had been meeting since Feb. 3, 2025, at the U.S. court.",
]


def texts():
    found = list(TEXTS)
    for folder in (FIXTURES, SEEDS):
        if folder.exists():
            found += [p.read_text(encoding="utf-8", errors="replace")[:20_000]
                      for p in sorted(folder.rglob("*.txt"))[:12]]
    return found


def test_the_fast_components_annotate_as_spacys_do():
    fast, slow = load(), load(fast=False)
    kinds = [type(proc) for _, proc in fast.pipeline]
    assert fast.pipe_names == slow.pipe_names
    assert not any(k.__name__ in ("AttributeRuler", "EnglishLemmatizer") for k in kinds)
    for a, b in zip(fast.pipe(texts()), slow.pipe(texts())):
        assert (a.to_array([TAG, POS, MORPH, LEMMA, DEP, HEAD]) == b.to_array([TAG, POS, MORPH, LEMMA, DEP, HEAD])).all()
        assert [(t.lemma_, t.pos_, str(t.morph)) for t in a] == [(t.lemma_, t.pos_, str(t.morph)) for t in b]


def test_an_attribute_ruler_with_other_patterns_is_left_as_it_is():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a"}, {"LOWER": "b"}, {"LOWER": "c"}]], {"LEMMA": "abc"})
    assert FastAttributeRuler.of(ruler) is None
    ruler = nlp.add_pipe("attribute_ruler", name="ops")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "a"})
    assert FastAttributeRuler.of(ruler) is None
