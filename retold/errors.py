"""retold's errors.

    RetoldError                 every error retold raises on purpose
     ├── IngestError            a file or record could not be read as an article
     └── ModelError             the spaCy model is missing or broken

Messages name the file and say what to do; the CLI prints them on one line.
"""


class RetoldError(Exception):
    """Base of every error retold raises on purpose."""


class IngestError(RetoldError):
    """A file or record could not be read as an article."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class ModelError(RetoldError):
    """The spaCy model could not be loaded."""
