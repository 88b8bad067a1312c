"""Provenance: the channel (`via`) a quote came through, read over the whole article."""
import pytest

from retold.pipeline import analyze_documents
from tests.conftest import make_doc, quote_with

VOICE_NOTE = """Mayor Tess Harlow admitted she "lost her temper" in a voice note she left for a city council member, days before the council voted to censure her.

"I was out of line on Tuesday, and I know it," Harlow said in the voice note, which was obtained by TMZ.

"I hope we can get coffee and start over," she said.

Councilman Rafael Ortiz, who received the message, said he was "surprised" by the call. "I never expected an apology," Ortiz said.

"You deserved better from me," Harlow added.

At a news conference on Friday, Harlow said she had "nothing more to add."
"""


@pytest.fixture(scope="module")
def voice_note():
    result = analyze_documents([make_doc(VOICE_NOTE, "voice-note")])
    return result.documents[0]


def test_a_channel_named_once_reaches_the_speakers_later_quotes(voice_note):
    for fragment in ("out of line on Tuesday", "get coffee and start over", "You deserved better"):
        q = quote_with(voice_note, fragment)
        assert (q.speaker, q.via) == ("Tess Harlow", "TMZ"), fragment


def test_a_quote_from_the_same_material_before_the_channel_is_named(voice_note):
    """The lede quotes the voice note before the article says who obtained it."""
    q = quote_with(voice_note, "lost her temper")
    assert (q.speaker, q.via) == ("Tess Harlow", "TMZ")


def test_the_channel_does_not_reach_another_speaker(voice_note):
    for fragment in ("surprised", "never expected an apology"):
        q = quote_with(voice_note, fragment)
        assert q.speaker == "Rafael Ortiz" and q.via is None, fragment


def test_other_material_of_the_same_speaker_has_no_channel(voice_note):
    q = quote_with(voice_note, "nothing more to add")
    assert (q.speaker, q.via) == ("Tess Harlow", None)


def test_possessive_and_anaphoric_channels_resolve():
    doc = analyze_documents([make_doc(
        "Former senator Owen Pryce sued the network on Monday.\n\n"
        "According to the veteran lawmaker’s $40 million defamation suit, producer Lisa Crane called "
        "him \"a relic\" in a staff meeting.\n\n"
        "Prosecutors unsealed an indictment against Crane's assistant, Joel Baird, on Tuesday. "
        "According to the document, Baird told a colleague to \"delete everything\" before the audit.\n",
        "suit")]).documents[0]
    assert quote_with(doc, "a relic").via == "Owen Pryce's suit"
    assert quote_with(doc, "delete everything").via == "the indictment"


def test_a_campaign_statement_is_the_candidates_words_via_the_campaign():
    doc = analyze_documents([make_doc(
        "Former governor Warren Hale criticized the budget on Monday.\n\n"
        "Hale's campaign later released a statement calling the plan \"a tax hike in disguise\".\n",
        "campaign")]).documents[0]
    assert quote_with(doc, "a tax hike in disguise").via == "Warren Hale's campaign"
    doc = analyze_documents([make_doc(
        "Former governor Warren Hale criticized the budget on Monday.\n\n"
        '"This plan is a tax hike in disguise," Hale said in a statement released by his campaign.\n\n'
        '"I will veto it," he said.\n', "released-by")]).documents[0]
    for fragment in ("tax hike in disguise", "I will veto it"):
        q = quote_with(doc, fragment)
        assert (q.speaker, q.via) == ("Warren Hale", "Warren Hale's campaign"), fragment


def test_a_speakers_own_statement_is_no_channel():
    """'said in a statement' is the speaker's own words; 'in a statement to The New York
    Times' names a channel for that quote only, not for the statement before it."""
    doc = analyze_documents([make_doc(
        "Senator Ana Roth defended the bill on Monday.\n\n"
        '"This bill protects families," Roth said in a statement.\n\n'
        '"We will not back down," Roth said in a statement to The New York Times.\n', "own")]).documents[0]
    assert quote_with(doc, "protects families").via is None
    assert quote_with(doc, "will not back down").via == "The New York Times"


def test_another_occasion_ends_the_material():
    doc = analyze_documents([make_doc(
        "Coach Ben Ames apologized to his players in a voicemail obtained by ESPN.\n\n"
        '"I let you down," Ames said in the voicemail.\n\n'
        '"I will be better," he said.\n\n'
        'Ames said Tuesday that the team was "moving on."\n', "occasion")]).documents[0]
    assert [quote_with(doc, f).via for f in ("let you down", "will be better", "moving on")] == \
        ["ESPN", "ESPN", None]


