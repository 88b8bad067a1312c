"""People, facts, dates and the timeline across outlets, on articles written for the tests."""
import pytest

from retold.dates import normalize
from retold.pipeline import analyze
from tests.conftest import ROOT


@pytest.mark.parametrize("text,published,tense,value", [
    ("March 9, 2026", "2025-01-28", None, "2026-03-09"),
    ("Feb. 3", "2025-01-28", "future", "2025-02-03"),
    ("Feb. 3", "2025-01-28", None, "2025-02-03"),
    ("in December", "2025-01-28", "past", "2024-12"),
    ("last month", "2025-01-28", "past", "2024-12"),
    ("January 16", "2025-01-28", "past", "2025-01-16"),
    ("around April 2023", "2025-01-28", None, "2023-04"),
    ("Thursday", "2025-01-28", "past", "2025-01-23"),
    ("next Friday", "2025-01-28", None, "2025-01-31"),
    ("yesterday", "2025-01-28", None, "2025-01-27"),
    ("three years ago", "2025-01-28", None, "2022"),
    ("7/8/07", "2007-07-09", None, "2007-07-08"),
])
def test_date_normalization(text, published, tense, value):
    assert normalize(text, published, tense) == value


@pytest.mark.parametrize("dateline,day", [
    ("MAR. 14, 2013, 8: 12 PM", "2013-03-14"),  # the month split from its day by the tokenizer
    ("Tuesday 28 April 2009 22: 53", "2009-04-28"),  # a time after the year
    ("16 / 08 / 2011 - 13: 05", "2011-08-16"),  # day first, spaced slashes
    ("11 / 28 / 05", "2005-11-28"),  # a two-digit year, and no publication date to lean on
    ("17 September 2013 - 21: 29", "2013-09-17"),  # not the 21st
    ("Friday, November 11, 2011", "2011-11-11"),  # not run into the headline below it
])
def test_an_undated_article_takes_its_dateline(annotate, dateline, day):
    from retold.cluster import document_date

    text = f"Harbor Crane Falls Onto Ferry Terminal\n\n{dateline}\n\nPort Talbot Grain Terminal Closed\n\n" \
           "A crane collapsed onto the ferry terminal in Port Talbot, officials said."
    doc = annotate(text, published=None)
    assert document_date(doc) == day
    assert not any("\n" in d.text for d in doc.dates)


def test_durations_get_a_timex_and_no_calendar_value(annotate):
    doc = annotate("The index closed at its lowest level in over six years, its worst run in over a decade.",
                   published="2009-02-20")
    by_text = {d.text: d for d in doc.dates}
    assert by_text["over six years"].timex == "P6Y" and by_text["over six years"].value is None
    assert by_text["over a decade"].timex == "P10Y"  # and not December


def test_dates_that_look_back_to_the_text(annotate):
    doc = annotate("Car sales fell 35% in January, compared to the same month a year ago. "
                   "Airbus will deliver six jets from 2009 to 2011. GM lost $4.8 billion in the fourth "
                   "quarter of 2005 and $8.6 billion for the entire year.", published="2009-02-03")
    by_text = {d.text: d.timex for d in doc.dates}
    assert by_text["the same month a year ago"] == "2008-01"
    assert by_text["2011"] == "2011"
    assert by_text["the entire year"] == "2005"


def test_a_dated_noun_says_what_it_is_about(annotate):
    doc = annotate("Mara Lee sued the Harbor Gazette over a March article about her charity. "
                   "A hearing for April 9 was moved to April 20.", published="2025-05-02")
    events = {d.text: d.event for d in doc.dates}
    assert events["March"] == "article about her charity"
    assert events["April 9"] == "hearing"


@pytest.fixture(scope="module")
def examples():
    result = analyze([str(ROOT / "examples")])
    return next(s for s in result.stories if "daily_ledger_whitlock" in s.documents), result


def test_conflicting_budget_is_flagged(examples):
    story, _ = examples
    budget = [f for f in story.facts if f["kind"] == "money" and f["thing"] == "budget"]
    assert {(f["value"], f["agreement"]) for f in budget} == {(40_000_000, "conflict"), (45_000_000, "conflict")}
    forty = next(f for f in budget if f["value"] == 40_000_000)
    assert forty["documents"] == ["daily_ledger_whitlock", "screen_beat_whitlock"]
    assert forty["conflicts_with"] == [45_000_000] and forty["subject"] == "The Salt Road"


def test_age_belongs_to_the_named_person(examples):
    story, _ = examples
    assert {(f["subject"], f["value"]) for f in story.facts if f["kind"] == "age"} == {("Dara Whitlock", 52)}


def test_epithets_are_aliases(examples):
    story, _ = examples
    whitlock = next(e for e in story.entities if e.name == "Dara Whitlock")
    assert {"Whitlock", "the Salt Road director", "the filmmaker"} <= set(whitlock.aliases)
    assert whitlock.documents == ["daily_ledger_whitlock", "screen_beat_whitlock", "metro_wire_whitlock"]


