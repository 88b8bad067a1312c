"""Storylines: successive events of one running story threaded, in `analyze`, the JSON
contract and the store (SQLite and PostgreSQL), on short dated articles written here."""
import json
from importlib import resources

import jsonschema
import pytest

from retold.cluster import cluster, thread
from retold.cluster.storylines import linked, profile, storylines

# One running story, three events with the same actors: the shutdown begins, a deal two
# weeks later, an emergency declared three weeks after the deal. Then, in the same weeks,
# the same governor opening a hospital wing (another story), and a flood elsewhere.
RUNNING = {
    "begins_1": ("2025-01-03", "Vantor's state government shut down on Friday after Governor Ilse Brandt "
                 "and Senate leader Omar Quill failed to pass a budget by midnight. Parks and licence "
                 "offices closed. Brandt said Quill's plan cut school funding."),
    "begins_2": ("2025-01-03", "Thousands of Vantor state workers were sent home on Friday as a budget "
                 "standoff between Governor Ilse Brandt and Senate leader Omar Quill forced a shutdown. "
                 "Quill accused Brandt of refusing to negotiate."),
    "begins_3": ("2025-01-04", "State offices across Vantor stayed closed on Saturday, the second day of a "
                 "shutdown after Governor Ilse Brandt and Senate leader Omar Quill failed to agree on a "
                 "budget. About 20,000 workers were told to stay home."),
    "deal_1": ("2025-01-17", "Governor Ilse Brandt and Senate leader Omar Quill reached a budget deal on "
               "Friday, ending Vantor's two-week shutdown. The compromise restores school funding and "
               "delays a tax rebate. State workers return on Monday with back pay."),
    "deal_2": ("2025-01-17", "Vantor's shutdown ended on Friday when Governor Ilse Brandt signed a "
               "compromise budget negotiated overnight with Senate leader Omar Quill. The Senate "
               "approved it 30 to 19 before dawn."),
    "deal_3": ("2025-01-18", "A late-night compromise between Governor Ilse Brandt and Senate leader "
               "Omar Quill reopened Vantor's government. Quill called the budget deal a win for "
               "taxpayers; workers will receive back pay."),
    "emergency_1": ("2025-02-07", "Governor Ilse Brandt declared a state of emergency on Friday over "
                    "unpaid Medicaid claims left by Vantor's shutdown, and Senate leader Omar Quill "
                    "called it an overreach. Hospitals say they are owed 90 million dollars."),
    "emergency_2": ("2025-02-07", "Vantor Governor Ilse Brandt used emergency powers on Friday to pay "
                    "hospitals still owed Medicaid money from the shutdown. Senate leader Omar Quill "
                    "said the emergency order spends money the legislature never approved."),
    "emergency_3": ("2025-02-08", "An emergency declared by Governor Ilse Brandt lets Vantor pay "
                    "hospitals without Senate approval, angering Senate leader Omar Quill. Two rural "
                    "hospitals warned they could miss payroll."),
    "wing_1": ("2025-01-24", "Governor Ilse Brandt opened a new children's wing at Lakeside Hospital on "
               "Friday. The wing has 40 beds, two operating theatres and a playroom. Hospital director "
               "Tomas Ekker said families from the valley had waited years for paediatric surgery "
               "close to home."),
    "wing_2": ("2025-01-24", "A children's wing with 40 beds opened at Lakeside Hospital on Friday. "
               "Director Tomas Ekker showed visitors the operating theatres and the playroom painted "
               "by local pupils, and Governor Ilse Brandt cut the ribbon."),
    "wing_3": ("2025-01-25", "Lakeside Hospital's new children's wing admitted its first patients on "
               "Saturday, a day after Governor Ilse Brandt opened it. Tomas Ekker, the hospital's "
               "director, said paediatric surgeons would start operating next week."),
    "flood_1": ("2025-01-22", "The Orrin River burst its banks at Kelby on Wednesday, flooding 300 homes. "
                "Firefighters rescued residents by boat and the town opened shelters in two schools."),
    "flood_2": ("2025-01-22", "Floodwater from the Orrin River filled the streets of Kelby on Wednesday. "
                "About 300 homes were flooded and residents spent the night in school shelters."),
}
EVENTS = {"begins": "running", "deal": "running", "emergency": "running", "wing": "wing", "flood": "flood"}


def event_of(doc_id: str) -> str:
    return doc_id.rsplit("_", 1)[0]


