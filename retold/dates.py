"""Date expressions normalized against the publication date.

dateparser reads the expression; what it lacks is added here: the tense of the clause
("filed in December" looks back, "rescheduled for Feb. 3" looks ahead), the nearest
plausible year for a month or day given without one, weekdays, weeks, quarters,
decades and seasons. `value` keeps to DESIGN.md's YYYY[-MM[-DD]]; `timex` holds the
TimeML-style value for what has no calendar date (2008-W50, 2009-Q3, PAST_REF).
"""
from __future__ import annotations

import datetime as dt
import functools
import re

from .models import DateMention

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]
_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
            "several": None, "few": None, "a few": None}
_PAST_REF = re.compile(r"^(?:recent(?:ly)?|recent (?:years|months|weeks|days)|the past|in the past|"
                       r"previously|formerly|history|earlier|once|lately|more recently|the previous (?:years|decades))$")
_PRESENT_REF = re.compile(r"^(?:now|currently|current|present|the present|at present|nowadays|"
                          r"these days|at the moment|right now|today's|our recent history|so far|"
                          r"the time being|for the time being)$")
_FUTURE_REF = re.compile(r"^(?:soon|very soon|the future|in the future|later|shortly|the long term|"
                         r"the near term|the short term|short-term|long-term|near-term|in the coming "
                         r"(?:days|weeks|months|years)|the coming (?:days|weeks|months|years)|upcoming)$")
_FUTURE_CUES = re.compile(
    r"\b(?:will|shall|'ll|going to|scheduled|rescheduled|slated|set for|set to|expected|expects|"
    r"due|upcoming|planned|plans|planning|postponed|delayed|moved to|pushed (?:back )?to|"
    r"next|to be held|to begin|to start|to open|would|begins|starts|opens|is to|are to)\b", re.I)
_LEADING = re.compile(r"^(?:(?:in|on|at|by|since|until|till|from|around|about|approximately|"
                      r"roughly|circa|before|after|during|through|as of|as early as|as late as|"
                      r"sometime in|some time in|the|this past|of|early|late|mid|mid-|the end of|"
                      r"the beginning of|the start of|the middle of|end of|beginning of|start of)\s+)+",
                      re.I)


@functools.lru_cache(maxsize=1)
def _parser():
    from dateparser.date import DateDataParser
    return DateDataParser(languages=["en"])


# words a bare year follows ("from 2009 to 2011"); lookbehinds must each be of fixed width
_YEAR_AFTER = ("in", "since", "until", "by", "to", "and", "through", "from", "of", "during", "after", "before")
_EXTRA = re.compile(
    r"\b(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|currently|nowadays|recently|more recently|"
    r"(?:very )?soon|in the future|the future|in the past|(?<=at )(?:the|that) time(?! of\b| being\b)|at present|now(?! that)|(?:this|next|last) spring|spring|"
    r"(?:earlier |later )?today|tonight|yesterday|tomorrow|current|recent|ongoing|the past|"
    r"the (?:long|near|short) term|short-term|the time being|"
    + "|".join(rf"(?<={word} )(?:19|20)\d\d" for word in _YEAR_AFTER) + r")\b",
    re.I)
_ANAPHORIC_DAY = re.compile(r"(?:the|that|the same) day")
_DAY_AFTER = {"the previous day": -1, "the day before": -1, "the prior day": -1, "a day earlier": -1,
              "the next day": 1, "the following day": 1, "the day after": 1, "a day later": 1}
_YEAR_BEFORE = re.compile(r"(?:the )?(?:year previous|previous year|year before|prior year)")
# "the same month a year ago", "the same period last year": the period just reported, a year back
_SAME_PERIOD = re.compile(r"the same (month|period|quarter)(?: of)? (?:a year (?:ago|earlier|before)|"
                          r"(?:the )?(?:last|previous|prior) year)")
_WHOLE_YEAR = re.compile(r"the (?:entire|whole|full) year")
# (?<!\s): tried once per run of spaces, not once per space (quadratic on a long run)
_RANGE = re.compile(r"(?<!\s)(?:\s+(?:and|to|through|until|or)\s+|\s*[–—-]\s*(?=\w))")