def test_timeline_dates_and_events(examples):
    story, _ = examples
    events = {(t["date"], t["event"]) for t in story.timeline}
    assert ("2025-03-12", "Whitlock walked") in events  # "on Wednesday" in a Friday paper
    assert ("2025-04-30", "Filming wrap") in events
    assert all(t["evidence"][0]["text"] for t in story.timeline)


def test_in_quote_relative_date_has_no_calendar_value(examples):
    _, result = examples
    ledger = next(d for d in result.documents if d.id == "daily_ledger_whitlock")
    the_day = next(d for d in ledger.dates if d.text == "the day")
    assert the_day.in_quote and the_day.value is None


def test_coverage_and_summary(examples):
    story, _ = examples
    rows = {r["document"]: r for r in story.coverage}
    assert len(rows["daily_ledger_whitlock"]["utterances"]) > len(rows["screen_beat_whitlock"]["utterances"])
    assert len(story.summary) == 5
    assert {s["document"] for s in story.summary} >= {"daily_ledger_whitlock", "screen_beat_whitlock"}
    for s in story.summary:
        doc = next(d for d in examples[1].documents if d.id == s["document"])
        assert doc.text[s["start"]:s["end"]] == s["text"]


def test_age_as_a_noun_phrase_head(annotate):
    # "The sixty-one-year-old was arrested": the age is the head itself, nothing to climb to
    doc = annotate("Police said Carl Brandt shot a clerk on Friday.\n\n"
                   "The sixty-one-year-old was arrested Friday, not long after the shooting.")
    ages = [(f.subject, f.value) for f in doc.facts if f.kind == "age"]
    assert ages == [("Carl Brandt", 61)]


def test_epithet_rules_out_the_object_of_its_own_verb(annotate):
    doc = annotate(
        "Director Omar Haddad met singer Lena Ortiz in Madrid on Monday.\n\n"
        "Haddad said the pop star invited him to her concert, where the director said "
        "he felt the crowd lifted him.")
    epithets = {e.text: e.name for e in doc.epithets}
    assert epithets["the pop star"] == "Lena Ortiz"     # not "him", the man she invited
    assert epithets["the director"] == "Omar Haddad"    # "him" below his own clause is himself


def test_names_said_only_inside_quotes_are_not_the_storys_people(annotate):
    from retold.reconcile import reconcile

    doc = annotate('Coach Alma Reyes was furious after the loss. "Jesus Christ, we gave it away," '
                   'Reyes said. "Even Pele could not have saved us," she added. '
                   'Striker Tomas Brill said the team would recover.', "match")
    people = {e.name for e in reconcile([doc]).entities if e.type == "PERSON"}
    assert people == {"Alma Reyes", "Tomas Brill"}


def test_a_name_before_a_company_noun_is_the_company(annotate):
    from retold.reconcile import reconcile

    doc = annotate("Nora Bell sued the director and his Wayfarer studio in December. "
                   "Bell said the studio had ignored her complaints.", "suit")
    people = {e.name for e in reconcile([doc]).entities if e.type == "PERSON"}
    assert people == {"Nora Bell"}


def test_a_rounded_and_an_exact_value_of_one_thing_are_one_fact(annotate):
    from retold.reconcile import reconcile

    doc = annotate("Coach Alma Reyes left a six-minute message for the players on Sunday. "
                   "The recording, which lasted six minutes and 30 seconds, was leaked on Monday.", "memo")
    durations = [f for f in reconcile([doc]).facts if f["kind"] == "duration"]
    assert [(f["value"], len(f["mentions"])) for f in durations] == [(390, 2)]


def test_summary_sentences_run_past_abbreviations(annotate):
    """'No. 1', 'Dr. Benjamin' and 'Lewis J. Liman' do not end a summary sentence."""
    from retold.story_facts import summarize

    text = ("The store passed its rival to become the No. 1 U.S. music seller in February. "
            "Dr. Regina Benjamin praised the move on Monday. "
            "Judge Lewis J. Liman set the trial for March next year.")
    summary = summarize([annotate(text, "store")], n=3)
    assert {s["text"] for s in summary} == {
        "The store passed its rival to become the No. 1 U.S. music seller in February.",
        "Dr. Regina Benjamin praised the move on Monday.",
        "Judge Lewis J. Liman set the trial for March next year."}


def test_event_words_for_relative_and_verbless_clauses(annotate):
    """'the update that ... is scheduled for public release in June' is the update,
    scheduled for release; 'would happen beginning next year' is what happens; 'is
    up 82%' says how much."""
    doc = annotate("The company announced the 2.0 update that was released to developers and is "
                   "scheduled for public release in June.\n\n"
                   "This switch, he said, would happen beginning next year.\n\n"
                   "The market share is up 82% from nine months ago.", "apple", "2008-03-06")
    events = {d.text: d.event for d in doc.dates}
    assert events["June"] == "update is scheduled for public release"
    assert events["next year"] == "switch happen"
    assert events["nine months ago"] == "market share is up 82 %"
