"""`retold serve`: the FastAPI application over a story store.

Every page comes from one view function (views.py) that returns data: the HTML route
renders it, the same path with `.json` (or `Accept: application/json`) returns it,
and `/api/...` returns it too. Scripts are off by policy (Content-Security-Policy), so
nothing an article smuggles into a page can run.
"""
from __future__ import annotations

import hmac
import json
import os
import tempfile
import threading
from pathlib import Path

from fastapi import FastAPI, HTTPException, Request
from fastapi_offline import FastAPIOffline
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from ..store import Store
from . import views
from .pages import STATIC, Links, render

MAX_UPLOAD = 5 * 1024 * 1024  # bytes of one uploaded article
UPLOAD_TYPES = {"text/plain": ".txt", "text/html": ".html", "application/json": ".jsonl"}
POLICY = ("default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'none'; "
          "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# /docs and /redoc: Swagger UI and ReDoc served from fastapi-offline's bundled assets (no CDN, so
# they work on an air-gapped machine); their pages start the viewer with one inline script
DOCS_POLICY = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'")


class _Stores(threading.local):
    """One store connection per worker thread (SQLite connections stay in their thread)."""

    def __init__(self, target):
        self.target, self.store = target, None

    def get(self) -> Store:
        if self.store is None:
            self.store = Store.open(self.target)
        return self.store


def create_app(db: str | None = None, *, token: str | None = None) -> FastAPI:
    """The web app over the store at `db`; uploads need `token` (default $RETOLD_TOKEN)."""
    token = token if token is not None else os.environ.get("RETOLD_TOKEN") or None
    Store.open(db).close()  # fail now, with the store's own message, if it cannot be opened
    stores = _Stores(db)
    app = FastAPIOffline(title="retold", description="Stories, quotes and who said what, read from a retold store.")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    links = Links()

    @app.middleware("http")
    async def headers(request: Request, call_next):
        response = await call_next(request)
        docs = request.url.path in ("/docs", "/redoc")
        response.headers["Content-Security-Policy"] = DOCS_POLICY if docs else POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if _wants_json(request, request.url.path):
            return JSONResponse({"error": exc.detail, "status": exc.status_code}, status_code=exc.status_code)
        return HTMLResponse(render("error.html", {"status": exc.status_code, "message": exc.detail}, links),
                            status_code=exc.status_code)

    def page(request: Request, template: str, view, *args, **kwargs):
        try:
            data = view(stores.get(), *args, **kwargs)
        except views.NotFound as exc:
            raise HTTPException(404, str(exc)) from None
        if _wants_json(request, request.url.path):
            return JSONResponse(data)
        return HTMLResponse(render(template, data, links))

    def key(value: str, request: Request) -> str:
        """The id in a path, without the `.json` that asks for JSON."""
        return value[:-5] if request.url.path.endswith(".json") and value.endswith(".json") else value

    # -- HTML pages (each also answers as JSON) -------------------------------------------
    @app.get("/", response_class=HTMLResponse, summary="Story list")
    @app.get("/.json", include_in_schema=False)
    def index(request: Request, q: str | None = None, since: str | None = None,
              outlet: str | None = None, page_number: int = 1):
        return page(request, "index.html", views.story_list, q=q, since=since, outlet=outlet,
                    page=_page(request, page_number))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, summary="Story page")
    def story(request: Request, story_id: str):
        return page(request, "story.html", views.story_page, key(story_id, request))

    @app.get("/people/{name}", response_class=HTMLResponse, summary="Person page")
    def person(request: Request, name: str):
        return page(request, "person.html", views.person_page, key(name, request))

    @app.get("/outlets/{name}", response_class=HTMLResponse, summary="Outlet page")
    def outlet(request: Request, name: str):
        return page(request, "outlet.html", views.outlet_page, key(name, request))

    @app.get("/documents/{doc_id}", response_class=HTMLResponse, summary="Document page")
    def document(request: Request, doc_id: str):
        return page(request, "document.html", views.document_page, key(doc_id, request))

    @app.get("/search", response_class=HTMLResponse, summary="Search page")
    @app.get("/search.json", include_in_schema=False)
    def search(request: Request, q: str | None = None):
        return page(request, "search.html", views.search_page, q)

    # -- the JSON API -----------------------------------------------------------------------
    def api(view, *args, **kwargs):
        try:
            return view(stores.get(), *args, **kwargs)
        except views.NotFound as exc:
            raise HTTPException(404, str(exc)) from None

    @app.get("/api/stories", summary="Stories, newest first (paged; q, since, outlet filter)")
    def api_stories(q: str | None = None, since: str | None = None, outlet: str | None = None,
                    page: int = 1, size: int = views.PAGE_SIZE):
        return api(views.story_list, q=q, since=since, outlet=outlet, page=page, size=min(max(size, 1), 500))

    @app.get("/api/stories/{story_id}", summary="One story in the analyze JSON contract")
    def api_story(story_id: str):
        return api(views.story_contract, story_id)

    @app.get("/api/quotes", summary="Stored quotes by speaker and words")
    def api_quotes(speaker: str | None = None, q: str | None = None, limit: int = 100):
        return {"quotes": stores.get().quotes(speaker=speaker, search=q, limit=min(max(limit, 1), 1000))}

    @app.get("/api/people/{name}", summary="A person's utterances, aliases and epithets")
    def api_person(name: str):
        return api(views.person_page, name)

    @app.get("/api/outlets/{name}", summary="An outlet's documents and how it quotes")
    def api_outlet(name: str):
        return api(views.outlet_page, name)

    @app.get("/api/search", summary="Full-text search over articles and quotes")
    def api_search(q: str):
        return api(views.search_page, q)

    @app.post("/api/documents", status_code=201, summary="Ingest one article (bearer token)")
    async def api_documents(request: Request, id: str | None = None):
        if not token:
            raise HTTPException(403, "uploads are off: start the server with RETOLD_TOKEN set")
        given = request.headers.get("authorization", "")
        if not given.startswith("Bearer ") or not hmac.compare_digest(given[7:].encode(), token.encode()):
            raise HTTPException(401, "a valid 'Authorization: Bearer TOKEN' header is required")
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in UPLOAD_TYPES:
            raise HTTPException(415, f"content type must be one of {', '.join(UPLOAD_TYPES)}")
        if int(request.headers.get("content-length") or 0) > MAX_UPLOAD:
            raise HTTPException(413, f"an article may be at most {MAX_UPLOAD} bytes")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_UPLOAD:
                raise HTTPException(413, f"an article may be at most {MAX_UPLOAD} bytes")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise HTTPException(400, "the article is not UTF-8 text") from None
        if kind == "application/json":
            try:
                article = json.loads(text)
            except json.JSONDecodeError as exc:
                raise HTTPException(400, f"not JSON: {exc}") from None
            if not isinstance(article, dict) or not isinstance(article.get("text"), str):
                raise HTTPException(422, "a JSON article is an object with a string 'text'")
            text = json.dumps(article, ensure_ascii=False)
        return _ingest(stores.get(), text, UPLOAD_TYPES[kind], id)

    return app


def _ingest(store: Store, text: str, suffix: str, doc_id: str | None) -> JSONResponse:
    from ..pipeline import ingest  # loads spaCy: only when someone uploads
    from .pages import safe_name

    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        stem = safe_name(doc_id) if doc_id else "upload"
        path = Path(tmp) / f"{stem}{suffix}"
        path.write_text(text, encoding="utf-8")
        report = ingest([str(path)], store, on_failure=failures.append)
    if failures:
        raise HTTPException(422, failures[0].message)
    return JSONResponse({"added": report.added, "skipped": report.skipped, "stories": sorted(report.stories)},
                        status_code=201 if report.added else 200)


def _wants_json(request: Request, path: str) -> bool:
    if path.startswith("/api/") or path.endswith(".json"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def _page(request: Request, default: int) -> int:
    try:
        return max(int(request.query_params.get("page", default)), 1)
    except ValueError:
        return 1
