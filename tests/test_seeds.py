"""The founding articles in ../shared/seeds: two outlets, one voice note.

Each assertion can be checked by reading the two texts side by side.
"""
import re
from pathlib import Path

import pytest

from retold.pipeline import analyze
from tests.conftest import ROOT, quote_with

LONG, SHORT = "000_d9d312e047c987a1", "003_b39ab93c0841a033"


@pytest.fixture(scope="module")
def result(seeds):
    return analyze([str(seeds), str(ROOT / "examples")])


@pytest.fixture(scope="module")
def docs(result):
    return {d.id: d for d in result.documents}


def test_seeds_form_one_story_alone(result):
    story_docs = [sorted(s.documents) for s in result.stories]
    assert [LONG, SHORT] in story_docs


def test_every_quoted_paragraph_is_found(docs):
    for doc in (docs[LONG], docs[SHORT]):
        for match in re.finditer(r"^[\"“][^\n]*", doc.text, re.M):
            assert any(s <= match.start() + 1 < e + 1 for q in doc.quotes for s, e in q.parts), \
                f"{doc.id}: paragraph not found as a quote: {match.group()[:50]}"


@pytest.mark.parametrize("doc_id,fragment", [
    (LONG, "There's so much I want to say"),      # Baldoni said ... obtained by TMZ
    (LONG, "Man … reading the second part"),      # second quote of the same paragraph
    (LONG, "I just, I feel really grateful"),     # unattributed continuation paragraph
    (LONG, "And I'm sorry I made you feel"),      # he said in the voice note
    (LONG, "I love being with people"),           # he said
    (LONG, "There's so much more to say"),        # Baldoni continued, "..."
    (LONG, "And so, there's been no hesitancy"),  # a quote that runs over paragraphs
    (LONG, "fell short"),                         # partial: admitted he "fell short"
    (SHORT, "Hey, Blake"),                        # the Jane the Virgin star
    (SHORT, "There’s so much I want to say"),     # continuation after the epithet
    (SHORT, "I for sure fell short"),             # the audio continued
    (SHORT, "And damn right"),                    # the audio message continued
    (SHORT, "I’m excited to go through"),         # he optimistically added
    (SHORT, "That’s all I want"),                 # The My Last Days producer ... adding
    (SHORT, "I’m sorry I made you feel"),         # paragraph after "Baldoni ... assured"
    (SHORT, "heart sank"),                        # partial inside Baldoni's sentence
])
def test_baldoni_is_the_speaker(docs, doc_id, fragment):
    assert quote_with(docs[doc_id], fragment).speaker == "Justin Baldoni"


def test_epithet_mention_is_kept(docs):
    q = quote_with(docs[SHORT], "Hey, Blake")
    assert q.speaker_mention.text == "the Jane the Virgin star"
    assert q.attribution == "description"


def test_complaint_speaks_its_own_words(docs):
    q = quote_with(docs[LONG], "Baldoni felt obliged to text Lively")
    assert (q.speaker, q.speaker_type) == ("the complaint", "document")
    assert quote_with(docs[LONG], "take a look at what she put together").via == "the complaint"


def test_partial_quotes_of_others(docs):
    assert quote_with(docs[SHORT], "bullied").speaker == "Bryan Freedman"
    assert quote_with(docs[SHORT], "not always being good").speaker == "Blake Lively"
    assert quote_with(docs[SHORT], "absolute titans").speaker == "Blake Lively"  # "the former"


def test_via(docs):
    assert quote_with(docs[LONG], "There's so much I want to say").via == "TMZ"
    assert quote_with(docs[SHORT], "Hey, Blake").via == "Daily Mail"


def test_film_title_is_not_speech(docs):
    assert not [q for q in docs[LONG].quotes if "It Ends With Us" in q.text]
    assert any("It Ends With Us" in t.text for t in docs[LONG].titles)
    assert not [q for q in docs[LONG].quotes if q.text == "rambling"]  # scare quote


