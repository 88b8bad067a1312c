"""The pages in a real browser: Debian's chromium driven by Playwright (scripts/test
installs chromium; these tests skip, saying so, when it is absent)."""
import shutil
import socket
import threading
import time

import pytest

from retold.pipeline import ingest
from retold.store import Store

CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (scripts/test installs it)")
HOSTILE = ("Critic Bo Lane attacked the plan. \"<script>alert(1)</script> is <img src=x onerror=alert(3)> and "
           "<a href=\"javascript:alert(2)\">click</a> here,\" Lane said on Monday.")


def _serve(db):
    import uvicorn

    from retold.web import create_app
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return server, f"http://127.0.0.1:{port}"


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


def test_seed_story_in_the_browser(seeds, tmp_path, browser):
    db = str(tmp_path / "retold.db")
    store = Store(db)
    ingest([str(seeds)], store)
    sid = store.story_ids()[0]
    store.close()
    server, base = _serve(db)
    try:
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        page.goto(f"{base}/stories/{sid}")
        page.screenshot(path=str(tmp_path / "story.png"), full_page=True)
        card = page.locator("article.utterance", has_text="I will for sure do better").first
        versions = card.locator(".version")
        assert versions.count() >= 2
        assert {versions.nth(i).locator(".vhead a").inner_text() for i in range(versions.count())} >= {
            "000_d9d312e047c987a1", "003_b39ab93c0841a033"}
        assert page.locator("article.utterance del, article.utterance mark").first.is_visible()
        assert "2026-03-09" in page.locator("svg.timeline").text_content()
        page.locator("article.utterance h3 a", has_text="Justin Baldoni").first.click()
        assert page.locator("h1").inner_text() == "Justin Baldoni"
    finally:
        server.should_exit = True


def test_hostile_quotes_run_nothing(tmp_path, browser):
    (tmp_path / "x.txt").write_text(f" date 2026-02-01 {HOSTILE}", encoding="utf-8")
    db = str(tmp_path / "retold.db")
    store = Store(db)
    ingest([str(tmp_path / "x.txt")], store)
    store.close()
    server, base = _serve(db)
    try:
        page = browser.new_page()
        dialogs, requests = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}/documents/x")
        page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
        assert "<script>alert(1)</script>" in page.locator(".article").inner_text()
        assert page.locator(".article script, .article img, .article a").count() == 0
        assert dialogs == []
        assert all(u.startswith(base) for u in requests)
        assert requests == [f"{base}/documents/x", f"{base}/static/style.css"]
    finally:
        server.should_exit = True


def test_api_docs_render_offline(tmp_path, browser):
    db = str(tmp_path / "retold.db")
    Store(db).close()
    server, base = _serve(db)
    try:
        page = browser.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{base}/docs")
        page.locator(".opblock-summary-path", has_text="/api/stories").first.wait_for(timeout=15000)
        page.screenshot(path=str(tmp_path / "docs.png"), full_page=True)
        assert requests and all(u.startswith(base) for u in requests)  # Swagger UI loads nothing from the web
    finally:
        server.should_exit = True
