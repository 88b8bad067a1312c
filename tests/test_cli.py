"""The `retold analyze` command as a user runs it."""
import json
import subprocess
import sys
from importlib import resources

import jsonschema
import pytest

from tests.conftest import ROOT


def run(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "retold", *args], capture_output=True,
                          text=True, input=stdin, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def examples_json(tmp_path_factory):
    bad = tmp_path_factory.mktemp("bad") / "broken.txt"
    bad.write_bytes(b"\xff\xfe not text")
    proc = run("analyze", "examples", str(bad), "--format", "json")
    return proc, json.loads(proc.stdout)


def test_json_output_follows_the_schema(examples_json):
    _, data = examples_json
    schema = json.loads(resources.files("retold").joinpath("schema/analyze.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(data)


def test_offsets_point_into_printed_text(examples_json):
    _, data = examples_json
    texts = {d["id"]: d["text"] for d in data["documents"]}
    for d in data["documents"]:
        for q in d["quotes"]:
            assert " ".join(d["text"][s:e] for s, e in q["parts"]) == q["text"]
            if q["speaker_mention"]:
                m = q["speaker_mention"]
                assert d["text"][m["start"]:m["end"]] == m["text"]
    for story in data["stories"]:
        for u in story["utterances"]:
            for m in u["mentions"]:
                assert texts[m["document"]][m["start"]:m["end"]] == m["text"]


def test_bad_file_is_one_line_on_stderr_and_the_rest_goes_on(examples_json):
    proc, data = examples_json
    assert proc.returncode == 1  # some input failed; the rest is analysed and printed
    assert proc.stderr.splitlines()[-1] == "5 articles read, 1 failed"
    errors = [line for line in proc.stderr.splitlines() if "broken.txt" in line]
    assert len(errors) == 1 and "UTF-8" in errors[0]
    assert len(data["documents"]) == 4
    assert data["failures"][0]["source"].endswith("broken.txt")


def test_examples_stories(examples_json):
    _, data = examples_json
    stories = sorted(sorted(s["documents"]) for s in data["stories"])
    assert stories == [["daily_ledger_whitlock", "metro_wire_whitlock", "screen_beat_whitlock"],
                       ["riverside_bike_lanes"]]
    docs = {d["id"]: d for d in data["documents"]}
    epithet = next(q for q in docs["screen_beat_whitlock"]["quotes"] if "believe in" in q["text"])
    assert epithet["speaker"] == "Dara Whitlock"
    assert epithet["speaker_mention"]["text"] == "the Salt Road director"
    assert epithet["via"] == "The Hollywood Courier"
    assert [t["text"] for t in docs["daily_ledger_whitlock"]["titles"]] == ["The Salt Road"]


def test_examples_censored_versions_align(examples_json):
    _, data = examples_json
    story = next(s for s in data["stories"] if "daily_ledger_whitlock" in s["documents"])
    gut = next(u for u in story["utterances"] if "gut it in the edit" in u["text"])
    assert {m["document"] for m in gut["mentions"]} == {
        "daily_ledger_whitlock", "screen_beat_whitlock", "metro_wire_whitlock"}
    screen = next(m for m in gut["mentions"] if m["document"] == "screen_beat_whitlock")
    assert {"kind": "censored", "this": "f*****g", "fullest": "f---ing"}.items() <= \
        next(c for c in screen["changes"] if c["kind"] == "censored").items()


def test_examples_fidelity_says_how_each_outlet_quotes(examples_json):
    _, data = examples_json
    story = next(s for s in data["stories"] if "daily_ledger_whitlock" in s["documents"])
    rows = {r["document"]: r for r in story["fidelity"]}
    assert set(rows) == set(story["documents"])
    assert rows["screen_beat_whitlock"]["censored"] >= 1  # it printed f*****g where others wrote f---ing
    kinds = ("verbatim", "trimmed", "ellipsis", "censored", "reworded", "retouched")
    assert all(r["sentences"] == sum(r[k] for k in kinds) for r in rows.values())


def test_text_format_shows_speakers_and_versions():
    proc = run("analyze", "examples", "--format", "text")
    assert proc.returncode == 0
    assert "Dara Whitlock" in proc.stdout and "screen_beat_whitlock" in proc.stdout
    assert "Peter Mayne" in proc.stdout


def test_stdin_and_only_bad_input_exit_code(tmp_path):
    proc = run("analyze", "-", "--format", "json",
               stdin=' date 2024-05-01 "We will reopen on Monday," said manager Ana Ruiz.')
    data = json.loads(proc.stdout)
    assert data["documents"][0]["quotes"][0]["speaker"] == "Ana Ruiz"
    missing = run("analyze", str(tmp_path / "nope.txt"), "--format", "json")
    assert missing.returncode == 1 and "nope.txt: no such file or directory" in missing.stderr


def test_every_command_has_help():
    from click.testing import CliRunner
    from retold.cli import main
    for name, command in main.commands.items():
        assert command.help, name
        assert CliRunner().invoke(main, [name, "--help"]).exit_code == 0


def test_store_commands_end_to_end(tmp_path):
    db = str(tmp_path / "retold.db")
    ingest = run("ingest", "examples", "--db", db)
    assert ingest.returncode == 0 and "4 added" in ingest.stderr
    stories = json.loads(run("stories", "--db", db, "--format", "json").stdout)
    whitlock = next(s for s in stories if s["size"] == 3)
    shown = json.loads(run("show", whitlock["id"][:12], "--db", db, "--format", "json").stdout)
    assert sorted(shown["stories"][0]["documents"]) == [
        "daily_ledger_whitlock", "metro_wire_whitlock", "screen_beat_whitlock"]
    md = run("export", whitlock["id"], "--db", db, "--format", "md").stdout
    assert md.startswith("# ") and "CONFLICT" not in md and "| conflict | money |" in md
    quotes = run("quotes", "--db", db, "--speaker", "Nwosu").stdout
    assert "keeping people alive" in quotes
    assert "riverside_bike_lanes" in run("search", "parking spaces", "--db", db).stdout
    missing = run("show", "story_nope", "--db", db)
    assert missing.returncode == 1 and "no story" in missing.stderr


def test_article_text_is_not_terminal_markup():
    text = ' date 2024-05-01 "We [bold]never[/bold] agreed to [link=http://x]this[/link]," said mayor Ana Ruiz.'
    out = run("analyze", "-", "--format", "text", stdin=text).stdout
    assert "[bold]never[/bold]" in out and "[link=http://x]this[/link]" in out


_HEAVY = ("spacy", "thinc", "sklearn", "scipy", "pandas", "pyarrow", "fastapi", "uvicorn", "dateparser",
          "trafilatura", "datasketch", "wordfreq", "pyspark")


def modules_loaded(*args):
    """Run `retold ARGS` in a fresh interpreter; the heavy libraries it imported."""
    code = ("import sys\nfrom retold.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            f"print([m for m in {_HEAVY!r} if m in sys.modules], file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    return proc.stdout, json.loads(proc.stderr.strip().splitlines()[-1].replace("'", '"'))


def test_help_and_store_reads_do_not_load_the_pipeline(tmp_path):
    """`retold --help`, `stories` and `show` start fast: no spaCy, no web server, no scikit-learn."""
    article = tmp_path / "a.txt"
    article.write_text(' date 2024-05-01 "We will reopen the library on Monday," said manager Ana Ruiz.\n\n'
                       "The library on Elm Street closed after a burst pipe flooded its basement.\n")
    db = str(tmp_path / "retold.db")
    assert run("ingest", str(article), "--db", db).returncode == 0
    out, loaded = modules_loaded("--help")
    assert "analyze" in out and loaded == []
    out, loaded = modules_loaded("stories", "--db", db, "--format", "json")
    story = json.loads(out)[0]["id"]
    assert loaded == []
    out, loaded = modules_loaded("show", story, "--db", db)
    assert "Ana Ruiz" in out and loaded == []
