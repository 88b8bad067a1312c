"""Quotations in one document: where they are, what kind, who said them, who obtained them.

Two steps: `scan` finds quoted spans in plain text (straight and curly marks, quotes that
run over paragraphs); `QuoteAttributor` reads the spaCy parse around each span to tell
speech from titles and scare quotes and to resolve the speaker and the `via` source.
"""
from __future__ import annotations

import bisect
import functools
import os
import re
from dataclasses import dataclass, field

from .entities import People, clause_verb, gender_of_words, is_first_name, possessed_noun, restricted_noun
from .lexicon import speech_verbs
from .models import Quote, Span
from .entities import TITLE_WORDS

OPENERS = "“„«"
CLOSERS = "”»"
_ABBREVIATIONS = ("Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Lt", "Sgt", "Capt", "Gov", "Sen", "Rep",
                  "Gen", "Col", "Rev", "Prof", "Cpl", "Supt", "Insp", "Det", "No", "vs")
# A sentence end: not the period of "Mr." or of an initial ("Jumaane D. Williams"). The
# mark comes first and the lookbehinds (fixed width, no repetition: no backtracking) are
# tried only where there is one.
_TERMINATOR = re.compile(r"[.!?]" + "".join(rf"(?<!\b{a}[.!?])" for a in _ABBREVIATIONS)
                         + r"(?<!\b[A-Z][.!?])(?=[\s\"”’)]|$)")
# How far before and after its marks a quote's attribution is looked for: a sentence is
# far shorter, and a text without sentence ends (5,000 marks, one 1 MB paragraph) then
# costs each quote a bounded amount of work, so the whole stays linear.
CONTEXT_CHARS = 1500

SPEECH_VERBS = {
    "say", "tell", "add", "continue", "explain", "state", "write", "tweet", "post", "note",
    "claim", "insist", "admit", "acknowledge", "announce", "ask", "reply", "respond",
    "answer", "recall", "describe", "call", "refer", "argue", "allege", "assert", "declare",
    "warn", "urge", "remark", "comment", "joke", "quip", "concede", "confirm", "deny",
    "suggest", "testify", "report", "sing", "shout", "scream", "yell", "whisper", "mutter",
    "exclaim", "boast", "complain", "predict", "promise", "vow", "pledge", "apologize",
    "apologise", "hear", "send", "text", "email", "share", "recount", "reveal", "disclose",
    "observe", "emphasize", "emphasise", "stress", "maintain", "contend", "accuse", "lament",
    "gush", "rave", "praise", "thank", "plead", "beg", "demand", "agree", "conclude",
    "assure", "express", "tout", "brag", "concur", "counter", "retort", "snap", "sneer",
    "laugh", "sigh", "muse", "wonder", "speculate", "hint", "caution", "advise", "instruct",
    "inform", "notify", "reiterate", "repeat", "mention", "blast", "slam", "label", "dub",
    "branded", "brand", "describe", "characterize", "characterise", "quote", "cite", "read",
    "sob", "cry", "gasp", "whine", "grumble", "chant", "proclaim", "affirm", "attest",
    "allege", "charge", "accuse", "threaten", "recommend", "propose", "insist", "pen",
}
SPEECH_VERBS |= speech_verbs()  # the WordNet-derived lexicon (retold/lexicon.py)
# Verbs too vague to introduce a quote on their own, kept out of `read`-style confusion.
_WEAK = {"read", "hear", "call", "label", "dub", "brand", "branded", "cite", "quote"}
# speech verbs whose object is the listener, not the speaker: '," told him', '," asked the judge'
_LISTENER_VERBS = {"tell", "ask", "inform", "assure", "remind", "urge", "promise", "advise", "notify",
                   "reassure", "thank", "brief", "caution", "answer", "call", "quote", "cite"}
# The sieves of attribution, most precise first (QuoteAttributor._sieve_<name>).
SIEVES = ("explicit", "colon", "trailing", "clause_subject", "continuation", "pronoun",
          "description", "document")


@functools.cache
def speech_lemmas() -> frozenset[str]:
    """The lemmas of verbs that report speech or writing: the hand list above with the
    lexicon derived from WordNet (retold/lexicon.py)."""
    return frozenset(SPEECH_VERBS)


RECORDING_NOUNS = {
    "audio", "message", "note", "memo", "recording", "voicemail", "video", "tape", "clip",
    "footage", "voicenote", "call",
}
DOCUMENT_NOUNS = {
    "complaint", "lawsuit", "suit", "filing", "statement", "report", "document", "documents",
    "papers", "indictment", "ruling", "affidavit", "motion", "letter", "release", "order",
    "petition", "transcript", "post", "tweet", "memo", "decision", "judgment", "verdict",
    "opinion", "declaration", "subpoena", "summons", "warrant", "charge", "charges", "notice",
    "announcement", "communique", "email", "caption", "website", "lawsuit", "claim",
    "counterclaim", "response", "brief", "records", "record",
}
ORG_NOUNS = {
    "police", "department", "company", "agency", "ministry", "office", "government",
    "administration", "team", "club", "studio", "network", "firm", "spokesperson",
    "authorities", "officials", "committee", "commission", "council", "court", "army",
    "military", "embassy", "white", "campaign", "party", "board", "group", "organization",
    "organisation", "union", "league", "federation", "association", "university", "school",
    "hospital", "service", "bureau", "management", "leadership",
}
# Kinds of business that, singular after "the", stand for the one named before ("the automaker")
_KIND_ORG_NOUNS = {"automaker", "carmaker", "airline", "bank", "lender", "insurer", "manufacturer", "retailer",
                   "corporation", "conglomerate", "startup"}
# Modifiers by which "the county board", "the state department" name a body of their own.
_SELF_NAMING = {"county", "state", "city", "school", "district", "federal", "local", "national", "regional",
                "town", "village", "parish", "provincial", "supreme", "appeals", "city's", "foreign", "justice",
                "defense", "defence", "health", "police", "fire", "sheriff's", "attorney", "general", "public"}
_OUTLET_NOUNS = {"newspaper", "paper", "magazine", "outlet", "tabloid", "broadcaster", "website"}
_REPORTING = {"report", "say", "write", "publish", "cite", "quote", "reveal", "claim", "state"}
WORK_NOUNS = {
    "movie", "film", "song", "album", "book", "novel", "show", "series", "sitcom", "single",
    "play", "musical", "episode", "documentary", "track", "titled", "entitled", "called",
    "dubbed", "named", "memoir", "magazine", "newspaper", "podcast", "program", "programme",
    "special", "franchise", "game", "drama", "comedy", "thriller", "sequel", "hit", "tune",
    "ballad", "anthem", "poem", "opera", "painting", "column", "article", "headline",
    "nickname", "nicknamed", "moniker", "alias", "slogan", "motto", "hashtag", "exhibition",
}
# People known by their relation to someone: "Reid's rep", "her lawyer".
ROLE_NOUNS = {
    "rep", "representative", "spokesman", "spokeswoman", "spokesperson", "publicist",
    "lawyer", "attorney", "agent", "manager", "friend", "aide", "adviser", "advisor",
    "assistant", "son", "daughter", "mother", "father", "wife", "husband", "sister",
    "brother", "partner", "girlfriend", "boyfriend", "fiancé", "fiance", "fiancée",
    "colleague", "coach", "teammate", "doctor", "lawyers", "spokesmen", "representatives",
    "nephew", "niece", "uncle", "aunt", "cousin", "grandson", "granddaughter", "grandmother",
    "grandfather", "neighbor", "neighbour", "roommate", "boss", "employer",
}
# What an abbreviated title or a party tag says of a person, for matching descriptions.
_TITLE_SAYS = {"sen": "senator", "rep": "representative", "gov": "governor", "lt": "lieutenant",
               "atty": "attorney", "gen": "general", "pres": "president", "supt": "superintendent"}
# (?<!\s): a run of spaces is tried once, from its start, not from every space of it
_PARTY_TAG = re.compile(r"(?<!\s)\s*[(,]\s*([RDI])-([A-Z][\w.]*(?: [A-Z][\w.]*)?)")
# AP-style state abbreviations in party tags ("D-La.", "R-Ohio"): the state a tag says.
_STATE_ABBREVIATIONS = {
    "ala": "alabama", "ariz": "arizona", "ark": "arkansas", "calif": "california", "colo": "colorado",
    "conn": "connecticut", "del": "delaware", "fla": "florida", "ga": "georgia", "ill": "illinois",
    "ind": "indiana", "kan": "kansas", "ky": "kentucky", "la": "louisiana", "md": "maryland",
    "mass": "massachusetts", "mich": "michigan", "minn": "minnesota", "miss": "mississippi",
    "mo": "missouri", "mont": "montana", "neb": "nebraska", "nev": "nevada", "n.h": "new hampshire",
    "n.j": "new jersey", "n.m": "new mexico", "n.y": "new york", "n.c": "north carolina",
    "n.d": "north dakota", "okla": "oklahoma", "ore": "oregon", "pa": "pennsylvania", "r.i": "rhode island",
    "s.c": "south carolina", "s.d": "south dakota", "tenn": "tennessee", "tex": "texas", "vt": "vermont",
    "va": "virginia", "wash": "washington", "w.va": "west virginia", "wis": "wisconsin", "wyo": "wyoming",
}
_PARTY_SAYS = {"R": {"republican", "gop"}, "D": {"democrat", "democratic"}, "I": {"independent"}}
# Bodies that speak for the person who owns them: "Hale's campaign said" is Hale's, via it.
_CHANNEL_NOUNS = {"campaign", "office", "administration"}
_POLL_NOUNS = {"poll", "survey"}
# Nouns for a person that say nothing of who they are ("the man asks").
_GENERIC_PEOPLE = {"man", "woman", "person", "guy", "lady", "donor", "voter", "resident", "protester",
                   "supporter", "bystander", "caller", "attendee", "passerby", "shopper", "worker", "neighbor"}
# Verbs by which a person or a document judges a finding ("the report found that ...").
_FINDING = {"find", "conclude", "determine", "show", "suggest", "indicate", "reveal", "judge", "rule"}
# "offered an apology", "issued a statement": a verb and a noun that together say something
_SPEECH_ACT_VERBS = {"offer", "issue", "release", "give", "make", "deliver", "post", "send", "publish",
                     "provide", "leave", "extend", "pay", "share", "express"}
_SPEECH_NOUNS = {"apology", "statement", "comment", "comments", "remark", "remarks", "warning",
                 "response", "explanation", "speech", "address", "message", "plea", "appeal",
                 "tribute", "announcement", "assurance", "promise", "reply", "answer", "farewell",
                 "invitation", "greeting", "toast", "eulogy", "thanks", "congratulations", "condolences"}
# Bodies spoken for without an article: "police said", "officials said"
_COLLECTIVE_SPEAKERS = {"police", "officials", "authorities", "prosecutors", "investigators",
                        "firefighters", "paramedics", "doctors", "witnesses", "residents",
                        "organizers", "organisers", "sources", "analysts", "experts", "lawmakers"}
_ANONYMOUS = {"source", "sources", "insider", "insiders"}
_SMALL = {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "with", "by",
          "from", "but", "nor", "as", "is", "vs", "vs.", "de", "la", "le", "du", "von", "van"}
_OUTLET_ANAPHOR = re.compile(
    r"^the (?:aforementioned |same |above |said |former |latter )?(?:news )?"
    r"(?:outlet|publication|site|website|newspaper|paper|magazine|tabloid|network|"
    r"broadcaster|channel|station|news site|program|programme|show)$", re.I)
_VIA_CUES = re.compile(
    r"\b(?:(?:obtained|published|first reported|reported|released|shared|posted|aired|"
    r"broadcast|seen|reviewed|acquired|leaked|revealed|uncovered|unearthed|heard)"
    r"(?: exclusively)? (?:by|to)|per|according to|courtesy of|via)\s+", re.I)
_POSSESSIVE = re.compile(r"^((?:the |a |an )?[\w .-]+?)['’]s?\s+\S")
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
_INTERVIEW_CUES = re.compile(
    r"\b(?:told|tells|telling|said to|speaking to|speaking with|in an interview with|"
    r"interview with|in a statement to|confirmed to)\s+", re.I)