def find_dates(doc, published: str | None, people=None, in_quote=None) -> list[DateMention]:
    """Every date expression of a parsed document, normalized against the publication
    date: spaCy's DATE entities (ranges split in two) and a few it misses. With the
    document's `people`, each also gets the event of its clause ("Lively filed suit")."""
    dct = _as_date(published)
    out = []
    spans = []
    for ent in doc.ents:
        if ent.label_ == "TIME" and re.fullmatch(r"(?:this (?:morning|afternoon|evening)|tonight)", ent.text.lower()):
            spans.append(ent)
            continue
        if ent.label_ != "DATE":
            continue
        if re.fullmatch(r"\d+(?:-year-old|-years?-old| years old| years?)?", ent.text.strip()) \
                and not re.fullmatch(r"1[5-9]\d\d|20\d\d", ent.text.strip()):
            continue  # ages and bare numbers ("41", "37-year-old") are not dates
        for line in _lines(doc, ent):
            spans.extend(_split_range(doc, line))
    taken = [(s.start_char, s.end_char) for s in spans]
    for m in _EXTRA.finditer(doc.text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None:
            spans.append(span)
    last_day: str | None = None
    last_year: str | None = None
    last_period: str | None = None  # the last month or quarter named ("in January")
    last_any_year: str | None = None  # the year of any expression ("the fourth quarter of 2005")
    story = story_tense(doc)
    for span in sorted(spans, key=lambda s: s.start_char):
        lowered = span.text.lower().strip()
        if lowered in ("the day", "a day") and span.end < len(doc) and \
                doc[span.end].lower_ in ("before", "after", "earlier", "later"):
            span = doc[span.start:span.end + 1]  # "the day before": the model stops at "day"
            lowered = span.text.lower()
        tense = clause_tense(span)
        if tense in _STORY_TENSE_FOR and story == "past" and _BARE_MONTH.fullmatch(lowered):
            tense = "past"  # "October" with no verb of its own, in a story told in the past
        timex = normalize_timex(span.text, dct, tense)
        same = _SAME_PERIOD.fullmatch(lowered)
        step = _DAY_AFTER.get(re.sub(r"^(?:on|by) ", "", lowered))
        if _ANAPHORIC_DAY.fullmatch(lowered) and last_day:
            timex = last_day  # "the day", "the same day": the day the text just named
        elif step and (last_day or dct):
            anchor = dt.date.fromisoformat(last_day) if last_day else dct
            timex = (anchor + dt.timedelta(days=step)).isoformat()  # "the day before": of the day just named
        elif _YEAR_BEFORE.fullmatch(lowered) and last_year:
            timex = str(int(last_year) - 1)  # "the year previous": before the year just named
        elif same and (last_period or dct):
            period = last_period or f"{dct.year:04d}-{dct.month:02d}"
            timex = f"{int(period[:4]) - 1}{period[4:]}"
        elif _WHOLE_YEAR.fullmatch(lowered) and (last_any_year or dct):
            timex = last_any_year or str(dct.year)  # "a loss of $8.6 billion for the entire year"
        if timex and re.fullmatch(r"\d{4}-(?:\d{2}|Q\d)", timex):
            last_period = timex
        if timex and re.match(r"\d{4}", timex):
            last_any_year = timex[:4]
        if timex and re.fullmatch(r"\d{4}", timex):
            last_year = timex
        elif timex and re.fullmatch(r"\d{4}-\d{2}-\d{2}", timex) and not span.text.lower().startswith("today") \
                and not step:  # "the day before" does not move the anchor of the next one
            last_day = timex
        mention = DateMention(span.start_char, span.end_char, span.text, calendar_value(timex),
                              timex=timex, sentence=(span.sent.start_char, span.sent.end_char))
        if in_quote is not None:
            mention.in_quote = in_quote(span.start_char)
            if mention.in_quote and not re.search(r"\b\d{4}\b|" + _MONTH_RE, span.text, re.I):
                mention.value = None  # "today" in a quote is the day it was said, not printed
        if people is not None and mention.value:
            mention.event, mention.subject = describe_event(span, people)
        out.append(mention)
    return out


def _phrase(tok) -> str:
    """A noun with its compounds and adjectives: 'sexual harassment suit'."""
    keep = [t for t in tok.subtree if t.i <= tok.i and t.dep_ in ("compound", "amod", "nmod")
            and t.head.i >= t.i and not t.like_num and t.ent_type_ not in ("DATE", "MONEY", "CARDINAL")]
    words = [t.text for t in keep if t.i >= (keep[0].i if keep else tok.i)] + [tok.text]
    return " ".join(w for w in words if w not in ("$",))


_ABOUT = {"about", "on", "of", "over", "into", "against", "for", "with"}


def _noun_event(tok, date) -> str:
    """The noun a date modifies, with what it is about: 'article about the alleged
    smear campaign', not just 'article'."""
    phrase = _phrase(tok)
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ in _ABOUT), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if obj is None or obj.ent_type_ in ("DATE", "TIME") or date.start <= obj.i < date.end:
        return phrase
    words = [t.text for t in obj.subtree if t.i <= obj.i or t.dep_ in ("compound", "amod")]
    return f"{phrase} {prep.text} {' '.join(words[:6])}"


def _complement(verb, date) -> str | None:
    """What completes a verb without an object, the date left out: 'scheduled for
    public release', 'is up 82%'."""
    for child in verb.children:
        if date.start <= child.i < date.end or child.i < verb.i:
            continue
        if child.dep_ == "prep" and child.lower_ in ("for", "to", "as"):
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in ("NOUN", "PROPN") and not date.start <= obj.i < date.end:
                return f"{child.text} {_phrase(obj)}"
        if child.dep_ == "acomp" and child.pos_ == "ADJ":
            return child.text  # "will be available"
        if child.dep_ in ("acomp", "advmod", "prt") and child.lower_ in ("up", "down", "higher", "lower"):
            amount = next((c for c in child.subtree if c.like_num or c.ent_type_ in ("PERCENT", "MONEY")), None)
            tail = [t.text for t in child.subtree if amount is not None and t.i >= amount.i
                    and t.ent_type_ == amount.ent_type_][:3]
            return " ".join([child.text, *tail])
    return None


