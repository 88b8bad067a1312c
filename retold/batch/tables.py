"""The tables a batch writes, one Parquet dataset each, and how a reconciled story
becomes their rows. Column names are the fields of DESIGN.md's JSON contract; nested
values (a quote's parts, an utterance's mentions) are JSON text, so the same rows go
through pyarrow (local engine) and Spark unchanged."""
from __future__ import annotations

import json

from ..models import Document, Story, document_to_dict
from ..contract import quote_dict, story_dict

# table -> [(column, type)]; types: string, long, double, strings (a list), json (text)
TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": [("id", "string"), ("story", "string"), ("path", "string"), ("url", "string"),
                  ("outlet", "string"), ("title", "string"), ("published", "string"),
                  ("content_hash", "string"), ("text", "string"), ("dates", "json"),
                  ("record", "json")],
    "quotes": [("id", "string"), ("document", "string"), ("story", "string"), ("start", "long"),
               ("end", "long"), ("parts", "json"), ("text", "string"), ("kind", "string"),
               ("speaker", "string"), ("speaker_mention", "json"), ("speaker_type", "string"),
               ("attribution", "string"), ("via", "string")],
    "stories": [("id", "string"), ("title", "string"), ("documents", "strings"),
                ("first_published", "string"), ("last_published", "string"),
                ("entities", "json"), ("fidelity", "json"), ("summary", "json")],
    "utterances": [("id", "string"), ("story", "string"), ("speaker", "string"), ("text", "string"),
                   ("documents", "strings"), ("mentions", "json")],
    "facts": [("story", "string"), ("kind", "string"), ("value", "double"), ("unit", "string"),
              ("subject", "string"), ("text", "string"), ("documents", "strings"),
              ("agreement", "string")],
    "timeline": [("story", "string"), ("date", "string"), ("event", "string"),
                 ("documents", "strings"), ("evidence", "json")],
}


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _row(table: str, values: dict) -> dict:
    """Only the table's columns, nested ones as JSON text."""
    return {name: (_json(values.get(name)) if kind == "json" else values.get(name))
            for name, kind in TABLES[table]}


def story_rows(story: Story, documents: list[Document]) -> dict[str, list[dict]]:
    """Every table's rows for one reconciled story."""
    record = story_dict(story)
    dates = sorted(d.published for d in documents if d.published)
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    rows["stories"].append(_row("stories", {
        **record, "first_published": dates[0] if dates else None,
        "last_published": dates[-1] if dates else None,
        "fidelity": record.get("fidelity", record.get("coverage"))}))
    for doc in documents:
        rows["documents"].append(_row("documents", {
            **doc.__dict__, "story": story.id,
            "dates": [{"start": x.start, "end": x.end, "text": x.text, "value": x.value} for x in doc.dates],
            "record": document_to_dict(doc)}))
        for q in doc.quotes:
            rows["quotes"].append(_row("quotes", {**quote_dict(q), "document": doc.id, "story": story.id}))
    for u in record["utterances"]:
        rows["utterances"].append(_row("utterances", {**u, "story": story.id}))
    for f in record["facts"]:
        rows["facts"].append(_row("facts", {**f, "story": story.id, "value": float(f["value"])}))
    for t in record["timeline"]:
        rows["timeline"].append(_row("timeline", {**t, "story": story.id}))
    return rows


def arrow_schema(table: str):
    import pyarrow as pa

    types = {"string": pa.string(), "long": pa.int64(), "double": pa.float64(),
             "strings": pa.list_(pa.string()), "json": pa.string()}
    return pa.schema([(name, types[kind]) for name, kind in TABLES[table]])


def spark_ddl(table: str) -> str:
    types = {"string": "string", "long": "bigint", "double": "double", "strings": "array<string>",
             "json": "string"}
    return ", ".join(f"`{name}` {types[kind]}" for name, kind in TABLES[table])
