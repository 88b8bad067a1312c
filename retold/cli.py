"""The `retold` command: thin wrappers over the library."""
from __future__ import annotations

import json
import logging
import sys

import click

from . import __version__
from .errors import RetoldError
from .settings import Settings


# Article text, titles, names and file names are untrusted: control characters (ESC,
# BEL, C1 controls...) are shown as visible symbols, never sent to the terminal.
_CONTROL = {**{c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0a)}, 0x7f: 0x2421,
            **{c: 0xfffd for c in range(0x80, 0xa0)}}


def safe(text) -> str:
    """`text` with every control character but tab and newline replaced by its visible
    symbol (ESC -> ␛), one character for one, so offsets stay right."""
    return str(text).translate(_CONTROL)


class _SafeRenderables:
    """A render hook: everything a console prints passes through `safe`, except the
    control codes rich itself writes (styles, cursor moves)."""

    def process_renderables(self, renderables):
        return [_Safe(r) for r in renderables]


class _Safe:
    def __init__(self, renderable):
        self.renderable = renderable

    def __rich_console__(self, console, options):
        from rich.segment import Segment
        for segment in console.render(self.renderable, options):
            yield segment if segment.control else Segment(safe(segment.text), segment.style)


def _safe_console(**kwargs):
    from rich.console import Console
    console = Console(**kwargs)
    console.push_render_hook(_SafeRenderables())
    return console


def _stderr_console():
    return _safe_console(stderr=True)


def _error(source, message) -> None:
    """One line per bad file or record, never wrapped, so it can be grepped."""
    click.echo(safe(f"error: {source}: {message}").replace("\n", " "), err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="retold")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def main(verbose: int) -> None:
    """retold reads news articles from many outlets and tells the story back: which
    articles cover the same event, who said what, and how each outlet quoted it."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s")


@main.command("analyze")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text for people, json for tools (DESIGN.md contract).")
@click.option("--model", default=None, help="spaCy pipeline package to use.")
@click.option("--threshold", type=float, default=None,
              help="Similarity an article needs to join a story (0-1; default 0.19, the story engine's, as for ingest).")
@click.option("--summary-sentences", type=click.IntRange(0, 50), default=5, show_default=True,
              help="Sentences in each story's extractive summary.")
@click.option("--no-progress", is_flag=True, help="Do not draw a progress bar on stderr.")
def analyze_cli(paths, fmt, model, threshold, summary_sentences, no_progress):
    """Read articles (files, directories, .jsonl, .html, .warc, '-' for stdin), group them
    into stories, extract quotes with speakers and align them across outlets. A bad file
    or record gets one error line and the rest goes on; the exit status is then 1."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .pipeline import analyze
    from .contract import to_dict
    from .render import render_text

    err = _stderr_console()
    settings = Settings.from_env(model=model, cluster_threshold=threshold,
                                 summary_sentences=summary_sentences)

    def on_failure(failure):
        _error(failure.source, failure.message)

    show = not no_progress and err.is_terminal
    progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, transient=True, disable=not show)
    task = progress.add_task("analyzing", total=None)

    def report(stage, done, total):
        progress.update(task, description=stage, completed=done, total=total)

    try:
        with progress:
            result = analyze(paths, settings=settings, progress=report, on_failure=on_failure)
    except KeyboardInterrupt:
        err.print("interrupted; nothing was written")
        sys.exit(130)
    except RetoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if fmt == "json":
        json.dump(to_dict(result), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        render_text(result, _console())
    failed = len({f.source for f in result.failures})
    click.echo(f"{len(result.documents) + failed} articles read, {failed} failed", err=True)
    if result.failures:  # 1: some input could not be read or analysed (the rest was)
        sys.exit(1)


# -- the story store ------------------------------------------------------------------
db_option = click.option("--db", "db", default=None, envvar="RETOLD_DB",
                         help="Store: a SQLite file (default ./retold.db) or a postgresql:// URL; also $RETOLD_DB.")


def _open_store(db):
    from .store import Store
    try:
        return Store.open(db)
    except RetoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


def _console():
    return _safe_console(highlight=False, markup=False)  # article text is untrusted: no markup


def _print_rows(rows: list[dict], fmt: str, columns: dict) -> None:
    """Rows as JSON, or as a table of `columns` (header -> function of a row)."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from rich.table import Table
    table = Table(box=None)
    for header in columns:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*(str(get(row)) for get in columns.values()))
    _console().print(table)


format_option = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
                             show_default=True, help="text for people, json for tools.")


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--no-progress", is_flag=True, help="Do not draw a progress bar on stderr.")
def ingest_cli(paths, db, no_progress):
    """Add articles to the story store: each new one joins a story or starts one (stories
    it bridges merge; a story found to hold two events splits), and the stories it
    touches are reconciled again. Known articles are skipped."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from .pipeline import ingest

    store = _open_store(db)
    err = _stderr_console()
    show = not no_progress and err.is_terminal
    progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} new"),
                        TimeElapsedColumn(), console=err, transient=True, disable=not show)
    task = progress.add_task("ingesting", total=None)

    def on_failure(failure):
        _error(failure.source, failure.message)

    try:
        with progress:
            report = ingest(paths, store, progress=lambda stage, done, total: progress.update(task, completed=done),
                            on_failure=on_failure)
    except KeyboardInterrupt:
        click.echo("interrupted: the batches already committed are stored; run the same command "
                   "again to finish", err=True)
        sys.exit(130)
    finally:
        store.close()
    changes = [f"{n} {what}" for n, what in ((report.merged, "merged into another"),
                                              (report.split, "split in two")) if n]
    failed = len(report.failures)
    click.echo(f"{report.added + report.skipped + failed} articles read, {failed} failed: "
               f"{report.added} added, {report.skipped} already stored; "
               f"{len(report.stories)} stories updated" + (f" ({', '.join(changes)})" if changes else ""),
               err=True)
    if report.failures:  # 1: some input could not be read or analysed (the rest was stored)
        sys.exit(1)


