from pathlib import Path

import pytest

from retold.models import Document
from retold.ingest import content_hash

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def nlp():
    from retold.nlp import load
    return load()


def make_doc(text: str, doc_id: str = "doc", published: str | None = "2025-01-28") -> Document:
    return Document(id=doc_id, text=text, published=published, content_hash=content_hash(text))


@pytest.fixture
def annotate(nlp):
    """Run the extract stage on a text written in the test."""
    from retold.extract import annotate as run

    def _annotate(text: str, doc_id: str = "doc", published: str | None = "2025-01-28"):
        return run(make_doc(text, doc_id, published), nlp(text))
    return _annotate


@pytest.fixture(scope="session")
def seeds():
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS


def quote_with(doc, fragment: str):
    """The quote of a document that is `fragment`, or else contains it (exactly one)."""
    found = [q for q in doc.quotes if q.text.rstrip(",.") == fragment] or \
        [q for q in doc.quotes if fragment in q.text]
    assert len(found) == 1, f"{fragment!r} in {len(found)} quotes: {[q.text[:40] for q in doc.quotes]}"
    return found[0]


@pytest.fixture(scope="session")
def postgres_server():
    """A real PostgreSQL server for the session (see tests/postgres.py)."""
    from tests.postgres import Server

    server = Server()
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server):
    """A fresh, empty database on that server."""
    return postgres_server.new_database()
