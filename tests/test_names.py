"""Speaker names in the shapes US political news writes them, read through the library
API (`retold.analyze_documents`) on short articles written for these tests."""
import pytest

from retold.entities import mask_party_tags
from retold.pipeline import analyze_documents
from tests.conftest import make_doc, quote_with


def analyzed(text: str):
    result = analyze_documents([make_doc(text)])
    assert not result.failures
    return result.documents[0]


def test_curly_and_straight_apostrophes_are_one_person():
    doc = analyzed(
        "Council members clashed Tuesday over the harbor budget.\n\n"
        "“We cannot keep borrowing against the future,” Kevin O’Brien said at the meeting.\n\n"
        "Later, O’Brien said the vote would be “a test for everyone in this room.”\n\n"
        '"I will not support it," O\'Brien said.\n')
    speakers = {quote_with(doc, f).speaker for f in ("borrowing against", "a test for", "will not support")}
    assert speakers == {"Kevin O'Brien"}
    assert {p.name for p in doc.people} == {"Kevin O'Brien"}


PARTY = """House Democrats pressed the administration on Tuesday over delays at the border.

"This is a failure of leadership, plain and simple," Rep. Dana Cole (D-Ore.) said at a hearing.

Rep. Ted Marsh, R-Ohio, told "Fox & Friends." that the bill "goes nowhere in the Senate."

"We will hold the line," Sen. Al Ruiz, D-N.M., said.

"It is not over," said Rep. Mia Lund, D-Wash. The vote is set for Thursday.
"""


@pytest.mark.parametrize("fragment,speaker", [
    ("failure of leadership", "Dana Cole"),      # (D-Ore.) between the name and its verb
    ("goes nowhere in the Senate", "Ted Marsh"),  # , R-Ohio, and a show title in marks
    ("hold the line", "Al Ruiz"),                # , D-N.M., with the periods of the state
    ("It is not over", "Mia Lund"),              # a tag that ends the sentence
])
def test_party_and_state_tags_are_skipped(fragment, speaker):
    assert quote_with(analyzed(PARTY), fragment).speaker == speaker


def test_party_tags_are_blanked_only_outside_quotes():
    text = 'Rep. Dana Cole (D-Ore.) said "Cole (D-Ore.) is a label," and left.'
    masked = mask_party_tags(text)
    assert len(masked) == len(text)
    assert masked.startswith("Rep. Dana Cole          said") and '"Cole (D-Ore.) is a label,"' in masked


def test_a_surname_that_is_a_place_speaks_as_a_person():
    doc = analyzed(
        "The water board met in Fresno on Monday.\n\n"
        '"Nobody should pretend the aquifer will refill itself," Madison said.\n\n'
        '"It is a bad deal for farmers," said Jordan, a Republican from the valley.\n\n'
        'Washington told reporters the plan was "dead on arrival."\n')
    for fragment, name in (("aquifer", "Madison"), ("bad deal", "Jordan"), ("dead on arrival", "Washington")):
        q = quote_with(doc, fragment)
        assert (q.speaker, q.speaker_type) == (name, "person")


def test_a_place_the_article_names_as_a_place_still_needs_a_person_cue():
    """Washington is a place here ("in Washington") and then speaks with no cue that it
    is someone: it stays what it was; with "she" after it, it is a person."""
    text = ("Voters in Washington will decide the measure in March.\n\n"
            '"We have waited long enough," Washington said.\n')
    assert quote_with(analyzed(text), "waited long enough").speaker_type != "person"
    q = quote_with(analyzed(text + "\nShe voted for the measure in committee.\n"), "waited long enough")
    assert (q.speaker, q.speaker_type) == ("Washington", "person")


def test_a_full_name_that_is_also_a_place():
    doc = analyzed(
        "Gov. Ellen Madison signed the budget on Friday in Madison.\n\n"
        '"This budget keeps every promise we made," Madison said at the Capitol.\n\n'
        'Critics in Washington were unimpressed. Madison added that the state "will not be bullied."\n')
    assert quote_with(doc, "keeps every promise").speaker == "Ellen Madison"
    assert quote_with(doc, "will not be bullied").speaker == "Ellen Madison"


def test_a_capital_speaking_for_its_government_is_not_a_person():
    doc = analyzed("The talks collapsed on Friday.\n\n"
                   'Washington said it would impose new sanctions, calling the move "a grave mistake."\n')
    assert "Washington" not in {p.name for p in doc.people}


def test_a_misspelt_surname_is_the_person_named_in_full():
    """'said Clements' after 'Tony Clement, Canada's industry minister': one person (a
    surname within two letters of one named in full); a suffix keeps its period."""
    doc = analyzed(
        "Tony Clement, Canada's industry minister, announced the loans on Monday.\n\n"
        '"Going forward, the industry will be smaller," said Clements.\n\n'
        '"It clearly stimulates the economy," said William Clay Ford Jr., executive chairman '
        "of Ford.\n")
    assert quote_with(doc, "industry will be smaller").speaker == "Tony Clement"
    assert quote_with(doc, "stimulates the economy").speaker == "William Clay Ford Jr."


def test_a_name_set_off_by_who_or_an_age_is_a_person_the_model_missed():
    """'Striker Leah Owusu, who scored the winner, posted on Instagram: "..."' (the small
    model labels no person there): Leah Owusu speaks; the role word is not her name."""
    doc = analyzed(
        "Arsenal beat Chelsea 2-1 on Saturday.\n\n"
        'Striker Leah Owusu, who scored the winner, posted on Instagram: "What a night!"\n')
    q = quote_with(doc, "What a night")
    assert q.speaker == "Leah Owusu"
    assert q.via == "Instagram"


def test_a_relative_named_in_apposition_is_their_own_person():
    """'His sister, Ana Reyes, sat in the front row.' (the model labels only 'Reyes', as an
    organisation) is not the defendant Marco Reyes; her quote in the next paragraph is hers."""
    doc = analyzed(
        "Prosecutors said the defendant, Marco Reyes, planned the robbery.\n\n"
        "Reyes, 34, did not testify. His sister, Ana Reyes, sat in the front row every day of "
        "the trial.\n\n"
        '"My brother is innocent," she told reporters outside the courthouse.\n')
    assert quote_with(doc, "My brother is innocent").speaker == "Ana Reyes"
