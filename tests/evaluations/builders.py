"""Evaluation test data, built through the real services."""

from decimal import Decimal

from apps.evaluations.models import EvaluationKind
from apps.evaluations.permissions import evaluator_org_of
from apps.evaluations.services import (
    evaluation_start,
    evaluation_submit,
    rubric_default_create,
    schedule_ensure,
    score_save,
)


def rubric(world):
    return rubric_default_create(actor=world.users["bureau"], pilot_round=world.pilot_round)


def year(world, number=1):
    return world.pilot_round.years.get(number=number)


def start(world, *, user=None, contract=None, kind=EvaluationKind.MID_TERM, number=1):
    rubric(world)
    user = user or world.users["evaluator"]
    return evaluation_start(
        actor=user,
        contract=contract or world.contract_a,
        project_year=year(world, number),
        kind=kind,
        evaluator_org=evaluator_org_of(user),
    )


def set_points(evaluation, points: dict, *, default="max"):
    """Give each indicator its points: ``points`` by code; others their max (or ``default``)."""
    for s in evaluation.scores.select_related("indicator"):
        value = points.get(s.indicator.code)
        if value is None:
            value = s.indicator.max_points if default == "max" else Decimal(default)
        score_save(actor=evaluation.evaluator, score=s, points=Decimal(value))
    evaluation.refresh_from_db()
    return evaluation


def submitted(world, points=None, **kwargs):
    evaluation = start(world, **kwargs)
    set_points(evaluation, points or {})
    return evaluation_submit(actor=evaluation.evaluator, evaluation=evaluation)


def instalments(world, contract=None):
    contract = contract or world.contract_a
    rubric(world)  # writes the round's default schedule too
    schedule_ensure(actor=world.users["bureau"], contract=contract)
    return list(contract.instalments.order_by("project_year__number", "order"))
