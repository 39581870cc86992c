"""URL rows by one convention, so that an app's ``urls.py`` states each page once (issue 10).

``route(pattern, view)`` is ``path(pattern, view, name=…)`` where the URL name is the view's own
function name; a view called ``<name>_view`` (named so, to leave ``<name>`` to the service it
calls) is the page ``<name>``. A view made by a factory (``apps.core.posting``'s generated views
are all called ``view``) or one whose page has another name passes its name explicitly: a
factory-made view without one is refused when the URLconf loads, so no page is ever called
"view".

The rows of one object (its page and the actions under it) are grouped with Django's own
``path(prefix, include([...]))``: the names stay in the app's namespace, the full patterns are
the same as written out row by row.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, include, path

_FACTORY_NAME = "view"
_SUFFIX = "_view"


def view_name(view: Callable) -> str:
    """The URL name a view gets by convention (its function name, without ``_view``)."""
    name = getattr(view, "__name__", "")
    if not name or name == _FACTORY_NAME:
        raise ImproperlyConfigured(f"{view!r} is made by a factory: give its URL name")
    return name.removesuffix(_SUFFIX)


def route(pattern: str, view: Callable, name: str | None = None) -> URLPattern:
    """``path(pattern, view, name=name or view_name(view))``."""
    return path(pattern, view, name=name or view_name(view))


def under(prefix: str, *rows: URLPattern) -> URLResolver:
    """The rows of one object below its ``prefix``: ``path(prefix, include([*rows]))``."""
    return path(prefix, include(list(rows)))