def describe_event(span, people) -> tuple[str | None, str | None]:
    """A few words for what a date marks, from its clause: subject, verb and object
    ('Lively filed sexual harassment suit'), or the noun it dates ('trial set',
    'pretrial conference')."""
    tok = span.root
    head = tok.head
    if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
        head = head.head
    if head.pos_ in ("NOUN", "PROPN") and head.i not in range(span.start, span.end):
        return _noun_event(head, span), None
    for _ in range(3):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return None, None
    if head.tag_ == "VBG" and head.dep_ in ("prep", "advcl", "xcomp") and head.head.pos_ in ("VERB", "AUX") \
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children):
        head = head.head  # "would happen beginning next year": what happens
    if head.dep_ in ("acl", "relcl") and head.head.pos_ in ("NOUN", "PROPN"):
        return f"{_phrase(head.head)} {head.text}", None
    subject_tok = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject_tok is None and head.dep_ in ("conj", "xcomp", "advcl"):
        subject_tok = next((c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject_tok is not None and subject_tok.lower_ in ("that", "which", "who"):
        clause = subject_tok.head  # "the update that ... is scheduled": the update
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head
        if clause.dep_ == "relcl" and clause.head.pos_ in ("NOUN", "PROPN"):
            subject_tok = clause.head
    subject = subject_text = None
    if subject_tok is not None:
        mention = people.in_tokens(subject_tok.left_edge.i, subject_tok.i + 1)
        if mention is not None:
            subject = mention.name
            subject_text = subject.split()[-1]
        elif subject_tok.lower_ in ("he", "she"):
            subject = people.salient(subject_tok.idx, gender="m" if subject_tok.lower_ == "he" else "f")
            subject_text = subject.split()[-1] if subject else subject_tok.text
        elif subject_tok.pos_ in ("NOUN", "PROPN"):
            subject_text = _phrase(subject_tok)
    obj = next((c for c in head.children if c.dep_ in ("dobj", "attr")), None)
    words = [subject_text, " ".join(t.text for t in head.children if t.dep_ in ("aux", "auxpass", "neg")
                                    and t.lower_ in ("was", "were", "is", "not", "will", "has", "had"))
             or None, head.text, _phrase(obj) if obj is not None and obj.pos_ in ("NOUN", "PROPN")
             else _complement(head, span)]
    if obj is not None and obj.pos_ == "PRON":
        pron = people.salient(obj.idx, gender="m" if obj.lower_ == "him" else "f") if obj.lower_ in ("him", "her") else None
        words[3] = pron.split()[-1] if pron else None
    return " ".join(w for w in words if w), subject


def _lines(doc, ent):
    """A DATE entity cut at line breaks (a dateline and the headline under it are not
    one expression), each line that still holds a number or a month, a day number
    given back the month the model left out before it ("Mar 5, 2009")."""
    out = []
    offset = ent.start_char
    for piece in ent.text.split("\n"):
        start = offset + len(piece) - len(piece.lstrip())
        offset += len(piece) + 1
        if not piece.strip() or ("\n" in ent.text and not re.search(r"\d|" + _MONTH_RE, piece, re.I)):
            continue
        span = doc.char_span(start, start + len(piece.strip()), alignment_mode="contract")
        if span is None or not len(span):
            continue
        back = 2 if span.start > 1 and doc[span.start - 1].text == "." else 1  # "MAR | . | 14"
        before = doc[span.start - back].text if span.start >= back else ""
        if (span.text[0].isdigit() and re.fullmatch(_MONTH_RE, before, re.I)) or \
                (re.fullmatch(r"\d{1,2}", before) and back == 1 and re.match(_MONTH_RE + r"\b", span.text, re.I)):
            span = doc[span.start - back:span.end]  # "Mar | 5, 2009", "17 | September 2013"
        out.append(span)
    return out


def _split_range(doc, ent):
    """'between 2014 and 2016' -> two expressions, each with its own value."""
    text = ent.text
    pieces = _RANGE.split(text)
    if len(pieces) == 2 and all(re.search(r"\b(?:1[5-9]\d\d|20\d\d)\b|" + _MONTH_RE, p, re.I)
                                for p in pieces):
        out = []
        for piece in pieces:
            start = ent.start_char + text.index(piece)
            span = doc.char_span(start, start + len(piece), alignment_mode="expand")
            if span is not None:
                out.append(span)
        if len(out) == 2:
            return out
    return [ent]


_FUTURE_LEMMAS = {"schedule", "reschedule", "slate", "expect", "plan", "postpone", "delay",
                  "due", "set", "move", "push", "aim", "intend", "hope", "upcoming"}


def clause_tense(span) -> str | None:
    """'past', 'future', 'present' or None for the verb a date expression hangs on."""
    if span.start > 0 and span.doc[span.start - 1].lower_ == "since":
        return "past"  # "since October" looks back, whatever the verb
    head = span.root
    for _ in range(6):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    children = list(head.children)
    before = span.doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in ("until", "till", "before") and head.tag_ not in ("VBD",):
        return "future"
    if any(c.lower_ in ("will", "'ll", "shall", "wo", "should", "would", "could", "may", "might",
                        "must", "to") and c.dep_ in ("aux", "auxpass") for c in children) or \
            head.lemma_.lower() in _FUTURE_LEMMAS or \
            any(c.lemma_.lower() in _FUTURE_LEMMAS and c.dep_ in ("xcomp", "acomp") for c in children) or \
            (head.tag_ == "VB" and any(c.lower_ == "to" for c in children) and
             head.head.lemma_.lower() in _FUTURE_LEMMAS | {"be", "go"}):
        return "future"
    tags = {head.tag_} | {c.tag_ for c in children if c.dep_ in ("aux", "auxpass")}
    if tags & {"VBD", "VBN"}:
        return "past"
    if tags & {"VBZ", "VBP", "VBG"}:
        return "present"
    return None


_STORY_TENSE_FOR = (None,)
_BARE_MONTH = re.compile(r"(?:(?:in|by|since|until|from|during|through|early|late|mid|mid-|the end of|"
                         r"the beginning of|the start of|the middle of)\s+)*" + _MONTH_RE)


def story_tense(doc) -> str | None:
    """'past' when the document's finite verbs outside quotes are mostly past tense
    (a report of what happened), 'present' when mostly present or future."""
    past = present = 0
    quoted = False
    for tok in doc:
        if tok.text in ('"', "“", "”"):
            quoted = tok.text == "“" or (tok.text == '"' and not quoted)
            continue
        if quoted or tok.pos_ not in ("VERB", "AUX"):
            continue
        if tok.tag_ == "VBD":
            past += 1
        elif tok.tag_ in ("VBZ", "VBP", "MD"):
            present += 1
    if past + present == 0:
        return None
    return "past" if past > present else "present"


def calendar_value(timex: str | None) -> str | None:
    """The DESIGN.md form (YYYY, YYYY-MM or YYYY-MM-DD) of a TimeML value, if it has one."""
    if timex:
        timex = re.sub(r"T(?:MO|AF|EV|NI)$", "", timex)
    if timex and re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", timex):
        return timex
    return None


def normalize(text: str, published: str | None, tense: str | None = None) -> str | None:
    """'March 9, 2026' -> '2026-03-09'; 'Feb. 3' against 2025-01-28 -> '2025-02-03'."""
    return calendar_value(normalize_timex(text, _as_date(published), tense))


def normalize_timex(text: str, dct: dt.date | None, tense: str | None = None) -> str | None:
    """A TimeML-style value for a date expression, or None when it cannot be placed."""
    raw = _tidy(" ".join(text.lower().replace("’", "'").split()).strip(" ,."))
    raw = re.sub(r"^(?:the\s+)?(?:same\s+)?", "", raw) if raw.startswith(("the same",)) else raw
    for pattern, value in ((_PAST_REF, "PAST_REF"), (_PRESENT_REF, "PRESENT_REF"), (_FUTURE_REF, "FUTURE_REF")):
        if pattern.match(raw):
            return value
    core = _LEADING.sub("", raw).strip()
    mid = bool(re.match(r"^(?:mid|mid-)", raw))
    core = re.sub(r"\s+(?:and|or|to)$", "", core)
    m = re.fullmatch(r"'(\d\d)", core)
    if m:  # '82 -> 1982
        return ("19" if int(m.group(1)) > 30 else "20") + m.group(1)
    core = re.sub(r"^(?:early|late|mid)-(?=(?:\d{2,4}|'\d0)'?s$)", "", core)  # "mid-1990s": the decade
    m = re.fullmatch(r"(?:the )?(\d{2,4})'?s", core) or re.fullmatch(r"(?:the )?'(\d0)s", core)
    if m:  # decades: the 1990s -> 199, the '70s -> 197; the 1800s is a century -> 18
        digits = m.group(1)
        if len(digits) == 4 and digits.endswith("00") and digits < "2000":
            return digits[:2]
        return (digits[:3] if len(digits) == 4 else "19" + digits[0])
    m = _CENTURY.fullmatch(core)
    if m and (m.group(1) or m.group(2)):  # the 20th century -> 19 (its years are 19xx)
        number = int(m.group(1)) if m.group(1) else _ORDINAL_WORDS[m.group(2)]
        return f"{number - 1:02d}"
    fiscal = _fiscal(core, dct)
    if fiscal:
        return fiscal
    m = re.fullmatch(r"(1[5-9]\d\d|20\d\d)", core)
    if m:
        return m.group(1) if not mid else f"{m.group(1)}-06"
    if dct is None:
        return _explicit_only(core)
    core = re.sub(r"^(?:earlier|later) (?=today|tonight|this )", "", core)
    parts = {"this morning": "TMO", "this afternoon": "TAF", "this evening": "TEV", "tonight": "TNI"}
    if core in parts:
        return dct.isoformat() + parts[core]
    if core in ("today", "tonight", "this morning", "this afternoon", "this evening", "the day",
                "day", "this day", "the same day", "same day") or core.startswith("today"):
        return dct.isoformat()
    if core in ("yesterday", "last night", "yesterday morning", "yesterday afternoon", "yesterday evening"):
        return (dct - dt.timedelta(days=1)).isoformat()
    if core == "day before yesterday":
        return (dct - dt.timedelta(days=2)).isoformat()
    if core == "day after tomorrow":
        return (dct + dt.timedelta(days=2)).isoformat()
    if core in ("year before last", "the year before last"):
        return str(dct.year - 2)
    if core in ("tomorrow", "tomorrow morning", "tomorrow night"):
        return (dct + dt.timedelta(days=1)).isoformat()
    m = re.fullmatch(r"(last|this|next|past|coming)?\s*(" + "|".join(_WEEKDAYS) + r")(?:\s+(?:morning|afternoon|evening|night))?", core)
    if m:
        return _weekday(m.group(2), m.group(1), dct, tense).isoformat()
    m = re.fullmatch(r"(last|this|next|past|previous|coming|current|following)\s+(week|month|year|weekend|quarter)", core)
    if m:
        return _relative_unit(m.group(1), m.group(2), dct)
    m = re.fullmatch(r"(?:the )?(first|last) week of (" + _MONTH_RE + r")(?: (\d{4}))?", core)
    if m:  # the week holding the month's first or last days
        month = _month_number(m.group(2))
        year = int(m.group(3)) if m.group(3) else _nearest_year(dt.date(dct.year, month, 1), dct, tense, "month").year
        last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1))
        return _week(dt.date(year, month, 4) if m.group(1) == "first" else last - dt.timedelta(days=3))
    if re.fullmatch(r"(?:an? |the )?(?:\w+ )?(?:consecutive |straight )?day(?: in a row)?", core) \
            and re.search(r"consecutive|straight|in a row|second|third|fourth", core):
        return dct.isoformat()  # "a second consecutive day": the day being reported
    if re.fullmatch(r"(?:their |its |his |her |the )?(?:best |worst |busiest |\w+ )?week(?: in a row)?", core) \
            and not re.search(r"\b(?:next|last|previous|past|coming)\b", core):
        return _week(dct)
    if core in ("the week", "week", "the weekend", "weekend"):
        return _week(dct) + ("-WE" if "weekend" in core else "")
    m = _FISCAL_QUARTER.fullmatch(core)
    if m and "fiscal" in core:  # the third quarter of fiscal 1998 -> FY1998-Q3
        digits = (m.group(2) or "").lstrip("'")
        year = (int(digits) if len(digits) == 4 else 2000 + int(digits)) if digits else \
            dct.year + {"last": -1, "previous": -1, "next": 1}.get(m.group(3) or "", 0)
        return f"FY{year}-Q{_ORDINALS.get(m.group(1), 4)}"
    m = re.fullmatch(r"(?:the )?(first|second|1st|2nd|latter|first six months|last six months) (?:half )?"
                     r"(?:of )?(?:(?:the|this) year|(last|next) year|(\d{4}))", core)
    if m and ("half" in core or "six months" in core):  # the first half of 2012 -> 2012-H1
        year = int(m.group(3)) if m.group(3) else dct.year + {"last": -1, "next": 1}.get(m.group(2) or "", 0)
        return f"{year}-H{1 if m.group(1).startswith(('first', '1st')) else 2}"
    if core in ("year-end", "year end", "the year-end", "the year's end", "the end of the year"):
        return str(dct.year)
    m = re.fullmatch(r"(?:(?:a )?few|several|some|many|a couple of|a number of|countless)?\s*"
                     r"(?:days|weeks|months|years|decades)\s+(ago|earlier|before|from now|hence)", core)
    if m:  # a number of years not given: a past (or future) time, not a calendar one
        return "PAST_REF" if m.group(1) in ("ago", "earlier", "before") else "FUTURE_REF"
    holiday = _holiday(core, dct, tense)
    if holiday:
        return holiday
    m = re.fullmatch(r"(?:the )?(first|second|third|fourth|final|last|1st|2nd|3rd|4th)[- ]quarter(?: of)?(?: (this|last|next) year| (\d{4}))?", core)
    if m:
        quarter = _ORDINALS.get(m.group(1), 4)
        year = int(m.group(3)) if m.group(3) else dct.year + {"last": -1, "next": 1}.get(m.group(2) or "", 0)
        if not m.group(2) and not m.group(3) and quarter > (dct.month - 1) // 3 + 1 and tense == "past":
            year -= 1  # "the fourth quarter" in March is last year's
        return f"{year}-Q{quarter}"
    m = re.fullmatch(r"(?:the )?(?:past|last|previous) decade", core)
    if m:
        return str(dct.year - 10)[:3]
    if core in ("this decade", "the current decade"):
        return str(dct.year)[:3]
    m = _CENTURY.fullmatch(core)
    if m and m.group(3):  # this century -> 20, the last century -> 19
        return f"{dct.year // 100 + {'this': 0, 'current': 0, 'last': -1, 'past': -1, 'previous': -1, 'next': 1}[m.group(3)]:02d}"
    m = re.fullmatch(r"(\w+|\d+)\s+(decade|century|centuries|decades)\s+(ago|earlier|before|later|from now)", core)
    if m and (m.group(1).isdigit() or _NUMBERS.get(m.group(1))):
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
        sign = -1 if m.group(3) in ("ago", "earlier", "before") else 1
        if m.group(2).startswith("decade"):
            return str(dct.year + sign * 10 * n)[:3]  # a decade ago, in 2013 -> 200 (the 2000s)
        return f"{dct.year // 100 + sign * n:02d}"
    if re.fullmatch(r"(?:at |by |until )?(?:the|that) time", raw) or core == "that time":
        return "FUTURE_REF" if tense == "future" else "PAST_REF"  # "at the time": a past moment not named
    m = re.fullmatch("(" + _MONTH_RE + r")(?: of)? (this|next|last) year", core)
    if m:
        year = dct.year + {"last": -1, "next": 1}.get(m.group(2), 0)
        return f"{year}-{_month_number(m.group(1)):02d}"
    m = re.fullmatch(r"(?:(this|last|next|past|previous|coming) )?(spring|summer|autumn|fall|winter)(?: (?:of )?(\d{4}))?", core)
    if m:
        if m.group(3):
            return f"{m.group(3)}-{_SEASONS[m.group(2)]}"
        modifier = "last" if re.search(r"\bpast (?:spring|summer|autumn|fall|winter)", raw) else m.group(1)
        return _season(_SEASONS[m.group(2)], modifier, dct, tense)
    m = re.fullmatch(r"(\w+(?: few)?)\s+(day|week|month|year)s?\s+(ago|earlier|before|later|from now|after)", core)
    if m and m.group(1) in _NUMBERS or (m and m.group(1).isdigit()):
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
        if n is not None:
            sign = -1 if m.group(3) in ("ago", "earlier", "before") else 1
            if m.group(2) == "week":
                return (dct + dt.timedelta(weeks=sign * n)).isoformat()
            return _shift(dct, m.group(2), sign * n)
    if re.fullmatch(r"(?:end|the end|beginning|the beginning|start|the start) of (?:the|this) year|(?:the )?year|this year", raw) \
            or core in ("year", "this year"):
        return str(dct.year)
    if core in ("the previous year", "previous year", "a year earlier", "a year ago", "the year before"):
        return str(dct.year - 1)
    return _calendar(core, dct, tense, mid) or duration_timex(raw)


