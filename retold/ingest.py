"""ingest: files, directories, HTML, JSONL, WARC and stdin -> Documents.

Each source yields Documents or Failures (one per unreadable file or record) so that a
bad file never stops the batch. Ids are stable: the file stem, or the JSONL `id`.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .errors import IngestError
from .models import Document, Failure

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
WARC_SUFFIXES = {".warc", ".warc.gz"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | WARC_SUFFIXES

_SEED_HEADER = re.compile(r"^\s?date (\d{4}-\d{2}-\d{2}) ")
_MAX_BYTES = 20 * 1024 * 1024


def content_hash(text: str) -> str:
    """A short, stable hash of a document's text, for idempotent re-ingest."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def _stem(path: Path) -> str:
    name = path.name
    return name[: -len(".warc.gz")] if name.lower().endswith(".warc.gz") else path.stem


def _clean(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    return text.strip()


def parse_text(raw: str, *, doc_id: str, path: str | None = None) -> Document:
    """A plain or seed-format article: ` date YYYY-MM-DD ` may open the first line."""
    published = None
    match = _SEED_HEADER.match(raw)
    if match:
        published = match.group(1)
        raw = raw[match.end():]
    text = _clean(raw)
    if not text:
        raise IngestError(path or doc_id, "empty document: no article text")
    return Document(id=doc_id, text=text, path=path, published=published,
                    content_hash=content_hash(text))


def parse_html(raw: str, *, doc_id: str, path: str | None = None,
               url: str | None = None) -> Document:
    """An HTML page: main text, title, date and site name through trafilatura."""
    import trafilatura

    extracted = trafilatura.bare_extraction(raw, url=url, with_metadata=True,
                                            include_comments=False, favor_precision=True)
    if extracted is None:
        raise IngestError(path or doc_id, "no article text found in the HTML")
    data = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = _clean(data.get("text") or "")
    if not text:
        raise IngestError(path or doc_id, "no article text found in the HTML")
    published = data.get("date")
    if published and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
        published = None
    return Document(id=doc_id, text=text, path=path, url=url or data.get("url"),
                    outlet=data.get("sitename"), title=data.get("title"),
                    published=published, content_hash=content_hash(text))


def parse_record(record: dict, *, source: str, fallback_id: str) -> Document:
    """One JSONL record: {"id","url","outlet","published","title","text"}."""
    if not isinstance(record, dict):
        raise IngestError(source, "expected a JSON object per line")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise IngestError(source, 'missing or empty "text" field')
    text = _clean(text)
    published = record.get("published") or record.get("date")
    if published is not None:
        published = str(published)[:10]
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published):
            raise IngestError(source, f'"published" is not an ISO date: {published!r}')
    doc_id = str(record.get("id") or fallback_id or content_hash(text))
    return Document(id=doc_id, text=text, path=None, url=record.get("url"),
                    outlet=record.get("outlet"), title=record.get("title"),
                    published=published, content_hash=content_hash(text))


def _decode(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(source, f"not UTF-8 text (byte {exc.start}); convert it to UTF-8") from None


def _read_jsonl(lines: Iterable[str], source: str) -> Iterator[Document | Failure]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            record = json.loads(line)
            yield parse_record(record, source=where, fallback_id="")
        except json.JSONDecodeError as exc:
            yield Failure(where, f"invalid JSON ({exc.msg})")
        except IngestError as exc:
            yield Failure(exc.source, exc.problem)


def _read_warc(stream, source: str) -> Iterator[Document | Failure]:
    from warcio.archiveiterator import ArchiveIterator

    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
            if "html" not in ctype:
                continue
            body = record.content_stream().read()
            where = f"{source}#{url}"
            try:
                html = body.decode("utf-8", errors="replace")
                doc_id = content_hash(url or html)
                yield parse_html(html, doc_id=doc_id, path=source, url=url)
            except IngestError as exc:
                yield Failure(where, exc.problem)
    except Exception as exc:  # warcio raises plain exceptions on corrupt archives
        yield Failure(source, f"unreadable WARC archive ({exc})")


def read_file(path: Path) -> Iterator[Document | Failure]:
    """Documents from one file, chosen by its suffix."""
    source = str(path)
    suffix = _suffix(path)
    try:
        if path.stat().st_size > _MAX_BYTES:
            raise IngestError(source, "file larger than 20 MiB; split it")
        if suffix in WARC_SUFFIXES:
            with path.open("rb") as stream:
                yield from _read_warc(stream, source)
            return
        raw = _decode(path.read_bytes(), source)
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(raw.splitlines(), source)
        elif suffix in HTML_SUFFIXES:
            yield parse_html(raw, doc_id=_stem(path), path=source)
        elif suffix in TEXT_SUFFIXES:
            yield parse_text(raw, doc_id=_stem(path), path=source)
        else:
            raise IngestError(source, f"unsupported file type {suffix or '(none)'}; "
                                      f"use one of {', '.join(sorted(SUPPORTED))}")
    except IngestError as exc:
        yield Failure(exc.source, exc.problem)
    except OSError as exc:
        yield Failure(source, f"cannot read file ({exc.strerror or exc})")


def read_stdin(stream=None) -> Iterator[Document | Failure]:
    """Documents from standard input: JSONL, HTML or plain/seed text, sniffed."""
    stream = stream if stream is not None else sys.stdin
    raw = stream.read()
    if isinstance(raw, bytes):
        try:
            raw = _decode(raw, "<stdin>")
        except IngestError as exc:
            yield Failure(exc.source, exc.problem)
            return
    head = raw.lstrip()[:200].lower()
    try:
        if head.startswith("{"):
            yield from _read_jsonl(io.StringIO(raw), "<stdin>")
        elif head.startswith("<"):
            yield parse_html(raw, doc_id="stdin_" + content_hash(raw), path="<stdin>")
        else:
            text_id = "stdin_" + content_hash(raw)
            yield parse_text(raw, doc_id=text_id, path="<stdin>")
    except IngestError as exc:
        yield Failure(exc.source, exc.problem)


def _expand(path: Path) -> Iterator[Path]:
    if path.is_dir():
        for child in sorted(path.rglob("*")):
            if child.is_file() and not any(p.startswith(".") for p in child.relative_to(path).parts) \
                    and _suffix(child) in SUPPORTED:
                yield child
    else:
        yield path


def read_sources(sources: Iterable[str]) -> Iterator[Document | Failure]:
    """Every Document (or Failure) from files, directories and `-` (stdin), in order.

    Ids stay unique within one run: a repeated id gets its content hash appended.
    """
    seen_ids: set[str] = set()
    for source in sources:
        if source == "-":
            items: Iterable[Document | Failure] = read_stdin()
        else:
            path = Path(source)
            if not path.exists():
                yield Failure(source, "no such file or directory")
                continue
            items = (item for file in _expand(path) for item in read_file(file))
        for item in items:
            if isinstance(item, Document):
                if item.id in seen_ids:
                    item.id = f"{item.id}_{item.content_hash[:8]}"
                seen_ids.add(item.id)
            yield item
