"""ingest: files, directories, HTML, JSONL, WARC and stdin -> Documents.

Each source yields Documents or Failures (one per unreadable file or record) so that a
bad file never stops the batch. Ids are stable: the file stem, or the JSONL `id`.
"""
from __future__ import annotations

import codecs
import datetime
import hashlib
import io
import json
import logging
import os
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

# the seed header: loose on purpose, so that a malformed date is seen and reported
_SEED_HEADER = re.compile(r"^\s?date (\d{1,4}-\d{1,2}-\d{1,2}) ")
# The largest text or HTML file (or JSONL record) read as one article; $RETOLD_MAX_BYTES
# overrides it. Longer articles are parsed in parts (extract), so this only bounds memory.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
# characters no article holds: C0 controls but tab, newline and carriage return
_BINARY_CHARS = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def max_bytes() -> int:
    """The size limit in force (bytes): $RETOLD_MAX_BYTES or DEFAULT_MAX_BYTES."""
    value = os.environ.get("RETOLD_MAX_BYTES")
    return int(value) if value and value.isdigit() else DEFAULT_MAX_BYTES


def _too_big(size: int, what: str = "file") -> str:
    return (f"{what} is {size / 2**20:.1f} MiB, over the {max_bytes() / 2**20:.1f} MiB limit "
            f"($RETOLD_MAX_BYTES); split it")


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
    # NUL and lone surrogates cannot be stored (PostgreSQL text, UTF-8): dropped / replaced
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "").replace("\x00", "")
    text = _SURROGATES.sub("\ufffd", text)
    return text.strip()


def _iso_date(value: str) -> bool:
    try:
        datetime.date.fromisoformat(value)
        return True
    except ValueError:
        return False


def parse_text(raw: str, *, doc_id: str, path: str | None = None) -> Document:
    """A plain or seed-format article: ` date YYYY-MM-DD ` may open the first line."""
    published = None
    match = _SEED_HEADER.match(raw)
    if match:
        published = match.group(1)
        raw = raw[match.end():]
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) or not _iso_date(published):
            log.warning("%s: malformed date %r in the seed header; read as undated",
                        path or doc_id, published)
            published = None
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
    if published and not (re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) and _iso_date(published)):
        published = None
    return Document(id=doc_id, text=text, path=path, url=url or data.get("url"),
                    outlet=data.get("sitename"), title=data.get("title"),
                    published=published, content_hash=content_hash(text))


def parse_record(record: dict, *, source: str, fallback_id: str) -> Document:
    """One JSONL record: {"id","url","outlet","published","title","text"}."""
    if not isinstance(record, dict):
        raise IngestError(source, f"expected a JSON object per line, not {_json_type(record)}")
    text = record.get("text")
    if text is not None and not isinstance(text, str):
        raise IngestError(source, f'"text" is {_json_type(text)}, expected a string')
    if not text or not text.strip():
        raise IngestError(source, 'missing or empty "text" field')
    if len(text) > max_bytes():
        raise IngestError(source, _too_big(len(text.encode("utf-8", "surrogatepass")), "record"))
    for name in ("id", "url", "outlet", "title", "published", "date"):
        value = record.get(name)
        if value is not None and not isinstance(value, str) and not (
                name == "id" and isinstance(value, int) and not isinstance(value, bool)):
            raise IngestError(source, f'"{name}" is {_json_type(value)}, expected a string')
    text = _clean(text)
    published = record.get("published") or record.get("date")
    if published is not None:
        published = str(published)[:10]
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", published) or not _iso_date(published):
            raise IngestError(source, f'"published" is not an ISO date: {published!r}')
    doc_id = _clean(str(record.get("id") or fallback_id or content_hash(text))) or content_hash(text)
    meta = {k: _clean(record[k]) or None if isinstance(record.get(k), str) else None
            for k in ("url", "outlet", "title")}
    return Document(id=doc_id, text=text, path=None, url=meta["url"], outlet=meta["outlet"],
                    title=meta["title"], published=published, content_hash=content_hash(text))


def _json_type(value) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false",
            int: "a number", float: "a number", type(None): "null"}.get(type(value), type(value).__name__)