_DURATION = re.compile(  # \b: a run of digits is tried from its start, not from every digit
    r"\b(?:(?:over|about|nearly|almost|around|roughly|some|more than|less than|at least|"
    r"the (?:past|last|next|previous|first|final|coming))\s+)?"
    r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(day|week|month|year|decade|century)s?")
_UNIT = {"day": ("D", 1), "week": ("W", 1), "month": ("M", 1), "year": ("Y", 1), "decade": ("Y", 10),
         "century": ("Y", 100)}


def duration_timex(raw: str) -> str | None:
    """A length of time as a TimeML duration: 'over six years' -> P6Y, 'the past nine
    days' -> P9D, 'over a decade' -> P10Y. No calendar value: it is not a point in time."""
    m = _DURATION.fullmatch(raw)
    if not m:
        return None
    n = int(m.group(1)) if m.group(1).isdigit() else _NUMBERS[m.group(1)]
    letter, factor = _UNIT[m.group(2)]
    return f"P{n * factor}{letter}"


def _tidy(raw: str) -> str:
    """A dateline's date without what runs after its year: the time ("april 28, 2009
    22", "feb. 4, 2009 8: 28 pm") or a word ("27/09/2013 - turkmenistan"); slashes
    closed up ("16 / 08 / 2011"); a day number left without its month ("5, 2009") is
    the year alone."""
    raw = re.sub(r"\s*/\s*", "/", raw)
    raw = re.sub(r"\b((?:1[5-9]|20)\d\d)(?:,?\s+|\s*-\s*)(?:\d{1,2}(?:\s*[:.]\s*\d\d)*(?:\s*[ap]\.?\s?m\.?)?"
                 r"|[a-z][a-z .'-]*)$", r"\1", raw)
    return re.sub(r"^\d{1,2}(?:st|nd|rd|th)?,?\s+((?:1[5-9]|20)\d\d)$", r"\1", raw)


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    return next(i + 1 for i, name in enumerate(_MONTHS) if name.startswith(word[:3]))


_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")


def _slashed(core: str) -> str | None:
    """'7/8/07' -> 2007-07-08 (US order, as in the English-language press), '16/08/2011'
    -> 2011-08-16 (day first when the first number cannot be a month)."""
    m = _SLASHED.fullmatch(core)
    year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 and int(m.group(3)) < 50 else
                              1900 if len(m.group(3)) == 2 else 0)
    month, day = sorted((int(m.group(1)), int(m.group(2))), key=lambda n: n > 12)
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _explicit_only(core: str) -> str | None:
    if _SLASHED.fullmatch(core):
        return _slashed(core)
    m = re.search(r"(1[5-9]\d\d|20\d\d)", core)
    if not m:
        return None
    data = _parser().get_date_data(core)
    if data.date_obj is None:
        return m.group(1)
    return _format(data.date_obj.date(), data.period)


