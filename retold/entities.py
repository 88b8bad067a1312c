"""People in one document: names, their canonical form, gender cues and salience.

Works on a parsed spaCy Doc inside the extract stage and hands out plain strings and
`PersonMention` records. The salience model is what lets an epithet ("the Jane the
Virgin star"), a pronoun or "the former" stand for a person already in the story.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from babel import Locale
from rapidfuzz import fuzz

from .models import PersonMention

HONORIFICS = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "judge", "justice", "sen", "senator", "rep",
    "gov", "governor", "president", "prof", "professor", "sir", "dame", "lord", "lady",
    "officer", "detective", "sgt", "sergeant", "lt", "capt", "captain", "gen", "general",
    "col", "mayor", "chief", "coach", "pope", "king", "queen", "prince", "princess", "rev",
    "reverend", "st", "saint", "attorney", "lawyer", "star", "actor", "actress", "singer",
    "councillor", "councilor", "councilman", "councilwoman", "alderman", "commissioner",
    "minister", "secretary", "ambassador", "deputy", "superintendent", "inspector",
    "constable", "trooper", "spokesman", "spokeswoman", "spokesperson", "director",
    "producer", "chancellor", "premier", "chairman", "chairwoman", "ceo", "coach",
}
# Words of a title or office written before a name ("Palmer City Clerk Janette Bower",
# "Secretary of the Interior Ken Salazar", "GM Theo Epstein"): everything up to the last
# of them is dropped when at least two words of name remain.
TITLE_WORDS = HONORIFICS | {
    "gm", "clerk", "police", "city", "county", "state", "fire", "homicide", "vice",
    "assistant", "associate", "executive", "managing", "manager", "head", "interior",
    "foreign", "defense", "defence", "home", "health", "finance", "treasury", "transport",
    "education", "energy", "commerce", "labor", "labour", "agriculture", "cpl", "corporal",
    "marshal", "sheriff", "pastor", "bishop", "imam", "rabbi", "cardinal", "admiral", "adm",
    "maj", "cmdr", "commander", "lieutenant", "pvt", "supt", "assemblyman", "assemblywoman",
    "congressman", "congresswoman", "mp", "dean", "provost", "editor", "correspondent",
    "coordinator", "administrator", "acting", "interim", "prime", "district", "u.s.",
    "federal", "national", "chief", "attorney", "general", "senior", "principal", "atty",
    "dist", "da",
}
FEMALE_CUES = {
    "she", "her", "hers", "herself", "mrs", "ms", "miss", "actress", "woman", "wife", "mother",
    "daughter", "sister", "girl", "queen", "princess", "lady", "grandmother", "aunt", "niece",
    "girlfriend", "bride", "widow", "spokeswoman", "congresswoman", "businesswoman",
    "chairwoman", "heiress", "songstress", "mom", "mum", "dame", "starlet", "diva",
    "singer-actress", "sportswoman", "policewoman",
}
MALE_CUES = {
    "he", "him", "his", "himself", "mr", "actor", "man", "husband", "father", "son", "brother",
    "boy", "king", "prince", "sir", "lord", "grandfather", "uncle", "nephew", "boyfriend",
    "groom", "widower", "spokesman", "congressman", "businessman", "chairman", "dad",
    "policeman", "sportsman", "frontman",
}
# Nouns that name a person by role; heads of epithets like "the Gossip Girl alum".
ORGANIZATION_NOUNS = {"studio", "studios", "company", "firm", "label", "network", "agency",
                      "production", "productions", "group", "brand", "foundation", "band",
                      "franchise", "empire"}


def _names_an_organization(ent) -> bool:
    """'his Wayfarer studio', 'the Disney company': a name the model tagged PERSON
    that modifies an organisation noun is that organisation's name."""
    head = ent.root.head
    return ent.root.dep_ == "compound" and head.i >= ent.end and head.lower_ in ORGANIZATION_NOUNS


PERSON_NOUNS = {
    "actor", "actress", "star", "director", "producer", "alum", "alumna", "alumnus", "singer",
    "songwriter", "rapper", "musician", "multihyphenate", "filmmaker", "writer", "author",
    "novelist", "poet", "comedian", "host", "presenter", "anchor", "journalist", "reporter",
    "model", "designer", "artist", "painter", "dancer", "performer", "entertainer",
    "celebrity", "icon", "legend", "veteran", "newcomer", "player", "athlete", "striker",
    "quarterback", "pitcher", "coach", "manager", "captain", "champion", "boxer", "fighter",
    "golfer", "swimmer", "runner", "cyclist", "driver", "politician", "president", "senator",
    "governor", "mayor", "lawmaker", "congressman", "congresswoman", "minister", "leader",
    "official", "spokesman", "spokeswoman", "spokesperson", "chief", "executive", "founder",
    "billionaire", "millionaire", "mogul", "entrepreneur", "businessman", "businesswoman",
    "investor", "banker", "economist", "scientist", "doctor", "surgeon", "nurse", "lawyer",
    "attorney", "judge", "prosecutor", "detective", "officer", "suspect", "defendant",
    "plaintiff", "victim", "witness", "survivor", "man", "woman", "boy", "girl", "mother",
    "father", "wife", "husband", "son", "daughter", "brother", "sister", "couple", "pair",
    "duo", "star", "heiress", "socialite", "influencer", "youtuber", "personality",
    "crooner", "diva", "starlet", "hitmaker", "frontman", "frontwoman", "guitarist",
    "drummer", "bassist", "vocalist", "composer", "conductor", "chef", "restaurateur",
    "teen", "teenager", "actor-director", "mom", "dad", "grandmother", "grandfather",
    "co-star", "costar", "partner", "ex", "girlfriend", "boyfriend", "fiance", "fiancee",
    "winner", "nominee", "contestant", "candidate", "activist", "campaigner", "critic",
    "rep", "representative", "publicist", "agent", "aide", "adviser", "advisor", "friend",
    "colleague", "teammate", "owner", "ceo", "chairman", "chairwoman", "boss", "creator",
    "showrunner", "screenwriter", "playwright", "photographer", "superstar", "megastar",
    "sensation", "prodigy", "bombshell", "beauty", "hunk", "heartthrob", "royal", "princess",
    "prince", "queen", "king", "duchess", "duke", "monarch",
}
# Parts people play in an event, told in crime and accident reports: "the driver" there
# is not the victim, nor the sergeant who described the crash.
EVENT_ROLES = {
    "driver", "motorist", "suspect", "gunman", "attacker", "assailant", "shooter", "killer",
    "robber", "thief", "burglar", "intruder", "hijacker", "kidnapper", "perpetrator",
    "offender", "victim", "pedestrian", "passenger", "bystander", "witness",
}
# Offices of those who report on an event rather than take part in it.
OFFICES = {
    "sgt", "sergeant", "officer", "detective", "lt", "lieutenant", "capt", "captain", "chief",
    "sheriff", "deputy", "trooper", "constable", "inspector", "superintendent", "marshal",
    "judge", "justice", "prosecutor", "attorney", "spokesman", "spokeswoman", "spokesperson",
    "coroner", "mayor", "commissioner", "cpl", "corporal", "supt", "atty", "da",
    "councilman", "councilwoman", "councillor", "councilor", "council", "senator", "sen",
    "rep", "congressman", "congresswoman", "assemblyman", "assemblywoman", "governor", "gov",
    "president", "minister", "secretary",
}
_POSS = {"'s", "’s", "'", "’"}
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                   "she": "f", "her": "f", "hers": "f", "herself": "f"}


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")
# Curly and modifier apostrophes are written straight in names: "O’Brien" is "O'Brien".
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'"})

