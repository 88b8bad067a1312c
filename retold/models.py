"""The domain records of retold: plain dataclasses passed between pipeline stages.

Every stage takes and returns these records; spaCy objects never leave `extract`.
Offsets are Python string indices into `Document.text`.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Span:
    """A piece of a document's text."""

    start: int
    end: int
    text: str


@dataclass
class Quote:
    """Quoted words in one document, with who said them and who obtained them."""

    id: str
    start: int
    end: int
    parts: list[tuple[int, int]]
    text: str
    kind: str  # direct | partial
    speaker: str | None = None
    speaker_mention: Span | None = None
    # how the speaker was found: name | pronoun | description | continuation |
    # recording | former_latter | document | organization | None
    attribution: str | None = None
    speaker_type: str | None = None  # person | document | organization
    via: str | None = None
    paragraph: int = 0
    sieve: str | None = None  # internal: the attribution sieve that decided the speaker


@dataclass
class DateMention:
    """A date expression normalized against the publication date."""

    start: int
    end: int
    text: str
    value: str | None
    timex: str | None = None  # TimeML-style value: also weeks, quarters, PAST_REF
    event: str | None = None  # what happened then, from the clause: "Lively filed suit"
    subject: str | None = None  # who did it, when a person
    in_quote: bool = False
    sentence: tuple[int, int] | None = None  # the clause it was read from


@dataclass
class Fact:
    """A number one document reports: money, age, count, duration or percent."""

    kind: str  # money | age | count | duration | percent
    value: float | int
    unit: str
    subject: str | None
    thing: str | None  # what it measures, in a family: lawsuit, budget, message...
    start: int
    end: int
    text: str
    context: str = ""  # the sentence
    others: list[str] = field(default_factory=list)  # other people in that sentence


@dataclass
class PersonMention:
    """A mention of a person in a document: a name, an epithet or a pronoun resolved."""

    start: int
    end: int
    text: str
    name: str  # the document-level canonical name
    kind: str  # name | description | pronoun
    in_quote: bool = False


@dataclass
class Document:
    """One article as ingested and, after `extract`, annotated."""

    id: str
    text: str
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    content_hash: str = ""
    quotes: list[Quote] = field(default_factory=list)
    titles: list[Span] = field(default_factory=list)  # works named in quotation marks
    dates: list[DateMention] = field(default_factory=list)
    people: list[PersonMention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    epithets: list[PersonMention] = field(default_factory=list)  # "the pop star" -> Taylor Swift
    entities: list[tuple[str, str]] = field(default_factory=list)  # (text, label)


@dataclass
class Entity:
    """One person or organisation across the documents of a story."""

    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


@dataclass
class UtteranceMention:
    """Where one document quotes an utterance, and how its wording differs."""

    document: str
    quote: str
    start: int
    end: int
    text: str
    similarity: float = 100.0
    changes: list[dict] = field(default_factory=list)


@dataclass
class Utterance:
    """The same spoken words across the documents of a story."""

    id: str
    speaker: str | None
    text: str
    mentions: list[UtteranceMention] = field(default_factory=list)


@dataclass
class Story:
    """Documents that cover one event, reconciled."""

    id: str
    title: str
    documents: list[str]
    entities: list[Entity] = field(default_factory=list)
    utterances: list[Utterance] = field(default_factory=list)
    facts: list[dict] = field(default_factory=list)
    timeline: list[dict] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)
    summary: list[dict] = field(default_factory=list)


@dataclass
class Storyline:
    """Successive events (stories) of one running story, threaded: the shutdown, its
    deal, the emergency declared weeks later."""

    id: str
    title: str
    stories: list[str]  # story ids, oldest event first
    first: str | None = None  # earliest publication date of its articles (YYYY-MM-DD)
    last: str | None = None


@dataclass
class Failure:
    """A document that could not be read or analysed, and why."""

    source: str
    message: str


@dataclass
class Analysis:
    """The result of `retold analyze`: documents, stories and per-file failures."""

    documents: list[Document]
    stories: list[Story]
    failures: list[Failure] = field(default_factory=list)
    storylines: list[Storyline] = field(default_factory=list)


def document_to_dict(document: Document) -> dict:
    """A Document as plain JSON-able data (for the store)."""
    from dataclasses import asdict

    return asdict(document)


def document_from_dict(data: dict) -> Document:
    """The inverse of `document_to_dict`."""
    data = dict(data)
    data["quotes"] = [Quote(**{**q, "parts": [tuple(p) for p in q["parts"]],
                                "speaker_mention": Span(**q["speaker_mention"]) if q.get("speaker_mention") else None})
                      for q in data.get("quotes", [])]
    data["titles"] = [Span(**t) for t in data.get("titles", [])]
    data["dates"] = [DateMention(**{**d, "sentence": tuple(d["sentence"]) if d.get("sentence") else None})
                     for d in data.get("dates", [])]
    data["people"] = [PersonMention(**p) for p in data.get("people", [])]
    data["epithets"] = [PersonMention(**p) for p in data.get("epithets", [])]
    data["facts"] = [Fact(**f) for f in data.get("facts", [])]
    data["entities"] = [tuple(e) for e in data.get("entities", [])]
    return Document(**data)
