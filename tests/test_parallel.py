"""`analyze` parsing in two processes: the same output as in one, failures isolated,
Ctrl-C stops it cleanly."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from retold import extract as extract_mod
from retold.pipeline import analyze_documents
from retold.render import to_dict
from retold.settings import Settings
from tests.conftest import ROOT, make_doc

ARTICLES = [
    ("ledger_fire", '"The whole roof was gone by the time we got there," fire chief Maria Lopez said on '
     "Tuesday. The warehouse on Dock Street burned for six hours and cost the owner $2 million, "
     "according to the city's inspectors."),
    ("wire_fire", "A fire destroyed a Dock Street warehouse on Tuesday. Fire chief Maria Lopez told "
     'reporters that "the whole roof was gone by the time we got there." Damage was put at $2 million.'),
    ("beat_fire", 'Chief Lopez said the blaze "spread through the old timber in minutes". She added: '
     '"Nobody was inside, thank God." The owner, Sam Keller, 54, said he would rebuild.'),
    ("council_vote", 'The city council voted 7-2 on Monday to add bike lanes on Riverside Avenue. '
     '"This is about safety," said council member Priya Nair. Shop owners said 40 parking spaces would go.'),
    ("council_wire", "Riverside Avenue will get bike lanes after a 7-2 council vote. Council member Priya "
     'Nair called it "about safety"; critics, led by grocer Tom Reyes, said they would sue.'),
    ("court_case", 'Judge Ellen Park sentenced the former treasurer to four years on Friday. "You stole '
     'from your neighbours," Park told him. He must repay $310,000 within a year.'),
    ("court_wire", "A former town treasurer was sentenced to four years in prison on Friday. Judge Ellen "
     'Park said he "stole from his neighbours" and ordered him to repay $310,000.'),
]


def documents():
    return [make_doc(text, doc_id, "2024-05-0" + str(1 + i % 3)) for i, (doc_id, text) in enumerate(ARTICLES)]


def test_two_processes_give_the_same_analysis_as_one():
    one = to_dict(analyze_documents(documents(), settings=Settings(processes=1)))
    two = to_dict(analyze_documents(documents(), settings=Settings(processes=2)))
    assert any(d["quotes"] for d in one["documents"]) and len(one["stories"]) >= 2
    assert json.dumps(two, sort_keys=True) == json.dumps(one, sort_keys=True)


def test_a_document_that_fails_in_a_worker_skips_only_itself(nlp, monkeypatch):
    real = extract_mod.annotate

    def annotate(document, doc):
        if document.id == "beat_fire":
            raise ValueError("broken on purpose")
        return real(document, doc)
    monkeypatch.setattr(extract_mod, "annotate", annotate)  # the forked workers inherit it
    failed = []
    done = list(extract_mod.extract(documents(), nlp, n_process=2,
                                    on_error=lambda doc, exc: failed.append((doc.id, type(exc).__name__, str(exc)))))
    assert [d.id for d in done] == [i for i, _ in ARTICLES if i != "beat_fire"]
    assert failed == [("beat_fire", "ValueError", "broken on purpose")]  # as in one process
    assert next(d for d in done if d.id == "ledger_fire").quotes


def test_few_documents_are_parsed_in_this_process():
    assert extract_mod.processes_for(extract_mod.PARALLEL_MIN_DOCS - 1) == 1
    assert extract_mod.processes_for(10_000) == min(2, len(os.sched_getaffinity(0)))


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
def test_ctrl_c_stops_the_workers_and_exits_130(tmp_path):
    batch = tmp_path / "many.jsonl"
    with batch.open("w") as f:
        for n in range(400):
            doc_id, text = ARTICLES[n % len(ARTICLES)]
            f.write(json.dumps({"id": f"{doc_id}_{n}", "text": f"{text} (Report {n}.)"}) + "\n")
    proc = subprocess.Popen(
        [sys.executable, "-m", "retold", "analyze", str(batch), "--format", "json", "--no-progress"],
        cwd=ROOT, env={**os.environ, "RETOLD_PROCESSES": "2"}, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # as in a terminal
    deadline = time.monotonic() + 120
    while len(workers := _children(proc.pid)) < 2 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(workers) == 2, "the two workers never started"
    time.sleep(1)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole foreground group
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted" in err and "Traceback" not in err
    assert not any(Path(f"/proc/{w}").exists() for w in workers)


def test_copies_of_one_text_are_analysed_as_if_each_were_parsed_alone(nlp):
    """A text met again under another id (a wire copy) is parsed once: its documents
    get what each would get parsed alone, in one process and in two."""
    def with_copies():
        docs = documents() + [make_doc(ARTICLES[0][1], "copy_fire", "2024-05-03")]
        docs.insert(2, make_doc(ARTICLES[3][1], "copy_council", "2024-05-02"))
        return docs
    alone = [done for doc in with_copies() for done in extract_mod.extract([doc], nlp)]
    for processes in (1, 2):
        docs = with_copies()
        done = list(extract_mod.extract(docs, nlp, n_process=processes))
        assert [d.id for d in done] == [d.id for d in docs]
        assert json.dumps(to_dict_documents(done), sort_keys=True) == \
            json.dumps(to_dict_documents(alone), sort_keys=True)


def to_dict_documents(docs):
    from retold.models import Analysis

    return to_dict(Analysis(documents=docs, stories=[], failures=[], storylines=[]))["documents"]
