"""Every evaluation page and endpoint for every persona, and the scoping of lists."""

from datetime import date

import pytest
from django.urls import reverse

from apps.evaluations.models import Evaluation, EvaluationKind, Payment, Status
from apps.evaluations.services import (
    assessment_save,
    evaluation_approve,
    payment_record,
)
from tests.evaluations.builders import instalments, rubric, submitted, year
from tests.factories import PERSONAS
from tests.matrix import ALL, SIDE_A, SIDE_B, row_matrix

CITY = {p: (200 if p in ("bureau", "evaluator") else 403) for p in PERSONAS if p != "anonymous"}
BUREAU = {p: 200 if p == "bureau" else 403 for p in PERSONAS if p != "anonymous"}
# Evaluation rows: the bureau and the evaluator's organization; nobody else (404).
EVAL = {p: (200 if p in ("bureau", "evaluator") else 404) for p in PERSONAS if p != "anonymous"}
# The comparison: contract in scope but not the bureau → 403; outside → 404.
COMPARE_A = {p: (200 if p == "bureau" else 403 if SIDE_A[p] == 200 else 404) for p in SIDE_A}


@pytest.fixture
def flow(world):
    """One approved mid-term (contract A, year 1) with a payment, one draft on contract B."""
    rubric(world)
    approved = submitted(world)
    result = evaluation_approve(
        actor=world.users["bureau"],
        contract=world.contract_a,
        project_year=year(world),
        kind=EvaluationKind.MID_TERM,
    )
    first = instalments(world)[0]
    payment_record(actor=world.users["bureau"], instalment=first, paid_on=date(2019, 1, 10))
    instalments(world, world.contract_b)
    draft = submitted(world, contract=world.contract_b)
    assessment = assessment_save(
        actor=world.users["community"],
        contract=world.contract_a,
        organization=world.community_a,
        project_year=year(world),
        progress_score=80,
        effectiveness_score=82,
        survey_sample_size=30,
        survey_questions="满意吗?",
        satisfaction_score=90,
    )
    return {
        "approved": approved,
        "result": result,
        "instalment": first,
        "draft": draft,
        "assessment": assessment,
    }


PAGES = {
    "index": (lambda w, f: reverse("evaluations:index"), ALL),
    "rubric": (lambda w, f: reverse("evaluations:rubric"), ALL),
    "detail": (lambda w, f: reverse("evaluations:detail", args=[f["approved"].pk]), EVAL),
    "sample": (lambda w, f: reverse("evaluations:sample", args=[f["approved"].pk]), EVAL),
    "compare_a": (
        lambda w, f: reverse("evaluations:compare", args=[w.contract_a.pk, 1, "mid"]),
        COMPARE_A,
    ),
    "result_a": (lambda w, f: reverse("evaluations:result", args=[f["result"].pk]), SIDE_A),
    "payments_a": (lambda w, f: reverse("evaluations:payments", args=[w.contract_a.pk]), SIDE_A),
    "payments_b": (lambda w, f: reverse("evaluations:payments", args=[w.contract_b.pk]), SIDE_B),
    "explain_a": (
        lambda w, f: reverse("evaluations:explain", args=[f["instalment"].pk]),
        SIDE_A,
    ),
    "funding_a": (lambda w, f: reverse("evaluations:funding", args=[w.contract_a.pk]), SIDE_A),
    "budget": (lambda w, f: reverse("evaluations:budget"), CITY),
    "assessments": (lambda w, f: reverse("evaluations:assessments"), ALL),
    "assessment_a": (
        lambda w, f: reverse("evaluations:assessment", args=[f["assessment"].pk]),
        # A draft: the bureau, the evaluator, the area (district, street, community); agencies
        # see assessments only once submitted.
        {
            p: (200 if p in ("bureau", "evaluator", "district", "street", "community") else 404)
            for p in SIDE_A
        },
    ),
}

