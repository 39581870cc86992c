"""Real spreadsheets and the HTTP journey of a bulk import (template → upload → preview →
confirm), shared by each kind's tests."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.core.models import BulkImport, ImportStatus


def xlsx_bytes(headers, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(headers, rows, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def table(headers, dicts):
    """Rows as lists in header order from dicts (missing keys: empty cells)."""
    return [[d.get(h, "") for h in headers] for d in dicts]


def download_template(http, kind):
    """The template's headers (without the required mark), its text-formatted columns and
    its instructions."""
    response = http.get(reverse("bulk:template", args=[kind]))
    assert response.status_code == 200, response.status_code
    wb = load_workbook(io.BytesIO(response.content))
    data, help_sheet = wb.worksheets[0], wb["填写说明"]
    headers = [c.value.lstrip("*") for c in data[1]]
    text_columns = [headers[i] for i, c in enumerate(data[2]) if c.number_format == "@"]
    lines = [r[0].value for r in help_sheet.iter_rows() if r[0].value]
    return headers, text_columns, lines


def checked_template(http, kind, headers, text_columns):
    """The kind's template as its page gives it: headed by ``headers`` in order, with
    ``text_columns`` among the columns formatted as text. Its instruction lines."""
    got, formatted, lines = download_template(http, kind)
    assert got == headers
    assert set(text_columns) <= set(formatted)
    return lines


def upload(http, kind, contract, data, name="导入.xlsx"):
    """POST the file; the BulkImport it made (None when the page refused the file)."""
    before = set(BulkImport.objects.values_list("pk", flat=True))
    response = http.post(
        reverse("bulk:upload", args=[kind]),
        {"target": contract.pk, "file": _file(data, name)},
    )
    made = BulkImport.objects.exclude(pk__in=before).first()
    return response, made


def upload_rows(http, kind, contract, rows, name="导入.xlsx"):
    """``upload`` of an .xlsx holding ``rows`` (dicts by column label) under the kind's own
    headers."""
    from apps.core.bulk.kinds import get_kind

    headers = get_kind(kind).labels
    return upload(http, kind, contract, xlsx_bytes(headers, table(headers, rows)), name)


def _file(data, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def preview(http, bulk):
    response = http.get(reverse("bulk:detail", args=[bulk.pk]))
    assert response.status_code == 200
    return response.content.decode()


def confirm(http, bulk):
    response = http.post(reverse("bulk:confirm", args=[bulk.pk]))
    assert response.status_code == 302
    bulk.refresh_from_db()
    return bulk


def errors_at(bulk, row, column=None):
    return [
        p["msg"]
        for p in bulk.problems
        if p["row"] == row and p["level"] == "error" and (column is None or p["column"] == column)
    ]


def upload_checked(http, kind, contract, rows):
    """``upload_rows`` of rows that pass every check: the preview offers to import all of
    them. The bulk import and the preview page."""
    response, bulk = upload_rows(http, kind, contract, rows)
    assert response.status_code == 302
    assert bulk.status == ImportStatus.VALIDATED, bulk.problems
    page = preview(http, bulk)
    assert f"确认导入全部 {len(rows)} 行" in page
    return bulk, page


def confirm_imported(http, bulk, capture_on_commit):
    """Confirm a checked upload and see it imported; the on-commit callbacks the confirmation
    left (``capture_on_commit``: pytest-django's ``django_capture_on_commit_callbacks``)."""
    with capture_on_commit() as callbacks:
        confirm(http, bulk)
    assert bulk.status == ImportStatus.IMPORTED, bulk.outcome
    return callbacks


def assert_check_queries_flat(kind: str, world, make_rows) -> None:
    """Checking N rows (upload: parse, column checks, registry match, preview) takes as many
    queries for 3 rows as for 80: nothing runs once per row. The rows go into agency A's
    contract, uploaded by its social worker; ``make_rows(n)`` gives n valid rows as dicts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.core.bulk.kinds import get_kind
    from apps.core.bulk.services import bulk_upload

    actor, target = world.users["social_worker"], world.contract_a
    headers = get_kind(kind).labels

    def queries(n):
        data = xlsx_bytes(headers, table(headers, make_rows(n)))
        with CaptureQueriesContext(connection) as ctx:
            bulk = bulk_upload(
                actor=actor, kind=get_kind(kind), target=target, name="n.xlsx", data=data
            )
        assert bulk.status == ImportStatus.VALIDATED, bulk.problems[:3]
        return len(ctx.captured_queries)

    queries(1)  # the person's scope is read once and cached on the user
    assert queries(3) == queries(80)


@pytest.fixture
def bulk_media(settings, tmp_path):
    """Uploaded files go under a temporary media root, never the repository's."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
