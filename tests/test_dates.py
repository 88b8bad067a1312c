"""Date expressions given TimeML TIMEX3 values, on sentences written for the tests, all
against one publication date: Wednesday 3 April 2013."""
import datetime as dt
import re

import pytest

from retold.dates import normalize_timex
from retold.pipeline import analyze_documents
from tests.conftest import make_doc

PUBLISHED = "2013-04-03"


def timex_of(annotate, sentence: str, expression: str) -> str | None:
    """The value retold gives `expression` where it reads it in `sentence`."""
    doc = annotate(sentence, published=PUBLISHED)
    hits = [d for d in doc.dates if expression.lower() in d.text.lower() or d.text.lower() in expression.lower()]
    assert hits, f"{expression!r} not found in {[d.text for d in doc.dates]}"
    return hits[0].timex


@pytest.mark.parametrize("sentence,expression,value", [
    ("The minister resigned this week after the vote.", "this week", "2013-W14"),  # an ISO week
    ("Prices rose sharply over the last week, traders said.", "the last week", "2013-W13"),
    ("The plant closed six years ago and never reopened.", "six years ago", "2007"),  # a year, not a day
    ("The drought hit farmers hard last summer.", "last summer", "2012-SU"),
    ("Floods swept the valley this past winter.", "this past winter", "2012-WI"),
    ("The agency expects a deficit this fiscal year.", "this fiscal year", "FY2013"),
    ("The company lost money in fiscal 2012.", "fiscal 2012", "FY2012"),
    ("The bridge was the longest built in the 20th century.", "the 20th century", "19"),
    ("The mill was founded in the 1800s.", "the 1800s", "18"),  # a century, not a decade
    ("Crime fell steadily in the 1990s.", "the 1990s", "199"),
    ("The union was far stronger a decade ago.", "a decade ago", "200"),
    ("The factory currently employs 300 people.", "currently", "PRESENT_REF"),
    ("Fewer people buy newspapers nowadays.", "nowadays", "PRESENT_REF"),
    ("He is now the longest-serving member.", "now", "PRESENT_REF"),
    ("Such cases were rare in the past.", "the past", "PAST_REF"),
    ("Nobody knew at the time how bad it was.", "the time", "PAST_REF"),
    ("The council will decide in the future.", "the future", "FUTURE_REF"),
    ("Sales fell in the first half of 2012.", "the first half of 2012", "2012-H1"),
    ("Profit rose in the third quarter of fiscal 2012.", "the third quarter of fiscal 2012", "FY2012-Q3"),
    ("The shop opened several years ago.", "several years ago", "PAST_REF"),  # how many is not said
    ("The family gathered for Thanksgiving.", "Thanksgiving", "2012-11-22"),  # the fourth Thursday
])
def test_timex3_values_in_a_sentence(annotate, sentence, expression, value):
    assert timex_of(annotate, sentence, expression) == value


def test_a_bare_month_follows_the_tense():
    april_3 = dt.date(2013, 4, 3)
    assert normalize_timex("October", april_3, "past") == "2012-10"
    assert normalize_timex("October", april_3, "future") == "2013-10"
    # in July a past October is nine months back and a future one three months ahead
    assert normalize_timex("October", dt.date(2013, 7, 3), "past") == "2012-10"


def test_a_bare_month_without_a_verb_in_a_story_told_in_the_past(annotate):
    # no verb governs "October" in the last sentence; the story around it is in the past
    # tense, so in July it is last October (three months ahead would be nearer)
    text = ("Voters stayed home. Turnout fell to a record low and the party lost four seats. "
            "Its leaders blamed the weather. The October defeat, its worst result.")
    doc = annotate(text, published="2013-07-03")
    month = next(d for d in doc.dates if d.text.startswith("October"))
    assert month.timex == "2012-10"
    ahead = annotate("Voters will choose a new council. The party expects to win four seats. "
                     "The October vote, its first test.", published="2013-07-03")
    assert next(d for d in ahead.dates if d.text.startswith("October")).timex == "2013-10"
    since = annotate("The party expects to win four seats. It has led every poll since October.",
                     published="2013-07-03")
    assert next(d for d in since.dates if d.text.startswith("October")).timex == "2012-10"


def test_seasons_turn_with_the_publication_date():
    assert normalize_timex("last summer", dt.date(2013, 4, 3), "past") == "2012-SU"
    assert normalize_timex("last summer", dt.date(2013, 10, 3), "past") == "2013-SU"  # this year's is over
    assert normalize_timex("the summer", dt.date(2013, 4, 3), "future") == "2013-SU"


def test_reference_values_stay_off_the_timeline(nlp):
    # "now" and "currently" are values (PRESENT_REF) the document keeps, not calendar dates
    text = ("Harbor Crane Collapses in Port Talbot\n\n"
            "A crane collapsed onto the ferry terminal in Port Talbot on March 28, 2013, officials said. "
            "Mayor Dana Reyes now leads the inquiry. Reyes currently chairs the harbor board. "
            "Reyes opened the inquiry on April 2, 2013.")
    result = analyze_documents([make_doc(text, "crane", PUBLISHED)])
    dates = {d.text: d for d in result.documents[0].dates}
    assert dates["now"].timex == "PRESENT_REF" and dates["currently"].timex == "PRESENT_REF"
    assert dates["now"].value is None and dates["currently"].value is None
    timeline = [entry for story in result.stories for entry in story.timeline]
    assert timeline, "the dated events should make a timeline"
    assert all(re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", entry["date"]) for entry in timeline)
    assert {"2013-03-28", "2013-04-02"} <= {entry["date"] for entry in timeline}
    assert not any("leads the inquiry" in ev["text"] or "chairs" in ev["text"]
                   for entry in timeline for ev in entry["evidence"])


def test_the_day_before_and_after_count_from_the_day_just_named(annotate):
    doc = annotate("Police arrested the man on March 2, 2013. The day before, he had fled the city. "
                   "He was charged the next day.", published=PUBLISHED)
    by_text = {d.text.lower(): d.value for d in doc.dates}
    assert by_text["the day before"] == "2013-03-01"
    assert by_text["the next day"] == "2013-03-03"
