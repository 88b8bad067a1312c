"""retold serve: pages and the JSON API over a real SQLite store of short articles."""
import json

import pytest
from fastapi.testclient import TestClient

from retold.pipeline import ingest
from retold.store import Store
from retold.web import create_app, export_html

ARTICLES = {
    "a_tribune": ("Mayor Ana Ruiz defended the budget on Monday. \"We will fix every road in this city before "
                  "the winter comes, and we will do it without raising taxes,\" Ruiz said. The council votes on "
                  "March 9, 2026."),
    "b_herald": ("Mayor Ana Ruiz defended her budget. \"We will fix every road in this city … without raising "
                 "taxes,\" Ruiz said, according to the Tribune. The council votes on March 9, 2026."),
}
HOSTILE = ("Critic Bo Lane attacked the plan. \"<script>alert(1)</script> is <b>bold</b> and "
           "<a href=\"javascript:alert(2)\">click</a> here,\" Lane said on Monday.")


def _store(root, target):
    for name, text in {**ARTICLES, "c_hostile": HOSTILE}.items():
        (root / f"{name}.txt").write_text(f" date 2026-02-01 {text}", encoding="utf-8")
    store = Store.open(target)
    ingest([str(root / f"{n}.txt") for n in (*ARTICLES, "c_hostile")], store)
    store.close()
    return target


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def db(request, tmp_path_factory):
    """The same three articles in a SQLite store and in a PostgreSQL store."""
    root = tmp_path_factory.mktemp("web")
    target = (request.getfixturevalue("postgres_server").new_database() if request.param == "postgresql"
              else str(root / "retold.db"))
    return _store(root, target)


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db, token="s3cret"))


def _story_id(client):
    stories = client.get("/api/stories").json()["stories"]
    return next(s["id"] for s in stories if s["size"] == 2)


def test_story_page_shows_both_versions_and_the_cut(client):
    sid = _story_id(client)
    html = client.get(f"/stories/{sid}").text
    assert "We will fix every road in this city before the winter comes" in html
    assert "<del class=\"ellipsis\"" in html  # the Herald's ellipsis is marked as a cut
    assert "via" in html and "2026-03-09" in html  # timeline SVG carries the date
    assert "<svg" in html


def test_every_page_answers_as_json_from_the_same_view(client):
    sid = _story_id(client)
    page = client.get(f"/stories/{sid}.json").json()
    assert client.get(f"/stories/{sid}", headers={"Accept": "application/json"}).json() == page
    assert {v["document"] for u in page["utterances"] for v in u["versions"]} == {"a_tribune", "b_herald"}
    rows = {r["document"]: r for r in page["fidelity"]}
    assert rows["a_tribune"]["verbatim"] >= 1 and rows["b_herald"]["ellipsis"] >= 1


def test_api_story_is_the_analyze_contract(client):
    sid = _story_id(client)
    data = client.get(f"/api/stories/{sid}").json()
    assert {d["id"] for d in data["documents"]} == {"a_tribune", "b_herald"}
    assert data["stories"][0]["fidelity"]
    assert client.get("/api/stories/nope").status_code == 404
    assert client.get("/api/stories/nope").json()["error"]


def test_list_filters_and_search(client):
    assert len(client.get("/api/stories?q=budget").json()["stories"]) == 1
    assert client.get("/api/stories?since=2030-01-01").json()["stories"] == []
    assert client.get("/api/search?q=roads+winter").json()["quotes"] or client.get("/api/search?q=winter").json()["quotes"]
    sid = _story_id(client)
    speaker = next(u["speaker"] for u in client.get(f"/stories/{sid}.json").json()["utterances"] if u["speaker"])
    person = client.get(f"/people/{speaker}.json").json()
    assert any("fix every road" in q["text"] for g in person["quotes"] for q in g["quotes"])


def test_untrusted_text_is_escaped(client):
    html = client.get("/documents/c_hostile").text
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html
    assert 'href="javascript:' not in html
    assert "script-src 'none'" in client.get("/documents/c_hostile").headers["content-security-policy"]


def test_upload_needs_the_token_and_checks_the_body(client):
    assert client.post("/api/documents", content="x", headers={"Content-Type": "text/plain"}).status_code == 401
    bad = client.post("/api/documents", content="x", headers={"Authorization": "Bearer s3cret",
                                                               "Content-Type": "image/png"})
    assert bad.status_code == 415 and "content type" in bad.json()["error"]
    big = client.post("/api/documents", content="x" * (6 * 1024 * 1024),
                      headers={"Authorization": "Bearer s3cret", "Content-Type": "text/plain"})
    assert big.status_code == 413


