"""Pages: upload → preview → confirm; the template; opening a case and logging a visit; counts."""

import io
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from apps.cases.models import Case, Client, ImportStatus, TargetListImport
from apps.cases.spreadsheet import COLUMNS
from tests.cases.conftest import open_case, register, sub_item
from tests.cases.helpers import adult_birth, bad_checksum, make_id, row, xlsx_bytes


def post_file(client, world, data, name="名单.xlsx"):
    return client.post(
        reverse("cases:import_upload"),
        {"organization": world.unit_a.street_id, "file": SimpleUploadedFile(name, data)},
    )


def test_template_has_chinese_headers_text_id_column_and_instructions(world, client_for):
    response = client_for("street").get(reverse("cases:import_template"))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["名单", "填写说明"]
    headers = [c.value.lstrip("*") for c in wb["名单"][1]]
    assert headers == COLUMNS
    assert wb["名单"]["B2"].number_format == "@"
    help_text = "\n".join(str(c.value) for c in wb["填写说明"]["A"])
    assert "A1-T1-1 困境老年人服务" in help_text and world.community_a.name in help_text


def test_upload_with_errors_shows_each_by_row_and_column_then_fixed_file_imports(world, client_for):
    http = client_for("street")
    good = make_id(adult_birth(70), 10)
    broken = [
        row("甲", good, "困境老年人", world.community_a.name),
        row("乙", bad_checksum(make_id(adult_birth(60), 11)), "困境老年人", world.community_a.name),
    ]
    response = post_file(http, world, xlsx_bytes(broken))
    li = TargetListImport.objects.get()
    assert response.status_code == 302
    page = http.get(response["Location"]).content.decode()
    assert "第3行" in page and "身份证号校验位不正确" in page
    assert "确认导入" not in page
    assert http.post(reverse("cases:import_confirm", args=[li.pk])).status_code == 302
    assert Client.objects.count() == 0
    fixed = [
        broken[0],
        row("乙", make_id(adult_birth(60), 11), "困境老年人", world.community_a.name),
    ]
    response = post_file(http, world, xlsx_bytes(fixed))
    li2 = TargetListImport.objects.exclude(pk=li.pk).get()
    assert "确认导入全部 2 行" in http.get(response["Location"]).content.decode()
    http.post(reverse("cases:import_confirm", args=[li2.pk]))
    li2.refresh_from_db()
    assert li2.status == ImportStatus.IMPORTED and Client.objects.count() == 2
    original = (
        client_for("bureau")
        .post(reverse("cases:import_file", args=[li2.pk]), {"reason": "核对原始名单"})
        .content
    )
    assert load_workbook(io.BytesIO(original)).active["B2"].value == good


def test_unreadable_upload_shows_the_message_on_the_form(world, client_for):
    response = post_file(client_for("street"), world, b"", name="空.xlsx")
    # Django refuses an empty upload before our reader; either way the message is Chinese.
    assert response.status_code == 400
    response = post_file(client_for("street"), world, b"%PDF-1.4", name="x.pdf")
    assert "只能上传 .xlsx 或 .csv" in response.content.decode()
    assert TargetListImport.objects.count() == 0


def test_worker_opens_a_case_and_logs_a_home_visit(world, client_for, client_a):
    http = client_for("social_worker")
    response = http.post(
        reverse("cases:case_new", args=[world.contract_a.pk]),
        {
            "kind": "individual",
            "community": world.community_a.pk,
            "client": client_a.pk,
            "sub_items": [sub_item(world).pk],
            "assessment": "独居",
            "plan": "每周探访",
            "assigned_worker": world.users["social_worker"].pk,
            "opened_on": "2019-03-01",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302

    def record(**data):
        """POST a service record of the case, filed under the first sub-item."""
        data["sub_item"] = sub_item(world).pk
        return http.post(reverse("cases:record_add", args=[case.pk]), data)

    response = record(date="2019-03-02", duration_minutes=50, mode="home_visit", note="入户探访")
    assert response.status_code == 302
    assert case.records.get().mode == "home_visit"
    bad = record(date="2019-02-01", duration_minutes=0, mode="phone", note="x")
    body = bad.content.decode()
    assert bad.status_code == 400 and "早于开案日期" in body and "至少1分钟" in body


def _seed_cases(world, n, start):
    worker = world.users["social_worker"]
    for i in range(n):
        client = register(world, f"对象{start + i}", world.community_a, start + i)
        open_case(world, client, world.contract_a, world.community_a, worker, date(2019, 3, 1))


def _count(http, url, django_assert_max_num_queries, bound):
    http.get(url)
    with django_assert_max_num_queries(bound):
        assert http.get(url).status_code == 200


def test_list_pages_query_counts_do_not_grow_with_rows(
    world, client_for, django_assert_max_num_queries
):
    pages = [
        ("social_worker", reverse("cases:case_list")),
        ("social_worker", reverse("cases:client_list")),
        ("street", reverse("cases:import_list")),
        ("social_worker", reverse("cases:index")),
        ("agency_manager", reverse("cases:case_list")),
        ("street", reverse("cases:client_list")),
        ("bureau", reverse("cases:case_list")),
        ("agency_manager", "/api/v1/cases/"),
    ]
    _seed_cases(world, 2, 100)
    for persona, url in pages:
        _count(client_for(persona), url, django_assert_max_num_queries, 12)
    _seed_cases(world, 15, 200)
    for i in range(5):
        data = xlsx_bytes(
            [
                row(
                    f"名单{i}",
                    make_id(adult_birth(50), 500 + i),
                    "困境老年人",
                    world.community_a.name,
                )
            ]
        )
        post_file(client_for("street"), world, data)
    for persona, url in pages:
        _count(client_for(persona), url, django_assert_max_num_queries, 12)


def test_a_large_list_shows_the_job_progress_bar_while_it_is_checked(world, client_for, settings):
    settings.IMPORT_ASYNC_ROWS = 1
    rows = [
        row(f"名单{i}", make_id(adult_birth(50), 600 + i), "困境老年人", world.community_a.name)
        for i in range(2)
    ]
    http = client_for("street")
    # Outside a committed transaction the queued task has not run yet: the page shows the bar.
    response = post_file(http, world, xlsx_bytes(rows))
    page = http.get(response["Location"]).content.decode()
    assert 'data-testid="job-progress"' in page and "校验中" in page


def test_consent_and_merge_through_the_pages(world, client_for, client_a):
    from apps.cases.services import client_register

    http = client_for("social_worker")
    url = reverse("cases:client_consent", args=[client_a.pk])
    response = http.post(url, {"given_by": "guardian", "on": "2019-01-01", "guardian_name": ""})
    assert response.status_code == 400 and "监护人姓名" in response.content.decode()
    assert http.post(url, {"given_by": "self", "on": "2019-01-01"}).status_code == 302
    duplicate = client_register(
        actor=None, name="重复登记", community=world.community_a, source="referral"
    )
    merge = reverse("cases:client_merge", args=[client_a.pk])
    data = {"merged": duplicate.pk, "reason": "同一人"}
    assert client_for("street").post(merge, data).status_code == 403
    assert client_for("bureau").post(merge, data).status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.merged_into == client_a
    page = client_for("bureau").get(reverse("cases:client_detail", args=[client_a.pk]))
    assert "重复登记" in page.content.decode()  # the merge history shows the old record
