"""provenance: the channel (`via`) of a document's quotes, read over the whole document.

The attribution pass (quotes.py) gives a quote the channel its own sentence names. Here
provenance is a property of the material a quote is drawn from: a recording, document
or statement gets its channel once ("a voice note obtained by TMZ", "the indictment
said", "a statement released by his campaign") and the other quotes of the same speaker
from that material inherit it, until the article moves to other material (a press
conference, a rally, another occasion) or names another channel for that speaker. An
interview or a post is material too ("in an interview with CNN", "wrote on X"). A
channel's owner is resolved to the person: "his campaign" -> "Warren Hale's campaign",
"the multihyphenate's $400 million suit" -> "Justin Baldoni's suit". An outlet quoting a
person ("Detik.com quoted Djamal as saying") is a channel of that quote alone; the
article's own outlet told something ("told Fox News Digital" in Fox News) is none.

Runs inside the extract stage on the parse and the plain records; changes only `via`.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .models import Document, PersonMention, Quote
from .quotes import DOCUMENT_NOUNS, RawQuote, scan

# The kinds of material a quote is drawn from, by the words that name it.
MATERIAL = {
    "recording": re.compile(r"\b(?:voice ?(?:note|memo|message|mail)s?|voicemails?|audio(?: message)?|"
                            r"recordings?|tapes?|videos?|phone calls?|footage|clips?|(?<!text )messages?|"
                            r"ads|advertisements?|commercials?)\b|\b(?<!\bthe )ad\b", re.I),
    "document": re.compile(r"\b(?:complaints?|(?:law)?suits?|filings?|indictments?|affidavits?|"
                           r"court (?:papers|documents|records)|documents?|letters?|e-?mails?|memos?|"
                           r"transcripts?|text messages?|texts?|motions?|records?|depositions?|testimony)\b", re.I),
    "statement": re.compile(r"\b(?:statements?|press releases?)\b", re.I),
    "interview": re.compile(r"\binterviews?\b", re.I),
    "post": re.compile(r"\b(?:[Pp]osts?|[Tt]weets?|X|Twitter|Facebook|Instagram|TikTok|Threads|Truth Social|"
                       r"YouTube|Bluesky)\b"),
}
# Platforms a post is published on: "wrote on Twitter", "chimed in on X" (a channel).
_PLATFORM = re.compile(r"\bon (X|Twitter|Facebook|Instagram|TikTok|Threads|Truth Social|YouTube|Bluesky)\b")
# A post's platform given by its verb: "Marsh later tweeted that ..." (Twitter).
_TWEETED = re.compile(r"\b(?:re)?tweet(?:ed|s|ing)\b", re.I)
# An advertisement the speaker appears in, or testimony the speaker gave under oath: the
# ad or the deposition is the channel of what is quoted from it ("In the first television
# ad of his campaign, Beckett ... proclaims", "Holloway denied it during a deposition").
_IN_MATERIAL = re.compile(r"\b(?:in|from|during|at) (?:the|a|an|his|her|their|its|[\w’'-]+['’]s) "
                          r"(?:[\w-]+ ){0,4}?(ad|advertisement|commercial|deposition)s?\b", re.I)
# Material named as the source of a quote: "said in the voice note", "in a text message,
# Dunn wrote", "the audio continued" (not material the quote is about: "when he read a
# text message Lively had sent").
_SOURCE_BEFORE = re.compile(r"\b(?:in|from|on|during|through|throughout|according to|via|per)\s+"
                            r"(?:(?:a|an|the|his|her|their|its|this|that|same|[\w’'-]+['’]s)\s+)?"
                            r"(?:[\w$-]+\s+){0,4}?$", re.I)
_SOURCE_AFTER = re.compile(r"^(?:\s+\w+){0,2}\s+(?:continued|continues|said|says|added|adds|reads|read|"
                           r"states|stated|alleges|alleged|shows|showed|went on)\b", re.I)


def _sources(narration: str) -> list[str]:
    """The kinds of material a quote's sentence names as its source, in order."""
    found = []
    for kind, pattern in MATERIAL.items():
        for m in pattern.finditer(narration):
            if _SOURCE_BEFORE.search(narration[:m.start()]) or _SOURCE_AFTER.match(narration[m.end():]):
                found.append((m.start(), kind))
    return [kind for _, kind in sorted(found)]