def test_a_recording_named_before_its_speaker():
    doc = analyze_documents([make_doc(
        "In a video obtained by WJLA, Officer Kim Lee can be heard warning the driver.\n\n"
        '"Step out of the car," Lee says.\n', "video")]).documents[0]
    assert quote_with(doc, "Step out of the car").via == "WJLA"


INTERVIEW = """Sen. Carla Austin said she would not back the deal.

"I was sent here to stop the spending," Austin said in an interview with CNN.

"Real caps. Not promises," she said.

"Carla's a friend," Sen. Howard Pruett told Fox News Digital.

Sen. Maria Olvera chimed in on X: "Funny how the deficit only matters now."
"""


def test_an_interview_and_a_post_are_material_and_the_house_outlet_no_channel():
    document = make_doc(INTERVIEW, "interview")
    document.outlet = "Fox News"
    doc = analyze_documents([document]).documents[0]
    assert [quote_with(doc, f).via for f in ("stop the spending", "Real caps")] == ["CNN", "CNN"]
    assert quote_with(doc, "Carla's a friend").via is None  # said to the article's own outlet
    assert quote_with(doc, "Funny how the deficit").via == "X"


def test_an_interview_reaches_the_lead_and_quotes_dated_inside_the_words():
    """The lead sums up what the next paragraph quotes 'in an interview with CNN': its
    fragment carries CNN too; 'since Friday' dates the words, not a new occasion, so the
    interview still reaches them; another speaker's words do not get it."""
    text = ('Sen. Carla Austin said Sunday she "won\'t be bullied" into backing the deal.\n\n'
            '"I was sent here to stop the spending," Austin said in an interview with CNN.\n\n'
            'The Montana Republican told the host that she had "gotten three phone calls from the '
            'White House" since Friday.\n\n'
            '"She will come around," Sen. Howard Pruett said at a news conference.')
    doc = analyze_documents([make_doc(text, "interview")]).documents[0]
    for fragment in ("won't be bullied", "stop the spending", "three phone calls"):
        q = quote_with(doc, fragment)
        assert (q.speaker, q.via) == ("Carla Austin", "CNN"), fragment
    assert quote_with(doc, "come around").via is None


def test_an_unnamed_voice_inside_a_recording_carries_its_channel():
    text = ('Rep. Dwayne Kessler called veterans "professional complainers," according to an audio '
            "recording obtained by Politico.\n\n"
            '"Half of these guys want a check for life," Kessler says on the recording.\n\n'
            'An unidentified donor can then be heard asking about the cuts. "What about the optics?" '
            "the man asks.\n\n"
            'Kessler does not miss a beat. "The optics are I am saving money," he says.')
    doc = analyze_documents([make_doc(text, "recording")]).documents[0]
    q = quote_with(doc, "What about the optics?")
    assert (q.speaker, q.via) == (None, "Politico")
    assert quote_with(doc, "saving money").via == "Politico"


def test_a_tweet_an_ad_and_a_deposition_are_channels(annotate):
    """'Marsh later tweeted that ...' is a post on Twitter; words spoken in a campaign ad
    come via the ad, and the next quote of the same spot too; testimony given in a
    deposition reaches the witness's later answers, until the witness speaks to reporters."""
    doc = annotate(
        'In his first television ad of the race, Gov. Curtis Rand stands on a loading dock and '
        'calls the state budget "a mess we can clean up."\n\n'
        '"I am not here to make friends," he says to the camera.\n\n'
        'Sen. Mara Voss later tweeted that the ad was "adorable," and added that it was '
        '"also wrong about every number."\n\n'
        'Rand\'s former aide, Paul Ostrander, denied wrongdoing during a deposition in May, a '
        'transcript of which was filed last week.\n\n'
        'Asked about the contract, Ostrander answered: "I do not recall any such meeting."\n\n'
        'Ostrander spoke briefly to reporters outside the courthouse on Friday.\n\n'
        '"I have nothing to hide," Ostrander said.')
    assert quote_with(doc, "a mess we can clean up").via.endswith("ad")
    assert quote_with(doc, "I am not here to make friends").via.endswith("ad")
    assert quote_with(doc, "adorable").via == "Twitter"
    assert quote_with(doc, "I do not recall").via.endswith("deposition")
    assert quote_with(doc, "I have nothing to hide").via is None


