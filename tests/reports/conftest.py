import shutil
import subprocess
from datetime import date

import pytest
from django.db import transaction

from apps.community.services import quarterly_report_create
from apps.plans.demo import commission_sign

NARRATIVE = "本季度完成东园社区入户走访,建立困境家庭档案。"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def make_quarterly(world):
    return quarterly_report_create(
        actor=world.users["agency_manager"],
        contract=world.contract_a,
        year=2019,
        quarter=1,
        narrative=NARRATIVE,
        issues="部分社区场地尚未落实。",
        submitted_on=date(2019, 4, 10),
    )


def make_commission(world):
    return commission_sign(world.contract_a, world.unit_a.street, actor=world.users["bureau"])


@pytest.fixture
def quarterly(world):
    return make_quarterly(world)


@pytest.fixture
def commission(world):
    return make_commission(world)


def ask(django_capture_on_commit_callbacks, *, actor, kind, subject):
    """Ask for a report as the view does and run the queued task (in-process) on commit."""
    from apps.reports.services import report_request

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        report = report_request(actor=actor, kind=kind, subject=subject)
    report.refresh_from_db()
    return report


@pytest.fixture
def ask_as(world, django_capture_on_commit_callbacks):
    """``ask_as(persona, kind, subject)``: ``ask`` as one of the world's personas."""

    def _ask(persona, kind, subject):
        return ask(
            django_capture_on_commit_callbacks,
            actor=world.users[persona],
            kind=kind,
            subject=subject,
        )

    return _ask


def pdf_text(path) -> str:
    """pdftotext -layout output (poppler-utils)."""
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_fonts(path) -> str:
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


def squeeze(text: str) -> str:
    """Text without any whitespace (pdftotext splits and spaces CJK lines as it likes)."""
    return "".join(text.split())


@pytest.fixture(autouse=True)
def _poppler():
    if not shutil.which("pdftotext") or not shutil.which("pdffonts"):
        pytest.fail("poppler-utils missing: apt-get install poppler-utils (see .ci/run)")
