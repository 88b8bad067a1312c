"""retold batch (local engine) and retold load: tables, manifest, failures, the store."""
import json
from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

from retold.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _stories(out: Path) -> set[frozenset]:
    return {frozenset(r["documents"]) for r in pq.read_table(out / "stories").to_pylist()}


def test_local_batch_writes_tables_and_counts_failures(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": ""}\nnot json\n')
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["batch", str(EXAMPLES), str(bad), "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert (out / "_SUCCESS").exists()
    assert _stories(out) == {frozenset({"daily_ledger_whitlock", "metro_wire_whitlock", "screen_beat_whitlock"}),
                             frozenset({"riverside_bike_lanes"})}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["articles"] == 4 and manifest["failed"] == 2
    assert {f["source"] for f in manifest["failures"]} == {f"{bad}:1", f"{bad}:2"}
    quotes = pq.read_table(out / "quotes").to_pylist()
    assert manifest["tables"]["quotes"] == len(quotes)
    assert ("daily_ledger_whitlock", "Dara Whitlock") in {(q["document"], q["speaker"]) for q in quotes}


def test_load_then_stories_lists_the_batch_stories(tmp_path):
    out, db = tmp_path / "out", tmp_path / "r.db"
    runner = CliRunner()
    assert runner.invoke(main, ["batch", str(EXAMPLES), "--out", str(out), "--no-progress"]).exit_code == 0
    result = runner.invoke(main, ["load", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    listed = json.loads(runner.invoke(main, ["stories", "--db", str(db), "--format", "json"]).output)
    batch = {r["id"]: r["documents"] for r in pq.read_table(out / "stories").to_pylist()}
    assert {r["id"]: r["size"] for r in listed} == {sid: len(docs) for sid, docs in batch.items()}
