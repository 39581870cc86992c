"""Who may ask for and download which report: the persona matrix, and the download log."""

import pytest
from django.urls import reverse

from apps.core.models import AuditEvent
from apps.reports.models import Report, ReportDownload, ReportStatus
from apps.reports.permissions import reports_visible_to
from tests.matrix import ALL, SIDE_A, status_matrix

QUARTERLY_SEEN = {**SIDE_A, "community": 404, "evaluator": 404}  # evaluators: masked copies only
CITY_WIDE = {p: (200 if p in ("bureau", "evaluator") else 404) for p in ALL}
COMMISSION_SEEN = {**SIDE_A, "evaluator": 404}


@pytest.fixture
def quarterly_pdf(world, quarterly, ask_as):
    return ask_as("agency_manager", "quarterly", quarterly)


def test_list_page_for_every_persona(world, client_for):
    assert status_matrix(client_for, reverse("reports:index"), ALL) == []


def test_download_of_a_quarterly_report_by_persona(world, client_for, quarterly_pdf):
    url = reverse("reports:download", args=[quarterly_pdf.pk])
    assert status_matrix(client_for, url, QUARTERLY_SEEN) == []


def test_download_of_the_city_overview_by_persona(world, client_for, ask_as):
    report = ask_as("bureau", "city_overview", world.pilot_round.years.get(number=1))
    url = reverse("reports:download", args=[report.pk])
    assert status_matrix(client_for, url, CITY_WIDE) == []


def test_download_of_a_commission_by_persona(world, client_for, commission, ask_as):
    report = ask_as("agency_manager", "commission", commission)
    url = reverse("reports:download", args=[report.pk])
    assert status_matrix(client_for, url, COMMISSION_SEEN) == []


def test_asking_for_the_city_overview_is_for_the_bureau(world, client_for):
    url = reverse("reports:request", args=["city_overview"])
    year = world.pilot_round.years.get(number=1)
    expected = {p: 404 for p in ALL} | {"bureau": 302, "evaluator": 403}
    assert status_matrix(client_for, url, expected, method="post", data={"subject": year.pk}) == []
    assert Report.objects.filter(kind="city_overview").count() == 1


def test_asking_for_a_quarterly_report_follows_its_gate(world, client_for, quarterly):
    url = reverse("reports:request", args=["quarterly"])
    expected = {p: (302 if code == 200 else code) for p, code in SIDE_A.items()}
    expected["community"] = 404  # a community coordinator does not receive the street's report
    assert (
        status_matrix(client_for, url, expected, method="post", data={"subject": quarterly.pk})
        == []
    )
    masked = Report.objects.get(kind="quarterly", requested_by=world.users["evaluator"])
    assert masked.masked and masked.subject_key.endswith(":masked")
    assert not Report.objects.filter(masked=True).exclude(requested_by=world.users["evaluator"])


def test_asking_redirects_to_the_job_page(world, client_for, quarterly):
    response = client_for("agency_manager").post(
        reverse("reports:request", args=["quarterly"]), {"subject": quarterly.pk}
    )
    report = Report.objects.get(subject_id=quarterly.pk, kind="quarterly")
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[report.job_id])
    assert report.status == ReportStatus.PENDING  # the task runs once the request commits
    assert AuditEvent.objects.filter(action="report_request", object_id=str(report.pk)).exists()


def test_unknown_or_unavailable_kind_is_404(world, client_for, quarterly):
    client = client_for("bureau")
    for kind in ("nonsense", "contract_evaluation"):
        url = reverse("reports:request", args=[kind])
        assert client.post(url, {"subject": quarterly.pk}).status_code == 404
    assert client.get(reverse("reports:request", args=["quarterly"])).status_code == 405


def test_download_is_logged_and_never_cached(world, client_for, quarterly_pdf):
    response = client_for("street").get(reverse("reports:download", args=[quarterly_pdf.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]  # the portal middleware adds no-cache too
    body = b"".join(response.streaming_content)
    assert body.startswith(b"%PDF")
    log = ReportDownload.objects.get(report=quarterly_pdf)
    assert log.user == world.users["street"]
    audit = AuditEvent.objects.get(action="report_download", object_id=str(quarterly_pdf.pk))
    assert audit.actor == world.users["street"]
    assert audit.data["sha256"] == quarterly_pdf.sha256


def test_a_report_not_ready_cannot_be_downloaded(world, client_for, quarterly_pdf):
    Report.objects.filter(pk=quarterly_pdf.pk).update(status=ReportStatus.RUNNING)
    url = reverse("reports:download", args=[quarterly_pdf.pk])
    assert client_for("agency_manager").get(url).status_code == 404
    assert not ReportDownload.objects.exists()


def test_each_role_lists_what_it_may_download(world, client_for, quarterly, ask_as):
    plain = ask_as("agency_manager", "quarterly", quarterly)
    masked = ask_as("evaluator", "quarterly", quarterly)
    seen = {p: set(reports_visible_to(user=world.users[p])) for p in ALL}
    assert seen["evaluator"] == {masked}
    assert seen["agency_manager"] == {plain, masked}
    assert seen["other_social_worker"] == set() and seen["community"] == set()
    page = client_for("evaluator").get(reverse("reports:index")).content.decode()
    assert f'data-testid="report-{masked.pk}"' in page
    assert f'data-testid="report-{plain.pk}"' not in page
    # Only the bureau gets the city-overview form.
    assert 'data-testid="request-city_overview"' not in page
    page = client_for("bureau").get(reverse("reports:index")).content.decode()
    assert 'data-testid="request-city_overview"' in page
