"""Property-based tests of extraction: for any text, quotes point into the text, nothing
raises, and the same text gives the same result."""
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from retold.extract import annotate, extract, split_text
from retold.quotes import scan
from tests.conftest import make_doc

# Text built from the pieces that matter to the quote scanner and attribution: every kind of
# quotation mark, newlines, sentence ends, abbreviations, names and speech verbs.
PIECES = st.sampled_from([
    '"', "“", "”", "„", "«", "»", "'", "’", "``", "''", "\n", "\n\n", " ", ". ", ", ", ": ", "!", "?",
    "Mr.", "Dr. ", "said", " said ", "told reporters", "according to", "Ana Ruiz", "she", "He",
    "the mayor", "police", "We will", "reopen", "the bridge", "(", ")", "—", "-", "A.", "\t", "é",
    "\x1b[31m", "\u200b", "🙂", "1,000", "$5", "Tuesday", "2025-01-28",
])
TEXTS = st.one_of(
    st.lists(PIECES, max_size=60).map("".join),
    st.text(max_size=200),
    st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=40).map("".join),
)
FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_quotes(text, quotes):
    for q in quotes:
        assert 0 <= q.start < q.end <= len(text)
        assert all(q.start <= s < e <= q.end for s, e in q.parts)
        assert " ".join(text[s:e] for s, e in q.parts) == q.text
        if len(q.parts) == 1:
            assert text[q.start:q.end] == q.text
        if q.speaker_mention is not None:
            m = q.speaker_mention
            assert 0 <= m.start <= m.end <= len(text) and text[m.start:m.end] == m.text


def _summary(doc):
    return ([(q.start, q.end, q.parts, q.kind, q.speaker, q.via) for q in doc.quotes],
            [(t.start, t.end) for t in doc.titles], doc.people, doc.entities,
            [(d.start, d.end, d.value) for d in doc.dates], [(f.kind, f.value) for f in doc.facts])


@FAST
@given(text=TEXTS)
def test_scan_spans_lie_inside_the_text(text):
    for raw in scan(text):
        assert 0 <= raw.first_mark <= raw.start <= raw.end <= raw.last_mark <= len(text)
        assert all(0 <= s < e <= len(text) for s, e in raw.parts)


@FAST
@given(text=TEXTS)
def test_extraction_offsets_hold_and_are_deterministic(nlp, text):
    text = text.strip()
    if not text:
        return
    first = annotate(make_doc(text), nlp(text))  # no exception escapes
    _check_quotes(text, first.quotes)
    again = annotate(make_doc(text), nlp(text))
    assert _summary(first) == _summary(again)


@FAST
@given(text=st.lists(PIECES, min_size=20, max_size=120).map("".join), part=st.integers(20, 200))
def test_parsing_in_parts_keeps_every_character(nlp, text, part):
    text = text.strip()
    if not text:
        return
    assert "".join(split_text(text, part)) == text

    def fail(doc, exc):
        raise exc
    [doc] = extract([make_doc(text)], nlp, part_chars=part, on_error=fail)
    _check_quotes(text, doc.quotes)