# Other material: the speaker talking somewhere else, which no earlier channel reaches.
OTHER_MATERIAL = re.compile(
    r"\b(?:press conference|news conference|briefing|(?:told|spoke(?: \w+)? to|speaking to|talking to) reporters|speech|podcast|rally|hearing|"
    r"debate|town hall|on the (?:Senate|House) floor|on camera)\b")
# Another occasion named in the quote's own sentence: "Harlow said Tuesday".
# ("since Friday", "by Friday" date what is said, not when it was said)
_OCCASION = re.compile(r"(?<!\bsince )(?<!\buntil )(?<!\bby )(?<!\bbefore )(?<!\bafter )(?<!\bthrough )"
                       r"(?<!\bfrom )\b(?:(?:on|last|this) )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
                       r"yesterday|today|tonight)\b|\b(?:last|this) (?:week|month|year)\b")
# A cue before a channel: "obtained by TMZ", "quoted in the indictment", "cited by HotNews".
_VIA_CUE = re.compile(
    r"\b(?:(?:obtained|published|(?:first )?reported|released|shared|posted|aired|broadcast|seen|"
    r"reviewed|acquired|leaked|revealed|uncovered|unearthed|heard|quoted|cited|translated|recorded)"
    r"(?: exclusively| as saying)? (?:by|to|in)|according to|per|courtesy of|via)\s+", re.I)
# Talking to an outlet: "told the BBC", "in an interview with CNN", "in a statement to
# The New York Times" (the outlet is a channel; a person told something is not).
_INTERVIEW_CUE = re.compile(r"\b(?:told|tells|telling|said to|speaking to|speaking with|in an interview with|"
                            r"interview with|in a statement to|confirmed to|(?:said|says|spoke|speaking|appearing|"
                            r"appeared|interview) on)\s+(?:the\s+)?", re.I)
# Who speaks for a person without being a person of the article: "Hale's campaign".
_SPOKESBODIES = {"campaign", "office", "team", "staff", "camp", "administration", "representatives",
                 "lawyers", "attorneys", "publicist", "spokesperson", "spokesman", "spokeswoman"}
_RELEASING = {"release", "issue", "send", "put", "post", "publish", "distribute", "email"}
_LAYERING = {"say", "state", "allege", "claim", "show", "describe", "read", "note", "assert", "charge",
             "accuse", "detail", "quote", "cite", "recount", "add", "reveal", "contend"}
_QUOTING = {"quote", "translate", "cite", "report"}
# Documents written about a speaker by someone else, which report the speaker's words:
# "..., the indictment said" is the speaker's words via the indictment. A speaker's own
# statement, letter or post is not a channel.
_THIRD_PARTY = {"complaint", "lawsuit", "suit", "filing", "filings", "indictment", "ruling", "affidavit",
                "motion", "petition", "transcript", "decision", "judgment", "verdict", "opinion",
                "subpoena", "warrant", "charge", "charges", "report", "documents", "document", "papers",
                "records", "record", "brief", "counterclaim", "court", "deposition", "testimony"}
# Not channels: people who saw or heard it ("according to three people who were there").
_WITNESSES = {"people", "person", "witness", "witnesses", "source", "sources", "attendee", "attendees",
              "observer", "observers", "friend", "friends", "official", "officials", "aide", "aides",
              "insider", "insiders", "analyst", "analysts", "expert", "experts", "neighbor", "neighbors"}
_ANAPHOR = re.compile(r"^the (?:same |above |aforementioned )?(\w+)$", re.I)
_POSSESSOR = re.compile(r"^(?:(?P<owner>.+?)['’]s?|(?P<pronoun>his|her|their))\s+(?P<rest>.+)$", re.I)
_OUTLET_ANAPHOR = re.compile(
    r"\bthe (?:same |aforementioned |above )?(?:news )?(?:outlet|publication|site|website|newspaper|paper|magazine|tabloid|"
    r"network|broadcaster|channel|station|program|programme|show)\b", re.I)
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Lt|Sgt|Capt|Gov|Sen|Rep|Gen|Col|Rev|Prof|No|vs|[A-Z])$")


