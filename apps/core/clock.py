"""The portal's one notion of "today": the calendar date in Asia/Shanghai (settings.TIME_ZONE).

``date.today()`` answers in the server's zone, which is UTC in a container: between 00:00 and
08:00 Beijing time it names yesterday. Every module asks here instead (ruff's DTZ rules keep
it so).

``settings.PORTAL_TODAY`` (the environment's ``PORTAL_TODAY``, ISO date) pins the date for a
demonstration or training instance: ``make run`` serves the demo on the day its story stands
(``apps.core.demo_story.DEMO_DATE``), so the to-do lists, form defaults and a recompute from the
dashboard see the project as of that day. Timestamps (who did what, when) stay real. Empty in
production and in the tests.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import timezone


def pinned() -> date | None:
    """The date this instance is pinned to, if any (see the module's docstring)."""
    value = getattr(settings, "PORTAL_TODAY", "")
    return date.fromisoformat(value) if value else None


def today() -> date:
    """Today's date in the portal's time zone (Asia/Shanghai), or the pinned date."""
    return pinned() or timezone.localdate()