def events_and_lines(docs):
    """The stories (as sets of document ids) and, per storyline, its events' names."""
    groups = cluster(docs)
    ids = [f"s{k}" for k in range(len(groups))]
    lines = thread([(sid, sid, group) for sid, group in zip(ids, groups)])
    events = {sid: sorted({event_of(d.id) for d in group}) for sid, group in zip(ids, groups)}
    return ([sorted(d.id for d in g) for g in groups],
            sorted(sorted(e for sid in line.stories for e in events[sid]) for line in lines))


def test_three_successive_events_are_three_stories_in_one_storyline(annotate):
    docs = [annotate(text, doc_id, date) for doc_id, (date, text) in RUNNING.items()]
    stories, lines = events_and_lines(docs)
    assert sorted(stories) == sorted(sorted(d for d in RUNNING if event_of(d) == e) for e in EVENTS)
    assert lines == [["begins", "deal", "emergency"], ["flood"], ["wing"]]


def test_the_same_story_two_months_later_is_not_threaded(annotate):
    """A storyline chains events close in time: the emergency two months after the
    deal (and nothing in between) starts a storyline of its own."""
    later = {k: ("2025-03-28" if k.startswith("emergency") else date, text)
             for k, (date, text) in RUNNING.items() if not k.startswith(("wing", "flood"))}
    docs = [annotate(text, doc_id, date) for doc_id, (date, text) in later.items()]
    assert events_and_lines(docs)[1] == [["begins", "deal"], ["emergency"]]


def _profile(story_id, first, leading, words, terms):
    return {"id": story_id, "title": story_id, "size": 3, "first": first, "last": first,
            "leading": leading, "actors": leading, "terms": terms, "words": words}


def test_the_rules_on_plain_profiles():
    """A shared leading actor links events when what happened is somewhat alike, not
    otherwise (the governor opening a wing); without one, only nearly the same terms or
    the same kind of event in nearly the same words link; nothing links across more
    than MAX_GAP days."""
    budget = _profile("a", "2025-01-03", ["brandt"], {"budget": 0.9, "shutdown": 0.44}, {"#brandt": 0.6, "budget": 0.8})
    deal = _profile("b", "2025-01-17", ["brandt"], {"budget": 0.3, "deal": 0.95}, {"#brandt": 0.6, "deal": 0.8})
    wing = _profile("c", "2025-01-24", ["brandt"], {"hospital": 0.8, "wing": 0.6}, {"#brandt": 0.6, "wing": 0.8})
    rehab = _profile("d", None, ["reid"], {"rehab": 0.9, "treatment": 0.44}, {"#reid": 1.0})
    other_rehab = _profile("e", None, ["lohan"], {"rehab": 0.9, "clinic": 0.44}, {"#lohan": 1.0})
    assert linked(budget, deal) and not linked(deal, wing) and not linked(budget, wing)
    assert not linked(budget, {**deal, "leading": ["quill"], "actors": ["quill"]})
    assert linked(rehab, other_rehab)
    assert linked({**budget, "leading": []}, {**budget, "id": "f", "words": {}, "leading": []})
    assert not linked(budget, {**deal, "first": "2025-03-20", "last": "2025-03-20"})
    lines = storylines([wing, deal, budget])
    assert [line.stories for line in lines] == [["a", "b"], ["c"]]
    assert (lines[0].first, lines[0].last) == ("2025-01-03", "2025-01-17")
    assert lines == storylines([budget, wing, deal])


def test_a_profile_is_made_from_plain_features(annotate):
    from retold.cluster import features

    docs = [annotate(RUNNING[k][1], k, RUNNING[k][0]) for k in ("deal_1", "deal_2", "deal_3")]
    p = profile("s", [features(d).to_json() for d in docs], "Budget deal")
    assert {"brandt", "quill"} <= set(p["leading"])
    assert (p["first"], p["last"]) == ("2025-01-17", "2025-01-18")
    assert "deal" in p["words"] and "brandt" not in p["words"]
    assert json.loads(json.dumps(p)) == p


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "articles"
    path.mkdir()
    rows = [{"id": k, "text": text, "published": date} for k, (date, text) in RUNNING.items()]
    (path / "wires.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def _schema():
    return json.loads(resources.files("retold").joinpath("schema/analyze.schema.json").read_text())


def test_analyze_json_lists_storylines(folder):
    from retold.contract import to_dict
    from retold.pipeline import analyze

    data = to_dict(analyze([str(folder)]))
    jsonschema.Draft202012Validator(_schema()).validate(data)
    story_docs = {s["id"]: s["documents"] for s in data["stories"]}
    threaded = [line for line in data["storylines"] if len(line["stories"]) > 1]
    assert len(threaded) == 1 and len(data["storylines"]) == 3
    line = threaded[0]
    assert sorted(event_of(d) for s in line["stories"] for d in story_docs[s])[::3] == ["begins", "deal", "emergency"]
    assert (line["first"], line["last"]) == ("2025-01-03", "2025-02-08")
    assert sorted(s for line in data["storylines"] for s in line["stories"]) == sorted(story_docs)


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path):
    if request.param == "postgresql":
        return request.getfixturevalue("postgres_server").new_database()
    return str(tmp_path / "retold.db")