# A party/state tag after a name: "Rep. Dana Cole (D-Ore.) said", "Rep. Ted Marsh, R-Ohio,
# told", "said Sen. Al Ruiz, D-N.M." (US newswriting); "(D-Port Avery)" for a made-up state.
_STATE = r"(?:[A-Z]\.[A-Z]\.|[A-Z][a-z]+\.|[A-Z][a-z]+(?: [A-Z][a-z]+)?|[A-Z]{2})"  # N.M., Ore., Ohio, NY
_PARTY_TAG = re.compile(
    rf"(?<=[A-Za-z.])(?: \((?:[DRIL]|Dem|Rep|Ind)-{_STATE}\)"  # (D-Ore.)
    rf"|, (?:[DRIL]|Dem|Rep|Ind)-{_STATE}(?:,|(?=[.;:]?(?:\s|$))))")  # , R-Ohio, / , D-Ore.


def mask_party_tags(text: str) -> str:
    """The text with party/state tags after names blanked out (same length, offsets
    kept), so that the parser reads "Rep. Dana Cole (D-Ore.) said" as "Cole said" and no
    "Ore." ends a sentence. Tags inside quotation marks stay: they are someone's words."""
    tags = [m for m in _PARTY_TAG.finditer(text)]
    if not tags:
        return text
    out = list(text)
    for m in tags:
        line_start = text.rfind("\n", 0, m.start()) + 1
        before = text[line_start:m.start()]
        if (before.count('"') + before.count("“") - before.count("”")) % 2:
            continue  # inside a quotation
        tag = m.group()
        keep = "." if tag.endswith(".") and not tag.endswith(".,") and tag[0] == "," else ""
        blank = keep + " " * (len(tag) - len(keep))
        out[m.start():m.end()] = blank
    return "".join(out)


def clean_name(text: str) -> str:
    """A person name without honorifics, possessive ending or stray punctuation, its
    apostrophes straight."""
    text = _POSSESSIVE_END.sub("", text.strip()).translate(_APOSTROPHES)
    words = text.replace("\n", " ").split()
    while len(words) > 1 and words[0].lower().rstrip(".") in HONORIFICS:
        words = words[1:]
    while len(words) > 2 and words[0].lower() in PERSON_NOUNS:  # "Comedian Nell Dawes"
        words = words[1:]
    titles = [i for i, w in enumerate(words[:-2]) if w.lower().rstrip(".,") in TITLE_WORDS]
    if titles:
        words = words[titles[-1] + 1:]
    joined = " ".join(words)
    text = joined.strip(" ,.;:\"“”-–—")
    if re.search(r"\b(?:Jr|Sr)\.", joined) and re.search(r"\b(?:Jr|Sr)$", text):
        text += "."  # "William Clay Ford Jr." keeps the period of its suffix
    return text


def gender_of_words(words) -> str | None:
    """'f', 'm' or None from descriptive words ("actress", "husband", "she")."""
    female = sum(1 for w in words if w.lower() in FEMALE_CUES)
    male = sum(1 for w in words if w.lower() in MALE_CUES)
    if female > male:
        return "f"
    if male > female:
        return "m"
    return None


def _same(a, b) -> bool:
    """Token identity: spaCy makes a new Token object on every access, so compare indices."""
    return a is not None and b is not None and a.i == b.i


_GENERIC_PEOPLE = EVENT_ROLES | {"man", "woman", "boy", "girl", "person", "teen", "teenager",
                                 "child", "officer", "worker", "resident", "neighbor", "student"}


def restricted_noun(noun) -> bool:
    """Whether a plain noun for a person is restricted by a clause right after it ("the
    driver who hit her", "the man driving"): a role of its own, not a description of
    someone named ("the actress who is known for partying" still is)."""
    if noun.lemma_.lower() not in _GENERIC_PEOPLE:
        return False
    for child in noun.children:
        if child.dep_ not in ("acl", "relcl") or child.left_edge.i != noun.i + 1:
            continue
        if child.left_edge.lower_ in ("who", "whom", "whose", "that", "which") \
                or (child.i == noun.i + 1 and child.tag_ in ("VBG", "VBN")):
            return True
    return False


def possessed_noun(noun) -> bool:
    """Whether a noun is someone's ("the victim's nephew", "her lawyer"), not a title
    holding a possessive word ("The My Last Days producer")."""
    return any(c.dep_ == "poss" and (c.text.islower() or any(g.dep_ == "case" for g in c.children))
               for c in noun.children)


def clause_verb(tok):
    """The verb whose clause a token belongs to (None at the top of a verbless phrase)."""
    for _ in range(8):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "prep":  # "According to" is no clause
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    """English names of countries and territories (Babel's CLDR data)."""
    return frozenset(Locale("en").territories.values())


@functools.lru_cache(maxsize=1)
def _name_genders():
    """gender-guesser's first-name lexicon (ships its data; loaded once)."""
    try:
        import gender_guesser.detector as detector
    except ImportError:  # optional: pronoun and honorific cues still work
        return None
    return detector.Detector(case_sensitive=False)


