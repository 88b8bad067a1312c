"""`retold export html DIR`: the pages of `retold serve` written as a static site
(relative links, works from file://). Every file goes inside DIR whatever the ids hold:
file names come from `safe_name`, never from an id as it is."""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

from . import views
from .pages import STATIC, Links, render, safe_name

log = logging.getLogger(__name__)


def export_html(store, target: str | Path) -> int:
    """Write the site into `target`; returns the number of pages written."""
    root = Path(target).resolve()
    root.mkdir(parents=True, exist_ok=True)
    (root / "static").mkdir(exist_ok=True)
    shutil.copyfile(STATIC / "style.css", root / "static" / "style.css")
    written = 0

    def write(folder: str | None, key: str, template: str, data: dict) -> None:
        nonlocal written
        path = (root / "index.html") if folder is None else (root / folder / f"{safe_name(key)}.html")
        path = path.resolve()
        if root not in path.parents:  # safe_name makes this impossible; checked all the same
            raise ValueError(f"{key!r}: would be written outside {root}")
        path.parent.mkdir(exist_ok=True)
        path.write_text(render(template, data, Links(static=True, depth=0 if folder is None else 1)),
                        encoding="utf-8")
        written += 1

    write(None, "index", "index.html", {**views.story_list(store, size=100_000), "static_site": True})
    for story_id in store.story_ids():
        write("stories", story_id, "story.html", views.story_page(store, story_id))
    for name in store.people_names():
        write("people", name, "person.html", views.person_page(store, name))
    for name in store.outlet_names():
        write("outlets", name, "outlet.html", views.outlet_page(store, name))
    for doc_id in store.document_ids():
        write("documents", doc_id, "document.html", views.document_page(store, doc_id))
    log.info("wrote %d pages into %s", written, root)
    return written
