"""Numeric facts in one document: money, ages, counts, durations and percentages, each
with its value, unit, the thing it measures and the subject it belongs to.

Values are found on the surface (regular expressions know "$250M" and "six minutes and
30 seconds" better than the small model does); the parse ties each to its subject: the
person whose age it is, whose lawsuit it prices, or the work it budgets.
"""
from __future__ import annotations

import re

from .entities import PERSON_NOUNS, People, gender_of_words
from .models import Fact, Quote

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "a": 1, "an": 1, "dozen": 12,
}
# A number starts where a run of digits does ((?<![\d,.])): a run like "1,1,1,..." or a
# thousand digits then gives one attempt, not one per digit (which would be quadratic).
_NUM = r"(?:(?<![\d,.])\d[\d,]*(?:\.\d+)?|(?:" + "|".join(sorted((w for w in _WORD_NUMBERS if len(w) > 2), key=len, reverse=True)) + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?)"
_SCALE = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
          "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
_CURRENCY = {"$": "USD", "us$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "c$": "CAD",
             "a$": "AUD", "dollars": "USD", "euros": "EUR", "pounds": "GBP", "yen": "JPY"}
MONEY = re.compile(
    r"(?P<cur>US\$|C\$|A\$|[$£€¥])\s?(?P<num>\d[\d,]*(?:\.\d+)?)(?:\s?(?P<scale>thousand|million|billion|trillion|mln|mn|bn|tn|[kKmMbB])\b)?"
    r"|(?<![\d,.])(?P<num2>\d[\d,]*(?:\.\d+)?)\s(?P<scale2>thousand|million|billion|trillion)?\s?(?P<cur2>dollars|euros|pounds|yen)\b", re.I)
PERCENT = re.compile(r"(?<![\d.])(?P<num>\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)", re.I)
_UNIT_SECONDS = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
                 "month": 2629800, "year": 31557600}
_DURATION_PIECE = r"(?:" + _NUM + r")[- ](?:second|minute|hour|day|week|month|year)s?"
DURATION = re.compile(_DURATION_PIECE + r"(?:,?\s(?:and\s)?" + _DURATION_PIECE + r")*", re.I)
AGE_ADJ = re.compile(r"\b(?P<num>" + _NUM + r")-years?-old\b", re.I)
AGE_AFTER_NAME = re.compile(r"^\s*(?:,\s*|\(\s*|,\s*aged\s+)(?P<num>\d{1,3})\s*(?:,|\)|\.|\s|$)")
COUNT = re.compile(r"\b(?P<num>" + _NUM + r")\s+(?P<rest>(?:[a-z][\w-]*\s){0,2}[a-z][\w-]*s)\b", re.I)

# What an amount measures, in a few families, so outlets' wordings meet.
_THING_FAMILIES = {
    "lawsuit": {"suit", "lawsuit", "complaint", "claim", "action", "countersuit", "case"},
    "settlement": {"settlement", "payout", "deal"},
    "salary": {"salary", "pay", "fee", "wage", "contract"},
    "fine": {"fine", "penalty", "damages"},
    "message": {"message", "note", "memo", "voicemail", "recording", "audio", "video", "clip"},
}
# What money spent on a work is: its budget, however the outlet words it.
_WORK_NOUNS = {"budget", "production", "film", "movie", "picture", "western", "project",
               "series", "show", "feature", "blockbuster", "album", "tour", "thriller",
               "drama", "comedy", "sequel", "musical", "play", "game"}
_TIME_WORDS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century",
               "seconds", "minutes", "hours", "days", "weeks", "months", "years", "decades",
               "percent", "times", "time"}


def number(text: str) -> float | None:
    """'1,200' -> 1200; 'forty' -> 40; 'twenty-five' -> 25."""
    text = text.lower().strip()
    try:
        return float(text.replace(",", ""))
    except ValueError:
        pass
    total = 0
    for word in re.split(r"[- ]", text):
        if word not in _WORD_NUMBERS:
            return None
        total = total * 100 if word == "hundred" else total + _WORD_NUMBERS[word]
    return float(total)


def thing_family(lemma: str | None, kind: str | None = None) -> str | None:
    if not lemma:
        return None
    if kind == "money" and lemma in _WORK_NOUNS:
        return "budget"
    for family, words in _THING_FAMILIES.items():
        if lemma in words:
            return family
    return lemma