def _calendar(core: str, dct: dt.date, tense: str | None, mid: bool) -> str | None:
    """Month/day expressions through dateparser, the year chosen by tense when absent."""
    if _SLASHED.fullmatch(core):
        return _slashed(core)
    has_year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", core)
    if not re.search(r"\b" + _MONTH_RE + r"(?!\w)", core) and not has_year:
        return None  # ("over a decade" holds no December)
    data = _parser().get_date_data(core, date_formats=None)
    if data.date_obj is None:
        inner = _INNER_DATE.search(core)  # "november 11, three days later"
        if inner and inner.group() != core:
            return _calendar(inner.group(), dct, tense, mid)
        m = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", core)
        return m.group(1) if m else None
    date, period = data.date_obj.date(), data.period
    if period == "year" or (period == "day" and not re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b(?!\d)", re.sub(r"\b\d{4}\b", "", core))):
        period = "month" if re.search(_MONTH_RE, core) else "year"
    if not has_year:
        date = _nearest_year(date, dct, tense, period)
    return _format(date, period)


_INNER_DATE = re.compile(
    "(?:" + _MONTH_RE + r"\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH_RE + r"(?:,?\s+\d{4})?|" + _MONTH_RE + r",?\s+\d{4}|" + _MONTH_RE + ")", re.I)


def _format(date: dt.date, period: str) -> str:
    if period == "year":
        return f"{date.year:04d}"
    if period == "month":
        return f"{date.year:04d}-{date.month:02d}"
    if period == "week":
        return _week(date)
    return date.isoformat()


def _nearest_year(date: dt.date, dct: dt.date, tense: str | None, period: str) -> dt.date:
    """Place a month or day without a year: the past for past tense, the future for
    future tense, else the year that puts it nearest the publication date."""
    def at(year):
        try:
            return date.replace(year=year)
        except ValueError:  # 29 February
            return date.replace(year=year, day=28)

    candidates = [at(dct.year - 1), at(dct.year), at(dct.year + 1)]
    if period == "month":
        anchor = dct.replace(day=1)
        candidates = [c.replace(day=1) for c in candidates]
    else:
        anchor = dct
    if tense == "past":
        # a day up to two weeks ahead is more likely a tense slip than a year back
        limit = anchor if period == "month" else anchor + dt.timedelta(days=14)
        past = [c for c in candidates if c <= limit]
        return max(past) if past else min(candidates, key=lambda c: abs((c - anchor).days))
    if tense == "future":
        future = [c for c in candidates if c >= anchor]
        return min(future) if future else min(candidates, key=lambda c: abs((c - anchor).days))
    return min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))


