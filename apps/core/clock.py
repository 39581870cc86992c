"""The portal's one notion of "today": the calendar date in Asia/Shanghai (settings.TIME_ZONE).

``date.today()`` answers in the server's zone, which is UTC in a container: between 00:00 and
08:00 Beijing time it names yesterday. Every module asks here instead (ruff's DTZ rules keep
it so).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone


def today() -> date:
    """Today's date in the portal's time zone (Asia/Shanghai)."""
    return timezone.localdate()
