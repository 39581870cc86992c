"""HTML → PDF with WeasyPrint, with a URL fetcher that can only read what we embed.

The default fetcher follows ``file://`` and the network: a template (or a value printed into
one) referencing ``file:///etc/passwd`` would embed that file. Here only ``data:`` URLs and
files under the app's own static directories are read; everything else is refused and the
document renders without it (WeasyPrint logs a warning and carries on).
"""

from __future__ import annotations

import base64
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

logger = logging.getLogger(__name__)


class RefusedURL(ValueError):
    """A URL the report fetcher will not read."""


def static_roots() -> list[Path]:
    """The app's own static directories (source and collected), resolved."""
    roots = [Path(d) for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [r.resolve() for r in roots if r.exists()]


class ReportURLFetcher(URLFetcher):
    """``data:`` URLs and the app's static files only; never another file, never the network."""

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols={"data", "file"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in static_roots()) and path.is_file():
                return super().fetch(path.as_uri(), headers)
        logger.warning("report fetcher refused %s", url[:200])
        raise RefusedURL(f"refused: {url[:200]}")


def static_file_url(path: str) -> str:
    """A ``file://`` URL of one of the app's static files (for the PDF templates)."""
    found = finders.find(path)
    if not found:
        raise FileNotFoundError(path)
    return Path(found).resolve().as_uri()


def svg_data_url(svg: str) -> str:
    """An SVG chart as a data URL (the same markup the dashboards show)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    seconds: float


def render_html_pdf(html: str) -> Rendered:
    """HTML to PDF bytes through the restricted fetcher (A4 and fonts come from the CSS)."""
    started = time.perf_counter()
    document = HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=ReportURLFetcher()
    ).render()
    pdf = document.write_pdf()
    return Rendered(pdf=pdf, pages=len(document.pages), seconds=time.perf_counter() - started)


def render_pdf(template: str, context: dict) -> Rendered:
    """Render the Django template ``template`` with ``context`` to PDF bytes."""
    return render_html_pdf(render_to_string(template, context))