def _weekday(name: str, modifier: str | None, dct: dt.date, tense: str | None) -> dt.date:
    target = _WEEKDAYS.index(name)
    delta = target - dct.weekday()
    if delta == 0 and modifier in (None, "this"):
        return dct
    if modifier in ("next", "coming") or (modifier is None and tense == "future"):
        return dct + dt.timedelta(days=delta if delta > 0 else delta + 7)
    if delta == 0 and modifier is None:
        return dct
    if modifier in ("last", "past") or tense in ("past", None, "present"):
        return dct + dt.timedelta(days=delta if delta < 0 else delta - 7)
    return dct + dt.timedelta(days=delta)


_CENTURY = re.compile(r"(?:the )?(?:(\d{1,2})(?:st|nd|rd|th)|(first|second|third|fourth|fifth|sixth|seventh|"
                      r"eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
                      r"seventeenth|eighteenth|nineteenth|twentieth|twenty-first)|(this|current|last|past|"
                      r"previous|next))[- ]century")
_ORDINAL_WORDS = {w: i for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first".split(), 1)}
_FISCAL = re.compile(r"(?:(this|the current|current|last|the last|the previous|previous|the past|past|next|"
                     r"the next|the coming|coming) )?(?:fiscal|financial)(?: year)?(?: (\d{4}|'?\d\d))?|"
                     r"(?:fy|fiscal year|financial year)\s*'?(\d{4}|\d\d)")


def _fiscal(core: str, dct: dt.date | None) -> str | None:
    """TimeML's fiscal years: 'this fiscal year' -> FY2013, 'fiscal 2012' -> FY2012. A
    fiscal year runs on the company's calendar, so it is no calendar value."""
    m = _FISCAL.fullmatch(core)
    if not m or not re.search(r"fiscal|financial|fy", core):
        return None
    digits = m.group(2) or m.group(3)
    if digits:
        digits = digits.lstrip("'")
        return f"FY{digits if len(digits) == 4 else '20' + digits}"
    if not m.group(1) or dct is None or "year" not in core:
        return None
    step = -1 if re.search(r"last|previous|past", m.group(1)) else 1 if re.search(r"next|coming", m.group(1)) else 0
    return f"FY{dct.year + step}"


_FISCAL_QUARTER = re.compile(r"(?:the )?(?:fiscal )?(first|second|third|fourth|final|last|1st|2nd|3rd|4th)[- ]"
                             r"(?:fiscal )?quarter(?: of)?(?: (?:the )?(?:fiscal|fy)(?: year)? ?(\d{4}|'?\d\d)|"
                             r" (?:the )?(this|current|last|previous|next) fiscal year| fiscal year)?")
# holidays on a fixed day, and those on the nth weekday of a month (month, weekday, n; -1 = last)
_FIXED_HOLIDAYS = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
                   "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
                   "independence day": (7, 4), "the fourth of july": (7, 4), "july fourth": (7, 4),
                   "halloween": (10, 31), "veterans day": (11, 11), "boxing day": (12, 26),
                   "st. patrick's day": (3, 17), "saint patrick's day": (3, 17), "st patrick's day": (3, 17)}