class FactFinder:
    """Finds the facts of one parsed document; subjects resolved through `People`."""

    def __init__(self, doc, people: People, quotes: list[Quote], titles, in_quote):
        self.doc = doc
        self.text = doc.text
        self.people = people
        self.quotes = quotes
        self.titles = titles
        self.in_quote = in_quote
        self._taken: list[tuple[int, int]] = []

    def run(self) -> list[Fact]:
        facts = []
        facts += self._money()
        facts += self._ages()
        facts += self._percents()
        facts += self._durations()
        facts += self._counts()
        return sorted(facts, key=lambda f: f.start)

    # -- helpers --------------------------------------------------------------------
    def _free(self, start: int, end: int) -> bool:
        if any(a < end and start < b for a, b in self._taken):
            return False
        self._taken.append((start, end))
        return True

    def _span(self, start: int, end: int):
        return self.doc.char_span(start, end, alignment_mode="expand")

    def _thing(self, span):
        """The noun an amount measures: '$400 million defamation lawsuit' -> lawsuit."""
        tok = span.root
        for _ in range(3):
            if tok.dep_ in ("nummod", "compound", "quantmod", "amod", "nmod", "npadvmod") \
                    and (tok.head.pos_ in ("NOUN", "PROPN") or tok.head.dep_ in ("appos", "dobj", "pobj", "attr")):
                tok = tok.head
                continue
            break
        if (tok.pos_ in ("NOUN", "PROPN") or tok.dep_ in ("appos", "dobj", "pobj", "attr")) \
                and tok.i not in range(span.start, span.end):
            return tok
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ == "prep":
            verb = head.head
            for dep in ("dobj", "nsubjpass", "nsubj"):  # "put the budget at $40 million"
                for child in verb.children:
                    if child.dep_ == dep and child.pos_ == "NOUN":
                        return child
            if verb.pos_ == "NOUN":  # "a suit of $5 million"
                return verb
        if tok.dep_ in ("attr", "dobj", "appos") and head.pos_ in ("NOUN", "AUX", "VERB"):
            for child in head.children:
                if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ == "NOUN":
                    return child
        return None

    def _subject(self, thing, span, quote: Quote | None) -> str | None:
        """Whose fact it is: the possessor or the agent of the clause, a work named in
        the sentence, or the speaker of the quote it sits in."""
        if quote is not None and quote.speaker_type == "person":
            return quote.speaker
        anchor = thing if thing is not None else span.root
        work = self._work_of(anchor)
        if work:
            return work
        for child in anchor.children:
            if child.dep_ == "poss":
                who = self._person_at(child)
                if who:
                    return who
        tok = anchor
        for _ in range(4):
            if tok.pos_ in ("VERB", "AUX"):
                for child in tok.children:
                    if child.dep_ in ("nsubj", "nsubjpass"):
                        who = self._person_at(child)
                        if who:
                            return who
                        break
            if tok.head.i == tok.i:
                break
            tok = tok.head
        return None

    def _work_of(self, tok) -> str | None:
        """The work a budget belongs to: '"The Salt Road," the $45 million western', or
        the work the article names when it says 'the production'."""
        if thing_family(tok.lemma_.lower(), "money") != "budget":
            return None
        near = [tok.head] + list(tok.children) if tok.dep_ == "appos" else list(tok.children)
        for other in near:
            for title in self.titles:
                if title.start <= other.idx < title.end:
                    return title.text.rstrip(".,!?")
        if tok.lower_ != "budget" and self.titles and tok.i > 0 and self.doc[tok.i - 1].lower_ in ("the", "this"):
            return self.titles[0].text.rstrip(".,!?")
        if self.titles and any(t.lower_ in ("the", "its") for t in tok.children):
            return self.titles[0].text.rstrip(".,!?")
        return None

    def _person_at(self, tok) -> str | None:
        mention = self.people.in_tokens(tok.left_edge.i, tok.i + 1, skip_possessive=False)
        if mention is not None:
            return mention.name
        words = [t.text for t in tok.subtree][:8]
        if tok.lower_ in ("he", "she", "his", "her"):
            return self.people.salient(tok.idx, gender="m" if tok.lower_ in ("he", "his") else "f")
        if words and words[0].lower() == "the" and tok.text.islower() \
                and tok.lemma_.lower() in PERSON_NOUNS:
            names = self.people.names_between(tok.sent.start_char, tok.sent.end_char, quoted=False)
            return self.people.salient(tok.idx, exclude=names, gender=gender_of_words(words))
        return None

    def _quote_at(self, char: int) -> Quote | None:
        for q in self.quotes:
            if any(s <= char < e for s, e in q.parts):
                return q
        return None

    def _make(self, kind, value, unit, start, end, thing=None, subject=None) -> Fact:
        sent = self._span(start, end).sent
        others = sorted(self.people.names_between(sent.start_char, sent.end_char, quoted=False)
                        - ({subject} if subject else set()))
        return Fact(kind=kind, value=value, unit=unit, subject=subject,
                    thing=thing_family(thing.lemma_.lower(), kind) if thing is not None else None,
                    start=start, end=end, text=self.text[start:end],
                    context=self.text[sent.start_char:sent.end_char], others=others)

    # -- kinds ----------------------------------------------------------------------
    def _money(self):
        out = []
        for m in MONEY.finditer(self.text):
            if not self._free(m.start(), m.end()):
                continue
            cur = (m.group("cur") or m.group("cur2")).lower()
            value = number(m.group("num") or m.group("num2"))
            scale = (m.group("scale") or m.group("scale2") or "").lower()
            if value is None:
                continue
            value *= _SCALE.get(scale, 1)
            span = self._span(m.start(), m.end())
            thing = self._thing(span)
            subject = self._subject(thing, span, self._quote_at(m.start()))
            fact = self._make("money", _clean_value(value), _CURRENCY.get(cur, cur.upper()),
                              m.start(), m.end(), thing, subject)
            out.append(self._extend_text(fact, thing))
        return out

    def _extend_text(self, fact: Fact, thing) -> Fact:
        """'$400 million' -> '$400 million defamation lawsuit' when the noun follows."""
        if thing is not None and thing.idx >= fact.end and thing.idx - fact.end < 40:
            fact.end = thing.idx + len(thing.text)
            fact.text = self.text[fact.start:fact.end]
        return fact

    def _ages(self):
        out = []
        for mention in self.people.mentions:
            if mention.in_quote:
                continue
            m = AGE_AFTER_NAME.match(self.text[mention.end:mention.end + 12])
            if m and 0 < int(m.group("num")) < 120:
                start, end = mention.end + m.start("num"), mention.end + m.end("num")
                if self._free(start, end):
                    out.append(self._make("age", int(m.group("num")), "years", start, end,
                                          subject=mention.name))
        for m in AGE_ADJ.finditer(self.text):
            value = number(m.group("num"))
            if value is None or not self._free(m.start(), m.end()) or self.in_quote(m.start()):
                continue
            span = self._span(m.start(), m.end())
            noun = span.root  # climb rightwards to the noun the age describes
            for _ in range(4):
                if noun.i >= span.end and noun.pos_ in ("NOUN", "PROPN"):
                    break
                if noun.head.i <= noun.i:
                    break
                noun = noun.head
            subject = None
            after = self.people.in_tokens(span.end, min(len(self.doc), span.end + 3))
            if after is not None:
                subject = after.name  # "41-year-old Baldoni"
            elif noun.pos_ in ("NOUN", "PROPN") or self.text[max(0, m.start() - 4):m.start()].lower() == "the ":
                # "the 37-year-old actress", or "the sixty-one-year-old" standing alone
                names = self.people.names_between(span.sent.start_char, span.sent.end_char, quoted=False)
                gender = gender_of_words([noun.text]) if noun.i >= span.end else None
                subject = self.people.salient(m.start(), exclude=names, gender=gender)
            end = noun.idx + len(noun.text) if noun.idx > m.end() and noun.idx - m.end() < 30 else m.end()
            fact = self._make("age", int(value), "years", m.start(), m.end(), subject=subject)
            fact.end, fact.text = end, self.text[m.start():end]
            out.append(fact)
        return out

    def _percents(self):
        out = []
        for m in PERCENT.finditer(self.text):
            if not self._free(m.start(), m.end()):
                continue
            span = self._span(m.start(), m.end())
            thing = self._thing(span)
            out.append(self._make("percent", _clean_value(float(m.group("num"))), "%",
                                  m.start(), m.end(), thing,
                                  self._subject(thing, span, self._quote_at(m.start()))))
        return out

    def _durations(self):
        out = []
        for m in DURATION.finditer(self.text):
            tail = self.text[m.end():m.end() + 12].lower()
            if re.match(r"\s*(?:ago|later|earlier|before|after|-old|old)\b", tail) or "-old" in tail[:5]:
                continue
            seconds = 0.0
            for piece in re.finditer(r"(" + _NUM + r")[- ](second|minute|hour|day|week|month|year)s?", m.group(), re.I):
                n = number(piece.group(1))
                if n is None:
                    seconds = None
                    break
                seconds += n * _UNIT_SECONDS[piece.group(2).lower()]
            if not seconds or not self._free(m.start(), m.end()):
                continue
            span = self._span(m.start(), m.end())
            thing = self._thing(span)
            quote = self._quote_at(m.start())
            fact = self._make("duration", _clean_value(seconds), "seconds", m.start(), m.end(),
                              thing, self._subject(thing, span, quote))
            out.append(self._extend_text(fact, thing))
        return out

    def _counts(self):
        out = []
        for m in COUNT.finditer(self.text):
            noun = m.group("rest").split()[-1].lower()
            if noun in _TIME_WORDS or not self._free(m.start(), m.end()):
                continue
            value = number(m.group("num"))
            if value is None or value < 2 and m.group("num").lower() in ("a", "an", "one"):
                continue
            span = self._span(m.start(), m.end())
            if span is None or span[-1].pos_ not in ("NOUN", "PROPN") \
                    or not any(t.dep_ == "nummod" and t.head.i == span[-1].i for t in span):
                continue
            thing = span[-1]
            out.append(self._make("count", _clean_value(value), thing.lemma_.lower(), m.start(),
                                  m.end(), thing, self._subject(thing, span, self._quote_at(m.start()))))
        return out


def _clean_value(value: float):
    return int(value) if float(value).is_integer() else round(value, 4)