def test_upload_is_off_without_a_token(db):
    off = TestClient(create_app(db, token=""))
    assert off.post("/api/documents", content="x", headers={"Authorization": "Bearer x",
                                                             "Content-Type": "text/plain"}).status_code == 403


def test_export_html_writes_the_pages_inside_the_directory(db, tmp_path):
    n = export_html(Store.open(db), tmp_path / "site")
    files = list((tmp_path / "site").rglob("*.html"))
    assert n == len(files) and (tmp_path / "site" / "index.html").exists()
    assert all((tmp_path / "site") in f.resolve().parents for f in files)
    index = (tmp_path / "site" / "index.html").read_text()
    assert 'href="stories/' in index and 'href="/' not in index


def test_an_uploaded_article_joins_its_story(tmp_path):
    own = TestClient(create_app(_store(tmp_path, str(tmp_path / "upload.db")), token="s3cret"))
    text = (" date 2026-02-02 Mayor Ana Ruiz defended the budget again. \"We will fix every road in this city "
            "before the winter comes,\" Ruiz told the Gazette. The council votes on March 9, 2026.")
    added = own.post("/api/documents?id=d_gazette", content=text.encode(),
                     headers={"Authorization": "Bearer s3cret", "Content-Type": "text/plain"})
    assert added.status_code == 201 and added.json()["added"] == 1
    story = next(s for s in own.get("/api/stories").json()["stories"] if s["size"] == 3)
    data = own.get(f"/api/stories/{story['id']}").json()
    assert "d_gazette" in {d["id"] for d in data["documents"]}
    again = own.post("/api/documents?id=d_gazette", content=text.encode(),
                     headers={"Authorization": "Bearer s3cret", "Content-Type": "text/plain"})
    assert again.status_code == 200 and again.json()["added"] == 0  # the same article is not stored twice


def test_api_docs_work_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "swagger-ui-bundle.js" in page.text
    assert "https://" not in page.text and "http://" not in page.text  # no CDN: nothing to fetch from the web
    asset = next(p for p in page.text.split('"') if p.endswith("swagger-ui-bundle.js"))
    assert client.get(asset).status_code == 200
    assert client.get("/openapi.json").json()["paths"]["/api/stories"]


def test_struck_words_read_as_words():
    from retold.web.views import version_segments
    mention = {"text": "I feel really grateful", "start": 100,
               "changes": [{"kind": "cut", "start": 101, "end": 101, "fullest": "just, I"}]}
    shown = "".join(s["text"] + (s["fullest"] if s["kind"] == "cut" else "") for s in version_segments(mention))
    assert shown == "I just, I feel really grateful"
    mention = {"text": "see each other soon … but", "start": 0,
               "changes": [{"kind": "ellipsis", "start": 19, "end": 21, "fullest": "and get to talk more"}]}
    shown = "".join(s["text"] + s.get("fullest", "") if s["kind"] != "text" else s["text"]
                    for s in version_segments(mention))
    assert "soon and get to talk more" in shown


def test_outlets_that_quote_the_same_words_share_one_box(tmp_path):
    """Wire copy: two outlets carry the mayor's sentence word for word, a third cuts it;
    the story page shows the identical versions once, naming both outlets."""
    texts = {
        "wire_one": "Mayor Ana Ruiz defended the budget on Monday in a speech at City Hall. \"We will fix every "
                    "road in this city before the winter comes,\" Ruiz said. The council votes on March 9, 2026.",
        "wire_two": "The mayor, Ana Ruiz, spoke on Monday about the roads. \"We will fix every road in this city "
                    "before the winter comes,\" Ruiz said. The council votes on March 9, 2026.",
        "cut_three": "Mayor Ana Ruiz defended her budget. \"We will fix every road … before the winter comes,\" "
                     "Ruiz said. The council votes on March 9, 2026.",
    }
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(f" date 2026-02-01 {text}", encoding="utf-8")
    target = str(tmp_path / "retold.db")
    store = Store.open(target)
    ingest([str(tmp_path / f"{n}.txt") for n in texts], store)
    store.close()
    client = TestClient(create_app(target))
    sid = next(s["id"] for s in client.get("/api/stories").json()["stories"] if s["size"] == 3)
    page = client.get(f"/stories/{sid}.json").json()
    versions = next(u["versions"] for u in page["utterances"] if "fix every road" in u["text"])
    assert len(versions) == 2
    shared = next(v for v in versions if v["also"])
    assert {shared["document"], *(o["document"] for o in shared["also"])} == {"wire_one", "wire_two"}
    assert "the same in 1 more" in client.get(f"/stories/{sid}").text
