"""The speech-verb lexicon (derived from WordNet 3.0, committed with its source) and
what it changes for a reader: speakers introduced by verbs outside the old hand list."""
from importlib import resources

import pytest

from retold.lexicon import speech_verbs, writing_verbs
from retold.pipeline import analyze_documents
from tests.conftest import make_doc, quote_with

ARTICLE = """Gov. Clara Lindqvist toured the plant on Monday.

"Well, look who it is," Dale Sutter boomed as he crossed the room.

"We are not going anywhere," Lindqvist tweeted on Tuesday.

"This is the best plant in the state," Mayor Tom Reyes beamed.

"Not so fast," Sen. Ada Brook chimed in.

"We will sue," Sutter fumed.
"""


@pytest.fixture(scope="module")
def article():
    return analyze_documents([make_doc(ARTICLE)]).documents[0]


@pytest.mark.parametrize("fragment,speaker", [
    ("look who it is", "Dale Sutter"),           # boomed
    ("not going anywhere", "Clara Lindqvist"),   # tweeted
    ("best plant in the state", "Tom Reyes"),    # beamed
    ("Not so fast", "Ada Brook"),                # chimed in
    ("We will sue", "Dale Sutter"),              # fumed
])
def test_speech_verbs_beyond_said_introduce_their_speaker(article, fragment, speaker):
    assert quote_with(article, fragment).speaker == speaker


def test_the_lexicon_names_its_source_and_license():
    text = resources.files("retold").joinpath("data/speech_verbs.txt").read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("WordNet 3.0" in line for line in header)
    assert any("Princeton University" in line and "Copyright" in line for line in header)


def test_writing_verbs_are_speech_verbs_and_common_ones_are_not():
    assert {"tweet", "post", "write", "text"} <= writing_verbs() <= speech_verbs()
    assert {"say", "tell", "proclaim", "quip", "boom"} <= speech_verbs()
    assert not {"go", "order", "sign", "sentence", "record", "be"} & speech_verbs()
