"""The `retold` command: thin wrappers over the library."""
from __future__ import annotations

import json
import logging
import sys

import click

from . import __version__
from .errors import RetoldError
from .settings import Settings


def _stderr_console():
    from rich.console import Console
    return Console(stderr=True)


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
              help="Similarity two articles need to share a story (0-1).")
@click.option("--summary-sentences", type=click.IntRange(0, 50), default=5, show_default=True,
              help="Sentences in each story's extractive summary.")
@click.option("--no-progress", is_flag=True, help="Do not draw a progress bar on stderr.")
def analyze_cli(paths, fmt, model, threshold, summary_sentences, no_progress):
    """Read articles (files, directories, .jsonl, .html, .warc, '-' for stdin), group them
    into stories, extract quotes with speakers and align them across outlets."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .pipeline import analyze
    from .render import render_text, to_dict

    err = _stderr_console()
    settings = Settings.from_env(model=model, cluster_threshold=threshold,
                                 summary_sentences=summary_sentences)

    def on_failure(failure):
        # one line per bad file, never wrapped, so it can be grepped
        click.echo(f"error: {failure.source}: {failure.message}", err=True)

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
        from rich.console import Console
        render_text(result, Console(highlight=False))
    if result.failures and not result.documents:
        sys.exit(1)
