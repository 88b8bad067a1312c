"""Alignment of quoted words across outlets, on hand-written versions."""
from retold import align


def same(a, b):
    ov = align.overlap(align.words(a), align.words(b))
    return ov.of_a >= 0.8 or ov.of_b >= 0.8


def test_censoring_styles_match():
    assert [w.norm for w in align.words("I f----d up")] == [w.norm for w in align.words("I f–ked up")]
    assert same("We should all have friends, f--k.", "we should all have friends, f*ck")


def test_contractions_match():
    assert [w.norm for w in align.words("I should've given it more time")] == \
        [w.norm for w in align.words("I should have given it more time")]
    assert [w.norm for w in align.words("That’s all I want")] == \
        [w.norm for w in align.words("that is all I want")]


def test_ellipsis_cut_still_matches():
    full = "I for sure fell short, and you worked really hard on that, and I just wanted to say thank you."
    cut = "I for sure fell short … I just wanted to say thank you"
    assert same(cut, full)


def test_different_sentences_sharing_a_phrase_do_not_match():
    assert not same("I want this movie to be healing.",
                    "I want this movie to be commercial just like you and affect people.")
    assert not same("I'm excited to go through the whole movie with you.",
                    "I'm just excited to spend time with you.")


def test_changes_name_what_an_outlet_did():
    full = "And I'm sorry I made you feel that way, and I f----d up and should've called."
    version = "I’m sorry … I made you feel that way. I f–ked up and should have called"
    kinds = {c["kind"]: c for c in align.changes(align.words(version), align.words(full),
                                                 version, full, 0, 0)}
    assert kinds["censored"]["this"] == "f–ked" and kinds["censored"]["fullest"] == "f----d"
    assert kinds["contraction"]["this"] == "should have"
    assert kinds["trimmed"]["fullest"] == "And"
    assert kinds["cut"]["fullest"] == "and"


def test_sentences_do_not_split_on_ellipsis():
    text = "Hey, Blake… hopefully this works. I will be there! See you."
    assert [text[s:e] for s, e in align.sentences(text)] == [
        "Hey, Blake… hopefully this works.", "I will be there!", "See you."]