@dataclass
class _Context:
    start: int
    end: int
    narration: str  # the text of [start, end) with quoted words blanked out
    lead: str  # the paragraph's narration up to the quote's sentence end ("At a press conference, ...")


def trace(document: Document, doc, raw: list[RawQuote] | None = None) -> list[Quote]:
    """The document's quotes with `via` given by the material they are drawn from; `raw`
    is the quote scanner's output for its text when the caller has it already."""
    if not document.quotes:
        return document.quotes
    return _Tracer(document, doc, scan(document.text) if raw is None else raw).run()


class _Tracer:
    def __init__(self, document: Document, doc, raw: list[RawQuote]):
        self.document = document
        self.doc = doc
        self.text = document.text
        self.marks = [(q.first_mark, q.last_mark) for q in raw]  # in text order, not overlapping
        self._mark_starts = [s for s, _ in self.marks]
        blank = list(self.text)
        for s, e in self.marks:
            blank[s:e] = " " * (e - s)
        self.narration = "".join(blank)
        self.ents = list(doc.ents)  # spaCy rebuilds these on every access
        self._chunk_cache: dict[int, list] = {}
        self.quote_starts = sorted(self._mark_of(q)[0] for q in document.quotes)
        self.persons: list[PersonMention] = sorted(document.people + document.epithets, key=lambda m: m.start)

    def _chunks(self, tok) -> list:
        """The noun chunks of a token's sentence (the whole document's are costly)."""
        sent = tok.sent
        if sent.start not in self._chunk_cache:
            self._chunk_cache[sent.start] = list(sent.noun_chunks)
        return self._chunk_cache[sent.start]

    # -- geometry -------------------------------------------------------------------
    def _mark_of(self, q: Quote) -> tuple[int, int]:
        """The marks around a quote (the last pair opening at or before its words)."""
        i = bisect.bisect_right(self._mark_starts, q.start) - 1
        if i >= 0 and q.end <= self.marks[i][1] + 1:
            return self.marks[i]
        return q.start - 1, q.end + 1

    def _context(self, q: Quote) -> _Context:
        """The quote's sentence: from the last sentence end before its opening mark to the
        first one after its closing mark, within its paragraphs (quoted words blanked)."""
        first, last = self._mark_of(q)
        line_start = self.text.rfind("\n", 0, first) + 1
        line_end = self.text.find("\n", last)
        line_end = len(self.text) if line_end < 0 else line_end
        start = line_start
        for m in re.finditer(r"[.!?](?=\s)", self.narration[line_start:first]):
            if not self._abbreviation_before(line_start + m.start()):
                start = line_start + m.end()
        # up to the next quotation on the line (not a scare quote or title inside the sentence)
        end = next((s for s in self.quote_starts if last <= s < line_end), line_end)
        for m in re.finditer(r"[.!?](?=\s|$)", self.narration[last:end]):
            if not self._abbreviation_before(last + m.start()):
                end = last + m.end()
                break
        return _Context(start, end, self.narration[start:end], self.narration[line_start:end])

    def _abbreviation_before(self, at: int) -> bool:
        """Whether the word ending at `at` is an abbreviation ("Mr", "Gov", an initial):
        read in a window of a few characters, so a paragraph costs its length once."""
        return _ABBREVIATION.search(self.narration, max(0, at - 8), at) is not None

    def _person_at(self, start: int, end: int) -> str | None:
        return next((m.name for m in self.persons if m.start < end and start < m.end), None)

    # -- channels -------------------------------------------------------------------
    def _phrase_at(self, at: int, end: int) -> tuple[str, int] | None:
        """The noun phrase that starts at a character offset (an entity or a noun chunk)."""
        span = self.doc.char_span(at, min(len(self.text), at + 1), alignment_mode="expand")
        if span is None or not len(span):
            return None
        tok = span[0]
        for ent in self.ents:
            if ent.start <= tok.i < ent.end and ent.label_ in ("ORG", "PERSON", "WORK_OF_ART", "PRODUCT",
                                                                "GPE", "NORP", "FAC"):
                return self.text[max(ent.start_char, at):ent.end_char], max(ent.start_char, at)
        chunks = self._chunks(tok)
        for k, chunk in enumerate(chunks):
            if chunk.start <= tok.i < chunk.end:
                end = chunk.end_char
                named = next((e for e in self.ents if e.start == chunk.end and e.label_ in ("ORG", "WORK_OF_ART")
                              and e.root.dep_ == "appos" and e.root.head.i == chunk.root.i), None)
                if named is not None:  # "the state news agency TASS": the agency's name
                    return named.text, named.start_char
                # "the multihyphenate’s $400 million suit": the possessor's chunk and the owned one
                if chunk[-1].tag_ == "POS" or self.text[end:end + 2] in ("'s", "’s"):
                    owned = next((c for c in chunks[k + 1:k + 2] if c.start <= chunk.end + 1), None)
                    if owned is not None:
                        end = owned.end_char
                return self.text[max(chunk.start_char, at):end], max(chunk.start_char, at)
        return None

    def _np(self, tok) -> tuple[str, int]:
        """A subject's noun phrase as written, without relative clauses after its head."""
        left = tok.left_edge.i
        right = tok.i
        for child in tok.rights:
            if child.dep_ in ("compound", "amod", "nummod") and child.i == right + 1:
                right = child.i
        span = self.doc[left:right + 1]
        return span.text, span.start_char

    def _named_channel(self, q: Quote, ctx: _Context) -> tuple[str, int] | None:
        """The channel the quote's own sentence names, other than its speaker; of several,
        the one named nearest the quote."""
        first, last = self._mark_of(q)
        found: list[tuple[int, str, int, str | None]] = []  # (distance, phrase, offset, kind of material)

        def distance(at: int) -> int:
            return first - at if at < first else max(0, at - last)

        for m in _VIA_CUE.finditer(ctx.narration):
            at = ctx.start + m.end()
            phrase = self._phrase_at(at, ctx.end)
            if phrase:
                phrase = self._through((0, *phrase))[1:3]  # "audio reviewed by Axios"
            if phrase and self._channel_like(m, phrase[0]) and not self._is_speaker(phrase, q):
                found.append((distance(at), *phrase, None))
        for m in _INTERVIEW_CUE.finditer(ctx.narration):
            at = ctx.start + m.end()
            for ent in self.ents:
                if ent.start_char == at and ent.label_ in ("ORG", "WORK_OF_ART", "PRODUCT"):
                    found.append((distance(at), ent.text, at, "interview"))  # "told the BBC"
        for m in _PLATFORM.finditer(ctx.narration):
            found.append((distance(ctx.start + m.start(1)), m.group(1), ctx.start + m.start(1), "post"))
        for m in _TWEETED.finditer(ctx.narration):
            if not _PLATFORM.search(ctx.narration):
                found.append((distance(ctx.start + m.start()), "Twitter", ctx.start + m.start(), "post"))
        for m in _IN_MATERIAL.finditer(ctx.narration):
            noun = m.group(1).lower()
            found.append((distance(ctx.start + m.start(1)), f"the {noun}", ctx.start + m.start(1),
                          "document" if noun == "deposition" else "recording"))
        span = self.doc.char_span(ctx.start, ctx.end, alignment_mode="contract")
        for tok in span or ():
            if tok.is_space or self.narration[tok.idx] == " ":
                continue  # a word inside quotation marks
            subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or tok.pos_ not in ("VERB", "AUX"):
                continue
            lemma, head = tok.lemma_.lower(), subject.lemma_.lower()
            if lemma in _QUOTING and subject.pos_ == "PROPN" and subject.dep_ == "nsubj" and any(
                    c.dep_ in ("dobj", "ccomp", "xcomp") for c in tok.children):
                # "Detik.com quoted Djamal as saying", "Xinhua translated the quote"
                found.append((distance(tok.idx), *self._np(subject), None))
            elif lemma in _LAYERING and (head in _THIRD_PARTY or subject.lower_ in _THIRD_PARTY):
                phrase = self._np(subject)  # "..., the indictment said"
                if not self._is_speaker(phrase, q):
                    found.append((distance(tok.idx), *phrase, None))
            elif (lemma in _RELEASING or lemma in _LAYERING) and head in _SPOKESBODIES and any(
                    c.dep_ == "poss" for c in subject.children):
                found.append((distance(tok.idx), *self._np(subject), None))  # "Hale's campaign released"
        found = [self._through(f) for f in found if not self._witness(f[1])]
        return min(found, key=lambda f: f[:3])[1:] if found else None

    def _through(self, candidate: tuple) -> tuple:
        """'according to audio reviewed by Axios': the material's own channel, when the
        phrase names material and a cue follows it."""
        distance, phrase, at, *kind = candidate
        if not any(p.search(phrase) for p in MATERIAL.values()):
            return candidate
        end = at + len(phrase)
        after = re.match(r"\s*,?\s*(?:which (?:was|were) |that (?:was|were) )?", self.narration[end:end + 30])
        cue = _VIA_CUE.match(self.narration, end + after.end())
        if cue is None:
            return candidate
        outer = self._phrase_at(cue.end(), min(len(self.text), cue.end() + 80))
        return (distance, *outer, *kind) if outer else candidate

    @staticmethod
    def _channel_like(cue, phrase: str) -> bool:
        """'communicating via texts and voice notes' names a medium, not a channel: after
        'via', only a name; after any cue, not a recording or message alone (a document
        written by a third party is one: "according to the complaint")."""
        if cue.group().lower().startswith("via") and not phrase.strip()[:1].isupper():
            return False
        bare = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.I)
        if bare.split() and bare.split()[-1].lower() in _THIRD_PARTY:
            return True  # "according to the complaint", "quoted in the indictment"
        return not any(p.fullmatch(bare) for p in MATERIAL.values())

    @staticmethod
    def _witness(phrase: str) -> bool:
        words = re.findall(r"[\w-]+", phrase.lower())
        return bool(words) and words[-1] in _WITNESSES

    def _chunk_at(self, at: int, length: int) -> tuple[int, int]:
        span = self.doc.char_span(at, at + max(1, length), alignment_mode="expand")
        if span is None or not len(span):
            return at, at + length
        for chunk in self._chunks(span[0]):
            if chunk.start <= span[0].i < chunk.end:
                return min(chunk.start_char, at), max(chunk.end_char, at + length)
        return at, at + length

    def _is_speaker(self, found: tuple[str, int], q: Quote) -> bool:
        """Whether a phrase names the quote's own speaker ("according to analyst Maryann
        Keller" for Keller's words, "German magazine Der Spiegel" for Der Spiegel's)."""
        phrase, at = found
        if not q.speaker:
            return False
        bare = re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.I).lower()
        speaker = re.sub(r"^(?:the|a|an)\s+", "", q.speaker, flags=re.I).lower()
        if bare == speaker or (len(speaker) > 3 and re.search(rf"\b{re.escape(speaker)}$", bare)):
            return True
        if _POSSESSOR.match(phrase.strip()) or at < 0:
            return False  # "Baldoni's suit" is not Baldoni
        start, end = self._chunk_at(at, len(phrase))
        return any(m.name == q.speaker for m in self.persons if m.start < end and start < m.end)

    def _resolve(self, via: str, q: Quote, at: int | None) -> str:
        """A channel written as its owner's or as an anaphor, resolved: "his campaign" ->
        "Warren Hale's campaign", "the document" -> "the indictment"."""
        via = via.strip()
        anaphor = _ANAPHOR.match(via)
        if anaphor and at is not None and anaphor.group(1).lower() in ("document", "documents", "filing",
                                                                        "filings", "papers", "records"):
            earlier = self._last_document(at, anaphor.group(1).lower())
            if earlier:
                return earlier
        owner = _POSSESSOR.match(via)
        if owner is None:
            return via
        head = owner.group("rest").split()[-1]
        if owner.group("pronoun"):
            person = q.speaker if q.speaker_type == "person" else None
        else:
            begin = at if at is not None else self.text.find(via)
            person = self._person_at(begin, begin + len(owner.group("owner"))) if begin >= 0 else None
        return f"{person}'s {head}" if person else via

    def _last_document(self, at: int, noun: str) -> str | None:
        """'the document' -> the document named last before it ('the indictment');
        'the filings' -> 'court filings'."""
        singular = noun.rstrip("s")
        best = None
        for m in re.finditer(r"\b((?:the |a |an )?(?:[\w-]+ )?)((?:" + "|".join(sorted(DOCUMENT_NOUNS)) + r")s?)\b",
                             self.narration[:at], re.I):
            word = m.group(2).lower()
            if noun in ("document", "documents") or word.rstrip("s") == singular:
                if word in ("document", "documents") and noun in ("document", "documents"):
                    continue  # the anaphor itself or another of its kind
                phrase = (m.group(1) + m.group(2)).strip()
                best = re.sub(r"^(?:a|an)\s+", "the ", phrase, flags=re.I)
        return best

    # -- the pass -------------------------------------------------------------------
    def run(self) -> list[Quote]:
        quotes = self.document.quotes
        contexts = [self._context(q) for q in quotes]
        own: list[tuple[str, str | None] | None] = []  # (via, the kind of material it names, if any)
        for q, ctx in zip(quotes, contexts):
            kinds = {k for k, pattern in MATERIAL.items() if pattern.search(ctx.narration)}
            via, at = q.via, None
            if via is not None:
                at = self._position_of(via, ctx)
                if at is None:  # named earlier in the paragraph: "Her campaign sent an email. The email ..."
                    para = ctx.end - len(ctx.lead)
                    k = ctx.lead.lower().find(via.strip().lower())
                    owned = re.match(r"(?:his|her|their)\s+(\w+)$", via.strip(), re.I)
                    if k < 0 and owned:  # "Bennington's office fired back in a statement. "...," the statement said"
                        named = re.search(rf"[’']s {re.escape(owned.group(1))}\b", ctx.lead, re.I)
                        k = named.start() if named else -1
                    at = para + k if k >= 0 and re.match(r"(?:his|her|their)\s", via.strip(), re.I) else None
                if at is None and not _OUTLET_ANAPHOR.search(ctx.narration):
                    via = None  # carried by attribution: the carrying is decided below
                elif self._witness(via) or self._is_speaker((via, -1 if at is None else at), q):
                    via = None
            found = self._named_channel(q, ctx)
            if found is not None and _OUTLET_ANAPHOR.fullmatch(found[0].strip()):
                earlier = self._last_outlet(found[1])  # "obtained by the aforementioned outlet"
                found = (earlier, found[1], found[2]) if earlier else None
            cue_kind = None
            if found is not None:  # the nearest channel, through its material ("audio reviewed by Axios")
                via, at, cue_kind = found
            if via is not None and self._house(via) and self._told(via, ctx):
                via = None  # "told Fox News Digital" in a Fox News article: the speaker talked to us
            if via is not None:
                via = self._resolve(via, q, at)
                head = via.split()[-1].lower()
                sources = _sources(ctx.narration)
                kind = cue_kind or (sources[0] if sources else None) or (sorted(kinds)[0] if kinds else None) \
                    or ("document" if head in DOCUMENT_NOUNS else None)
                own.append((via, kind))
            else:
                own.append(None)
            q.via = via
        self._carry(quotes, contexts, own)
        return quotes

    def _house(self, via: str) -> bool:
        """Whether a channel is the outlet publishing the article ("Fox News Digital" in
        Fox News): words said to the article's own reporters came through no one else."""
        if not self.document.outlet:
            return False
        house = re.sub(r"^the\s+", "", self.document.outlet.strip().lower())
        name = re.sub(r"^the\s+", "", via.strip().lower())
        return bool(house) and (name == house or name.startswith(house + " ") or house.startswith(name + " "))

    @staticmethod
    def _told(via: str, ctx: _Context) -> bool:
        """Whether the sentence says the speaker talked to this channel ("told X", "in a
        statement to X"), as opposed to X obtaining the material."""
        return any(ctx.narration[m.end():].startswith(via.strip()) for m in _INTERVIEW_CUE.finditer(ctx.narration))

    def _last_outlet(self, before: int) -> str | None:
        """The channel last named with a capital after a cue before this offset."""
        last = None
        for m in _VIA_CUE.finditer(self.narration[:before]):
            phrase = self._phrase_at(m.end(), m.end() + 1)
            if phrase and phrase[0][:1].isupper() and not _OUTLET_ANAPHOR.search(phrase[0]):
                last = phrase[0].strip()
        return last

    def _position_of(self, via: str, ctx: _Context) -> int | None:
        at = self.text.find(via, ctx.start, ctx.end)
        return at if at >= 0 else None

    def _narrated(self) -> list[tuple[int, str, str, set[str], str]]:
        """Material the narration gives a channel without quoting it ("Quill urged the
        Pentagon to halt the contract in a letter obtained by The Associated Press"):
        (position, person, via, kinds, sentence) for each person named before the cue; and
        (position, person, None, ...) where a sentence puts its subject at another
        occasion ("On Monday, Ms. Ellery-Shaw stood at the defense table")."""
        out = []
        quoted = [self._mark_of(q) for q in self.document.quotes]
        for begin, end in self._sentence_lines():
            if any(s < end and begin < e for s, e in quoted):
                continue  # a quote's own sentence (or its last, for a quote of several): its channel is the quote's
            narration = self.narration[begin:end]
            given = False
            for m in _IN_MATERIAL.finditer(narration):  # "Holloway denied it during a deposition"
                noun = m.group(1).lower()
                for p in self.persons:
                    if begin <= p.start < end and not p.in_quote and self._subject_at(p.start):
                        out.append((begin, p.name, f"the {noun}",
                                    {"document" if noun == "deposition" else "recording"}, narration))
                        given = True
            for m in _PLATFORM.finditer(narration):  # "Torres addressed fans on Instagram Live"
                for p in self.persons:
                    if begin <= p.start < begin + m.start() and not p.in_quote and self._subject_at(p.start):
                        out.append((begin, p.name, m.group(1), {"post"}, narration))
                        given = True
            for m in _INTERVIEW_CUE.finditer(narration):  # "Chief Moore told WICS-TV that ..."
                at = begin + m.end()
                outlet = next((e for e in self.ents if e.start_char == at and e.label_ in ("ORG", "WORK_OF_ART")), None)
                if outlet is None or self._witness(outlet.text) or self._house(outlet.text):
                    continue  # (words told to the article's own outlet came through no one)
                for p in self.persons:
                    if begin <= p.start < at and not p.in_quote and self._subject_at(p.start) and p.name != outlet.text:
                        out.append((begin, p.name, outlet.text, {"interview"}, narration))
                        given = True
            if given:
                continue
            if (OTHER_MATERIAL.search(narration) or _OCCASION.search(narration)) and not _VIA_CUE.search(narration):
                # "On Monday, Ms. Ellery-Shaw stood at the defense table": its subjects speak anew
                for p in self.persons:
                    if begin <= p.start < end and not p.in_quote and self._subject_at(p.start):
                        out.append((begin, p.name, None, set(), narration))
                continue
            for m in _VIA_CUE.finditer(narration):
                if m.group().lower().startswith(("according", "per ")):
                    continue
                before = narration[:m.start()]
                kinds = {k for k, pattern in MATERIAL.items() if pattern.search(before)}
                at = begin + m.end()
                phrase = self._phrase_at(at, end)
                if not kinds or phrase is None or self._witness(phrase[0]) or not self._channel_like(m, phrase[0]):
                    continue
                names = {p.name for p in self.persons if begin <= p.start < end
                         and not p.in_quote and (p.start < begin + m.start() or self._subject_at(p.start))}
                for name in sorted(names):
                    if phrase[0] != name:
                        via = re.sub(r"^(?:his|her|their)\s+", f"{name}'s ", phrase[0].strip(), flags=re.I)
                        out.append((begin, name, via, kinds, before))
        return out

    def _sentence_lines(self) -> list[tuple[int, int]]:
        """The parse's sentences cut at line breaks (the model may run a sentence on over
        a paragraph break after a closing mark)."""
        out = []
        for sent in self.doc.sents:
            begin = sent.start_char
            for m in re.finditer(r"\n+", self.text[sent.start_char:sent.end_char]):
                if sent.start_char + m.start() > begin:
                    out.append((begin, sent.start_char + m.start()))
                begin = sent.start_char + m.end()
            if sent.end_char > begin:
                out.append((begin, sent.end_char))
        return out

    def _subject_at(self, at: int) -> bool:
        """Whether the name at an offset is a clause subject ("In a video obtained by
        WJLA, Officer Kim Lee can be heard ...")."""
        span = self.doc.char_span(at, at + 1, alignment_mode="expand")
        if span is None or not len(span):
            return False
        tok = span[0]
        while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
            tok = tok.head
        if tok.dep_ == "appos":  # "Rand's former aide, Paul Ostrander, denied ..."
            tok = tok.head
        return tok.dep_ in ("nsubj", "nsubjpass")

    def _carry(self, quotes: list[Quote], contexts: list[_Context], own):
        """Forward: a channel named for a speaker's material reaches that speaker's later
        quotes that name no other channel: those naming that kind of material, and those
        naming none while it is the speaker's latest material; other material (a news
        conference, an interview) ends it. Backward: quotes before a recording's channel
        is named that name the recording by the same word ("admitted he "fell short" in a
        voice note" before "said in a voice note obtained by TMZ")."""
        channels: dict[str, dict[str, str]] = {}  # speaker -> material kind -> via
        latest: dict[str, str] = {}  # speaker -> the kind of material quoted last
        first: dict[str, tuple[int, str, set[str]]] = {}
        narrated = self._narrated()
        for i, (q, ctx) in enumerate(zip(quotes, contexts)):
            while narrated and narrated[0][0] < ctx.start:
                _, name, via, kinds, _ = narrated.pop(0)
                if via is None:  # another occasion: what the person says next is new material
                    channels.pop(name, None)
                    latest.pop(name, None)
                    continue
                for kind in kinds:
                    channels.setdefault(name, {})[kind] = via
                latest[name] = sorted(kinds)[0]
            if not q.speaker or q.speaker_type != "person":
                continue
            speaker = q.speaker
            sources = _sources(ctx.narration)
            if own[i] is not None:
                via, kind = own[i]
                if kind:
                    channels.setdefault(speaker, {})[kind] = via
                    latest[speaker] = kind
                    first.setdefault(speaker, (i, via, {kind}))
                continue
            if OTHER_MATERIAL.search(ctx.lead) or (not sources and _OCCASION.search(ctx.narration)):
                channels.pop(speaker, None)  # the article moved on to other material
                latest.pop(speaker, None)
                continue
            known = channels.get(speaker, {})
            kind = sources[0] if sources else latest.get(speaker)
            if kind is None:
                continue
            latest[speaker] = kind
            if kind in known:
                q.via = known[kind]
        for i, (q, ctx) in enumerate(zip(quotes, contexts)):
            # an unnamed voice inside the material ("An unidentified donor can then be heard
            # asking ... the man asks" between two quotes of the recording) is drawn from it too
            if q.speaker is None and q.via is None and 0 < i < len(quotes) - 1 and own[i] is None \
                    and quotes[i - 1].via and quotes[i - 1].via == quotes[i + 1].via \
                    and quotes[i - 1].speaker == quotes[i + 1].speaker \
                    and not OTHER_MATERIAL.search(ctx.lead) and not _OCCASION.search(ctx.narration):
                q.via = quotes[i - 1].via
        for speaker, (i, via, kinds) in first.items():
            lead = [q for q in quotes[:i] if q.paragraph == 0 and q.speaker == speaker and q.via is None]
            if lead and quotes[i].paragraph == 1 and not OTHER_MATERIAL.search(contexts[quotes.index(lead[0])].lead):
                # a lead that sums up what the next paragraph quotes with its channel
                # ('X said Sunday she "won't be bullied"' / '"...," X said in an interview with CNN')
                for q in lead:
                    q.via = via
            if "recording" not in kinds:
                continue  # one recording is quoted throughout; statements and letters are many
            named = _material_words(contexts[i].narration)
            for q, ctx in zip(quotes[:i], contexts[:i]):
                # the same material named by the same word ("voice note" both times)
                if q.speaker == speaker and q.via is None and named & _material_words(ctx.narration) \
                        and not OTHER_MATERIAL.search(ctx.narration):
                    q.via = via


def _material_words(narration: str) -> set[str]:
    return {re.sub(r"s$", "", m.group().lower().replace(" ", ""))
            for pattern in MATERIAL.values() for m in pattern.finditer(narration)}