def test_a_partial_quote_in_what_someone_said_is_theirs(annotate):
    """'An aide said Holloway had been "very clear"': the aide's words (unnamed: no
    speaker), not Holloway's."""
    doc = annotate(
        "Derek Holloway met the board on Monday.\n\n"
        'A lottery employee who attended the meeting said Holloway had been "very clear about '
        'what he wanted."')
    assert quote_with(doc, "very clear").speaker != "Derek Holloway"


def test_a_campaign_that_says_speaks_for_its_candidate(annotate):
    """'Whitaker’s campaign said the governor had "..."' (the model tags 'Whitaker’s' as an
    organisation): the words are Sandra Whitaker's, via her campaign."""
    doc = annotate(
        "Gov. Sandra Whitaker, a Democrat seeking a third term, signed the school bill on "
        "Wednesday.\n\n"
        "In a statement, Whitaker’s campaign said the governor had “raised teacher pay three "
        "years in a row” and would keep doing so.")
    q = quote_with(doc, "raised teacher pay")
    assert q.speaker == "Sandra Whitaker"
    assert q.via and q.via.endswith("campaign")


def test_the_statement_of_an_office_named_before_carries_the_office(annotate):
    """'Bennington's office fired back in a statement. "...," the statement said.': the
    leader's words via his office; 'Marsh tweeted that the statement was "cute," adding in
    a follow-up post: "..."' is Marsh adding, on Twitter."""
    doc = annotate(
        "Sen. Ted Marsh attacked the border bill on Wednesday.\n\n"
        "Majority Leader Paul Bennington's office fired back in a statement. \"Senator Marsh "
        'voted for these provisions twice," the statement said.\n\n'
        'Marsh later tweeted that the statement was "cute," adding in a follow-up post: "Cute '
        'does not secure the border."')
    q = quote_with(doc, "voted for these provisions")
    assert q.speaker == "Paul Bennington" and q.via and q.via.endswith("office")
    q = quote_with(doc, "Cute does not secure")
    assert (q.speaker, q.via) == ("Ted Marsh", "Twitter")


def test_an_interview_reaches_the_next_quote_after_a_quote_of_several_sentences(annotate):
    """'"I have two daughters. I worry ...," Natarajan told CNBC on Wednesday. She added,
    "..."': the second quote is from the same interview (the first quote's last sentence,
    which names the day, is the quote's own, not another occasion)."""
    doc = annotate(
        '"I have two daughters. I worry about what we are leaving them," Priya Natarajan told '
        'CNBC on Wednesday. She added, "This is entirely self-inflicted."')
    assert quote_with(doc, "entirely self-inflicted").via == "CNBC"


def test_wire_agencies_and_an_interview_told_in_narration(annotate):
    """'according to the state news agency TASS' is TASS; 'Volkov was quoted as saying by
    Interfax' is Interfax (not Volkov); 'Chief Moore told WICS-TV that ...' makes her next
    quote part of that interview."""
    doc = annotate(
        "Fire Chief Angela Moore told WICS-TV that crews arrived within four minutes. \"Our "
        'people did everything right," she said.\n\n'
        'In Moscow, Foreign Minister Sergei Volkov said Russia would "respond firmly" to new '
        "sanctions, according to the state news agency TASS.\n\n"
        '"These measures are illegal," Volkov was quoted as saying by Interfax.')
    assert quote_with(doc, "did everything right").via == "WICS-TV"
    assert quote_with(doc, "respond firmly").via == "TASS"
    q = quote_with(doc, "These measures are illegal")
    assert (q.speaker, q.via) == ("Sergei Volkov", "Interfax")


def test_an_age_epithet_speaks_and_a_live_stream_carries_its_platform(annotate):
    """'Torres herself addressed fans on Instagram Live. "...," the 29-year-old said': the
    singer's words, on Instagram."""
    doc = annotate(
        "Singer Maya Torres is suing her former manager, Rick Bell, for $5 million.\n\n"
        "Torres herself addressed fans on Instagram Live Tuesday night. \"I trusted him like "
        'family," the 29-year-old said through tears.')
    q = quote_with(doc, "I trusted him like family")
    assert (q.speaker, q.via) == ("Maya Torres", "Instagram")
