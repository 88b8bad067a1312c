"""retold: read news articles from many outlets and tell the story back."""
import logging

__version__ = "0.1.0"
__all__ = [
    "Analysis", "DateMention", "Document", "Entity", "Failure", "Quote", "Span", "Story",
    "Utterance", "UtteranceMention", "analyze", "analyze_documents", "__version__",
]

# The public names are imported on first use (PEP 562), so that `retold --help` and the
# store's light commands do not pay for the pipeline's imports.
_LAZY = {name: "models" for name in __all__[:10]} | {"analyze": "pipeline", "analyze_documents": "pipeline"}


def __getattr__(name):
    if name in _LAZY:
        import importlib
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(__all__))


logging.getLogger(__name__).addHandler(logging.NullHandler())