def is_first_name(word: str) -> bool:
    """A first name by gender-guesser's lexicon ("Ines", "Karl")."""
    detector = _name_genders()
    return detector is not None and detector.get_gender(word) in ("male", "female", "mostly_male",
                                                                   "mostly_female", "andy")


@dataclass
class _Mention:
    start: int  # char offsets
    end: int
    tok_start: int
    tok_end: int
    name: str
    subject: bool
    possessive: bool
    in_quote: bool
    paragraph: int
    sentence: int
    speaks: bool = False  # the subject of a speech verb ("said Shanduke McPhatter")


class _Ranges:
    """Token ranges [start, end) asked about by position: each question looks only at
    the ranges that could hold the position (no range is longer than the longest), so a
    long document costs no more per question than a short one."""

    def __init__(self, ranges):
        self.ranges = sorted(ranges)
        self.starts = [s for s, _ in self.ranges]
        self.width = max((e - s for s, e in self.ranges), default=0)

    def _near(self, lo: int, hi: int):
        """Ranges whose start is in [lo, hi]."""
        return self.ranges[bisect.bisect_left(self.starts, lo):bisect.bisect_right(self.starts, hi)]

    def holding(self, i: int):
        """The ranges with start <= i < end, by start."""
        return [(s, e) for s, e in self._near(i - self.width, i) if i < e]

    def holds(self, i: int) -> bool:
        return bool(self.holding(i))

    def around(self, start: int, end: int) -> bool:
        """Whether a range holds [start, end) and goes on after it (s <= start, e > end)."""
        return any(e > end for _, e in self._near(end - self.width + 1, start))


