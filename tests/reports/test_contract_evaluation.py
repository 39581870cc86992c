"""The contract evaluation report, from an evaluation built here: scores by dimension, the
grade, the verification sample by record id, evidence and deductions; who may have it; and the
city overview's payments from the evaluations budget table."""

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404
from django.urls import reverse

from apps.evaluations.models import EvaluationResult, SampleItemResult
from apps.evaluations.services import (
    evaluation_approve,
    evaluation_submit,
    payment_record,
    sample_draw,
    sample_item_check,
    score_save,
)
from apps.reports.models import ReportStatus
from apps.reports.permissions import report_subject_get_for_user_or_404
from tests.community.builders import make_archives
from tests.evaluations.builders import instalments, set_points, start, year
from tests.matrix import SIDE_A, status_matrix
from tests.reports.conftest import ask, pdf_fonts, pdf_text, squeeze

KIND = "contract_evaluation"
COMMENT = "服务记录签名不全,酌情扣分。"
EVIDENCE = "/cases/evidence-check-1/"
FAIL_NOTE = "无服务对象签名"


def _evaluation(world):
    """A submitted mid-term: one indicator 2 points below its max with comment and evidence,
    a sample of 3 archives (2 passed, 1 failed)."""
    make_archives(world, community=world.community_a, year=year(world), total=10, distressed=0)
    evaluation = start(world)
    set_points(evaluation, {})
    lowered = (
        evaluation.scores.select_related("indicator")
        .exclude(indicator__code="SAMPLE")
        .filter(indicator__max_points__gte=2)
        .order_by("indicator__order", "indicator__code")
        .first()
    )
    score_save(
        actor=evaluation.evaluator,
        score=lowered,
        points=lowered.indicator.max_points - 2,
        comment=COMMENT,
        evidence_links=EVIDENCE,
    )
    sample = sample_draw(actor=evaluation.evaluator, evaluation=evaluation, seed=7)
    items = list(sample.items.all())
    for item in items[:2]:
        sample_item_check(actor=evaluation.evaluator, item=item, result=SampleItemResult.PASSED)
    sample_item_check(
        actor=evaluation.evaluator, item=items[2], result=SampleItemResult.FAILED, note=FAIL_NOTE
    )
    evaluation = evaluation_submit(actor=evaluation.evaluator, evaluation=evaluation)
    return evaluation, lowered, items


def _approve(world):
    return evaluation_approve(
        actor=world.users["bureau"],
        contract=world.contract_a,
        project_year=year(world),
        kind="mid",
    )


@pytest.fixture
def approved(world):
    evaluation, lowered, items = _evaluation(world)
    result = _approve(world)
    evaluation.refresh_from_db()
    return evaluation, lowered, items, result


@pytest.fixture
def bureau_report(world, approved, django_capture_on_commit_callbacks):
    """The bureau's report of the approved evaluation."""
    return ask(
        django_capture_on_commit_callbacks,
        actor=world.users["bureau"],
        kind=KIND,
        subject=approved[0],
    )


def test_report_prints_scores_grade_sample_evidence_and_deductions(world, approved, bureau_report):
    evaluation, lowered, items, result = approved
    report = bureau_report
    assert report.status == ReportStatus.READY, report.error
    fonts = pdf_fonts(report.file.path)
    embedded = [line for line in fonts.splitlines() if "WenQuanYi" in line]
    assert embedded and all(" yes " in line for line in embedded)
    text = pdf_text(report.file.path)
    flat = squeeze(text)
    assert squeeze(report.title) in flat and "中期评估" in report.title
    assert "T-A" in flat
    assert result.grade and f"审定等次{result.grade}" in flat
    # Each indicator's points as entered: the lowered one reads max − 2 next to its max.
    for score in evaluation.scores.select_related("indicator"):
        assert f"{score.indicator.code} " in text  # names may wrap in their cell
    row = next(line for line in text.splitlines() if f"{lowered.indicator.code} " in line)
    lowered.refresh_from_db()
    assert str(lowered.points) in row and str(lowered.indicator.max_points) in row
    # The sample: 3 drawn, all checked (100%), 1 failed (33% of those checked), by record id.
    assert "共抽取3条记录,已核查3条(100%),核查不通过1条(占已核查33%)" in flat
    for item in items:
        assert str(item.record_id) in text
    assert FAIL_NOTE in flat and COMMENT in flat and EVIDENCE in flat
    assert "(单位盖章)" in flat and "评估负责人(签字)" in flat
    for user in world.users.values():
        if user is not None:
            assert user.username not in flat and user.full_name not in flat


