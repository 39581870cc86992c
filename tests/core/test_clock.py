"""The portal's date: real in Asia/Shanghai, or pinned for a demonstration instance."""

import re
from datetime import date
from pathlib import Path

from django.utils import timezone

from apps.core.clock import today
from apps.core.demo_story import DEMO_DATE


def test_today_is_the_local_date_unless_pinned(settings):
    settings.PORTAL_TODAY = ""
    assert today() == timezone.localdate()
    settings.PORTAL_TODAY = "2020-03-20"
    assert today() == date(2020, 3, 20)


def test_the_pinned_date_shows_in_the_top_bar(settings, client_for):
    http = client_for("social_worker")
    settings.PORTAL_TODAY = ""
    assert 'data-testid="pinned-today"' not in http.get("/").content.decode()
    settings.PORTAL_TODAY = "2020-03-20"
    assert "演示日期 2020-03-20" in http.get("/").content.decode()


def test_make_run_pins_the_demo_to_its_story_date():
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert re.search(r"^DEMO_DATE = (\S+)$", makefile, re.M).group(1) == DEMO_DATE.isoformat()