class People:
    """The persons of one parsed document and how to pick the one a phrase stands for."""

    def __init__(self, doc, in_quote, paragraph_of, speech_verbs=frozenset()):
        self.doc = doc
        self.text = doc.text  # spaCy rebuilds Doc.text on every access
        self.ents = doc.ents  # ... and Doc.ents too
        self._labels = Counter((e.text, e.label_) for e in self.ents)
        self._speech_verbs = speech_verbs
        self._in_quote = in_quote
        self._paragraph_of = paragraph_of
        self.mentions: list[_Mention] = []
        self._gender_votes: dict[str, Counter] = defaultdict(Counter)
        self._collect()
        self._starts = [m.start for m in self.mentions]
        self._vote_gender()
        self._chains = self._pronoun_chains()
        self._titles = self._titles_of()

    # -- building -------------------------------------------------------------------
    @functools.cached_property
    def _epithet_chunk_ranges(self) -> list[tuple[int, int]]:
        """Token ranges of noun chunks like "the Jane the Virgin star": a title, not a name."""
        ranges = []
        for chunk in self.doc.noun_chunks:
            root = chunk.root
            if chunk[0].lower_ == "the" and root.pos_ in ("NOUN", "PROPN") and root.text.islower() \
                    and root.i == chunk.end - 1:
                ranges.append((chunk.start, chunk.end))
        # The parser often cuts "the Jane the Virgin star" into two chunks; catch the pattern.
        text = self.text
        for match in re.finditer(r"\b[Tt]he ((?:[A-Z0-9][\w'’.-]*|the|of|and|&|in|on)\s+)+[a-z][a-z-]+\b", text):
            span = self.doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if span is not None and span[-1].pos_ in ("NOUN", "PROPN") and span[-1].text.islower():
                ranges.append((span.start, span.end))
        return ranges

    @functools.cached_property
    def _epithet_index(self) -> _Ranges:
        return _Ranges(self._epithet_chunk_ranges)

    def _collect(self):
        doc = self.doc
        epithets = self._epithet_index

        def inside_epithet(ent):
            return epithets.around(ent.start, ent.end)

        person_ents = [e for e in self.ents if e.label_ == "PERSON" and not inside_epithet(e)
                       and not _names_an_organization(e)]
        # A name after a title ("Mayor Helen Park") is a person whatever label it got.
        for ent in self.ents:
            if ent.label_ in ("ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART") \
                    and ent.start > 0 and doc[ent.start - 1].lower_.rstrip(".") in HONORIFICS \
                    and all(t.text[:1].isupper() for t in ent) and len(ent) <= 3:
                person_ents.append(ent)
        # "the Interior Ken Salazar" tagged ORG: a first name and a surname ending an
        # entity, after a title word, are a person's name inside that title.
        detector = _name_genders()
        for ent in self.ents:
            if ent.label_ == "PERSON" or detector is None or len(ent) < 3:
                continue
            for i in range(ent.start + 1, ent.end - 1):
                if ent.end - i <= 3 and all(t.text[:1].isupper() for t in doc[i:ent.end]) \
                        and doc[i - 1].lower_.rstrip(".") in TITLE_WORDS \
                        and is_first_name(doc[i].text):  # any first name: "Sandy" is "andy"
                    person_ents.append(doc[i:ent.end])
                    break
        # "Bettie Page" tagged ORG while "Ms Page" is a PERSON: a first name and a
        # surname the document uses for a person are that person's full name.
        surnames = {clean_name(e.text).split()[-1] for e in person_ents if clean_name(e.text)}
        for ent in self.ents:
            if ent.label_ in ("ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART") and len(ent) in (2, 3) \
                    and all(t.text[:1].isupper() and t.is_alpha for t in ent) \
                    and ent[-1].text in surnames and is_first_name(ent[0].text):
                person_ents.append(ent)
        # "His sister, Ana Reyes," with only "Reyes" labelled (ORG): an unlabelled first name
        # before a surname the document uses for a person is one more person of that name.
        labelled = {i for e in self.ents for i in range(e.start, e.end)}
        for ent in self.ents:
            first = doc[ent.start - 1] if ent.start > 0 else None
            if len(ent) == 1 and first is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP") \
                    and ent[0].text in surnames and first.i not in labelled and first.pos_ == "PROPN" \
                    and first.text[:1].isupper() and first.is_alpha and is_first_name(first.text):
                person_ents = [e for e in person_ents if not (e.start == ent.start and e.end == ent.end)]
                person_ents.append(doc[ent.start - 1:ent.end])
        # The proper-noun subject of a speech verb is a speaker the model may have missed.
        person_tokens = {i for e in person_ents for i in range(e.start, e.end)}
        for tok in doc:
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ != "PROPN" or tok.i in labelled \
                    or not tok.text[:1].isupper() or tok.lower_ in EVENT_ROLES:  # "Driver Charged"
                continue
            if any(e.label_ == "PERSON" and e.start > tok.i and e.start <= tok.right_edge.i for e in self.ents):
                continue  # "FBI Special Agent in Charge Luis Ortega": the name is in its subtree
            if tok.head.lemma_.lower() in self._speech_verbs or any(
                    c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in self._speech_verbs for c in tok.head.children):
                start = tok.i
                while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound" \
                        and doc[start - 1].text[:1].isupper():
                    start -= 1
                if start not in person_tokens:
                    person_ents.append(doc[start:tok.i + 1])
                    person_tokens.update(range(start, tok.i + 1))
        # A first name and a surname the model left unlabelled, set off by ", who" or an age
        # ("Striker Leah Owusu, who scored the winner,", "Emma Stanton, 34,"): a person.
        for tok in doc:
            if tok.pos_ != "PROPN" or tok.i in labelled or tok.i in person_tokens or tok.i + 2 >= len(doc) \
                    or doc[tok.i + 1].text != "," or not tok.is_alpha or not tok.text[:1].isupper():
                continue
            after = doc[tok.i + 2]
            if not (after.lower_ == "who" or (after.like_num and tok.i + 3 < len(doc) and doc[tok.i + 3].text == ",")):
                continue
            start = tok.i
            while start > tok.i - 3 and start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].is_alpha \
                    and doc[start - 1].text[:1].isupper() and doc[start - 1].i not in labelled:
                start -= 1
            start = next((i for i in range(start, tok.i) if is_first_name(doc[i].text)), tok.i)  # not "Striker"
            if start < tok.i:
                person_ents.append(doc[start:tok.i + 1])
                person_tokens.update(range(start, tok.i + 1))
        person_ents = [e for e in person_ents if not self._a_place(e)]
        person_ents += [e for e in self.ents if self._place_that_speaks(e)]
        full_names: set[str] = set()
        for ent in person_ents:
            name = clean_name(ent.text)
            words = name.split()
            if len(words) >= 2 and all(w[:1].isupper() or w[:1] in "'’" for w in words) \
                    and len(words) <= 4:
                full_names.add(name)
        # "Lindsay Lohan Checks Out" (a headline's words run into the name) is Lindsay
        # Lohan when the document also names her so; a suffix ("Jr.") is kept.
        self._longer = {a: b for a in full_names for b in full_names
                        if a.startswith(b + " ") and a.split()[-1].lower().rstrip(".,") not in _SUFFIXES}
        full_names -= set(self._longer)
        self.full_names = full_names
        by_last: dict[str, set[str]] = defaultdict(set)
        by_first: dict[str, set[str]] = defaultdict(set)
        for name in full_names:
            words = name.split()
            if len(words) > 2 and words[-1].lower().rstrip(".,") in _SUFFIXES:
                by_last[words[-2]].add(name)  # "Arcade Joseph Comeaux Jr.": Comeaux
            by_last[words[-1]].add(name)
            by_first[words[0]].add(name)
        self._by_last, self._by_first = by_last, by_first

        no_one = self._not_people(person_ents)
        person_ents = [e for e in person_ents if _POSSESSIVE_END.sub("", e.text) not in no_one]
        covered: set[int] = set()
        for ent in person_ents:
            name = self.canonical(clean_name(ent.text))
            if not name or not name[0].isupper():
                continue
            self._add(ent.start, ent.end, name)
            covered.update(range(ent.start, ent.end))
        # Names the small model missed or mislabelled (a surname tagged GPE or ORG); a
        # hyphenated surname is three tokens ("Reyes-Holt said" tagged ORG).
        for tok in doc[:-2]:
            if tok.i in covered or doc[tok.i + 1].text != "-" or tok.whitespace_ or doc[tok.i + 1].whitespace_:
                continue
            bare = re.sub(r"(?:'s|’s)$", "", tok.text + "-" + doc[tok.i + 2].text).translate(_APOSTROPHES)
            if bare in by_last and not epithets.holds(tok.i) \
                    and not any(i in covered for i in range(tok.i, tok.i + 3)):
                self._add(tok.i, tok.i + 3, self.canonical(bare))
                covered.update(range(tok.i, tok.i + 3))
        for tok in doc:
            if tok.i in covered or not tok.text[:1].isupper():
                continue
            bare = re.sub(r"(?:'s|’s)$", "", tok.text).translate(_APOSTROPHES)
            if bare in by_last or bare in by_first:
                if epithets.holds(tok.i):
                    continue
                self._add(tok.i, tok.i + 1, self.canonical(bare))
        self.mentions.sort(key=lambda m: m.start)
        # A surname two people share ("McDermott": Doug and Greg) is the one named last
        for k, m in enumerate(self.mentions):
            if " " in m.name or len(by_last.get(m.name, ())) < 2:
                continue
            for j in range(k - 1, -1, -1):
                if self.mentions[j].name in by_last[m.name]:
                    m.name = self.mentions[j].name
                    break

    _NOT_NAME_HEADS = {
        "service", "department", "agency", "company", "club", "association", "council",
        "committee", "commission", "university", "college", "school", "center", "centre",
        "hospital", "institute", "foundation", "corporation", "corp", "inc", "ltd", "bank",
        "group", "party", "street", "avenue", "road", "boulevard", "pass", "county",
        "airport", "station",
    }

    def _a_place(self, ent) -> bool:
        """A shop or place the model tagged PERSON, by its form: a possessive inside
        ("Bloomington Sam's Club"), a last word that names an organisation or a place,
        or an article before it that is not the subject
        ("outside a local Rite Aid": a person's name takes none, but for "a sluggish
        Hasim Rahman")."""
        if any(t.text in ("'s", "’s") for t in ent[:-1]):
            return True
        if len(ent) > 1 and ent[-1].lower_.rstrip(".") in self._NOT_NAME_HEADS:
            return True  # "National Marine Fisheries Service", "Snoqualmie Pass"
        before = self.doc[ent.start - 1] if ent.start else None
        if before is not None and before.lower_ in ("local", "nearby") and before.i > 0:
            before = self.doc[before.i - 1]
        return before is not None and before.lower_ in ("a", "an") \
            and ent.root.dep_ not in ("nsubj", "nsubjpass", "compound", "nmod", "amod", "poss")

    _PLACE_PREPOSITIONS = {"in", "near", "from", "of", "on", "at", "via"}

    def _speaks(self, tok) -> bool:
        """Whether a token is the subject of a speech verb ("Madison said", "said Jordan")."""
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return False
        verb = tok.head
        return verb.lemma_.lower() in self._speech_verbs or any(
            c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() in self._speech_verbs for c in verb.children)

    _DATELINE_AFTER = re.compile(r"[ \t]*(?:,[ \t]*[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)*[ \t]*)?(?:\([^)\n]{1,40}\)[ \t]*)?[—–-]")

    def _dateline(self, ent) -> bool:
        """Whether a place opens a paragraph as its dateline: 'WASHINGTON (AP) —',
        'FORT BRENNAN, Kan. (AP) —', 'Paris —'."""
        line_start = self.doc.text.rfind("\n", 0, ent.start_char) + 1
        if self.doc.text[line_start:ent.start_char].strip(" \t"):
            return False
        return bool(self._DATELINE_AFTER.match(self.doc.text, ent.end_char))

    def _place_that_speaks(self, ent) -> bool:
        """A surname the model tagged as a place (Madison, Washington, Jordan) that is the
        subject of a speech verb: a place does not say things, so it is a person, unless it
        is a country or a word the document also uses for a place ("in Washington"; a
        capital speaks for its government), where it takes a person's appositive ("Jordan,
        a Republican,") or a he/she in the next sentence to be one."""
        if ent.label_ not in ("GPE", "LOC", "FAC") or len(ent) > 2 or self._in_quote(ent.start_char) \
                or not all(t.text[:1].isupper() and t.is_alpha for t in ent) or not self._speaks(ent.root):
            return False
        if ent.start > 0 and self.doc[ent.start - 1].lower_ in ("the", "a", "an"):
            return False  # "the United States said"
        if self._dateline(ent):
            return False  # "WASHINGTON (AP) — Treasury Secretary Maria Lopez warned"
        appositive = any(c.dep_ == "appos" and (c.ent_type_ == "NORP" or c.lemma_.lower() in PERSON_NOUNS
                                                 or c.lemma_.lower() in HONORIFICS)
                         for c in ent.root.children)
        if appositive:
            return True
        verb = ent.root.head
        if any(t.lower_ in ("it", "its") and t.dep_ in ("nsubj", "nsubjpass", "poss") and not self._in_quote(t.idx)
               for t in verb.subtree):
            return False  # "Washington said it would impose sanctions": a government
        text = ent.text
        place_here = any(e.text == text and e is not ent and e.start > 0
                         and self.doc[e.start - 1].lower_ in self._PLACE_PREPOSITIONS for e in self.ents)
        if text not in _countries() and not place_here:
            return True
        sents = list(self.doc.sents)
        k = next((i for i, s in enumerate(sents) if s.start <= ent.start < s.end), None)
        following = [t for s in sents[k:k + 2] for t in s if t.i > ent.end and not self._in_quote(t.idx)]
        for tok in following:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                if tok.lower_ in ("he", "she"):
                    return True
                if tok.lower_ in ("it", "they") or tok.ent_type_ == "PERSON":
                    return False
        return False

    def _not_people(self, ents) -> set[str]:
        """One-word PERSONs of the small model that are no one of this document: a
        shop ("Sam's Club"), a title alone ("Sgt."), an abbreviation ("Ch. 4"); and,
        unless the word is ever a subject or a possessor (someone acting), a word the
        model labels otherwise more often here, a home town (", of Burnsville,"), a word
        modifying a thing ("a Bloomington store"). A word of a full name stays."""
        doc = self.doc
        acting = {re.sub(r"(?:'s|’s)$", "", t.text) for t in doc if t.dep_ in ("nsubj", "nsubjpass", "poss")}
        acting |= {e.text for e in ents if e.root.dep_ in ("nsubj", "nsubjpass")}
        out: set[str] = set()
        for ent in ents:
            if ent.label_ != "PERSON":
                continue
            word = _POSSESSIVE_END.sub("", ent.text)
            if len(ent) != 1 or word in self._by_last or word in self._by_first:
                continue
            after = doc[ent.end:ent.end + 2]
            if len(after) == 2 and after[0].text in _POSS and after[1].text[:1].isupper() \
                    and after[1].pos_ == "PROPN":
                out.add(word)  # "Sam's Club"
            elif len(word.rstrip(".")) <= 2 or word.lower().rstrip(".") in TITLE_WORDS:
                out.add(word)
            elif word not in acting and (word.lower() in PERSON_NOUNS | EVENT_ROLES  # a headline's "Driver"
                                         or self._place_or_thing(ent, word)):
                out.add(word)
        return out

    def usual_label(self, text: str, *, besides: str | None = None, prefer: str | None = None,
                    default: str | None = None) -> str | None:
        """The label the model gives these words most often in the document, leaving
        out `besides`; a tie goes to `prefer` ("SEACOM" once PERSON is the ORG it is
        everywhere else)."""
        found = [(n, label == prefer, label) for label, n in self._labels_of.get(text, ())
                 if label != besides]
        return max(found)[2] if found else default

    @functools.cached_property
    def _labels_of(self) -> dict[str, list[tuple[str, int]]]:
        """text -> [(label, count)] of the model's entities, in _labels' order."""
        out: dict[str, list[tuple[str, int]]] = defaultdict(list)
        for (text, label), n in self._labels.items():
            out[text].append((label, n))
        return out

    def _place_or_thing(self, ent, word: str) -> bool:
        """Whether a one-word PERSON reads as a place or a thing here: labelled
        otherwise more often, modifying a common noun, or a home town after 'of'."""
        doc = self.doc
        other = self.usual_label(ent.text, besides="PERSON")
        if other is not None and self._labels[(ent.text, other)] > self._labels[(ent.text, "PERSON")]:
            return True
        head = ent.root.head
        if ent.root.dep_ == "compound" and head.i > ent.root.i and head.text.islower() \
                and head.lemma_ not in PERSON_NOUNS:
            return True  # "a Bloomington store"
        before = doc[ent.start - 1] if ent.start else None
        return before is not None and before.lower_ in self._PLACE_PREPOSITIONS \
            and before.dep_ == "prep" and not is_first_name(word) \
            and (before.lower_ != "of" or (ent.start > 1 and doc[ent.start - 2].text == ","))

    def _add(self, tok_start: int, tok_end: int, name: str):
        words = name.split()
        if len(words) > 1 and words[-1].lower().rstrip(".") in TITLE_WORDS:
            return  # "Genesee County Sheriff" is an office, not a name
        doc = self.doc
        span = doc[tok_start:tok_end]
        root = span.root
        after = doc[tok_end] if tok_end < len(doc) else None
        possessive = root.dep_ == "poss" or (after is not None and after.text in _POSS) \
            or span[-1].text.endswith(("'s", "’s"))
        subject = root.dep_ in ("nsubj", "nsubjpass") or (
            root.dep_ in ("appos", "compound") and root.head.dep_ in ("nsubj", "nsubjpass"))
        start = span.start_char
        head = root.head if root.dep_ in ("nsubj", "nsubjpass") else (
            root.head.head if subject else None)
        speaks = bool(subject and head is not None and head.lemma_.lower() in self._speech_verbs)
        self.mentions.append(_Mention(
            start=start, end=span.end_char, tok_start=tok_start, tok_end=tok_end, name=name,
            subject=subject and not possessive, possessive=possessive,
            in_quote=self._in_quote(start), paragraph=self._paragraph_of(start),
            sentence=span.sent.start if span.sent is not None else 0, speaks=speaks))

    def _vote_gender(self):
        """Gender cues per person: first-name lexicon, honorifics, and pronouns in
        sentences where that person is the only one a pronoun could refer to."""
        detector = _name_genders()
        for name in {m.name for m in self.mentions}:
            first = name.split()[0] if " " in name else None
            if first and detector is not None:
                guess = detector.get_gender(first)
                # only clear answers: "Blake" is mostly male, Blake Lively is not
                weight = {"male": 2, "female": 2}.get(guess, 0)
                if weight:
                    self._gender_votes[name]["m" if "male" in guess and "female" not in guess else "f"] += weight
        by_sentence: dict[int, list[_Mention]] = defaultdict(list)
        for m in self.mentions:
            if not m.in_quote:
                by_sentence[m.sentence].append(m)
        nouns = (FEMALE_CUES | MALE_CUES) - set(_PRONOUN_GENDER)
        for sent in self.doc.sents:
            mentions = by_sentence.get(sent.start, [])
            names = {m.name for m in mentions}
            if len(names) != 1:
                continue
            if any(t.lower_ in nouns for t in sent if not self._in_quote(t.idx)):
                continue  # "the actress" is another referent a pronoun may point to
            name = names.pop()
            first = min(m.tok_start for m in mentions)
            for tok in sent:
                if tok.i <= first or self._in_quote(tok.idx):
                    continue
                g = _PRONOUN_GENDER.get(tok.lower_)
                if g and tok.dep_ in ("nsubj", "nsubjpass", "poss"):
                    self._gender_votes[name][g] += 1
        # "Lively invited Baldoni over to her home": a possessive pronoun in the clause
        # of which the person is the subject refers to that person, whoever else is named.
        for m in self.mentions:
            if not m.subject or m.in_quote:
                continue
            verb = clause_verb(self.doc[m.tok_start:m.tok_end].root)
            if verb is None:
                continue
            for tok in verb.subtree:
                g = _PRONOUN_GENDER.get(tok.lower_)
                if g and tok.dep_ == "poss" and tok.i > m.tok_end and _same(clause_verb(tok), verb) \
                        and not self._in_quote(tok.idx):
                    self._gender_votes[m.name][g] += 1
        for m in self.mentions:
            prev = self.doc[m.tok_start - 1] if m.tok_start > 0 else None
            if prev is not None:
                g = gender_of_words([prev.text.rstrip(".")])
                if g:
                    self._gender_votes[m.name][g] += 3

    def _pronoun_chains(self) -> list[_Mention]:
        """'Mark Felt ... He secretly helped ...': a he/she subject outside quotes whose
        sentence or the one before names one person of that gender as subject continues
        that person's presence, which salience counts like a mention."""
        out = []
        subjects = [m for m in self.mentions if m.subject and not m.in_quote]
        sents = list(self.doc.sents)
        sent_index = {sent.start: k for k, sent in enumerate(sents)}
        for tok in self.doc:
            g = _PRONOUN_GENDER.get(tok.lower_)
            if not g or tok.dep_ not in ("nsubj", "nsubjpass") or self._in_quote(tok.idx):
                continue
            k = sent_index.get(tok.sent.start, 0)
            lo = sents[max(0, k - 1)].start_char
            near = {m.name for m in subjects if lo <= m.start < tok.idx
                    and self.gender(m.name) in (None, g)}
            if len(near) == 1:
                name = near.pop()
                out.append(_Mention(start=tok.idx, end=tok.idx + len(tok), tok_start=tok.i,
                                    tok_end=tok.i + 1, name=name, subject=True, possessive=False,
                                    in_quote=False, paragraph=self._paragraph_of(tok.idx),
                                    sentence=tok.sent.start))
        return out

    def _titles_of(self) -> dict[str, set[str]]:
        """Office words written before a person's name ("Genesee County Sheriff Robert J.
        Pickell"): "the sheriff" later stands for that person."""
        titles: dict[str, set[str]] = defaultdict(set)
        for m in self.mentions:
            if m.in_quote:
                continue
            i = m.tok_start - 1
            words = [t.lower_.rstrip(".") for t in self.doc[m.tok_start:m.tok_end]]
            while i >= 0 and m.tok_start - i <= 4 and (
                    self.doc[i].text[:1].isupper() or self.doc[i].text == "."
                    or self.doc[i].lower_ in TITLE_WORDS | PERSON_NOUNS | EVENT_ROLES):
                words.append(self.doc[i].lower_.rstrip("."))  # "Sgt.", "witness Angela Benson"
                i -= 1
            for w in words:
                if w in TITLE_WORDS or w in PERSON_NOUNS:
                    titles[m.name].add(w)
        return titles

    def titled(self, noun: str, before: int) -> str | None:
        """The one person named before `before` with this title word."""
        named = {m.name for m in self.mentions if m.start < before}
        found = [name for name, words in self._titles.items() if noun.lower() in words and name in named]
        return found[0] if len(found) == 1 else None

    # -- queries --------------------------------------------------------------------
    def canonical(self, name: str) -> str:
        """The document's fullest form of a name: "Baldoni" -> "Justin Baldoni"."""
        name = clean_name(name)
        name = self._longer.get(name, name)
        if name in self.full_names or " " in name:
            return name
        for index in (self._by_last, self._by_first):
            found = index.get(name)
            if found and len(found) == 1:
                return next(iter(found))
            if found:  # "Ken Salazar" and "Interior Ken Salazar": the one the others end with
                shortest = min(found, key=len)
                if all(f.endswith(" " + shortest) or f == shortest for f in found):
                    return shortest
        if len(name) >= 5 and name[:1].isupper():
            # a misspelt surname ("DesRoiser" after "Dennis DesRosier", "Clements" after
            # "Tony Clement"): the one full name whose surname is within two letters of it
            # (rapidfuzz's normalised Indel similarity >= 85; on MEANTIME dev names)
            close = {full for last, fulls in self._by_last.items() if len(fulls) == 1 and last[:1] == name[:1]
                     and fuzz.ratio(last, name) >= 85 for full in fulls}
            if len(close) == 1:
                return close.pop()
        return name

    def gender(self, name: str) -> str | None:
        votes = self._gender_votes.get(name)
        if not votes:
            return None
        (top, count), *rest = votes.most_common()
        if rest and rest[0][1] * 2 > count:
            return None
        return top

    def names(self) -> list[str]:
        return sorted({m.name for m in self.mentions})

    @functools.cached_property
    def _tok_starts(self) -> list[int]:
        return [m.tok_start for m in self.mentions]  # sorted: mentions are, by position

    @functools.cached_property
    def _longest(self) -> int:
        return max((m.tok_end - m.tok_start for m in self.mentions), default=0)

    def _mentions_from(self, lo: int, hi: int):
        """Mentions whose first token is in [lo, hi), in list order."""
        starts = self._tok_starts
        return self.mentions[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]

    def at_token(self, i: int):
        """The person mention that holds token i, if any."""
        for m in self._mentions_from(i - self._longest + 1, i + 1):
            if m.tok_start <= i < m.tok_end:
                return m
        return None

    def in_tokens(self, tok_start: int, tok_end: int, *, skip_possessive: bool = True):
        """The last person named in a token range, the head of a noun phrase
        ("Northrop Grumman CEO Ron Sugar": Ron Sugar); possessors skipped ("Baldoni's
        lawyer X")."""
        found = None
        for m in self._mentions_from(tok_start, tok_end):
            if m.tok_start >= tok_start and m.tok_end <= tok_end:
                if skip_possessive and m.possessive:
                    continue
                found = m
        return found

    def names_between(self, start: int, end: int, *, quoted: bool | None = None) -> set[str]:
        lo = bisect.bisect_left(self._starts, start)
        out = set()
        for m in self.mentions[lo:]:
            if m.start >= end:
                break
            if quoted is None or m.in_quote == quoted:
                out.add(m.name)
        return out

    def latest_speaker(self, after: int, before: int, *, exclude=(), gender: str | None = None) -> str | None:
        """The person last reported as speaking (the subject of a speech verb, outside
        quotes) between two offsets: "..., said Shanduke McPhatter." """
        lo, hi = bisect.bisect_left(self._starts, after), bisect.bisect_left(self._starts, before)
        found = [m for m in self.mentions[lo:hi] if m.speaks and not m.in_quote and m.name not in exclude
                 and (gender is None or self.gender(m.name) == gender
                      or (self.gender(m.name) is None and " " in m.name))]  # not "Summit has said"
        return found[-1].name if found else None

    def salient(self, before: int, *, exclude=(), gender: str | None = None,
                bonus: dict[str, float] | None = None) -> str | None:
        """The person a description or pronoun at `before` most likely stands for.

        Recent mentions weigh more (halving per paragraph), subjects twice; names in
        `exclude` (others in the same clause) and the wrong gender are ruled out. No
        answer when two candidates are nearly tied: no speaker beats a wrong one.
        """
        here = self._paragraph_of(before)
        scores: Counter = Counter()
        hi = bisect.bisect_left(self._starts, before)
        chains = [c for c in self._chains if c.start < before]
        for m in self.mentions[:hi] + chains:
            if m.in_quote:
                continue
            distance = max(0, here - m.paragraph)
            scores[m.name] += (2.0 if m.subject else 1.0) * 0.5 ** min(distance, 12)
        for name, extra in (bonus or {}).items():
            if name in scores or extra:
                scores[name] += extra
        ranked = [(score, name) for name, score in scores.items()
                  if name not in exclude and score > 0
                  and (gender is None or self.gender(name) in (None, gender))]
        if not ranked:
            return None
        ranked.sort(key=lambda pair: (-pair[0], pair[1]))
        if len(ranked) > 1 and ranked[1][0] * 1.25 > ranked[0][0]:
            return None
        return ranked[0][1]

    def former_latter(self, at: int) -> tuple[str, str] | None:
        """The two people "the former"/"the latter" at `at` look back to: the last two
        named before it in this or the previous paragraph. Any named entity counts, since
        the small model often tags surnames ORG or GPE."""
        here = self._paragraph_of(at)
        named = [(m.start, m.end, m.name) for m in self.mentions
                 if not m.in_quote and m.end <= at]
        taken = {(s, e) for s, e, _ in named}
        for ent in self.ents:
            if ent.end_char <= at and ent.label_ in ("PERSON", "ORG", "GPE", "NORP") \
                    and (ent.start_char, ent.end_char) not in taken \
                    and not self._in_quote(ent.start_char) \
                    and not any(s <= ent.start_char < e for s, e in taken):
                named.append((ent.start_char, ent.end_char, self.canonical(ent.text)))
        named.sort()
        recent: list[str] = []
        for start, _, name in reversed(named):
            if self._paragraph_of(start) < here - 1:
                break
            if name not in recent:
                recent.insert(0, name)
            if len(recent) == 2:
                return recent[0], recent[1]
        return None

    def epithets(self) -> list[PersonMention]:
        """Definite descriptions standing for a person of the document ("the Gossip Girl
        alum", "the 37-year-old actress", "the multihyphenate's"), resolved by salience.

        Within a sentence, people named there, those already resolved and the referents
        of its pronouns are ruled out: "the Gossip Girl alum invited him over" cannot be
        the man "him" stands for. "The couple" resolves to the pair just named.
        """
        doc = self.doc
        titles = self._epithet_index
        out: list[PersonMention] = []
        for sent in doc.sents:
            taken: set[str] = set()
            in_sentence = [m for m in self.mentions[bisect.bisect_left(self._starts, sent.start_char):
                                                    bisect.bisect_left(self._starts, sent.end_char)]
                           if not m.in_quote]
            for tok in sent:
                if self._in_quote(tok.idx) or not tok.text.islower() or tok.pos_ not in ("NOUN", "PROPN") \
                        or tok.lemma_.lower() not in PERSON_NOUNS | {"couple"} \
                        or tok.tag_ in ("NNS", "NNPS"):  # "the officers" are not one person
                    continue
                start = tok.left_edge.i
                for s_, _ in titles.holding(tok.i):
                    start = min(start, s_)
                if doc[start].lower_ != "the" or any(
                        c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" and c.i > tok.i
                        for c in tok.children):
                    continue
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
                    continue  # "the actor Sam Holt": a name follows
                if any(m.tok_start >= start and m.tok_end <= tok.i + 1 and not m.possessive
                       and not titles.holds(m.tok_start) for m in self._mentions_from(start, tok.i + 1)):
                    continue
                span = doc[start:tok.i + 1]
                if tok.lemma_.lower() in ("couple", "pair", "duo"):
                    pair = self._named_pair(sent, span.start_char)
                    for name in pair or ():
                        out.append(PersonMention(span.start_char, span.end_char, span.text, name,
                                                 "description"))
                    continue
                if restricted_noun(tok):
                    continue  # "the driver who hit her", "the man driving": a role of its own
                subject = self._predicate_of(tok)
                if subject:  # "Orozco is now the main suspect", "Ortiz was the father of two"
                    taken.add(subject)
                    out.append(PersonMention(span.start_char, span.end_char, span.text, subject,
                                             "description"))
                    continue
                if self._indefinite_before(tok):  # "a man walked up ... asked the man"
                    continue
                # People named later in the sentence, or in the epithet's own clause, are
                # others; one named in an earlier clause may be the one it stands for.
                clause = clause_verb(tok)
                exclude = taken | {m.name for m in in_sentence if m.start > tok.idx
                                   or _same(clause_verb(doc[m.tok_start:m.tok_end].root), clause)}
                role = tok.lemma_.lower() in EVENT_ROLES
                # "According to the lawmaker's suit, Crane called him ...": a source named
                # beside the clause, not one of its participants; its pronouns may be it
                source = any(a.lower_ in ("according", "per") for a in tok.ancestors)
                for t in sent:
                    g = _PRONOUN_GENDER.get(t.lower_)
                    if not g or t.dep_ not in ("dobj", "pobj", "dative") or self._in_quote(t.idx):
                        continue
                    # an object pronoun of the epithet's own verb, or of a clause with no
                    # subject of its own under it, is someone else ("the alum invited him",
                    # "after hitting her, the suspect fled"); one in a clause with its own
                    # subject need not be ("the actor said they pressured him"), except
                    # for a role in an event: "the driver" is not the woman he hit
                    verb = clause_verb(t)
                    bound = _same(verb, clause) and t.i > tok.i or verb is not None and not any(
                        c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) \
                        and _same(clause_verb(verb.head), clause) and not _same(verb, clause)
                    if (bound and not source) or role:
                        who = self.salient(t.idx, gender=g, exclude=exclude | {None})
                        if who and self.gender(who) == g:
                            exclude = exclude | {who}
                owner = next((c for c in tok.children if c.dep_ == "poss"), None) if possessed_noun(tok) else None
                if owner is not None:  # "the victim's nephew" is not the victim
                    exclude = exclude | {p.name for p in out + self.as_records()
                                         if p.start <= owner.idx < p.end}
                if role:  # "the driver" is not the sergeant who told the story, nor a witness
                    others = OFFICES | EVENT_ROLES - {tok.lemma_.lower()}
                    exclude = exclude | {name for name, words in self._titles.items() if words & others}
                name = self.salient(span.start_char, exclude=exclude,
                                    gender=gender_of_words([w.text for w in span]))
                if name:
                    taken.add(name)
                    out.append(PersonMention(span.start_char, span.end_char, span.text, name,
                                             "description"))
        return out

    def _predicate_of(self, tok) -> str | None:
        """The person a predicate noun describes: the named subject of its copula
        ("That man, Jose Luis Orozco, is now the main suspect")."""
        while tok.dep_ == "conj" and tok.head.i < tok.i:
            tok = tok.head
        if tok.dep_ != "attr" or tok.head.lemma_ != "be":
            return None
        for child in tok.head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                inside = [m for m in self.mentions if child.left_edge.i <= m.tok_start
                          and m.tok_end <= child.right_edge.i + 1 and not m.in_quote]
                return inside[0].name if inside else None
        return None

    def _indefinite_before(self, tok) -> bool:
        """Whether "a man" (the same noun, indefinite) came in this or the previous
        paragraph: "the man" is then that unnamed one."""
        here = self._paragraph_of(tok.idx)
        for prev in self.doc[max(0, tok.i - 200):tok.i]:
            if prev.lemma_ == tok.lemma_ and prev.pos_ == tok.pos_ and self._paragraph_of(prev.idx) >= here - 1 \
                    and not self._in_quote(prev.idx) \
                    and any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in prev.children):
                return True
        return False

    def _named_pair(self, sent, before: int):
        """The two people just coordinated ("Lively and Reynolds") in this or the last sentence."""
        start = sent.start
        if start > 0:
            start = self.doc[start - 1].sent.start
        pair = self.former_latter(before)
        if pair is None:
            return None
        text = self.text[self.doc[start].idx:before]
        a, b = pair
        if re.search(re.escape(a.split()[-1]) + r"\s*(?:['’]s\s*)?(?:,\s*)?(?:and|&)\s+" + re.escape(b.split()[-1]), text):
            return pair
        return None

    def as_records(self) -> list[PersonMention]:
        return [PersonMention(start=m.start, end=m.end, text=self.text[m.start:m.end],
                              name=m.name, kind="name", in_quote=m.in_quote)
                for m in self.mentions]
