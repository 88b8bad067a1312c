"""Reading articles from files, directories, JSONL, HTML and stdin."""
import io
import json

from retold.ingest import read_sources, read_stdin
from retold.models import Document, Failure


def test_seed_format_header_gives_date_and_body(tmp_path):
    path = tmp_path / "001_story.txt"
    path.write_text(" date 2025-01-28 First line of the body.\n\nSecond paragraph.", encoding="utf-8")
    [doc] = list(read_sources([str(path)]))
    assert (doc.id, doc.published) == ("001_story", "2025-01-28")
    assert doc.text == "First line of the body.\n\nSecond paragraph."
    assert len(doc.content_hash) == 16


def test_jsonl_bad_line_fails_alone(tmp_path):
    path = tmp_path / "batch.jsonl"
    good = {"id": "a1", "outlet": "Wire", "published": "2025-02-01", "title": "T", "text": "Body one."}
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "a2", "text": ""}) + "\n"
                    + json.dumps({"id": "a3", "text": "Body three."}) + "\n", encoding="utf-8")
    items = list(read_sources([str(path)]))
    docs = [i for i in items if isinstance(i, Document)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert [d.id for d in docs] == ["a1", "a3"]
    assert docs[0].outlet == "Wire" and docs[0].published == "2025-02-01"
    assert [f.source for f in failures] == [f"{path}:2", f"{path}:3"]
    assert "invalid JSON" in failures[0].message and '"text"' in failures[1].message


def test_directory_is_read_recursively_and_bad_files_are_reported(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("Article B.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Article A.", encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\xff\xfe not text")  # a UTF-16 mark, then odd bytes
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    items = list(read_sources([str(tmp_path), str(tmp_path / "missing.txt")]))
    assert [i.id for i in items if isinstance(i, Document)] == ["a", "b"]
    failures = {f.source: f.message for f in items if isinstance(f, Failure)}
    assert "UTF-8" in failures[str(tmp_path / "broken.txt")]
    assert failures[str(tmp_path / "missing.txt")] == "no such file or directory"


def test_html_main_text_title_and_site_name(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<html><head><title>Storm hits coast | The Gazette</title>"
        '<meta property="og:site_name" content="The Gazette">'
        '<meta property="article:published_time" content="2024-11-02T10:00:00Z"></head>'
        "<body><nav>Home | Sports | Weather</nav><article><h1>Storm hits coast</h1>"
        "<p>A powerful storm reached the coast on Saturday, cutting power to thousands of homes "
        "along the shore and closing the main highway for most of the day.</p>"
        "<p>\u201cWe have never seen water this high,\u201d said harbor master Ellen Cho, who has "
        "worked at the port for twenty years.</p></article><footer>Copyright</footer></body></html>",
        encoding="utf-8")
    [doc] = list(read_sources([str(path)]))
    assert doc.outlet == "The Gazette" and doc.published == "2024-11-02"
    assert "never seen water this high" in doc.text and "Copyright" not in doc.text


def test_stdin_plain_text():
    [doc] = list(read_stdin(io.StringIO(" date 2024-05-01 Text from a pipe.")))
    assert doc.published == "2024-05-01" and doc.text == "Text from a pipe."


def test_repeated_ids_stay_unique(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(f"Article in {folder}.", encoding="utf-8")
    ids = [d.id for d in read_sources([str(tmp_path)])]
    assert len(set(ids)) == 2 and ids[0] == "same"