def test_the_store_threads_events_as_analyze_does(folder, target):
    from retold.contract import to_dict
    from retold.pipeline import analyze, ingest, story_from_store
    from retold.store import Store

    result = analyze([str(folder)])
    docs_of = {s.id: s.documents for s in result.stories}
    expected = sorted(sorted(d for sid in line.stories for d in docs_of[sid]) for line in result.storylines)
    assert len(expected) == 3
    store = Store.open(target)
    try:
        for name in ("begins", "wing", "deal", "flood", "emergency"):  # one event per ingest
            part = folder.parent / f"{name}.jsonl"
            part.write_text("\n".join(json.dumps({"id": k, "text": t, "published": d})
                                      for k, (d, t) in RUNNING.items() if event_of(k) == name) + "\n")
            ingest([str(part)], store)
        rows = store.stories()
        lines = {}
        for r in rows:
            lines.setdefault(r["storyline_id"], []).extend(d.id for d in store.documents_of(r["id"]))
        assert sorted(sorted(g) for g in lines.values()) == expected
        emergency = next(r for r in rows if "emergency_1" in [d.id for d in store.documents_of(r["id"])])
        data = to_dict(story_from_store(store, emergency["id"]))
        jsonschema.Draft202012Validator(_schema()).validate(data)
        assert len(data["storylines"]) == 1 and len(data["storylines"][0]["stories"]) == 3
        assert data["storylines"][0]["first"] == "2025-01-03"
    finally:
        store.close()


def test_stories_and_show_print_the_storyline(folder, tmp_path, monkeypatch):
    from tests.test_cli import run

    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal: rows not folded
    db = str(tmp_path / "cli.db")
    assert run("ingest", str(folder), "--db", db).returncode == 0
    rows = json.loads(run("stories", "--db", db, "--format", "json").stdout)
    running = [r for r in rows if r["storyline_stories"] == 3]
    assert len(running) == 3 and len({r["storyline_id"] for r in running}) == 1
    assert "(3 events)" in run("stories", "--db", db).stdout
    shown = run("show", running[0]["storyline_id"], "--db", db, "--format", "json")
    assert [e["id"] for e in json.loads(shown.stdout)["events"]] == json.loads(shown.stdout)["stories"]
    assert len(json.loads(shown.stdout)["events"]) == 3
    text = run("show", running[0]["id"], "--db", db).stdout
    assert "Storylines" in text and running[0]["storyline_id"] in text


def test_a_store_made_before_storylines_is_threaded_when_opened(folder, target, monkeypatch):
    from retold.pipeline import ingest
    from retold.store import MIGRATIONS, PG_MIGRATIONS, PostgresStore, Store

    monkeypatch.setattr(Store, "migrations", MIGRATIONS[:2])
    monkeypatch.setattr(PostgresStore, "migrations", PG_MIGRATIONS[:2])
    monkeypatch.setattr("retold.pipeline.rethread", lambda store, titles: None)  # as retold did then
    old = Store.open(target)
    ingest([str(folder)], old)
    assert old.version() == 2
    old.close()
    monkeypatch.undo()
    store = Store.open(target)
    try:
        assert store.version() == len(MIGRATIONS)
        sizes = sorted(line.stories.__len__() for line in
                       {r["storyline_id"]: store.storyline(r["storyline_id"]) for r in store.stories()}.values())
        assert sizes == [1, 1, 3]
    finally:
        store.close()


def test_later_news_does_not_join_a_story_in_any_arrival_order(annotate, tmp_path):
    """The deal, dated two weeks after the shutdown's articles, starts its own story
    even when the events' articles arrive interleaved (engine.later_news)."""
    from retold.store import Store
    from tests.test_cluster import place_all

    ids = ["deal_2", "begins_3", "emergency_1", "deal_1", "begins_1", "emergency_3", "begins_2",
           "deal_3", "emergency_2"]
    docs = [annotate(RUNNING[k][1], k, RUNNING[k][0]) for k in ids]
    store = Store(tmp_path / "retold.db")
    assert place_all(store, docs) == [sorted(k for k in RUNNING if k.startswith(e))
                                      for e in ("begins", "deal", "emergency")]
    store.close()