def _looks_binary(text: str) -> bool:
    """Text with NUL bytes or many control characters is some binary file's."""
    sample = text[:65536]
    return "\x00" in sample or len(_BINARY_CHARS.findall(sample)) > max(2, len(sample) // 100)


def _decode(data: bytes, source: str) -> str:
    """Bytes to text: a byte-order mark decides (UTF-8, UTF-16, UTF-32); else UTF-8; else
    UTF-8 with a few damaged bytes (replaced, with a warning); else the encoding
    charset-normalizer finds (Latin-1, cp1252, ...), else cp1252, with a warning. Binary
    data is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(source, f"starts with a {encoding.upper()} byte-order mark but is not "
                                          f"{encoding.upper()} (byte {exc.start}); convert it to UTF-8") from None
            if _looks_binary(text):
                raise IngestError(source, "binary data, not text")
            return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    else:
        if _looks_binary(text):
            raise IngestError(source, "binary data, not text (control characters); is it an article?")
        return text
    if b"\x00" in data[:65536]:
        raise IngestError(source, "binary data, not text (NUL bytes); is it an article?")
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for ch in replaced if ord(ch) > 0x7f) - bad
    if multibyte >= 2 * bad:  # mostly UTF-8: a damaged or cut sequence here and there
        log.warning("%s: %d invalid UTF-8 byte sequence(s) (first at byte %d) replaced by U+FFFD",
                    source, bad, first_bad)
        text = replaced
    else:
        text, encoding = _detect(data)
        log.warning("%s: not UTF-8 (byte %d); read as %s", source, first_bad, encoding)
    if _looks_binary(text):
        raise IngestError(source, f"binary data or an unknown encoding (not UTF-8 at byte {first_bad}); "
                                  f"convert it to UTF-8")
    return text


def _detect(data: bytes) -> tuple[str, str]:
    """Text in the legacy encoding charset-normalizer finds most likely, cp1252 (the usual
    one of Western web pages, a superset of Latin-1's letters) whenever it reads nearly as
    well, or when nothing else is found."""
    try:
        from charset_normalizer import from_bytes
        matches = list(from_bytes(data[:1 << 20]))
        if matches:
            best = min(m.chaos for m in matches)
            western = [m for m in matches  # (a match lists the encodings that read the same)
                       if {m.encoding, *m.could_be_from_charset} & {"cp1252", "latin_1", "iso8859_15"}]
            top = min(matches, key=lambda m: m.chaos)
            if (western and western[0].chaos <= best + 0.1) or (top.coherence == 0 and _fits_cp1252(data)):
                return data.decode("cp1252", errors="replace"), "cp1252"
            encoding = top.encoding
            if encoding not in ("utf_8", "ascii"):
                return data.decode(encoding, errors="replace"), encoding
    except (ImportError, LookupError):  # pragma: no cover - charset-normalizer comes with trafilatura
        pass
    return data.decode("cp1252", errors="replace"), "cp1252 (a guess)"


def _fits_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
        return True
    except UnicodeDecodeError:
        return False


def _read_jsonl(lines: Iterable[str | bytes], source: str) -> Iterator[Document | Failure]:
    limit = max_bytes()
    blank = True
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        blank = False
        where = f"{source}:{number}"
        try:
            if len(line) > limit:
                raise IngestError(where, _too_big(len(line), "line"))
            if isinstance(line, bytes):
                line = _decode(line, where)
            record = json.loads(line)
            yield parse_record(record, source=where, fallback_id="")
        except json.JSONDecodeError as exc:
            yield Failure(where, f"invalid JSON ({exc.msg} at column {exc.colno})")
        except IngestError as exc:
            yield Failure(exc.source, exc.problem)
        except (RecursionError, ValueError) as exc:  # nesting json refuses, huge numbers
            yield Failure(where, f"invalid JSON ({type(exc).__name__}: {str(exc)[:80]})")
    if blank:
        yield Failure(source, "empty file: no JSON lines")


def warc_archive(stream):
    """warcio's ArchiveIterator, without the three-line warnings it writes to stderr on
    its own (a record not followed by a newline): they are counted in `err_count` and
    said in one line by `warc_damage`."""
    from warcio.archiveiterator import ArchiveIterator

    class Quiet(ArchiveIterator):
        INC_RECORD = ""

    return Quiet(stream)


def warc_damage(archive, stream, records: int) -> str | None:
    """What is wrong with the end of a WARC file once `archive` (its ArchiveIterator) is
    done: warcio stops quietly at a truncated record, so the bytes past the last whole
    record are counted here."""
    if getattr(archive, "err_count", 0):
        log.warning("%s: %d WARC record(s) not followed by a blank line (a wrong Content-Length?)",
                    getattr(stream, "name", "WARC"), archive.err_count)
    try:
        size = os.fstat(stream.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        return None
    end = archive.get_record_offset() + archive.get_record_length() if records else 0
    if end < size:
        return (f"truncated or damaged WARC: {size - end} bytes after byte {end} hold no "
                f"complete record ({records} records read before)")
    return None


def warc_truncated(record) -> bool:
    """Whether a record's block ended before its Content-Length."""
    return getattr(record.raw_stream, "limit", 0) > 0


def _read_warc(stream, source: str) -> Iterator[Document | Failure]:
    try:
        archive = warc_archive(stream)
        records = 0
        for record in archive:
            records += 1
            if record.rec_type != "response":
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            ctype = (record.http_headers.get_header("Content-Type") or "") if record.http_headers else ""
            if "html" not in ctype:
                continue
            body = record.content_stream().read()
            where = f"{source}#{url}"
            if warc_truncated(record):
                yield Failure(where, "truncated WARC record: its content ends early")
                continue
            try:
                html = body.decode("utf-8", errors="replace")
                doc_id = content_hash(url or html)
                yield parse_html(html, doc_id=doc_id, path=source, url=url)
            except IngestError as exc:
                yield Failure(where, exc.problem)
            except (RecursionError, ValueError) as exc:  # one page the HTML parser cannot take
                yield Failure(where, f"cannot read the page ({type(exc).__name__})")
        damage = warc_damage(archive, stream, records)
        if damage:
            yield Failure(source, damage)
    except Exception as exc:  # warcio raises plain exceptions on corrupt archives
        yield Failure(source, f"unreadable WARC archive ({exc})")


def read_file(path: Path) -> Iterator[Document | Failure]:
    """Documents from one file, chosen by its suffix."""
    source = str(path)
    suffix = _suffix(path)
    try:
        if suffix in WARC_SUFFIXES:
            with path.open("rb") as stream:
                yield from _read_warc(stream, source)
            return
        if suffix in JSONL_SUFFIXES:  # streamed: the size limit holds per line
            with path.open("rb") as stream:
                yield from _read_jsonl(stream, source)
            return
        size = path.stat().st_size
        if size > max_bytes():
            raise IngestError(source, _too_big(size))
        if size == 0:
            raise IngestError(source, "empty file")
        raw = _decode(path.read_bytes(), source)
        if suffix in HTML_SUFFIXES:
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
    except (RecursionError, MemoryError, ValueError) as exc:  # a parser's limits (deep HTML, ...)
        yield Failure(source, f"cannot read the file ({type(exc).__name__}: {str(exc)[:100]})")


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


def _guarded(items: Iterable[Document | Failure], source: str) -> Iterator[Document | Failure]:
    """The items of one source; an error no reader foresaw ends that source with one
    Failure instead of stopping the batch."""
    try:
        yield from items
    except Exception as exc:  # isolate: a reader's bug on one input must not stop the batch
        log.debug("reading %s failed", source, exc_info=True)
        yield Failure(source, f"cannot read it ({type(exc).__name__}: {str(exc)[:100]})")


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
            items = (item for file in _expand(path) for item in _guarded(read_file(file), str(file)))
        for item in _guarded(items, source):
            if isinstance(item, Document):
                if item.id in seen_ids:
                    item.id = f"{item.id}_{item.content_hash[:8]}"
                seen_ids.add(item.id)
            yield item
