"""Batch inputs: globs, directories and files (JSONL, Parquet, seed text, HTML, WARC)
read into plain records, one per article, failure or skipped WARC record. A record is
what travels between the reading and the extraction (a Spark row, a pandas row)."""
from __future__ import annotations

import glob
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import IngestError
from ..ingest import SUPPORTED, content_hash, parse_html, parse_record, read_file
from ..models import Document, Failure

log = logging.getLogger(__name__)

PARQUET_SUFFIXES = {".parquet"}
FIELDS = ("id", "path", "url", "outlet", "title", "published", "content_hash", "text")
# a record: the article's fields, `status` (article | failed | skipped) and `source`/`error`
RECORD_FIELDS = FIELDS + ("status", "source", "error")


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".warc.gz" if name.endswith(".warc.gz") else path.suffix.lower()


def expand(inputs: Iterable[str]) -> tuple[list[str], list[dict]]:
    """Input files from paths, globs and directories (sorted, hidden files left out), and
    a failure record for each input that matches nothing."""
    files, missing = [], []
    for given in inputs:
        matches = sorted(glob.glob(given, recursive=True)) if glob.has_magic(given) else [given]
        found = False
        for match in matches:
            path = Path(match)
            if path.is_dir():
                for child in sorted(path.rglob("*")):
                    if (child.is_file() and _suffix(child) in SUPPORTED | PARQUET_SUFFIXES
                            and not any(p.startswith(".") for p in child.relative_to(path).parts)):
                        files.append(str(child))
                        found = True
            elif path.is_file():
                files.append(str(path))
                found = True
        if not found:
            missing.append(failed(given, "no such file or directory"))
    return files, missing


def article(doc: Document) -> dict:
    return {**{f: getattr(doc, f) for f in FIELDS}, "status": "article",
            "source": doc.path or doc.id, "error": None}


def failed(source: str, error: str) -> dict:
    return {**dict.fromkeys(FIELDS), "status": "failed", "source": source, "error": error}


def skipped(source: str, why: str) -> dict:
    return {**dict.fromkeys(FIELDS), "status": "skipped", "source": source, "error": why}


def read_warc(path: str) -> Iterator[dict]:
    """HTML responses of a WARC archive through trafilatura; other records (requests,
    metadata, images, redirects, errors) skipped and counted. A truncated archive gives
    the records before the damage and one failure."""
    from warcio.archiveiterator import ArchiveIterator

    try:
        with open(path, "rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI")
                where = f"{path}#{url}"
                headers = record.http_headers
                if headers is None or not (headers.get_header("Content-Type") or "").startswith("text/html"):
                    yield skipped(where, "not HTML")
                    continue
                if headers.get_statuscode() != "200":
                    yield skipped(where, f"HTTP status {headers.get_statuscode()}")
                    continue
                body = record.content_stream().read()
                while record.raw_stream.read(1 << 16):
                    pass
                if getattr(record.raw_stream, "limit", 0):  # warcio ends a cut-off record quietly
                    yield failed(where, f"truncated WARC record ({record.raw_stream.limit} bytes missing)")
                    continue
                try:
                    html = body.decode("utf-8", errors="replace")
                    yield article(parse_html(html, doc_id=content_hash(url or html), path=path, url=url))
                except IngestError as exc:
                    yield failed(where, exc.problem)
    except Exception as exc:  # warcio raises plain exceptions on corrupt archives
        yield failed(path, f"unreadable WARC record ({type(exc).__name__}: {exc})")


def read_parquet(path: str, batch_size: int = 1024) -> Iterator[dict]:
    """A Parquet file of articles with the JSONL fields, read in batches."""
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(path)
        names = set(reader.schema_arrow.names)
        columns = [c for c in ("id", "url", "outlet", "published", "date", "title", "text") if c in names]
        if "text" not in names:
            yield failed(path, 'no "text" column')
            return
        number = 0
        for batch in reader.iter_batches(batch_size=batch_size, columns=columns):
            for row in batch.to_pylist():
                number += 1
                yield from _record(row, f"{path}:{number}")
    except Exception as exc:  # pyarrow's errors on a damaged file
        yield failed(path, f"unreadable Parquet file ({type(exc).__name__}: {exc})")


def _record(row: dict, source: str) -> Iterator[dict]:
    try:
        if row.get("published") is not None:
            row["published"] = str(row["published"])
        yield article(parse_record(row, source=source, fallback_id=""))
    except IngestError as exc:
        yield failed(exc.source, exc.problem)


def read_path(path: str) -> Iterator[dict]:
    """The records of one input file."""
    suffix = _suffix(Path(path))
    if suffix in PARQUET_SUFFIXES:
        yield from read_parquet(path)
    elif suffix in (".warc", ".warc.gz"):
        yield from read_warc(path)
    else:
        for item in read_file(Path(path)):
            yield failed(item.source, item.message) if isinstance(item, Failure) else article(item)


def read_inputs(inputs: Iterable[str]) -> Iterator[dict]:
    """Every record of every input, in order (the local engine's reader)."""
    files, missing = expand(inputs)
    yield from missing
    for path in files:
        yield from read_path(path)