_WEEKDAY_HOLIDAYS = {"thanksgiving": (11, 3, 4), "thanksgiving day": (11, 3, 4), "labor day": (9, 0, 1),
                     "memorial day": (5, 0, -1), "martin luther king day": (1, 0, 3),
                     "martin luther king jr. day": (1, 0, 3), "presidents day": (2, 0, 3),
                     "presidents' day": (2, 0, 3), "mother's day": (5, 6, 2), "father's day": (6, 6, 3),
                     "election day": (11, 1, 1)}


def _holiday(core: str, dct: dt.date, tense: str | None) -> str | None:
    """'Christmas' -> the nearest Christmas the tense allows; 'Thanksgiving 2012' -> 2012-11-22."""
    m = re.fullmatch(r"(?:(last|this|next) )?(.+?)(?:,? (\d{4}))?", core)
    if not m:
        return None
    name = m.group(2)
    if name in ("easter", "easter sunday"):
        from dateutil.easter import easter
        on = easter
    elif name in _FIXED_HOLIDAYS:
        month, day = _FIXED_HOLIDAYS[name]
        on = lambda year: dt.date(year, month, day)  # noqa: E731
    elif name in _WEEKDAY_HOLIDAYS:
        month, weekday, nth = _WEEKDAY_HOLIDAYS[name]
        on = lambda year: _nth_weekday(year, month, weekday, nth)  # noqa: E731
    else:
        return None
    if m.group(3):
        return on(int(m.group(3))).isoformat()
    days = [on(dct.year - 1), on(dct.year), on(dct.year + 1)]
    if m.group(1) == "last" or tense == "past":
        past = [d for d in days if d <= dct]
        return max(past).isoformat()
    if m.group(1) == "next" or tense == "future":
        return min(d for d in days if d >= dct).isoformat()
    return min(days, key=lambda d: abs((d - dct).days)).isoformat()


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    if nth > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


