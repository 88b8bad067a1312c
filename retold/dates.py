"""Date expressions normalized against the publication date (YYYY[-MM[-DD]])."""
from __future__ import annotations

import re

from .models import DateMention

_MONTHS = {m: i + 1 for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"])}
_MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
                "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12})
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_FULL = re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b", re.I)
_MONTH_YEAR = re.compile(_MONTH + r",?\s+(?P<year>\d{4})\b", re.I)
_YEAR = re.compile(r"\b(?P<year>1[89]\d\d|20\d\d)\b")


def find_dates(doc, published: str | None) -> list[DateMention]:
    """DATE entities of a parsed document with a normalized value where one follows."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        out.append(DateMention(ent.start_char, ent.end_char, ent.text,
                               normalize(ent.text, published)))
    return out


def normalize(text: str, published: str | None) -> str | None:
    """'March 9, 2026' -> '2026-03-09'; 'Feb. 3' against 2025-01-28 -> '2025-02-03'."""
    m = _FULL.search(text)
    if m:
        month = _MONTHS[_month_key(m.group("month"))]
        day = int(m.group("day"))
        year = m.group("year")
        if year is None:
            if not published:
                return None
            year = _nearest_year(int(published[:4]), int(published[5:7]), month)
        return f"{int(year):04d}-{month:02d}-{day:02d}" if 1 <= day <= 31 else None
    m = _MONTH_YEAR.search(text)
    if m:
        return f"{int(m.group('year')):04d}-{_MONTHS[_month_key(m.group('month'))]:02d}"
    m = _YEAR.search(text)
    if m:
        return m.group("year")
    return None


def _month_key(word: str) -> str:
    word = word.lower().rstrip(".")
    return word if word in _MONTHS else word[:3]


def _nearest_year(year: int, month: int, target_month: int) -> int:
    """The year that puts a bare month nearest to the publication month."""
    delta = target_month - month
    if delta > 6:
        return year - 1
    if delta < -6:
        return year + 1
    return year