def test_evaluator_copy_is_masked(world, approved, django_capture_on_commit_callbacks):
    evaluation = approved[0]
    report = ask(
        django_capture_on_commit_callbacks,
        actor=world.users["evaluator"],
        kind=KIND,
        subject=evaluation,
    )
    assert report.masked and report.status == ReportStatus.READY, report.error
    flat = squeeze(pdf_text(report.file.path))
    assert COMMENT not in flat and FAIL_NOTE not in flat
    assert "脱敏副本" in flat and "T-A" in flat


def test_before_approval_only_the_bureau_has_it(world):
    evaluation, _, _ = _evaluation(world)
    assert report_subject_get_for_user_or_404(
        user=world.users["bureau"], kind=KIND, pk=evaluation.pk
    )
    for persona in ("agency_manager", "evaluator", "street", "other_social_worker"):
        with pytest.raises(Http404):
            report_subject_get_for_user_or_404(
                user=world.users[persona], kind=KIND, pk=evaluation.pk
            )


def test_asking_and_downloading_by_persona(
    world, client_for, approved, django_capture_on_commit_callbacks
):
    evaluation = approved[0]
    url = reverse("reports:request", args=[KIND])
    # Asking: every side-A reader of the approved result (the evaluator: its own organization's);
    # the other agency's worker does not see it. A queued request redirects to its job page.
    asked = {p: (302 if code == 200 else code) for p, code in SIDE_A.items()}
    assert (
        status_matrix(client_for, url, asked, method="post", data={"subject": evaluation.pk}) == []
    )
    report = ask(
        django_capture_on_commit_callbacks,
        actor=world.users["bureau"],
        kind=KIND,
        subject=evaluation,
    )
    download = reverse("reports:download", args=[report.pk])
    # The bureau's copy is not masked: the evaluator reads only masked copies.
    assert status_matrix(client_for, download, {**SIDE_A, "evaluator": 404}) == []
    page = client_for("agency_manager").get(reverse("evaluations:result", args=[approved[3].pk]))
    assert (
        f'value="{evaluation.pk}"' in page.content.decode() and "生成PDF" in page.content.decode()
    )


def test_city_overview_shows_payments(world, ask_as):
    _evaluation(world)
    _approve(world)
    first = instalments(world)[0]
    payment = payment_record(
        actor=world.users["bureau"], instalment=first, paid_on=date(2019, 1, 15)
    )
    assert payment.amount > 0
    assert EvaluationResult.objects.filter(contract=world.contract_a).exists()
    report = ask_as("bureau", "city_overview", year(world))
    assert report.status == ReportStatus.READY, report.error
    text = pdf_text(report.file.path)
    assert "待评估后录入" not in text
    years = world.pilot_round.years.count()
    committed = world.contract_a.annual_amount * years  # no lateness cut in this world
    row = next(line for line in text.splitlines() if "T-A" in line)
    assert f"{payment.amount:,.0f}" in row
    assert f"{committed:,.0f}" in row and f"{committed - payment.amount:,.0f}" in row
    assert Decimal(payment.amount) < committed


def test_dimension_chart_measures_against_full_marks_without_judging(world, bureau_report):
    """A dimension has full marks, not a pass mark: its bar is blue even below the maximum
    (the grade band judges the total), and its name is printed whole."""
    import base64

    from apps.metrics.charts import BLUE, GREEN, RED
    from apps.reports.documents import build_contract_evaluation

    built = build_contract_evaluation(user=world.users["bureau"], report=bureau_report)
    svg = base64.b64decode(built.context["chart"].split(",", 1)[1]).decode("utf-8")
    dimensions = built.context["dimensions"]
    assert any(d["points"] < d["max"] for d in dimensions)  # one scored below full marks
    assert svg.count(f'fill="{BLUE}"') == len(dimensions)
    assert RED not in svg and GREEN not in svg
    for d in dimensions:
        assert d["name"].split("(")[0] in svg