_SEASON_MONTHS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _season(season: str, modifier: str | None, dct: dt.date, tense: str | None) -> str:
    """The season's year. 'last summer' is the latest summer over by the publication
    date (in April 2013, 2012-SU; in October, 2013-SU); 'next summer' is next year's, as
    'next year' is; 'the coming summer' the first not over. A bare season goes by tense
    (past: the latest begun, future: the first not over), else this year's. Winter
    carries the year of its December."""
    start = _SEASON_MONTHS[season]
    month = dct.month if not (season == "WI" and dct.month <= 2) else dct.month + 12
    begun = month >= start  # this year's season has begun by the publication date
    current = dct.year - (1 if season == "WI" and dct.month <= 2 else 0)
    over = month >= start + 3
    if modifier in ("last", "past", "previous") or (modifier is None and tense == "past"):
        year = current if (over or (modifier is None and begun)) else current - 1
    elif modifier == "next":
        year = current + 1
    elif modifier == "coming" or (modifier is None and tense == "future"):
        year = current if not over else current + 1
    else:
        year = current
    return f"{year}-{season}"


def _week(date: dt.date) -> str:
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def _relative_unit(modifier: str, unit: str, dct: dt.date) -> str:
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "following": 1}.get(modifier, 0)
    if unit == "year":
        return str(dct.year + step)
    if unit == "month":
        return _shift(dct, "month", step)
    if unit == "quarter":
        q = (dct.month - 1) // 3 + step
        year = dct.year + q // 4
        return f"{year}-Q{q % 4 + 1}"
    base = _week(dct + dt.timedelta(weeks=step))
    return base + ("-WE" if unit == "weekend" else "")


def _shift(dct: dt.date, unit: str, n: int) -> str:
    if unit == "day":
        return (dct + dt.timedelta(days=n)).isoformat()
    if unit == "week":
        return _week(dct + dt.timedelta(weeks=n))
    if unit == "month":
        month = dct.month - 1 + n
        return f"{dct.year + month // 12:04d}-{month % 12 + 1:02d}"
    return str(dct.year + n)


def _as_date(published: str | None) -> dt.date | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