API = {
    "api_rubrics": (lambda w, f: "/api/v1/evaluation-rubrics/", ALL),
    "api_evaluations": (lambda w, f: "/api/v1/evaluations/", ALL),
    "api_evaluation": (lambda w, f: f"/api/v1/evaluations/{f['approved'].pk}/", EVAL),
    "api_scores": (lambda w, f: "/api/v1/evaluation-scores/", ALL),
    "api_results": (lambda w, f: "/api/v1/evaluation-results/", ALL),
    "api_result_a": (lambda w, f: f"/api/v1/evaluation-results/{f['result'].pk}/", SIDE_A),
    "api_payments": (lambda w, f: "/api/v1/payments/", ALL),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_evaluation_page_status_by_persona(world, flow, client_for, page):
    assert row_matrix(PAGES, page, client_for, world, flow) == []


@pytest.mark.parametrize("endpoint", sorted(API))
def test_evaluation_api_status_by_persona(world, flow, client_for, endpoint):
    assert row_matrix(API, endpoint, client_for, world, flow) == []


def _ids(client, url):
    data = client.get(url).json()
    rows = data["results"] if isinstance(data, dict) else data
    return {row["id"] for row in rows}


def test_api_lists_are_scoped(world, flow, client_for):
    approved, draft = flow["approved"].pk, flow["draft"].pk
    assert _ids(client_for("bureau"), "/api/v1/evaluations/") == {approved, draft}
    assert _ids(client_for("evaluator"), "/api/v1/evaluations/") == {approved, draft}
    for persona in ("agency_manager", "social_worker", "other_social_worker", "street"):
        assert _ids(client_for(persona), "/api/v1/evaluations/") == set(), persona
        assert _ids(client_for(persona), "/api/v1/evaluation-scores/") == set(), persona
    result = flow["result"].pk
    assert _ids(client_for("agency_manager"), "/api/v1/evaluation-results/") == {result}
    assert _ids(client_for("other_social_worker"), "/api/v1/evaluation-results/") == set()
    payment = Payment.objects.get().pk
    assert _ids(client_for("social_worker"), "/api/v1/payments/") == {payment}
    assert _ids(client_for("other_social_worker"), "/api/v1/payments/") == set()


def test_only_the_author_scores_and_only_the_bureau_approves(world, flow, client_for):
    draft_scores = flow["draft"].scores.first()
    url = reverse("evaluations:score_edit", args=[draft_scores.pk])
    # Submitted: even the author is refused; the agency does not see the row at all.
    assert client_for("evaluator").post(url, {"points": "1"}).status_code == 403
    assert client_for("agency_manager").post(url, {"points": "1"}).status_code == 404
    approve = reverse("evaluations:approve", args=[world.contract_b.pk, 1, "mid"])
    assert client_for("evaluator").post(approve).status_code == 403
    assert client_for("other_social_worker").post(approve).status_code == 403
    assert client_for("social_worker").post(approve).status_code == 404
    assert client_for("bureau").post(approve).status_code == 302
    assert Evaluation.objects.get(pk=flow["draft"].pk).status == Status.APPROVED


def test_evaluator_cannot_start_outside_their_role(world, flow, client_for):
    data = {"contract": world.contract_a.pk, "project_year": year(world, 2).pk, "kind": "mid"}
    url = reverse("evaluations:start")
    assert client_for("agency_manager").post(url, data).status_code == 403
    assert client_for("bureau").post(url, data).status_code == 403
    response = client_for("evaluator").post(url, data)
    assert response.status_code == 302
    created = Evaluation.objects.get(contract=world.contract_a, project_year__number=2)
    assert response["Location"] == reverse("evaluations:detail", args=[created.pk])


def test_pay_is_for_the_bureau_only(world, flow, client_for):
    second = instalments(world)[1]
    url = reverse("evaluations:pay", args=[second.pk])
    assert client_for("evaluator").post(url, {"paid_on": "2019-07-10"}).status_code == 403
    assert client_for("agency_manager").post(url, {"paid_on": "2019-07-10"}).status_code == 403
    assert client_for("other_social_worker").post(url, {"paid_on": "2019-07-10"}).status_code == 404
    # The bureau's attempt is refused by the service: no approved final evaluation yet.
    response = client_for("bureau").post(url, {"paid_on": "2019-07-10"}, follow=True)
    assert "末期评估" in response.content.decode()
    assert not Payment.objects.filter(instalment=second).exists()


def test_agency_reads_its_approved_result_never_a_draft(world, flow, client_for):
    body = client_for("agency_manager").get(reverse("evaluations:index")).content.decode()
    assert "T-A" in body and "T-B" not in body
    body = client_for("other_social_worker").get(reverse("evaluations:index")).content.decode()
    assert "T-B" not in body  # B's evaluation is submitted, not approved


def test_submitted_assessment_is_read_only(world, flow, client_for):
    a = flow["assessment"]
    url = reverse("evaluations:assessment", args=[a.pk])
    assert client_for("street").post(url).status_code == 403  # not the community's coordinator
    assert client_for("community").post(url).status_code == 302
    a.refresh_from_db()
    assert a.status == Status.SUBMITTED
    assert client_for("community").post(url).status_code == 403  # read-only now
    response = client_for("community").post(
        reverse("evaluations:assessments"),
        {
            "contract": world.contract_a.pk,
            "organization": world.community_a.pk,
            "project_year": year(world).pk,
            "progress_score": "10",
            "effectiveness_score": "10",
            "survey_sample_size": "5",
            "survey_questions": "q",
            "satisfaction_score": "10",
        },
    )
    assert response.status_code == 400 and "只读" in response.content.decode()