@main.command("stories")
@db_option
@click.option("--since", help="Only stories with an article published on or after this date (YYYY-MM-DD).")
@click.option("--search", help="Only stories whose articles contain these words.")
@click.option("--limit", default=100, show_default=True)
@format_option
def stories_cli(db, since, search, limit, fmt):
    """List the stories in the store, newest first."""
    store = _open_store(db)
    rows = store.stories(since=since, search=search, limit=limit)
    store.close()

    def published(r):
        if r["last_published"] and r["last_published"] != r["first_published"]:
            return f"{r['first_published']} … {r['last_published']}"
        return r["first_published"] or "—"
    def storyline(r):
        if not r["storyline_id"] or (r["storyline_stories"] or 0) < 2:
            return ""
        return f"{r['storyline_id'][:12]} ({r['storyline_stories']} events)"
    _print_rows(rows, fmt, {"story": lambda r: r["id"], "documents": lambda r: r["size"],
                            "published": published, "storyline": storyline, "title": lambda r: r["title"] or ""})


def _load_story(db, story_id):
    """A stored story, reconciled as `analyze` prints it; exits with a message if absent."""
    from .pipeline import story_from_store
    store = _open_store(db)
    try:
        result = story_from_store(store, story_id)
    finally:
        store.close()
    if result is None:
        click.echo(safe(f"error: no story {story_id!r} in {store.path}"), err=True)
        sys.exit(1)
    return result


@main.command("show")
@click.argument("story")
@db_option
@format_option
def show_cli(story, db, fmt):
    """Show one story (id or id prefix) as `analyze` would: documents, facts, timeline,
    quotes, and the storyline it is in; or a storyline (line_...) and its events."""
    from .contract import to_dict
    from .render import render_text
    if story.startswith("line_"):
        return _show_storyline(db, story, fmt)
    result = _load_story(db, story)
    if fmt == "json":
        click.echo(json.dumps(to_dict(result), ensure_ascii=False, indent=2))
    else:
        render_text(result, _console())


def _show_storyline(db, line_id, fmt):
    """A storyline's events, oldest first."""
    from .contract import storyline_dict
    store = _open_store(db)
    try:
        line = store.storyline(line_id)
        events = {r["id"]: r for r in store.stories(limit=1_000_000)} if line else {}
    finally:
        store.close()
    if line is None:
        click.echo(f"error: no storyline {line_id!r} in {store.path}", err=True)
        sys.exit(1)
    rows = [events[s] for s in line.stories if s in events]
    if fmt == "json":
        click.echo(json.dumps({**storyline_dict(line), "events": rows}, ensure_ascii=False, indent=2))
        return
    _console().print(f"storyline {line.id}: {line.title} ({len(line.stories)} events, "
                     f"{line.first or '—'} … {line.last or '—'})")
    _print_rows(rows, fmt, {"story": lambda r: r["id"], "documents": lambda r: r["size"],
                            "first": lambda r: r["first_published"] or "—", "title": lambda r: r["title"] or ""})


