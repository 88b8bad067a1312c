"""The batch's stages as pure functions over plain records, so that the local engine
and Spark run the same code: extraction of a partition, the LSH band keys of an
article, the scored candidate pairs of one band bucket, connected components of the
pairs, and the placement and reconciliation of one component by the story engine."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator

from .. import nlp as nlp_mod
from ..cluster import Features, cluster, features, lsh_keys, salient_terms, story_id
from ..cluster.features import lsh_key, similarity, weigh
from ..extract import extract
from ..models import Document, document_from_dict, document_to_dict
from ..reconcile import reconcile
from ..settings import Settings
from .sources import FIELDS
from .tables import story_rows

log = logging.getLogger(__name__)

BUCKET_MAX = 50  # articles of one band bucket paired with each other (the first by id)
EDGE_SHARE = 0.5  # a candidate pair links two articles at this share of the engine's threshold
EXTRACTED_FIELDS = ("id", "status", "source", "error", "date", "keys", "features", "doc", "order")


def extract_records(records: Iterable[dict], settings: Settings) -> Iterator[dict]:
    """Extracted articles (or the failures and skipped records passed through) from
    read records; spaCy is loaded once per process. A record's `order` (its place in
    the input, which Spark carries to keep the first of two articles with one id) is
    passed through."""
    nlp = nlp_mod.load(settings.model)
    pending: list[tuple[Document, dict]] = []

    def flush():
        given = {id(doc): record for doc, record in pending}
        failures: list[dict] = []

        def failed(doc, exc):
            failures.append(_passed({**given[id(doc)], "status": "failed",
                                     "error": f"analysis failed ({type(exc).__name__}: {exc})"}))
        for doc in extract([d for d, _ in pending], nlp, batch_size=settings.batch_size, on_error=failed):
            record = given[id(doc)]
            yield {**extracted(doc, record["source"]), "order": record.get("order")}
        yield from failures
        pending.clear()

    for record in records:
        if record["status"] != "article":
            yield _passed(record)
            continue
        pending.append((Document(**{f: record[f] for f in FIELDS}), record))
        if len(pending) >= settings.batch_size * 4:
            yield from flush()
    if pending:
        yield from flush()


def _passed(record: dict) -> dict:
    return {"id": None, "date": None, "keys": [], "features": None, "doc": None,
            **{k: record.get(k) for k in ("status", "source", "error", "order")}}


def band_keys(feats: Features) -> list[int]:
    """The article's LSH band keys over its salient terms under the English prior alone
    (no archive yet): the same keys whatever else the batch holds, so they can be
    group-by keys."""
    return sorted({lsh_key(band, value) for band, value in lsh_keys(salient_terms(feats, {}, 0))})


def extracted(doc: Document, source: str) -> dict:
    feats = features(doc)
    return {"id": doc.id, "status": "article", "source": source, "error": None,
            "date": feats.date, "keys": band_keys(feats),
            "features": json.dumps(feats.to_json(), sort_keys=True),
            "doc": json.dumps(document_to_dict(doc), ensure_ascii=False)}


def bucket_pairs(members: list[tuple[str, str]], threshold: float) -> list[tuple[str, str]]:
    """Pairs of one band bucket's articles (id, features JSON) that the engine's
    similarity (under the English prior) finds alike enough to be placed together."""
    members = sorted(set(members))[:BUCKET_MAX]
    weighted = [(d, weigh(Features.from_json(json.loads(f)), {}, 0)) for d, f in members]
    return [(a, b) for i, (a, wa) in enumerate(weighted) for b, wb in weighted[i + 1:]
            if similarity(wa, wb) >= EDGE_SHARE * threshold]


def components(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Connected components of the pairs (union-find): article id -> the smallest id of
    its component. Articles in no pair are components of their own."""
    parent: dict[str, str] = {}

    def root(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: root(x) for x in parent}


def place_and_reconcile(docs: Iterable[str], settings: Settings) -> Iterator[tuple[str, dict]]:
    """One component's articles (document JSON) placed by the story engine (publication
    date order, ties by id) and each story reconciled: (table, row) pairs."""
    documents = sorted((document_from_dict(json.loads(d)) for d in docs), key=lambda d: d.id)
    for group in cluster(documents, threshold=settings.cluster_threshold):
        story = reconcile(group, summary_sentences=settings.summary_sentences, story_id=story_id(group))
        for table, rows in story_rows(story, group).items():
            for row in rows:
                yield table, row