@pytest.mark.parametrize("short_words,long_words", [
    ("There’s so much I want to say to you, and I hope", "There's so much I want to say to you and I hope"),
    ("I want to start with an apology", "I want to start with an apology"),
    ("heart sank", "my heart sank"),
    ("I for sure fell short, and you worked really hard", "I for sure fell short, and you worked really hard"),
    ("That takes a lot of trust and vulnerability", "That takes a lot of trust and vulnerability."),
    ("I feel really grateful that you feel safe enough", "I feel really grateful that you feel safe enough"),
    ("I f–ked up", "I f----d up"),
    ("That must have felt terrible", "That must have felt terrible"),
    ("I will for sure do better", "I will for sure do better"),
    ("I should’ve given it more time", "I should have given it more time"),
    ("And damn right you got great friends", "And, damn right, you've got great friends"),
    ("The three of you guys together", "The three of you guys together is unbelievable"),
    ("I’m excited to go through the whole movie with you", "I'm excited to go through the whole movie with you"),
    ("That’s all I want", "That's all I want"),
])
def test_short_article_sentences_align_with_the_long_one(result, short_words, long_words):
    story = next(s for s in result.stories if LONG in s.documents)
    matches = [u for u in story.utterances
               if any(m.document == SHORT and short_words in m.text for m in u.mentions)
               and any(m.document == LONG and long_words in m.text for m in u.mentions)]
    assert len(matches) == 1, f"{short_words!r} not aligned with {long_words!r}"
    assert matches[0].speaker == "Justin Baldoni"


def test_different_sentences_stay_apart(result):
    story = next(s for s in result.stories if LONG in s.documents)
    healing = [u for u in story.utterances if u.text.startswith("I want this movie to be healing")]
    assert len(healing) == 1 and len(healing[0].mentions) == 1


def test_canonical_name_and_epithet_aliases(result):
    story = next(s for s in result.stories if LONG in s.documents)
    baldoni = next(e for e in story.entities if e.name == "Justin Baldoni")
    assert {"Baldoni", "the Jane the Virgin star"} <= set(baldoni.aliases)
    assert sorted(baldoni.documents) == [LONG, SHORT]


def test_epithets_each_article_uses(result):
    story = next(s for s in result.stories if LONG in s.documents)
    people = {e.name: set(e.aliases) for e in story.entities if e.type == "PERSON"}
    assert {"the Jane the Virgin star", "the multihyphenate", "the Five Feet Apart director",
            "the My Last Days producer", "the actor"} <= people["Justin Baldoni"]
    assert {"the Gossip Girl alum", "the 37-year-old actress", "the actress"} <= people["Blake Lively"]
    assert "the pop star" in people["Taylor Swift"]
    assert "the Hollywood power couple" in people["Ryan Reynolds"]


def test_ages_and_money(result):
    story = next(s for s in result.stories if LONG in s.documents)
    ages = {(f["subject"], f["value"]) for f in story.facts if f["kind"] == "age"}
    assert ages == {("Justin Baldoni", 41), ("Blake Lively", 37)}
    money = {f["value"]: f for f in story.facts if f["kind"] == "money"}
    assert money[400_000_000]["agreement"] == "corroborated"
    assert money[400_000_000]["documents"] == [LONG, SHORT]
    assert money[250_000_000]["agreement"] == "single"  # another suit, not a conflict


def test_timeline_of_the_seeds(result):
    story = next(s for s in result.stories if LONG in s.documents)
    dates = {t["date"]: t for t in story.timeline}
    assert dates["2026-03-09"]["event"] == "trial set"
    assert "2025-02-03" in dates and "2025-02-12" in dates    # rescheduled and original pretrial
    assert dates["2025-01-16"]["documents"] == [SHORT]        # Baldoni's suit
    assert "2023-04" in dates                                 # when the voice note was sent
    december = [t for t in story.timeline if t["date"] == "2024-12" and "Lively" in t["event"]]
    assert len(december) == 1 and december[0]["documents"] == [LONG, SHORT]  # Lively's suit
