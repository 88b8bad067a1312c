"""Rendering view data as HTML: one Jinja2 environment (autoescape on: article text is
untrusted) and the links between pages, for the server (absolute paths) or for a static
export (relative links to files whose names are made safe whatever the ids hold)."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader

HERE = Path(__file__).parent
STATIC = HERE / "static"
_env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True,
                   trim_blocks=True, lstrip_blocks=True)


def safe_name(key: str) -> str:
    """A file name for an id or a name: letters, digits, '_', '-' only, never empty, never
    '.' or '..', and unique (a hash of the original when anything had to change)."""
    name = re.sub(r"[^A-Za-z0-9_-]+", "_", key)[:80]
    if name != key or not name:
        name = f"{name}-{hashlib.sha1(key.encode()).hexdigest()[:10]}"
    return name


class Links:
    """Where each page is: `/stories/ID` on the server, `stories/ID.html` in an export
    (relative to the page being written, `depth` folders below the export's root)."""

    def __init__(self, *, static: bool = False, depth: int = 0):
        self.static, self.up = static, "../" * depth

    def _to(self, folder: str, key: str) -> str:
        if self.static:
            return f"{self.up}{folder}/{safe_name(key)}.html"
        return f"/{folder}/{quote(key, safe='')}"

    def home(self) -> str:
        return f"{self.up}index.html" if self.static else "/"

    def story(self, key: str) -> str:
        return self._to("stories", key)

    def person(self, key: str) -> str:
        return self._to("people", key)

    def outlet(self, key: str) -> str:
        return self._to("outlets", key)

    def document(self, key: str) -> str:
        return self._to("documents", key)

    def css(self) -> str:
        return f"{self.up}static/style.css" if self.static else "/static/style.css"

    def page(self, number: int, data: dict) -> str:
        """Another page of the story list, keeping its filters (server only)."""
        args = [(k, data[k]) for k in ("q", "since", "outlet") if data.get(k)] + [("page", number)]
        return "/?" + "&".join(f"{k}={quote(str(v), safe='')}" for k, v in args)


def render(template: str, data: dict, links: Links) -> str:
    return _env.get_template(template).render(**data, links=links)
