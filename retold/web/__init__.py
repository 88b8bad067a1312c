"""retold's face: `retold serve` (FastAPI app, HTML pages and a JSON API over the story
store) and `retold export html` (the same pages as a static site)."""
from .app import create_app
from .export import export_html

__all__ = ["create_app", "export_html"]