@main.command("export")
@click.argument("story")
@click.argument("directory", required=False)
@db_option
@click.option("--format", "fmt", type=click.Choice(["json", "md"]), default="json", show_default=True)
def export_cli(story, directory, db, fmt):
    """Export one story: JSON (the analyze contract) or Markdown; `export html DIR`
    writes every page of `retold serve` as a static site into DIR."""
    if story == "html" and directory:
        return _export_site(directory, db)
    from .contract import to_dict
    from .render import to_markdown
    result = _load_story(db, story)
    if fmt == "json":
        click.echo(json.dumps(to_dict(result), ensure_ascii=False, indent=2))
    else:
        click.echo(to_markdown(result))


@main.command("quotes")
@db_option
@click.option("--speaker", help="Only quotes whose speaker's name contains this.")
@click.option("--search", help="Only quotes containing these words.")
@click.option("--limit", default=100, show_default=True)
@format_option
def quotes_cli(db, speaker, search, limit, fmt):
    """List stored quotes with their speakers and sources."""
    store = _open_store(db)
    rows = store.quotes(speaker=speaker, search=search, limit=limit)
    store.close()
    _print_rows(rows, fmt, {"speaker": lambda r: r["speaker"] or "—", "quote": lambda r: r["text"],
                            "document": lambda r: r["doc_id"], "via": lambda r: r["via"] or ""})


@main.command("people")
@db_option
@click.option("--limit", default=200, show_default=True)
@format_option
def people_cli(db, limit, fmt):
    """List the people of all stories with their aliases and epithets."""
    store = _open_store(db)
    rows = store.people(limit=limit)
    store.close()
    _print_rows(rows, fmt, {"person": lambda r: r["name"], "stories": lambda r: r["stories"],
                            "documents": lambda r: r["documents"],
                            "also called": lambda r: ", ".join(r["aliases"])})


@main.command("search")
@click.argument("text")
@db_option
@click.option("--limit", default=50, show_default=True)
@format_option
def search_cli(text, db, limit, fmt):
    """Full-text search over stored articles."""
    store = _open_store(db)
    rows = store.search(text, limit=limit)
    store.close()
    _print_rows(rows, fmt, {"document": lambda r: r["id"], "story": lambda r: r["story_id"],
                            "match": lambda r: r["snippet"]})

@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (localhost only by default).")
@click.option("--port", default=8000, show_default=True)
def serve_cli(db, host, port):
    """Serve the store as web pages and a JSON API (uploads need $RETOLD_TOKEN)."""
    import uvicorn

    from .web import create_app
    try:
        app = create_app(db)
    except RetoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _export_site(directory, db):
    """`retold export html DIR`: the web pages as a static site."""
    from .web import export_html
    store = _open_store(db)
    try:
        n = export_html(store, directory)
    finally:
        store.close()
    click.echo(f"{n} pages written into {directory}", err=True)


# -- batch ----------------------------------------------------------------------------
@main.command("batch")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", "out", required=True, help="Directory for the Parquet tables, manifest.json and _SUCCESS.")
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: one process; spark: Apache Spark (pip install 'retold[spark]').")
@click.option("--master", default=None, help="Spark master URL [default: local[*], or spark-submit's].")
@click.option("--partitions", type=click.IntRange(1), default=None, help="Spark partitions.")
@click.option("--no-progress", is_flag=True, help="Do not draw progress on stderr.")
def batch_cli(inputs, out, engine, master, partitions, no_progress):
    """Analyze a corpus (JSONL, Parquet, text, HTML, WARC; globs and directories) into one
    Parquet dataset per table under --out."""
    from .batch import run_batch

    err = _stderr_console()
    show = not no_progress and err.is_terminal

    def progress(stage, done, total):
        if show:
            err.print(f"{stage}: {done}" + (f"/{total}" if total else ""), end="\r")
    try:
        manifest = run_batch(list(inputs), out, engine=engine, master=master, partitions=partitions,
                             settings=Settings.from_env(), progress=progress if show else None)
    except RetoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    for failure in manifest.failures:
        _error(failure['source'], failure['error'])
    click.echo(f"{manifest.read['article']} articles, {manifest.read['failed']} failed, "
               f"{manifest.read['skipped']} skipped; {manifest.counts.get('stories', 0)} stories in {out}", err=True)
    if manifest.failures and not manifest.read["article"]:
        sys.exit(1)


@main.command("load")
@click.argument("directory")
@db_option
def load_cli(directory, db):
    """Bring a `retold batch` output into the story store."""
    from .batch import load

    store = _open_store(db)
    try:
        count = load(directory, store)
    except RetoldError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    finally:
        store.close()
    click.echo(f"{count} stories loaded", err=True)
