"""retold: read news articles from many outlets and tell the story back."""
import logging

from .models import (Analysis, DateMention, Document, Entity, Failure, Quote, Span, Story,
                     Utterance, UtteranceMention)
from .pipeline import analyze, analyze_documents

__version__ = "0.1.0"
__all__ = [
    "Analysis", "DateMention", "Document", "Entity", "Failure", "Quote", "Span", "Story",
    "Utterance", "UtteranceMention", "analyze", "analyze_documents", "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