@dataclass
class RawQuote:
    """A quoted span found by `scan`: inner text pieces and where its marks are."""

    parts: list[tuple[int, int]]
    first_mark: int
    last_mark: int  # index just after the closing mark (or end of the paragraph)
    paragraph: int
    last_paragraph: int
    closed: bool = True

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line: news text keeps one paragraph per line."""
    out = []
    for match in re.finditer(r"[^\n]+", text):
        if match.group().strip():
            out.append((match.start(), match.end()))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _straight_role(text: str, i: int, start: int, end: int) -> str:
    """Whether a straight double quote at i opens or closes, from its neighbours: a mark
    before a word and after a space opens, a mark after a word and before a space or
    punctuation closes; spaced on both sides (or neither) it could be either."""
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if after in ".,;:!?)]}":  # ' " Darwin ", plus': no quote opens on punctuation
        return "close"
    if (before.isspace() or before in "([{—–/") and not after.isspace():
        return "open"
    if not before.isspace() and (after.isspace() or after in ".,;:!?)]}—–"):
        return "close"
    return "either"


def _reopens(text: str, open_at: int, i: int) -> bool:
    """A straight mark placed like an opener while a quote is open ('area. "Surrey'):
    a new quote whose closing mark was left out, unless the words after it go on in
    lower case or the quote so far ends with a comma ('decision, "a friend said')."""
    after = text[i + 1:i + 2]
    inner = text[open_at + 1:i].rstrip()
    return not (after.islower() or inner.endswith(","))


def _bare(name: str) -> str:
    """A name without its possessive ending: "Waitrose's" -> "Waitrose"."""
    return re.sub(r"(?:'s|’s)$", "", name)


def _misplaced_opener(text: str, i: int, end: int) -> bool:
    """An opening curly mark in a closing place: 'the orchestra “, she said'."""
    return text[i] in OPENERS and i + 1 < end and text[i + 1] in ",.;:!?"


def _closes_first(text: str, start: int, end: int) -> bool:
    """A paragraph whose first quotation mark is a closing curly one: it ends a quote
    opened in the paragraph before (a reopening mark left out)."""
    for i in range(start, end):
        ch = text[i]
        if _misplaced_opener(text, i, end):
            return True
        if ch in OPENERS or ch == '"':
            return False
        if ch in CLOSERS:
            return True
    return False


_TEX_MARKS = re.compile(r"``|''")


def scan(text: str) -> list[RawQuote]:
    """Every span between quotation marks, across paragraphs where a quote runs on.

    Straight quotes alternate open/close within a paragraph; a paragraph that ends
    inside a quote continues into the next one only when that one opens with a mark
    (the newswriting convention), otherwise the quote ends with its paragraph. Marks
    typed as two characters (``...'', as in text from treebank tools) count as curly
    ones; offsets stay those of the text.
    """
    text = _TEX_MARKS.sub(lambda m: " “" if m.group() == "``" else "” ", text)
    paras = paragraphs(text)
    quotes: list[RawQuote] = []
    current: RawQuote | None = None
    open_at: int | None = None
    for p_index, (p_start, p_end) in enumerate(paras):
        i = p_start
        if current is not None:  # a quote left open by the previous paragraph
            first = p_start
            if text[first] in OPENERS or text[first] == '"':
                open_at = first
                i = first + 1
            elif _closes_first(text, p_start, p_end):  # the opening mark was left out
                open_at = first - 1
                i = first
            else:
                current = None
                open_at = None
        while i < p_end:
            ch = text[i]
            role = _straight_role(text, i, p_start, p_end) if ch == '"' else None
            if _misplaced_opener(text, i, p_end):
                ch, role = CLOSERS[0], None
            if open_at is None:
                if ch in OPENERS or role in ("open", "either") or (
                        ch in CLOSERS and (i == p_start or text[i - 1].isspace())
                        and i + 1 < p_end and text[i + 1].isalnum()):
                    open_at = i
            elif ch in CLOSERS or role in ("close", "either") or ch in OPENERS or role == "open":
                # an opening mark while a quote is open: the closing mark was left out
                # ('... the area. "Surrey Police would ...'); end that quote here
                reopen = ch in OPENERS or (role == "open" and _reopens(text, open_at, i))
                s, e = _trim(text, open_at + 1, i)
                if e > s:
                    if current is None:
                        current = RawQuote(parts=[], first_mark=open_at, last_mark=i + 1,
                                           paragraph=p_index, last_paragraph=p_index)
                    current.parts.append((s, e))
                    current.last_mark = i if reopen else i + 1
                    current.last_paragraph = p_index
                    current.closed = not reopen
                    quotes.append(current)
                current = None
                open_at = i if reopen else None
            i += 1
        if open_at is not None:
            s, e = _trim(text, open_at + 1, p_end)
            nxt = paras[p_index + 1][0] if p_index + 1 < len(paras) else None
            continues = nxt is not None and (text[nxt] in OPENERS or text[nxt] == '"'
                                             or _closes_first(text, *paras[p_index + 1]))
            if e > s:
                if current is None:
                    current = RawQuote(parts=[], first_mark=open_at, last_mark=p_end,
                                       paragraph=p_index, last_paragraph=p_index)
                current.parts.append((s, e))
                current.last_mark = p_end
                current.last_paragraph = p_index
            if not continues:
                if current is not None:
                    current.closed = False
                    quotes.append(current)
                current = None
            open_at = None
    if current is not None and current not in quotes:
        current.closed = False
        quotes.append(current)
    return quotes


@dataclass
class _Found:
    speaker: str | None = None
    type: str | None = None
    how: str | None = None
    mention: Span | None = None
    via: str | None = None  # the channel a layered attribution names ("the indictment")


# Which sieve resolves a mention, by how the mention names its speaker.
_CATEGORY = {"name": "name", "pronoun": "pronoun", "former_latter": "pronoun",
             "description": "description", "recording": "description",
             "document": "document", "organization": "document"}


def _category(found: _Found) -> str:
    return _CATEGORY.get(found.how or "", "description")


@dataclass
class _Context:
    """One quote on its way through the sieves."""

    q: RawQuote
    state: "_State"
    kind: str
    sentence: tuple[int, int]
    bounds: tuple[int, int, int, int]
    pre_stripped: str
    inner_end: str
    verbs: list = field(default_factory=list)  # speech verbs: after a direct quote, in a partial's sentence
    cited: bool = False
    judged_by: _Found | None = None
    via: str | None = None
    pending: _Found | None = None  # the speaker's mention, found, waiting for its resolving sieve


@dataclass
class _State:
    last_direct_person: str | None = None
    last_direct_para: int = -10
    last_direct_end: int = 0
    unclosed_para: int = -10  # paragraph where the last quote ran out without a closing mark
    last_person: str | None = None  # the person who spoke the last quote, direct or partial
    last_person_end: int = 0
    by_paragraph: dict[int, list[Quote]] = field(default_factory=dict)


def _antecedent(noun):
    """The person a "who" clause hangs on when the parser attached it to the last noun:
    "Charles O'Reilly, a management expert at Stanford University, who stated"."""
    tok = noun
    for _ in range(4):
        if tok.ent_type_ == "PERSON" or (tok.pos_ == "NOUN" and tok.text.islower() and tok.dep_ != "pobj"):
            return tok
        if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            tok = tok.head.head
        elif tok.dep_ == "appos":
            tok = tok.head
        else:
            break
    return tok if tok.ent_type_ == "PERSON" or tok.pos_ in ("NOUN", "PROPN") else noun


class QuoteAttributor:
    """Classifies the quotes of one parsed document and attributes them."""

    def __init__(self, doc, raw_quotes: list[RawQuote], doc_id: str, *, sieves=None,
                 source_text: str | None = None):
        """`sieves`: the names of the sieves to run, in their fixed order (default all,
        less those named in RETOLD_QUOTE_SIEVES_OFF, comma-separated). `source_text`: the
        text as written when `doc` parsed it with party tags masked (the tags say what a
        description may match: "(D-La.)" is a Louisiana Democrat)."""
        if sieves is None:
            off = {s.strip() for s in os.environ.get("RETOLD_QUOTE_SIEVES_OFF", "").split(",") if s.strip()}
            sieves = [name for name in SIEVES if name not in off]
        unknown = set(sieves) - set(SIEVES)
        if unknown:
            raise ValueError(f"unknown quote sieves: {', '.join(sorted(unknown))} (known: {', '.join(SIEVES)})")
        self.sieves = [(name, getattr(QuoteAttributor, f"_sieve_{name}")) for name in SIEVES if name in sieves]
        self.doc = doc
        self.text = doc.text
        self.source_text = source_text if source_text is not None and len(source_text) == len(doc.text) \
            else doc.text
        self.raw = raw_quotes
        self.doc_id = doc_id
        self.paras = paragraphs(self.text)
        self._para_starts = [p[0] for p in self.paras]
        self._mask = sorted((q.first_mark, q.last_mark) for q in raw_quotes)
        self._mask_starts = [s for s, _ in self._mask]
        self._mask_ends = [e for _, e in self._mask]  # sorted too: scan's quotes do not overlap
        self._terminators = [m.start() for m in _TERMINATOR.finditer(self.text)]
        self.people = People(doc, self.in_quote, self.paragraph_of, speech_lemmas())
        self.ents = self.people.ents
        self._lemmas = speech_lemmas()
        self.titles: list[Span] = []
        self.scare: list[Span] = []

    # -- geometry -------------------------------------------------------------------
    def paragraph_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self._para_starts, char) - 1)

    def in_quote(self, char: int) -> bool:
        i = bisect.bisect_right(self._mask_starts, char) - 1
        return i >= 0 and char < self._mask[i][1]

    def _outside(self, start: int, end: int):
        """Tokens between two char offsets that are outside every quotation."""
        span = self.doc.char_span(start, end, alignment_mode="contract")
        if span is None:
            return []
        return [t for t in span if not self.in_quote(t.idx)]

    def _terminators_in(self, start: int, end: int) -> list[int]:
        """Ends of the sentence terminators in text[start:end], as
        `_TERMINATOR.finditer(text, start, end)` finds them (a mark just before `end`
        counts whatever follows), from the index built once."""
        lo = bisect.bisect_left(self._terminators, start)
        hi = bisect.bisect_left(self._terminators, end - 1)
        found = [t + 1 for t in self._terminators[lo:hi]]
        if end - 1 >= start and _TERMINATOR.match(self.text, end - 1, end):
            found.append(end)
        return found

    def _clause_bounds(self, q: RawQuote) -> tuple[int, int, int, int]:
        """(before_start, before_end, after_start, after_end) of the attribution regions."""
        p_start, _ = self.paras[q.paragraph]
        _, p_end = self.paras[q.last_paragraph]
        before_start = max(p_start, q.first_mark - CONTEXT_CHARS)
        j = bisect.bisect_left(self._mask_starts, q.first_mark) - 1  # the quote before this one
        if j >= 0 and self._mask_starts[j] >= p_start and self._mask_ends[j] <= q.first_mark:
            before_start = max(before_start, self._mask_ends[j])
        ends = self._terminators_in(before_start, q.first_mark)
        if ends:
            before_start = ends[-1]
        after_end = min(p_end, q.last_mark + CONTEXT_CHARS)
        rest = self.text[q.last_mark:after_end].strip(" '”\"\t")
        if not rest and q.last_paragraph + 1 < len(self.paras):
            n_start, n_end = self.paras[q.last_paragraph + 1]
            if self.text[n_start:n_start + 1].islower():
                # a line that goes on in lower case ends the sentence the quote began
                # (text laid out one sentence a line: '"...."' / 'said Stephen Harper.')
                after_end = min(n_end, n_start + CONTEXT_CHARS)
        k = bisect.bisect_left(self._mask_starts, q.last_mark)  # the quote after this one
        if k < len(self._mask_starts) and self._mask_starts[k] < after_end:
            after_end = self._mask_starts[k]
        ends = self._terminators_in(q.last_mark, after_end)
        if ends:
            after_end = ends[0]
        # a quote marked ``like this'' (two characters each side): the marks' first and
        # last characters belong to the marks, not to the clauses around them
        before_end = q.first_mark - (self.text[q.first_mark - 1:q.first_mark] == "`")
        after_start = q.last_mark + (self.text[q.last_mark - 1:q.last_mark + 1] == "''")
        return before_start, before_end, min(after_start, after_end), after_end

    def _sentence_bounds(self, q: RawQuote) -> tuple[int, int]:
        """The sentence around a quote, terminators inside quotation marks ignored (at
        most CONTEXT_CHARS either side of its marks)."""
        p_start, _ = self.paras[q.paragraph]
        _, p_end = self.paras[q.last_paragraph]
        start = max(p_start, q.first_mark - CONTEXT_CHARS)
        for t in reversed(self._terminators_in(start, q.first_mark)):
            if not self.in_quote(t - 1):
                start = t
                break
        ended = None  # '... was "amicable." "We remain friends," ...': the quote before ended it
        for ended in re.finditer(r"[.!?][\"”’']\s+", self.text[start:q.first_mark]):
            pass
        if ended is not None and ended.end() == q.first_mark - start:
            start += ended.end()
        end = min(p_end, q.last_mark + CONTEXT_CHARS)
        inner = self.text[q.start:q.end].rstrip()
        if inner[-1:] in (".", "!", "?") and re.match(r"\s+[\"“‘'A-Z]", self.text[q.last_mark:end]):
            # '... the split was "amicable." "We remain friends," the Oscar winner said.': the
            # quote's own period ends its sentence when another sentence follows
            return start, q.last_mark
        for t in self._terminators_in(q.last_mark, end):
            if not self.in_quote(t - 1):
                end = t
                break
        return start, end

    # -- classification -------------------------------------------------------------
    def _words(self, q: RawQuote) -> list[str]:
        return re.findall(r"[\w'’-]+", " ".join(self.text[s:e] for s, e in q.parts))

    def _is_label(self, q: RawQuote) -> bool:
        """'a "John McCain is so old" joke', 'the same "must-have" light': quoted words
        between a determiner or adjective and the noun they modify."""
        opening = self.doc.char_span(q.first_mark, q.first_mark + 1, alignment_mode="expand")
        closing = self.doc.char_span(q.last_mark - 1, q.last_mark, alignment_mode="expand")
        if not opening or not closing or opening[0].i == 0 or closing[-1].i + 1 >= len(self.doc):
            return False
        prev, nxt = self.doc[opening[0].i - 1], self.doc[closing[-1].i + 1]
        return (prev.lower_ in ("a", "an") or prev.pos_ in ("DET", "ADJ")) \
            and nxt.pos_ == "NOUN" and nxt.text.islower()

    def _is_title(self, q: RawQuote, pre: str, words: list[str], *, direct: bool = False) -> bool:
        inner = " ".join(self.text[s:e] for s, e in q.parts).strip()
        if not words or len(words) > 10 or (direct and len(words) < 3):
            return False
        prev_words = re.findall(r"[\w'’-]+", pre[-200:].lower())
        previous = prev_words[-1] if prev_words else ""
        titlecase = all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL
                        for w in words) and words[0][:1].isupper()
        sentence_like = bool(re.search(r"[,;!?]", inner.rstrip(".,!?"))) or (
            ":" in inner and not re.search(r":\s+[A-Z]", inner))  # "Secret Man: The Story of ..."
        if previous in WORK_NOUNS and titlecase:
            return True
        return titlecase and not sentence_like and (len(words) >= 2 or previous in _SMALL)

    def _is_scare(self, q: RawQuote, words: list[str]) -> bool:
        if len(words) > 2:
            return False
        span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            return False
        root = span.root
        return root.dep_ in ("amod", "compound", "nmod", "npadvmod", "advmod", "nummod") \
            and not (span.start <= root.head.i < span.end)

    # -- attribution ----------------------------------------------------------------
    def _speech_verbs(self, tokens, *, strong_only=False):
        out = []
        for tok in tokens:
            if tok.lemma_.lower() in _SPEECH_ACT_VERBS and any(
                    c.dep_ == "dobj" and c.lemma_.lower() in _SPEECH_NOUNS for c in tok.children):
                out.append(tok)  # "offered an apology", "issued a statement"
                continue
            if tok.pos_ not in ("VERB", "AUX") and tok.lemma_.lower() not in ("say", "add", "tell"):
                continue
            lemma = tok.lemma_.lower()
            if lemma in self._lemmas and not (strong_only and lemma in _WEAK):
                out.append(tok)
        return out

    _INVERTING = {"say", "argue", "add", "note", "explain", "claim", "insist", "write", "state",
                  "contend", "counter", "reply", "respond", "warn", "conclude"}

    @staticmethod
    def _right_after_close(verb) -> bool:
        """The verb comes right after a closing quotation mark (and its comma): '," beamed'."""
        j = verb.i - 1
        while j >= 0 and verb.doc[j].is_punct and j >= verb.i - 3:
            if verb.doc[j].text in ('"', "\u201d", "\u2019", "'", "''"):
                return True
            j -= 1
        return False

    def _subject(self, verb, depth: int = 0):
        for child in verb.children:  # "The phone was praised by Jobs as ...": the agent speaks
            if child.dep_ == "agent":
                agent = next((g for g in child.children if g.dep_ == "pobj"), None)
                if agent is not None and not self.in_quote(agent.idx):
                    return agent
        subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and not self.in_quote(c.idx)]
        if len(subjects) > 1:  # "USAF's chief of staff General Duncan McNab stated": the name
            subjects.sort(key=lambda c: self.people.at_token(c.i) is None)
        for child in subjects:
            if child.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
                return _antecedent(verb.head) if child.lower_ == "who" else verb.head
            return child
        lemma = verb.lemma_.lower()
        if depth == 0 and (lemma in self._INVERTING or (
                lemma in self._lemmas and lemma not in _LISTENER_VERBS and self._right_after_close(verb))):
            # ', argued the NRDC.' or '," beamed his wife, Colleen Madison,' parsed as an
            # object: the speaker after its verb (unless the verb takes a listener: '," told him')
            after = verb.i + 1
            while after < len(verb.doc) and after - verb.i <= 2 and verb.doc[after].dep_ in ("det", "poss") \
                    and verb.doc[after].head.head.i == verb.i:
                after += 1
            for child in verb.children:
                if child.dep_ in ("dobj", "attr") and child.i == after \
                        and child.pos_ in ("PROPN", "NOUN") and not self.in_quote(child.idx):
                    return child
        if verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            return None
        if depth < 3 and verb.dep_ == "ROOT" and verb.sent.start > 0 and any(
                c.dep_ == "cc" and c.i == verb.sent.start for c in verb.children):
            # '... as "pure fantasy." and warned that ...': a sentence split after the
            # quote's period, the verb coordinated with the sentence before
            return self._subject(verb.doc[verb.sent.start - 1].sent.root, depth + 1)
        if depth < 3 and verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.i != verb.head.i:
            return self._subject(verb.head.head, depth + 1)  # "he promoted it by saying that, ..."
        if depth < 3 and verb.dep_ == "acl" and verb.head.dep_ == "pobj" and verb.head.head.dep_ == "prep":
            # "Jobs resigned in a letter to the board stating, ...": the letter's writer
            return self._subject(verb.head.head.head, depth + 1)
        if depth < 3 and verb.dep_ == "acl" and verb.head.dep_ == "dobj" and verb.head.head.pos_ in ("VERB", "AUX"):
            # "Hale's campaign released a statement calling the plan ...": its releaser
            return self._subject(verb.head.head, depth + 1)
        if verb.dep_ == "acl" and verb.i > verb.head.i and self.people.at_token(verb.head.i) is not None \
                and any(t.text == "," for t in verb.doc[verb.head.i + 1:verb.i]):
            # "Joan Whitlock, a Republican, called on him to resign, saying ..." parsed with
            # the participle hanging on the name: the person named says it
            return verb.head
        if depth < 3 and verb.dep_ == "advcl" and verb.lemma_.lower() in self._lemmas \
                and verb.head.dep_ == "ccomp" and verb.head.head.lemma_.lower() in self._lemmas:
            # "Marsh tweeted that the statement was "cute," adding ...": the one who
            # tweeted adds, not the thing he reported on (but "Leader said Hiller called
            # 911, saying ..." is Hiller's)
            inner = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if inner is not None and inner.pos_ == "NOUN" and not self._person_noun(inner) \
                    and self.people.at_token(inner.i) is None:
                return self._subject(verb.head.head, depth + 1)
        if depth < 3 and verb.dep_ in ("xcomp", "advcl", "conj", "ccomp", "pcomp", "acl") \
                and verb.head.i != verb.i:
            return self._subject(verb.head, depth + 1)
        return None

    def _mention_tokens(self, head):
        """The noun phrase of a subject token, cut before relative clauses and commas."""
        tokens = [t for t in head.subtree if not self.in_quote(t.idx)]
        out = []
        for tok in tokens:
            if tok.i < head.i:
                out.append(tok)
                continue
            if tok.i > head.i and (tok.dep_ in ("prep", "relcl", "acl", "punct", "cc", "advcl")
                                   or tok.text in ",;()—–"):
                break
            out.append(tok)
        # keep the contiguous run that holds the head
        run = [head]
        by_i = {t.i: t for t in out}
        i = head.i - 1
        while i in by_i:
            run.insert(0, by_i[i])
            i -= 1
        i = head.i + 1
        while i in by_i:
            run.append(by_i[i])
            i += 1
        while run and run[0].dep_ == "punct":
            run.pop(0)
        return run

    def _resolve(self, tokens, head, q: RawQuote, state: _State, sentence: tuple[int, int]) -> _Found:
        if not tokens:
            return _Found()
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
        mention = Span(start, end, self.text[start:end])
        lower = mention.text.lower()
        words = [t.text for t in tokens]
        in_quote_names = self.people.names_between(q.first_mark, q.last_mark, quoted=True)
        others = self.people.names_between(sentence[0], sentence[1], quoted=False) \
            - self.people.names_between(start, end)
        exclude = others | in_quote_names

        if head.lower_ in ("he", "she"):
            gender = "m" if head.lower_ == "he" else "f"
            # a name in another clause of the sentence may be the one the pronoun
            # stands for ("Steve Jobs announced it at a conference, where he said, ...")
            clause = clause_verb(head)
            bound = {m.name for m in self.people.mentions if sentence[0] <= m.start < sentence[1]
                     and not m.in_quote and clause_verb(self.doc[m.tok_start:m.tok_end].root) is clause}
            if self._unnamed_subject(start, gender):  # "a woman ... held a sign. / '...,' she said"
                return _Found(None, None, "pronoun", mention)
            # nor can a name inside the pronoun's own clause after it ("He returned the
            # compliment, telling the crowd that Carraway was ...": he is not Carraway)
            scope = {t.i for t in head.head.subtree} if head.dep_ in ("nsubj", "nsubjpass") else set()
            commanded = {m.name for m in self.people.mentions if start < m.start < sentence[1]
                         and not m.in_quote and m.tok_start in scope}
            if head.head.dep_ == "parataxis" and head.dep_ == "nsubj":
                # "Chester, he said, would have ...": the one he speaks about is not he
                reported = next((c for c in head.head.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                person = self.people.at_token(reported.i) if reported is not None else None
                if person is not None:
                    commanded.add(person.name)
            name = self._resolve_pronoun(start, gender, (others & bound) | commanded | in_quote_names, state)
            return _Found(name, "person" if name else None, "pronoun", mention)
        if head.lower_ == "it" and head.dep_ == "nsubj":  # "the newspaper ... it stated"
            return self._it(start, sentence) or _Found(None, None, "pronoun", mention)
        if head.lower_ in ("i", "we", "you", "they", "it", "one", "who", "this", "that"):
            return _Found(None, None, "pronoun", mention)
        m = re.fullmatch(r"the (former|latter)", lower)
        if m:
            pair = self.people.former_latter(start)
            if pair:
                return _Found(pair[0] if m.group(1) == "former" else pair[1], "person",
                              "former_latter", mention)
            return _Found(None, None, "former_latter", mention)

        head_lemma = head.lemma_.lower()
        last = tokens[-1]
        is_description = tokens[0].lower_ == "the" and last.text.islower() \
            and last.pos_ in ("NOUN", "PROPN") and not any(t.text in ("'s", "’s") for t in tokens)
        # "the Texas Republican", "the Ohio Democrat": one member of a party is a person
        member = tokens[0].lower_ == "the" and len(tokens) >= 2 and last.ent_type_ == "NORP" \
            and last.tag_ in ("NNP", "NN") and not last.text.endswith("s") and last.text[:1].isupper()
        # "the 29-year-old": an age stands for a person (the parse makes "old" an adjective)
        aged = bool(re.fullmatch(r"the (?:\d+|[a-z]+(?:-[a-z]+)?)[- ]year[- ]old", lower))
        is_description = is_description or member or aged
        if is_description:
            head, head_lemma = last, last.lemma_.lower()
        if head_lemma in _CHANNEL_NOUNS:
            # "Hale's campaign released a statement": the candidate speaks through it
            owner = self._possessor(tokens, start, exclude, state) or next(
                (p.name for t in tokens if t.dep_ == "compound" and t.i < head.i
                 for p in [self.people.at_token(t.i)] if p is not None), None)  # "the Obama administration"
            via = None
            if owner is None and tokens[0].lower_ == "the" and len(tokens) == 2:
                owner = self._channel_owner_before(start, head_lemma)  # "O'Brien's campaign ... the campaign said"
                via = mention.text  # as written, so that provenance finds it in the narration
            if owner:
                pronoun = {"m": "his", "f": "her"}.get(self.people.gender(owner) or "", "the")
                return _Found(owner, "person", "document", mention, via=via or f"{pronoun} {head.lower_}")
        if not is_description:
            person = self.people.in_tokens(tokens[0].i, tokens[-1].i + 1)
            if person is not None:
                return _Found(person.name, "person", "name", mention)
        if (head_lemma in RECORDING_NOUNS or head.lower_ in RECORDING_NOUNS) \
                and not (head_lemma == "note" and "voice" not in lower):  # a voice note, not any note
            name = state.last_direct_person
            return _Found(name, "person" if name else None, "recording", mention)
        if head_lemma in _POLL_NOUNS:  # "a Des Moines Register poll", "a poll released by X"
            pollster = self._pollster(head)
            if pollster is not None:
                return pollster
        if head_lemma in DOCUMENT_NOUNS or head.lower_ in DOCUMENT_NOUNS:
            issuer = self._issuer(head)
            if issuer is not None:
                return issuer
            name = re.sub(r"^(?:a|an)\s+", "", mention.text)
            if name.lower() == f"the {head.lower_}":  # "the report" after "the NCAA report"
                author = self._author_of_earlier(start, head_lemma, q)
                if author is not None:  # "Ferraro said in a statement ..." / "the statement said"
                    return _Found(author[0], author[1], "document", mention, via=author[2] if len(author) > 2 else None)
                name = self._last_named_document(start, head.lower_) or name
            name = name[0].lower() + name[1:] if name.lower().startswith("the ") else name
            if not any(t.pos_ == "PROPN" or t.text[:1].isupper() for t in tokens[1:] if t.i < head.i) \
                    and tokens[0].lower_ in ("the", "a", "an") and head.i > tokens[0].i + 1:
                # "The 212-page report", "a long-awaited inspector general report": a document
                # with no name of its own is "the report" ("the NCAA report" keeps its name)
                name = f"the {head.lower_}"
            return _Found(name, "document", "document", mention)
        for ent in self.ents:
            if not member and ent.start <= head.i < ent.end \
                    and self.people.usual_label(ent.text, prefer=ent.label_) in ("ORG", "NORP", "GPE"):
                return _Found(ent.text, "organization", "organization", mention)
        if head_lemma in ORG_NOUNS or head.tag_ == "NNS":  # "CNN management", "Barclays Capital economists"
            for ent in self.ents:
                if ent.label_ == "ORG" and tokens[0].i <= ent.start and ent.end <= head.i:
                    return _Found(ent.text, "organization", "organization", mention)
        if head.lower_ in _ANONYMOUS:  # "the source said": unnamed by design
            return _Found(None, None, "description", mention)
        if len(tokens) == 1 and head.lower_ in _COLLECTIVE_SPEAKERS:
            return _Found(head.lower_, "organization", "organization", mention)
        if (head_lemma in ORG_NOUNS or (head_lemma in _KIND_ORG_NOUNS and head.tag_ != "NNS")) \
                and tokens[0].lower_ == "the":
            # "the company" stands for the one named before; "the county board" names itself
            # ("the auto firm", "the activist organization" too: a kind, not a name)
            kind_only = len(tokens) == 2 or (len(tokens) == 3 and tokens[1].is_lower and tokens[1].pos_ in (
                "NOUN", "ADJ") and tokens[1].lower_ not in _SELF_NAMING)
            named = self._last_organization(start, head_lemma) if kind_only and head.tag_ != "NNS" else None
            return _Found(named or mention.text, "organization", "organization", mention)
        if head_lemma in ROLE_NOUNS or head.lower_ in ROLE_NOUNS:
            owner = self._possessor(tokens, start, exclude, state)
            if owner is None:  # "a rep for Torres", "a spokesman for the senator"
                owner = next((p.name for c in head.children if c.dep_ == "prep" and c.lower_ == "for"
                              for g in c.children if g.dep_ == "pobj"
                              for p in [self.people.at_token(g.i)] if p is not None), None)
            if owner:
                return _Found(f"{owner}'s {head.text}", "person", "description", mention)
        if head.pos_ == "NOUN" and possessed_noun(head):
            return _Found(None, None, "description", mention)  # "the victim's nephew", unnamed
        if is_description and len(tokens) == 2:  # "the sheriff" after "Sheriff Robert J. Pickell"
            name = self.people.titled(head_lemma, start)
            if name and name not in exclude:
                return _Found(name, "person", "description", mention)
        if is_description and aged:
            name = self.people.salient(start, exclude=exclude, gender=None,
                                       bonus={state.last_direct_person: 0.5} if state.last_direct_person else None)
            return _Found(name, "person" if name else None, "description", mention)
        if is_description or (tokens[0].lower_ == "the" and head.pos_ in ("NOUN",)):
            if restricted_noun(head) or self._unnamed_before(head) or (
                    head_lemma in _GENERIC_PEOPLE and self._unnamed_subject(start, gender_of_words(words))):
                # "the man driving", "the woman who found him": a role of its own, not
                # someone named before; "the official" after "a senior official": that one
                return _Found(None, None, "description", mention)
            gender = gender_of_words(words)
            resolved = next((m.name for m in self._epithets if m.start == start and m.name not in exclude), None)
            if resolved:  # the entity stage already read this epithet ("the Oscar winner")
                return _Found(resolved, "person", "description", mention)
            bonus = {state.last_direct_person: 0.5} if state.last_direct_person else {}
            # someone made the subject of a sentence since the last quote, in this paragraph,
            # is nearer than the last speaker ("Speaker Tom Greer rejected the warning.
            # "...," the Kentucky Republican told reporters" after Lopez spoke)
            para_start = self.paras[self.paragraph_of(start)][0]
            newer = self._latest_subject(max(state.last_direct_end, para_start), start, exclude)
            if newer and newer != state.last_direct_person and (gender is None or self.people.gender(newer) in (gender, None)):
                bonus = {newer: 0.5}
            for person, shared in self._described(tokens, start).items():
                bonus[person] = bonus.get(person, 0.0) + shared
            name = self.people.salient(start, exclude=exclude, gender=gender, bonus=bonus or None)
            return _Found(name, "person" if name else None, "description", mention)
        return _Found(None, None, "description", mention)

    def _unnamed_before(self, head) -> bool:
        """Whether the same noun came shortly before, indefinite and with no name beside
        it ("a senior administration official, speaking on the condition of anonymity")."""
        here = self.paragraph_of(head.idx)
        for prev in self.doc[max(0, head.i - 200):head.i]:
            if prev.lemma_ != head.lemma_ or prev.pos_ != head.pos_ or self.in_quote(prev.idx) \
                    or self.paragraph_of(prev.idx) < here - 2:
                continue
            if any(c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one") for c in prev.children) and not any(
                    c.dep_ == "appos" and self.people.at_token(c.i) is not None for c in prev.children) \
                    and not (prev.head.dep_ == "appos" or self.people.at_token(prev.head.i) is not None):
                return True
        return False

    def _unnamed_subject(self, at: int, gender: str | None) -> bool:
        """Whether the latest person the narration made a clause subject, in this paragraph
        or the one before, is someone it never names ("An unidentified donor can be heard
        asking ... / '...?' the man asks"; "a woman who said she had lived there ... / '...,'
        she said"): a pronoun or a plain 'the man' then stands for that unnamed person."""
        since = self.paras[max(0, self.paragraph_of(at) - 1)][0]
        span = self.doc.char_span(since, at, alignment_mode="contract")
        if span is None:
            return False
        for tok in reversed(list(span)):
            if tok.dep_ not in ("nsubj", "nsubjpass") or self.in_quote(tok.idx):
                continue
            if tok.pos_ == "PRON":
                continue  # "She declined to give her name": the same one as before
            if self.people.at_token(tok.i) is not None or tok.pos_ == "PROPN":
                return False  # a named person (or a name the model did not tag) was the last subject
            if tok.pos_ != "NOUN" or not (self._person_noun(tok) or tok.lemma_.lower() in _GENERIC_PEOPLE):
                continue  # "the losses", "the sentence": not a person
            indefinite = any(c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "one", "another")
                             for c in tok.children)
            named = any(self.people.at_token(t.i) is not None for t in tok.subtree if not self.in_quote(t.idx))
            if not indefinite or named:
                return False  # "the county's treasurer, Beatrice Washington": a named person
            if any(not m.in_quote for m in self.people.mentions if tok.sent.start_char <= m.start < at):
                return False  # "A judge barred Gus Renner ... he": a person named beside it or since
            own = gender_of_words([tok.text])
            return gender is None or own in (None, gender)
        return False

    def _described(self, tokens, before: int) -> dict[str, float]:
        """For each person named before `before`, how many words of a description ("the
        former prosecutor", "the Texas Republican") the narration says of them, in the
        sentences that name them ("Mr. Sutter, a former prosecutor who ...")."""
        words = {t.lemma_.lower() for t in tokens if t.pos_ in ("NOUN", "PROPN", "ADJ") and not t.is_stop}
        if not words:
            return {}
        out: dict[str, float] = {}
        for m in self.people.mentions:
            if m.start >= before or m.in_quote:
                continue
            # the words the narration attaches to this mention: its appositives and
            # relative clauses, the noun it stands beside, what it is said to be
            root = self.doc[m.tok_start:m.tok_end].root
            near = list(root.subtree)
            if root.dep_ == "appos":
                near += [root.head] + [c for c in root.head.children if c.dep_ in ("amod", "compound")]
            if root.dep_ == "nsubj" and root.head.lemma_ == "be":
                near += [t for c in root.head.children if c.dep_ == "attr" for t in c.subtree]
            owned = {t.i for n in near if n.dep_ == "poss" for t in n.subtree}  # "the star's rep": not the star
            said = {t.lemma_.lower() for t in near if not self.in_quote(t.idx) and not t.is_stop
                    and not (m.tok_start <= t.i < m.tok_end) and t.i not in owned}
            # the abbreviated title before the name and a party tag after it say the same
            # ("Sen. Harold Quimby (R-Tex.)": a senator, a Republican)
            said |= {_TITLE_SAYS.get(t.lower_.rstrip("."), t.lower_) for t in self.doc[max(0, m.tok_start - 2):m.tok_end]}
            # (the parse of a masked tag may run the name's span over the blanked tag)
            tag = _PARTY_TAG.match(self.source_text, m.end) or _PARTY_TAG.search(self.source_text[m.start:m.end])
            if tag:
                said |= _PARTY_SAYS[tag.group(1)]
                state = tag.group(2).lower().rstrip(".")
                said |= set(_STATE_ABBREVIATIONS.get(state, state).split())
            out[m.name] = max(out.get(m.name, 0.0), 2.0 * len(words & said))
        return {name: score for name, score in out.items() if score}

    def _last_named_document(self, at: int, noun: str) -> str | None:
        """'the report' -> 'NCAA report', the report named last before it (outside
        quotes, within three paragraphs)."""
        paragraph = bisect.bisect_right([p[0] for p in self.paras], at) - 1
        since = self.paras[max(0, paragraph - 3)][0]
        named = []
        for m in re.finditer(r"\b((?:[A-Z][\w&'’-]* ){1,4})" + re.escape(noun) + r"\b", self.text[since:at]):
            words = m.group(1).split()
            while words and words[0].lower() in ("the", "a", "an"):
                words = words[1:]
            if words and not self.in_quote(since + m.start()):
                named.append(" ".join(words))
        return f"{named[-1]} {noun}" if named else None

    def _pollster(self, head) -> _Found | None:
        """Who ran a poll: the organisation named in it or the agent of 'released by'."""
        for ent in self.ents:
            if ent.label_ in ("ORG", "GPE", "NORP") and ent.end == head.i and not self.in_quote(ent.start_char):
                return _Found(re.sub(r"^the ", "", _bare(ent.text)), "organization", "document",
                              Span(ent.start_char, ent.end_char, ent.text))
        for acl in (c for c in head.children if c.dep_ == "acl"):
            for agent in (c for c in acl.children if c.dep_ == "agent"):
                for obj in (c for c in agent.children if c.dep_ == "pobj"):
                    for ent in self.ents:
                        if ent.start <= obj.i < ent.end and ent.label_ in ("ORG", "GPE", "NORP", "PERSON"):
                            return _Found(re.sub(r"^the ", "", _bare(ent.text)), "organization", "document",
                                          Span(ent.start_char, ent.end_char, ent.text))
        return None

    def _author_of_earlier(self, at: int, noun: str, q: RawQuote) -> tuple | None:
        """'the statement said' after 'Ferraro said in a statement' or 'Ferraro released
        a statement': the person whose statement (letter, email) it is, named within the
        two paragraphs before."""
        since = self.paras[max(0, self.paragraph_of(at) - 2)][0]
        span = self.doc.char_span(since, at, alignment_mode="contract")
        if span is None:
            return None
        for tok in reversed(list(span)):
            if tok.lemma_.lower() != noun or self.in_quote(tok.idx) or tok.i == 0:
                continue
            verb = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else (
                tok.head if tok.dep_ == "dobj" else None)
            if verb is None or verb.pos_ not in ("VERB", "AUX"):
                return None
            subject = self._subject(verb)
            if subject is None:
                return None
            person = self.people.at_token(subject.i)
            if person is not None:
                return person.name, "person"
            found = self._resolve(self._mention_tokens(subject), subject, q, _State(), (0, 0))
            if found.speaker and found.type == "organization":  # "The county board said in a statement"
                return found.speaker, "organization"
            if found.speaker and found.type == "person" and found.via:
                return found.speaker, "person", found.via  # "Her campaign sent an email": hers, via it
            return None
        return None

    def _issuer(self, head) -> _Found | None:
        """Who issued a statement, letter or report: 'a statement from Waitrose', 'Waitrose's
        statement', 'a letter by the mayor'."""
        # the person who gave or read it out first: 'a statement by Boeing given by Boeing
        # spokesman William Barksdale'
        holders = [g for a in head.children if a.dep_ == "acl" for c in a.children if c.dep_ == "agent"
                   for g in c.children if g.dep_ == "pobj" and self.people.at_token(g.i) is not None]
        holders += [c for c in head.children if c.dep_ == "poss"]
        holders += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of")
                    for g in c.children if g.dep_ == "pobj"]
        holders += [o for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "in")  # "on Apple's website"
                    for g in c.children if g.dep_ == "pobj" for o in g.children if o.dep_ == "poss"]
        for tok in holders:
            if self.in_quote(tok.idx):
                continue
            mention = Span(tok.idx, tok.idx + len(tok), tok.text)
            person = self.people.at_token(tok.i)
            if person is not None:
                return _Found(person.name, "person", "document", mention)
            for ent in self.ents:
                if ent.start <= tok.i < ent.end and ent.label_ in ("ORG", "GPE", "NORP"):
                    return _Found(_bare(ent.text), "organization", "document", mention)
            if tok.pos_ == "PROPN":
                return _Found(_bare(tok.text), "organization", "document", mention)
        return None

    def _it(self, at: int, sentence: tuple[int, int]) -> _Found | None:
        """What "it" says: the organisation or newspaper named last before it in its
        sentence or the one before ("Though the newspaper doesn't cite its source, it
        stated ..."); None when nothing of the kind is that close."""
        span = self.doc.char_span(sentence[0], sentence[1], alignment_mode="expand")
        if span is None:
            return None
        previous = self.doc[span.start - 1].sent if span.start > 0 else span
        for tok in reversed(self.doc[previous.start:span.end]):
            if tok.idx >= at or self.in_quote(tok.idx) or tok.dep_ not in ("nsubj", "nsubjpass"):
                continue
            mention = Span(tok.idx, tok.idx + len(tok), tok.text)
            for ent in self.ents:
                if ent.start <= tok.i < ent.end and ent.label_ == "ORG":
                    return _Found(_bare(ent.text), "organization", "organization", mention)
            if tok.lemma_.lower() in ORG_NOUNS | _OUTLET_NOUNS:
                named = self._last_organization(tok.idx, tok.lemma_.lower())
                if named:
                    return _Found(named, "organization", "organization", mention)
            return None  # the nearest subject is something else
        return None

    def _channel_owner_before(self, at: int, noun: str) -> str | None:
        """'the campaign' -> whose campaign was named last before it, within three
        paragraphs and outside quotes: "O'Brien's campaign shot back. In a statement, the
        campaign said ..." is O'Brien's."""
        since = self.paras[max(0, self.paragraph_of(at) - 3)][0]
        span = self.doc.char_span(since, at, alignment_mode="contract")
        for tok in reversed(list(span) if span is not None else []):
            if tok.lemma_.lower() != noun or self.in_quote(tok.idx):
                continue
            for child in tok.children:
                if child.dep_ in ("poss", "compound"):
                    person = self.people.in_tokens(child.i, child.i + 1, skip_possessive=False)
                    if person is not None:
                        return person.name
        return None

    def _last_organization(self, at: int, noun: str) -> str | None:
        """'the company' -> the organisation named last before it (outside quotes, within
        three paragraphs); 'the newspaper' -> the one last seen reporting ('The Boston
        Herald reported ...'); police, courts and governments are left as written."""
        if noun in ("police", "government", "court", "administration", "authorities", "officials"):
            return None
        reporting = noun in _OUTLET_NOUNS
        here = self.paragraph_of(at)
        for ent in reversed(self.ents):
            if ent.start_char >= at or ent.label_ != "ORG" or self.in_quote(ent.start_char):
                continue
            if here - self.paragraph_of(ent.start_char) > 3:
                return None
            if not reporting or (ent.root.dep_ == "nsubj" and ent.root.head.lemma_ in _REPORTING):
                return re.sub(r"(?:'s|’s|'|’)$", "", _bare(ent.text))  # "General Motors' plan"
        return None

    def _possessor(self, tokens, at: int, exclude, state: _State) -> str | None:
        """Whose rep/lawyer/friend a phrase names: "Reid's rep", "her lawyer"."""
        for tok in tokens:
            if tok.dep_ != "poss":
                continue
            if tok.lower_ in ("his", "her"):
                return self._resolve_pronoun(at, "m" if tok.lower_ == "his" else "f", set(), state,
                                             named_only=True)
            person = self.people.in_tokens(tok.i, tok.i + 1, skip_possessive=False)
            if person is not None:
                return person.name
            if tok.pos_ == "PROPN" and tok.text[:1].isupper():
                # "Whitaker’s campaign" tagged ORG by the model after "Gov. Sandra Whitaker"
                name = self.people.canonical(tok.text)
                if name in self.people.full_names:
                    return name
        return None

    def _resolve_pronoun(self, at: int, gender: str, exclude, state: _State, *,
                         named_only: bool = False) -> str | None:
        last = state.last_direct_person
        window_start = state.last_direct_end
        if state.last_person and state.last_person_end > state.last_direct_end \
                and self.people.gender(state.last_person) in (None, gender):
            # a partial quote spoken since the last direct one ("She called the plan
            # "..." / "...," she said.")
            last, window_start = state.last_person, state.last_person_end
        if named_only and last not in self.people.names():
            last = None
        here = self.paragraph_of(at)
        # someone named since the last quote ("..., said Shanduke McPhatter." then
        # '"...," he said.') is a nearer antecedent than the last speaker
        window = window_start if last else self.paras[max(0, here - 2)][0]
        since = self.people.latest_speaker(window, at, exclude=exclude, gender=gender)
        if since == last:
            since = None
        # the subject of a clause since the last quote: in the pronoun's own paragraph
        # ("Ms. Lindqvist returned to the theme. She proclaimed ..." after Reyes spoke), or
        # in the one before when the last speaker's gender does not fit ("Akerson plans to
        # stand down. / ... he said:"); a person named as an object is no antecedent
        asked = self._asked(at, gender, exclude)
        if asked:
            return asked
        closing = self._closing_subject(at, here, exclude)
        if closing and self.people.gender(closing) in (gender, None):
            # '"...," he said.' opening the paragraph after one that ends on a person
            # ("D’Amato did not commit. / "Everything is on the table," he said.")
            return closing
        subject = self._latest_subject(max(window, self.paras[max(0, here - 1)][0]), at, exclude)
        if subject and self.people.gender(subject) in (gender, None) and (
                self.paragraph_of(self._latest_subject_at) == here
                or (not since and last and subject != last and self.people.gender(subject) == gender
                    and self.people.gender(last) != gender)):
            return subject
        if last and not since and last not in exclude and here - self.paragraph_of(window_start) <= 3 \
                and self.people.gender(last) in (None, gender):
            return last
        if since:
            return since
        return self.people.salient(at, exclude=exclude, gender=gender)

    _ASKING = {"ask", "press", "question", "quiz", "grill", "challenge", "push", "confront"}

    def _asked(self, at: int, gender: str, exclude) -> str | None:
        """'Brooks then pressed Holloway on the message. He said ...': right after someone
        is asked or pressed, the one asked answers."""
        span = self.doc.char_span(at, at + 1, alignment_mode="expand")
        if span is None or not len(span) or span[0].sent.start == 0:
            return None
        sent = span[0].sent
        if span[0].i - sent.start > 1:  # the pronoun opens its sentence
            return None
        before = self.doc[sent.start - 1].sent
        if self.paragraph_of(before.start_char) != self.paragraph_of(at) or self._has_marks(before.start_char, before.end_char):
            return None
        for tok in before:
            if tok.lemma_.lower() in self._ASKING and tok.pos_ == "VERB":
                obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                person = self.people.at_token(obj.i) if obj is not None else None
                if person is not None and person.name not in exclude \
                        and self.people.gender(person.name) in (gender, None):
                    return person.name
        return None

    def _closing_subject(self, at: int, here: int, exclude) -> str | None:
        """The person subject of the last sentence of the paragraph before, when that
        paragraph quotes no one and the pronoun's paragraph opens with a quotation that
        the pronoun attributes."""
        if here == 0:
            return None
        p_start, _ = self.paras[here]
        ps, pe = self.paras[here - 1]
        if self.text[p_start:p_start + 1] not in ('"', "\u201c", "'", "\u2018", "`") \
                or self._has_marks(ps, pe) or at - p_start > 600:
            return None
        span = self.doc.char_span(ps, pe, alignment_mode="contract")
        if span is None or not len(span):
            return None
        root = span[-1].sent.root
        subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        person = self.people.at_token(subject.i) if subject is not None else None
        if person is None and subject is not None:  # "His sister, Ana Reyes, sat in the front row."
            person = next((p for c in subject.children if c.dep_ == "appos"
                           for p in [self.people.at_token(c.i)] if p is not None), None)
        if person is None or person.name in exclude or subject.sent.start < span.start:
            return None
        return person.name

    def _latest_subject(self, after: int, before: int, exclude) -> str | None:
        """The person last named as the active subject of a clause, outside quotes."""
        for m in reversed(self.people.mentions):
            if m.start >= before or m.in_quote or m.name in exclude:
                continue
            if m.start < after:
                return None
            root = self.doc[m.tok_start:m.tok_end].root
            if root.dep_ == "nsubj" or (root.dep_ in ("appos", "compound") and root.head.dep_ == "nsubj"):
                self._latest_subject_at = m.start
                return m.name
        return None

    def _via(self, start: int, end: int, state: _State) -> str | None:
        region = self.text[start:end]
        for m in _VIA_CUES.finditer(region):
            at = start + m.end()
            if self.in_quote(at):
                continue
            name = self._noun_phrase_at(at, state)
            if name:
                return name
        for m in _INTERVIEW_CUES.finditer(region):
            at = start + m.end()
            for ent in self.ents:
                if ent.start_char == at and ent.label_ in ("ORG", "WORK_OF_ART", "PRODUCT"):
                    return ent.text
        return None

    def _noun_phrase_at(self, at: int, state: _State) -> str | None:
        """The name or noun phrase a via cue points at; 'the outlet' -> the last one named."""
        phrase = self._phrase_at(at)
        if phrase is None:
            return None
        if _OUTLET_ANAPHOR.match(phrase):
            earlier = [name for pos, name in self._outlets if pos < at]
            return earlier[-1] if earlier else None
        return self._owned(phrase, at)

    def _owned(self, phrase: str, at: int) -> str:
        """A possessive channel as its owner's: "the multihyphenate's $400 million suit"
        is "Justin Baldoni's suit" when the description stands for him."""
        owner = _POSSESSIVE.match(phrase)
        if owner is None:
            return phrase
        begin = at + phrase.find(owner.group(1))
        person = next((m.name for m in self._person_mentions
                       if m.start <= begin < m.end or begin <= m.start < begin + len(owner.group(1))), None)
        if person is None:
            return phrase
        head = phrase.split()[-1]
        return f"{person}'s {head}"

    @functools.cached_property
    def _epithets(self) -> list:
        """The document's resolved epithets, read once (the entity stage computes them on
        each call)."""
        return self.people.epithets()

    @functools.cached_property
    def _person_mentions(self) -> list:
        return self.people.as_records() + self._epithets

    def _phrase_at(self, at: int) -> str | None:
        for ent in self.ents:
            if ent.start_char == at or (ent.start_char == at + 4 and self.text[at:at + 4].lower() == "the "):
                if ent.label_ in ("ORG", "PERSON", "WORK_OF_ART", "PRODUCT", "GPE", "NORP", "FAC"):
                    name = _bare(ent.text)
                    return self.people.canonical(name) if ent.label_ == "PERSON" else name
        tok_span = self.doc.char_span(at, min(len(self.text), at + 1), alignment_mode="expand")
        if tok_span is None:
            return None
        tok = tok_span[0]
        for chunk in self.doc.noun_chunks:
            if chunk.start <= tok.i < chunk.end:
                return self.text[max(chunk.start_char, at):chunk.end_char]
        return None

    @functools.cached_property
    def _outlets(self) -> list[tuple[int, str]]:
        """Every outlet named after a via cue, outside quotes, by position."""
        out = []
        for m in _VIA_CUES.finditer(self.text):
            at = m.end()
            if self.in_quote(at) or m.group().lower().startswith("according"):
                continue  # "according to X" names people as often as outlets
            phrase = self._phrase_at(at)
            if phrase and not _OUTLET_ANAPHOR.match(phrase) and phrase[:1].isupper():
                out.append((at, phrase))
        return out

    def run(self) -> list[Quote]:
        state = _State()
        quotes: list[Quote] = []
        for q in self.raw:
            quote = self._attribute(q, state, len(quotes))
            if quote is None:
                continue
            quotes.append(quote)
            state.by_paragraph.setdefault(q.last_paragraph, []).append(quote)
            state.unclosed_para = q.last_paragraph if not q.closed else -10
            if quote.kind == "direct" and quote.speaker_type == "person" and quote.speaker:
                state.last_direct_person = quote.speaker
                state.last_direct_para = q.last_paragraph
                state.last_direct_end = q.last_mark
            if quote.speaker_type == "person" and quote.speaker:
                state.last_person, state.last_person_end = quote.speaker, q.last_mark
        return quotes

    def _attribute(self, q: RawQuote, state: _State, index: int) -> Quote | None:
        p_start, _ = self.paras[q.paragraph]
        b_start, b_end, a_start, a_end = self._clause_bounds(q)
        pre = self.text[max(p_start, b_end - CONTEXT_CHARS):b_end]
        pre_stripped = self.text[b_start:b_end].strip()
        words = self._words(q)
        starts_clause = (not pre_stripped) or pre_stripped[-1] in ",:;—–-" \
            or pre.rstrip()[-1:] in ".!?\"”" or not pre.strip()
        inner_end = self.text[q.end - 1] if q.end > q.start else ""
        if not starts_clause and len(words) >= 4 and words[0][:1].isupper():
            # 'General Duncan McNab stated "The tanker is ..."': a sentence right after its verb
            last = self.doc.char_span(b_start, b_end, alignment_mode="contract")
            starts_clause = bool(last) and bool(self._speech_verbs([last[-1]]))
        direct = starts_clause and (len(words) >= 4 or inner_end in ".,!?…")
        kind = "direct" if direct else "partial"
        if kind == "partial" and self._is_title(q, pre, words):
            self.titles.append(Span(q.start, q.end, self.text[q.start:q.end]))
            return None
        sentence = self._sentence_bounds(q)
        ctx = _Context(q=q, state=state, kind=kind, sentence=sentence,
                       bounds=(b_start, b_end, a_start, a_end), pre_stripped=pre_stripped,
                       inner_end=inner_end)
        if kind == "direct":
            ctx.via = self._via(b_start, a_end, state)
        else:
            tokens = self._outside(sentence[0], sentence[1])
            verbs = self._speech_verbs(tokens)
            after = [v for v in verbs if v.idx >= q.last_mark]
            ctx.verbs = verbs
            ctx.cited = bool(re.search(r"\b(?:[Aa]ccording to|[Pp]er)\s+[A-Z]", self.text[sentence[0]:sentence[1]]))
            if self._is_label(q):
                self.scare.append(Span(q.start, q.end, self.text[q.start:q.end]))
                return None
            ctx.judged_by = self._agent(q, state, sentence) if not verbs and not ctx.cited else None
            if not verbs and not ctx.cited and ctx.judged_by is None:
                if self._is_scare(q, words) or len(words) <= 2:
                    self.scare.append(Span(q.start, q.end, self.text[q.start:q.end]))
                    return None
            elif ctx.judged_by is None and self._is_scare(q, words) and not any(
                    re.fullmatch(r"\s*,\s*(?:[\w'’.-]+\s+){0,4}", self.text[q.last_mark:v.idx]) for v in after):
                # ('... as "potentially suspicious", police said' is speech, not a scare quote)
                self.scare.append(Span(q.start, q.end, self.text[q.start:q.end]))
                return None
            ctx.via = self._via(sentence[0], sentence[1], state)
        found, decided_by = _Found(), None
        for name, sieve in self.sieves:
            result = sieve(self, ctx)
            if result is not None:
                found, decided_by = result, name
                break
        if kind == "direct" and found.speaker is None and self._is_title(q, pre, words, direct=True):
            self.titles.append(Span(q.start, q.end, self.text[q.start:q.end]))
            return None
        via = found.via or ctx.via
        if via is None and found.how in ("continuation", "same_paragraph"):
            previous = state.by_paragraph.get(q.paragraph) or state.by_paragraph.get(q.paragraph - 1)
            if previous:
                via = previous[-1].via
        speaker = found.speaker
        if speaker and found.type == "person":
            # whichever sieve found the mention, the speaker is the document's fullest form
            # of the name ("O’Brien's campaign said" -> "Kevin O'Brien")
            speaker = self.people.canonical(speaker)
        parts = [(s, e) for s, e in q.parts]
        return Quote(
            id=f"{self.doc_id}#q{index + 1}", start=q.start, end=q.end, parts=parts,
            text=" ".join(self.text[s:e] for s, e in parts), kind=kind,
            speaker=speaker, speaker_mention=found.mention if speaker else None,
            attribution=found.how if found.speaker else None,
            speaker_type=found.type if found.speaker else None,
            via=via,
            paragraph=q.paragraph, sieve=decided_by)

    # -- the sieves -----------------------------------------------------------------
    # Each takes the attributor and the quote's context and returns the decision (a
    # _Found, possibly with no speaker: "the source said" is decided as unnamed) or None
    # to pass the quote on. The sieves that find the mention of the speaker (explicit,
    # colon, trailing, clause_subject) decide a named person themselves and leave a
    # pronoun, a description or a document/organisation mention pending for the sieve
    # that resolves that kind of mention.

    def _offer(self, ctx: "_Context", found: _Found | None) -> _Found | None:
        """Keep `found` as the pending mention (a mention with a speaker replaces one
        without); decide it here when it names its speaker outright."""
        if found is None or (found.speaker is None and found.mention is None):
            return None
        if ctx.pending is None or (ctx.pending.speaker is None and found.speaker is not None):
            ctx.pending = found
        if ctx.pending is found and _category(found) == "name":
            return found
        return None

    def _sieve_explicit(self, ctx: "_Context") -> _Found | None:
        """A speech verb beside the quote: '"...," Hale said', 'Hale said, "..."', and for
        a partial quote the speech verb of its sentence ('Hale called the plan "reckless"')."""
        q, state, sentence = ctx.q, ctx.state, ctx.sentence
        b_start, b_end, a_start, a_end = ctx.bounds
        if ctx.kind == "direct":
            # 'A statement from Waitrose said:' after a quote introduces the next one
            introduces_next = self.text[a_start:a_end].rstrip().endswith(":")
            after = [] if introduces_next else self._outside(a_start, a_end)
            ctx.verbs = verbs = self._speech_verbs(after)
            found = None
            if verbs:
                found = self._from_verb(verbs[0], q, state, sentence)
            if (found is None or found.speaker is None) and not verbs and ctx.pre_stripped:
                verbs_before = self._speech_verbs(self._outside(b_start, b_end))
                # 'X said, "..."', or the verb right before the mark ('McNab stated "The ...')
                if verbs_before and (ctx.pre_stripped[-1] in ",:—–" or not self.text[
                        verbs_before[-1].idx + len(verbs_before[-1]):b_end].strip()):
                    found = self._from_verb(verbs_before[-1], q, state, sentence)
            return self._offer(ctx, found)
        before = [v for v in ctx.verbs if v.idx < q.first_mark]
        after = [v for v in ctx.verbs if v.idx >= q.last_mark]
        main = [v for v in after if v.dep_ == "ROOT"]  # '..., the report said.'
        # a speech verb after a partial quote in a clause of its own does not speak it
        # ('... found that "...", though a large share said they ...')
        after = [v for v in after if not ({v.dep_, v.head.dep_} & {"advcl", "relcl", "acl"})]
        # nor one in a relative clause set off before it ('thanked Patel, who wrote the
        # bill, for "..."'), unlike 'a message Lively had sent about him "..."'
        def set_off(v):
            last = max(t.i for t in v.subtree)
            return v.dep_ == "relcl" and last + 1 < len(self.doc) and self.doc[last + 1].text == "," \
                and self.doc[last + 1].idx < q.first_mark
        before = [v for v in before if not set_off(v)]
        found = None
        for verb in main[:1] + before[-1:] + after[:1]:
            found = self._from_verb(verb, q, state, sentence)
            subject = self._subject(verb)
            while found.how == "description" and subject is not None and subject.pos_ == "NOUN" \
                    and not self._person_noun(subject) and verb.dep_ == "ccomp" and verb.head in ctx.verbs:
                # 'X said that the sentence sent "a clear message"': a thing that is said to
                # send or describe does not speak; the verb that reports it does
                verb = verb.head
                found = self._from_verb(verb, q, state, sentence)
                subject = self._subject(verb)
            if found.speaker:
                break
        return self._offer(ctx, found)

    def _sieve_colon(self, ctx: "_Context") -> _Found | None:
        """The clause a colon ends introduces the quote, whatever its verb ('Hale leaned
        in and boomed: "..."'), in the quote's paragraph or as the paragraph before."""
        if ctx.kind != "direct" or (ctx.pending is not None and ctx.pending.speaker is not None):
            return None
        q, state = ctx.q, ctx.state
        b_start, b_end, _, _ = ctx.bounds
        if not ctx.verbs and ctx.pre_stripped.endswith(":"):
            return self._offer(ctx, self._introducer(b_start, b_end, q, state))
        if ctx.pending is None and q.paragraph > 0 and not state.by_paragraph.get(q.paragraph) \
                and not state.by_paragraph.get(q.paragraph - 1):
            p_start, _ = self.paras[q.paragraph]
            ps, pe = self.paras[q.paragraph - 1]
            if not self.text[p_start:q.first_mark].strip(" `\t") and self.text[ps:pe].rstrip().endswith(":"):
                # 'Hugh Hefner was reported as saying about Page:' / '"..."'
                found = self._introducer(ps, pe, q, state)
                if found.speaker:
                    return self._offer(ctx, found)
        return None

    def _sieve_trailing(self, ctx: "_Context") -> _Found | None:
        """A reporting clause that names its source without a lexicon verb: '"..."
        (Fox News article)', 'according to X', and a short clause after the quote
        ('"...," Hale beamed.', '"...," boomed Hale.') whatever its verb."""
        q, state, sentence = ctx.q, ctx.state, ctx.sentence
        b_start, b_end, a_start, a_end = ctx.bounds
        if ctx.pending is not None and ctx.pending.speaker is not None:
            return None
        if ctx.kind == "direct":
            cited_after = re.match(r"\s*\((?:an?\s+|the\s+)?([A-Z][\w.&' -]{1,40}?)\s+(?:article|report|story|"
                                   r"piece|editorial|column|statement|release)\)", self.text[q.last_mark:a_end + 60])
            if cited_after:  # '"..." (Fox News article)'
                return self._offer(ctx, _Found(cited_after.group(1), "document", "document", None))
            if ctx.pending is None:
                # "according to X" before the quote, or right after it ('...," according to X')
                tail = a_end if re.match(r"\s*[,—–-]?\s*according to", self.text[a_start:a_end], re.I) \
                    and ctx.inner_end not in ".!?" else b_end
                found = self._according_to(b_start, tail, q, state, sentence)
                if found is not None:
                    return self._offer(ctx, found)
                if not ctx.verbs:
                    return self._offer(ctx, self._reporting_clause(ctx))
            return None
        if ctx.pending is None:
            return self._offer(ctx, self._according_to(sentence[0], sentence[1], q, state, sentence))
        return None

    def _reporting_clause(self, ctx: "_Context") -> _Found | None:
        """The subject of a short clause right after a quote that ends in a comma, '!',
        '?' or a dash: in that place any verb reports the quote (beamed, boomed, chimed in)."""
        q = ctx.q
        b_start, b_end, a_start, a_end = ctx.bounds
        if ctx.pre_stripped.endswith(","):
            # 'State party chair Lena Ruiz chimed in, "...": a clause that is all subject
            # and verb (with particles and adverbials) before the comma
            tokens = [t for t in self._outside(b_start, b_end) if not t.is_punct]
            verbs = [t for t in tokens if t.pos_ == "VERB" and t.dep_ == "ROOT"]
            if tokens and verbs and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "acomp")
                                            and not self.in_quote(c.idx) for c in verbs[-1].children):
                subject = self._subject(verbs[-1])
                if subject is not None and subject.i < verbs[-1].i:
                    found = self._from_subject(subject, q, ctx.state, ctx.sentence)
                    if found.speaker and (_category(found) != "description" or self._person_noun(subject)):
                        return found
        if ctx.inner_end not in ",!?—–-…" and self.text[q.last_mark:q.last_mark + 1] not in (",", "—", "–"):
            return None
        tokens = [t for t in self._outside(a_start, a_end) if not t.is_punct]
        if not tokens:
            return None
        verb = next((t for t in tokens if t.pos_ in ("VERB", "AUX")), None)
        if verb is None:
            # '...,'' Jesse Toprak, an analyst for Edmunds.': a name alone after the quote
            person = self.people.at_token(tokens[0].i)
            if person is not None and person.tok_start == tokens[0].i and ctx.inner_end == ",":
                return _Found(person.name, "person", "name",
                              Span(person.start, person.end, self.text[person.start:person.end]))
            return None
        if verb.i - tokens[0].i > 6:
            return None
        found = self._from_verb(verb, q, ctx.state, ctx.sentence)
        if _category(found) == "description" and found.speaker is not None:
            subject = self._subject(verb)
            if subject is None or not self._person_noun(subject):
                return None  # '"...," and the crowd cheered': not a speaker
        return found if found.speaker or found.mention else None

    def _sieve_clause_subject(self, ctx: "_Context") -> _Found | None:
        """A partial quote worked into a clause: the clause's subject speaks ('Reyes
        thanked the governor for "taking..."', 'a Gallup survey found that "..."',
        'Hale had dismissed the budget as "pure fantasy"'); a passive verb's agent
        judges ('treated by police as "potentially suspicious"')."""
        if ctx.kind != "partial" or (ctx.pending is not None and ctx.pending.speaker is not None):
            return None
        if ctx.judged_by is not None:
            return self._offer(ctx, ctx.judged_by)
        verb = self._governing_verb(ctx.q)
        if verb is None:
            return None
        verb = self._finder(verb, ctx.q)
        if self._reported_by_speech(verb):
            return None  # 'an employee said Holloway had been "very clear"': the employee's words
        subject = self._subject(verb)
        if subject is None or subject.i >= self._quote_token_range(ctx.q)[0] and verb.i < subject.i:
            return None
        found = self._from_subject(subject, ctx.q, ctx.state, ctx.sentence)
        if found.speaker is None:
            return None
        if _category(found) == "description" and not self._person_noun(subject):
            return None  # "the plan was 'reckless'": a thing does not speak
        return self._offer(ctx, found)

    def _reported_by_speech(self, verb) -> bool:
        """Whether a clause is the complement of a speech verb outside the quote ('X said
        Holloway had been ...'): the one who says it speaks, not the clause's subject."""
        for _ in range(4):
            if verb.dep_ not in ("ccomp", "conj") or verb.head.i == verb.i:
                return False
            verb = verb.head
            if verb.dep_ != "conj" and verb.lemma_.lower() in self._lemmas and verb.lemma_.lower() not in _WEAK \
                    and not self.in_quote(verb.idx):
                # (when the parse gave that verb a subject: 'and, in a careful phrasing, said he
                # is "..."' has lost it, and the clause's own subject is the one left)
                return any(c.dep_ in ("nsubj", "nsubjpass") and not self.in_quote(c.idx) for c in verb.children)
        return False

    def _finder(self, verb, q: RawQuote):
        """The verb whose subject judges the quoted words: up a complement clause to a verb
        of finding or concluding ('a report found that the agency was "unprepared"' is the
        report's, not the agency's)."""
        while verb.dep_ == "ccomp" and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX") \
                and verb.head.lemma_.lower() in _FINDING and not self.in_quote(verb.head.idx) \
                and verb.head.idx < q.first_mark:
            verb = verb.head
        return verb

    def _sieve_continuation(self, ctx: "_Context") -> _Found | None:
        """An unattributed quote continues the speaker of its paragraph, or of the
        paragraph before."""
        if ctx.kind != "direct" or ctx.pending is not None:
            return None
        found = self._continuation(ctx.q, ctx.state)
        return found if found.speaker or found.how else None

    def _resolve_pending(self, ctx: "_Context", category: str) -> _Found | None:
        if ctx.pending is not None and _category(ctx.pending) == category:
            return ctx.pending
        return None

    def _sieve_pronoun(self, ctx: "_Context") -> _Found | None:
        """'he said', 'the former': the antecedent by salience and gender."""
        return self._resolve_pending(ctx, "pronoun")

    def _sieve_description(self, ctx: "_Context") -> _Found | None:
        """'the Glass Hearts singer said', 'the message continued': the person the
        epithet or the recording stands for."""
        found = self._resolve_pending(ctx, "description")
        if found is not None and found.speaker is None:
            # an unnamed source in a sentence that names where it was reported: 'According
            # to The New York Times, an anonymous individual "with direct knowledge" claimed'
            s, _ = ctx.sentence
            cited = self._according_to(s, min(ctx.q.first_mark, found.mention.start if found.mention else s),
                                       ctx.q, ctx.state, ctx.sentence)
            if cited is not None and cited.speaker and cited.type in ("organization", "document"):
                return cited
        return found

    def _sieve_document(self, ctx: "_Context") -> _Found | None:
        """A document or organisation speaks ('the complaint said', 'Boeing said',
        'Per Variety'), unless it reports a person's words: 'Mr. Dunn told Mr. Pratt he
        should "keep quiet", the indictment said' is Dunn's, via the indictment."""
        found = self._resolve_pending(ctx, "document")
        if found is not None:
            inner = self._reported_within(ctx, found)
            return inner or found
        if ctx.pending is None and ctx.kind == "partial" and not ctx.verbs and ctx.via:
            return _Found(ctx.via, "document", "document", None)  # 'Per THR, talks are "delicate"'
        return None

    def _reported_within(self, ctx: "_Context", outer: _Found) -> _Found | None:
        """A person's speech reported by a document: the nearest speech verb above the
        quote in the parse, other than the document's, with a person for subject."""
        if outer.type != "document" or outer.mention is None:
            return None
        lo, _ = self._quote_token_range(ctx.q)
        if lo >= len(self.doc):
            return None
        tok = self.doc[lo]
        chain = []
        while tok.head.i != tok.i and len(chain) < 8:
            tok = tok.head
            chain.append(tok)
        def outer_verb(verb):
            subject = self._subject(verb)
            return subject is not None and outer.mention.start <= subject.idx < outer.mention.end

        candidates = [t for t in chain if t in ctx.verbs and not self.in_quote(t.idx) and not outer_verb(t)]
        if not candidates:  # a parse that lost the path: the speech verb before the quote
            candidates = [v for v in ctx.verbs if v.idx < ctx.q.first_mark][-1:]
        for tok in candidates[:1]:
            subject = self._subject(tok)
            if subject is None or subject.dep_ == "nsubjpass" \
                    or outer.mention.start <= subject.idx < outer.mention.end:
                return None  # "X is accused of ...": the passive's subject is spoken of
            found = self._from_subject(subject, ctx.q, ctx.state, ctx.sentence)
            if found.type == "person" and found.speaker:
                return _Found(found.speaker, "person", found.how, found.mention, via=outer.mention.text)
            return None
        return None

    def _quote_token_range(self, q: RawQuote) -> tuple[int, int]:
        span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            return (len(self.doc), len(self.doc))
        return span.start, span.end

    def _governing_verb(self, q: RawQuote):
        """The verb outside the quote that the quoted words hang on."""
        span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            return None
        tok = span.root
        for _ in range(5):
            if tok.head.i == tok.i:
                return None
            tok = tok.head
            if span.start <= tok.i < span.end or self.in_quote(tok.idx):
                continue
            if tok.pos_ in ("VERB", "AUX"):
                return tok
        return None

    def _person_noun(self, tok) -> bool:
        """Whether a noun names a person ('the former governor', 'the host')."""
        lemma = tok.lemma_.lower()
        if lemma in ROLE_NOUNS or lemma in TITLE_WORDS or gender_of_words([tok.text]) is not None:
            return True
        return any(m.start <= tok.idx < m.end for m in self._epithets)

    def _quoted_person(self, verb) -> _Found | None:
        """'Detik.com quoted Djamal as saying', 'Berg was quoted by Reuters as saying', 'The
        BBC reported Ellis as saying': the one quoted speaks, via the quoter."""
        quoter_verb = verb
        if verb.lemma_.lower() == "say":  # "... as saying": the verb that reports it
            up = verb.head.head if verb.head.lower_ == "as" else verb.head
            if up.i == verb.i or up.pos_ != "VERB":
                return None
            quoter_verb = up
        elif verb.lemma_.lower() not in ("quote", "cite"):
            return None
        if quoter_verb.lemma_.lower() not in ("quote", "cite", "report", "describe", "record"):
            return None
        for obj in quoter_verb.children:
            person = self.people.at_token(obj.i) if obj.dep_ in ("dobj", "nsubjpass") else None
            if person is None or self.in_quote(obj.idx):
                continue
            if obj.dep_ == "dobj":
                quoter = self._subject(quoter_verb)
            else:
                quoter = next((g for c in quoter_verb.children if c.dep_ == "agent"
                               for g in c.children if g.dep_ == "pobj"), None)
                if quoter is None and verb.i != quoter_verb.i:  # "was quoted as saying by Interfax"
                    quoter = next((g for c in verb.children if c.dep_ == "prep" and c.lower_ == "by"
                                   for g in c.children if g.dep_ == "pobj"), None)
            via = " ".join(t.text for t in self._mention_tokens(quoter)) if quoter is not None else None
            return _Found(person.name, "person", "name",
                          Span(person.start, person.end, self.text[person.start:person.end]), via=via)
        return None

    def _from_verb(self, verb, q, state, sentence) -> _Found:
        quoted = self._quoted_person(verb)
        if quoted is not None:
            return quoted
        subject = self._subject(verb)
        if subject is None and verb.idx < q.first_mark:
            # a parse that missed the subject of 'Barack Obama said "...': the name
            # right before the verb, on its line
            for ent in self.ents:
                if ent.label_ in ("PERSON", "ORG") and 0 <= verb.i - ent.end <= 1 \
                        and "\n" not in self.text[ent.start_char:verb.idx] and not self.in_quote(ent.start_char):
                    subject = ent.root
        if subject is None and verb.idx >= q.last_mark:
            # '," said Uralsib analyst Chris Weafer commenting on ...' parsed with the name
            # as the subject of the next verb: the person named right after the verb
            for tok in verb.doc[verb.i + 1:verb.i + 8]:
                if tok.is_punct or self.in_quote(tok.idx):
                    break
                person = self.people.at_token(tok.i)
                if person is not None:
                    return _Found(person.name, "person", "name",
                                  Span(person.start, person.end, self.text[person.start:person.end]))
        if subject is None:
            # Surface fallback for parses that miss the subject: '," the X star said'
            tokens = self._outside(q.last_mark, verb.idx)
            tokens = [t for t in tokens if not t.is_punct]
            if 0 < len(tokens) <= 8:
                head = tokens[-1]
                for t in tokens:
                    if t.pos_ in ("NOUN", "PROPN", "PRON"):
                        head = t
                return self._resolve(tokens, head, q, state, sentence)
            return _Found()
        return self._from_subject(subject, q, state, sentence)

    def _from_subject(self, subject, q, state, sentence) -> _Found:
        named = self._named_in_subject(subject)
        if named is not None:  # "the general secretary of the union Unite, Tony Woodley,"
            return _Found(named.name, "person", "name", Span(named.start, named.end, self.text[named.start:named.end]))
        for child in subject.children:  # "the governor of the province, Abdolreza Sheikholeslami,"
            if child.dep_ == "appos" and not self.in_quote(child.idx):
                person = self.people.at_token(child.i)
                if person is not None:
                    return _Found(person.name, "person", "name",
                                  Span(person.start, person.end, self.text[person.start:person.end]))
        set_off = self._set_off_name(subject)
        if set_off is not None:
            return set_off
        found = self._resolve(self._mention_tokens(subject), subject, q, state, sentence)
        if found.how == "name" and found.type == "person":  # "said Craig Zadan and Neil Meron"
            names = [self._partner(c) for c in subject.children
                     if c.dep_ == "conj" and c.pos_ == "PROPN" and not self.in_quote(c.idx)]
            names = [n for n in names if n and n != found.speaker]
            if len(names) == 1:
                found.speaker = f"{found.speaker} and {names[0]}"
        return found

    def _set_off_name(self, subject) -> _Found | None:
        """'The assistant U.S. attorney who prosecuted the case, Kevin Marchetti, said': a
        role subject whose name is set off by commas right before its verb (the parse may
        hang the name on the relative clause)."""
        if subject.pos_ != "NOUN" or subject.head.pos_ not in ("VERB", "AUX") or subject.head.i <= subject.i:
            return None
        verb = subject.head
        for m in self.people.mentions:
            if m.in_quote or not (subject.idx < m.start and m.end <= verb.idx):
                continue
            if self.text[m.end:verb.idx].strip() == "," and self.text[:m.start].rstrip().endswith(",") \
                    and not any(t.pos_ in ("VERB", "AUX") for t in self.doc[m.tok_end:verb.i]):
                return _Found(m.name, "person", "name", Span(m.start, m.end, self.text[m.start:m.end]))
        return None

    def _named_in_subject(self, subject):
        """The person a descriptive subject ends by naming: 'the vice president of
        Chrysler LLC Jim Press', 'chief investment officer at Solaris, Tim Ghriskey'; not
        the person a preposition or a possessive names ('the wife of John Smith')."""
        if subject.pos_ not in ("NOUN", "PROPN") or self.people.at_token(subject.i) is not None:
            return None  # ("FBI Special Agent in Charge Luis Ortega": a PROPN title)
        tokens = [t for t in subject.subtree if not self.in_quote(t.idx)]
        while tokens and tokens[-1].is_punct:
            tokens.pop()
        if not tokens or tokens[-1].i < subject.i:
            return None
        person = self.people.at_token(tokens[-1].i)
        if person is None or person.tok_end != tokens[-1].i + 1 or person.tok_start <= subject.i:
            return None
        before = self.doc[person.tok_start - 1]
        if before.lower_ in ("of", "for", "to", "with", "by", "'s", "’s", "and", "or") or before.dep_ == "prep":
            return None
        if any(t.pos_ in ("VERB", "AUX") for t in self.doc[subject.i:person.tok_start]):
            return None  # a clause in between ("the man who met Tony Woodley")
        return person

    def _partner(self, tok) -> str | None:
        """The person named by a conjoined name: a known mention, or a first name and
        surname the model gave another label ("Ines Wolde" tagged LOC)."""
        person = self.people.at_token(tok.i)
        if person is not None:
            return person.name
        words = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [tok]
        if len(words) >= 2 and is_first_name(words[0].text) and all(w.text[:1].isupper() for w in words):
            return " ".join(w.text for w in words)
        return None

    def _according_to(self, start, end, q, state, sentence) -> _Found | None:
        m = re.search(r"\baccording to\s+", self.text[start:end], re.I)
        if not m:
            return None
        at = start + m.end()
        span = self.doc.char_span(at, min(end, at + 1), alignment_mode="expand")
        if span is None or not len(span):  # the region ends right after "according to"
            return None
        tok = span[0]
        for chunk in self.doc.noun_chunks:
            if chunk.start <= tok.i < chunk.end:
                tokens = [t for t in chunk if t.idx >= at]
                found = self._resolve(tokens, chunk.root, q, state, sentence)
                if found.speaker is None and tokens and all(t.pos_ == "PROPN" for t in tokens):
                    name = " ".join(t.text for t in tokens)  # "according to EW"
                    return _Found(name, "document", "document", found.mention)
                return found
        return None

    def _continuation(self, q: RawQuote, state: _State) -> _Found:
        same = state.by_paragraph.get(q.paragraph)
        if same:
            last = same[-1]
            if last.speaker:
                return _Found(last.speaker, last.speaker_type, "continuation", None)
            return _Found()
        p_start, _ = self.paras[q.paragraph]
        if q.first_mark - p_start > CONTEXT_CHARS or self.text[p_start:q.first_mark].strip(" `\t"):
            return _Found()
        previous = state.by_paragraph.get(q.paragraph - 1)
        opened = state.unclosed_para
        if not previous and 0 <= opened <= q.paragraph - 2 <= opened + 3 \
                and not any(self._has_marks(*self.paras[p]) for p in range(opened + 1, q.paragraph)):
            # '"It's been a season. / For us to win ... / (no marks) / "You never take ...'
            previous = state.by_paragraph.get(opened)
        if previous:
            last = previous[-1]
            if last.speaker:
                return _Found(last.speaker, last.speaker_type, "continuation", None)
            return _Found()
        if q.paragraph == 0:
            return _Found()
        # The previous paragraph reports speech without quoting: "X assured Lively he..."
        ps, pe = self.paras[q.paragraph - 1]
        ps = max(ps, pe - CONTEXT_CHARS)  # its last sentences
        tokens = self._outside(ps, pe)
        verbs = self._speech_verbs(tokens, strong_only=True)
        # the main verb of the last sentence that reports speech ("She said that the union
        # had warned Volta"), before a reported clause's own speech verb
        verbs = sorted(verbs, key=lambda v: (v.sent.start, v.dep_ == "ROOT", v.i))
        for verb in reversed(verbs):
            subject = self._subject(verb)
            if subject is None:
                continue
            person = self.people.at_token(subject.i)
            if person is not None:
                return _Found(person.name, "person", "continuation", None)
            if subject.lower_ in ("he", "she"):
                name = self._resolve_pronoun(subject.idx, "m" if subject.lower_ == "he" else "f", set(), state)
                if name:
                    return _Found(name, "person", "continuation", None)
            break
        if not verbs and tokens and not self._has_marks(ps, pe):
            # a quote standing alone after a paragraph whose last sentence is about one
            # person ("Speaker Whitaker disagreed." / '"The votes are there."')
            root = tokens[-1].sent.root
            subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
            person = self.people.at_token(subject.i) if subject is not None else None
            if person is not None and root.pos_ == "VERB" and not any(
                    c.dep_ in ("dobj", "ccomp", "xcomp") for c in root.children):
                return _Found(person.name, "person", "continuation", None)
        return _Found()

    def _agent(self, q: RawQuote, state: _State, sentence) -> _Found | None:
        """'the fire, which is being treated by police as "potentially suspicious"': the
        words are the judgement of the passive verb's agent."""
        span = self.doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            return None
        verb = span.root
        for _ in range(3):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        if verb.pos_ != "VERB" or span.start <= verb.i < span.end:
            return None
        for child in verb.children:
            if child.dep_ == "agent":
                for obj in child.children:
                    if obj.dep_ == "pobj" and not self.in_quote(obj.idx):
                        found = self._resolve(self._mention_tokens(obj), obj, q, state, sentence)
                        if found.speaker:
                            return found
        return None

    def _has_marks(self, start: int, end: int) -> bool:
        return any(ch in OPENERS or ch in CLOSERS or ch == '"' for ch in self.text[start:end])

    def _introducer(self, start: int, end: int, q: RawQuote, state: _State) -> _Found:
        """The subject of the clause that a colon ends, whatever its verb ('X siad:')."""
        tokens = self._outside(start, end)
        if not tokens:
            return _Found()
        sentence = tokens[-1].sent
        bounds = (sentence.start_char, sentence.end_char)
        verbs = self._speech_verbs([t for t in sentence if not self.in_quote(t.idx)])
        if verbs:
            found = self._from_verb(verbs[-1], q, state, bounds)
            if found.speaker:
                return found
        for tok in sentence:
            if tok.dep_ == "ROOT":
                subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subject is not None:
                    found = self._from_subject(subject, q, state, bounds)
                    if found.speaker:
                        return found
        # 'Below is a statement by Francesca Grifo, director of ...:' - the one person named
        named = self.people.names_between(sentence.start_char, sentence.end_char, quoted=False)
        if len(named) == 1:
            return _Found(named.pop(), "person", "name", None)
        return _Found()
