"""What makes a record countable: checks named by the round's data.

A rule's ``counted_when`` (round data, versioned with the rule) lists checks by code with the
label an agency reads when a record fails it, and optional params. Each check here takes the
candidate records (a queryset), the scope and its params, and returns the ids that pass, in
one query, so a snapshot can keep, record by record, why something is not counted yet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q

CHECKS: dict[str, Callable] = {}


def check(code: str):
    """Register the check named ``code`` in rules' ``counted_when``."""

    def register(func):
        CHECKS[code] = func
        return func

    return register


@dataclass
class Counted:
    """Candidates split into those counted and those not yet, with the reasons."""

    counted: list[int] = field(default_factory=list)
    excluded: dict[str, list[str]] = field(default_factory=dict)


def evaluate(*, rule, candidates, scope) -> Counted:
    """Apply every check of ``rule.counted_when`` to ``candidates``.

    A check code the engine does not know fails every record with a reason that says so:
    a misconfigured rule shows up as "not counted, because …", never as a silent pass.
    """
    ids = list(candidates.order_by("pk").values_list("pk", flat=True))
    reasons: dict[int, list[str]] = {pk: [] for pk in ids}
    for spec in rule.counted_when or []:
        code = spec.get("code", "")
        label = spec.get("label") or code
        func = CHECKS.get(code)
        if func is None:
            passed = set()
            label = f"计入条件“{code}”在系统中没有对应的检查,请联系市民政局"
        else:
            passed = set(func(candidates, scope, spec.get("params") or {}))
        for pk in ids:
            if pk not in passed:
                reasons[pk].append(label)
    result = Counted()
    for pk in ids:
        if reasons[pk]:
            result.excluded[str(pk)] = reasons[pk]
        else:
            result.counted.append(pk)
    return result


def _ids(qs):
    return qs.values_list("pk", flat=True)


def _not_blank(field_name: str) -> Q:
    # A regex on any non-space character: portable across PostgreSQL and SQLite.
    return Q(**{f"{field_name}__regex": r"\S"})


# --- cases (S1–S4) --------------------------------------------------------------------------


@check("case_consent")
def case_consent(qs, scope, params):
    """Informed consent recorded, by the client (or guardian) or, for a household, a member."""
    return _ids(
        qs.filter(
            Q(client__consent_on__isnull=False) | Q(household__members__consent_on__isnull=False)
        ).distinct()
    )


@check("case_assessment")
def case_assessment(qs, scope, params):
    return _ids(qs.filter(_not_blank("assessment")))


@check("case_service_records")
def case_service_records(qs, scope, params):
    """At least ``min`` service records dated in the scope's period (up to its as-of date)."""
    start, end = scope.period_bounds
    end = min(end, scope.as_of)
    minimum = int(params.get("min", 1))
    return _ids(
        qs.annotate(
            _n=Count("records", filter=Q(records__date__gte=start, records__date__lte=end))
        ).filter(_n__gte=minimum)
    )


# --- community records (S5, C1–C7) ----------------------------------------------------------


@check("training_attendance")
def training_attendance(qs, scope, params):
    return _ids(qs.filter(attendee_count__gte=int(params.get("min", 1))))


@check("archive_needs")
def archive_needs(qs, scope, params):
    """The household's needs are filled in: at least one need area recorded (details optional,
    as the archive form asks for areas and one free-text detail)."""
    passed = []
    for pk, needs in qs.values_list("pk", "needs"):
        areas = needs.keys() if isinstance(needs, dict) else (needs or [])
        if any(str(a).strip() for a in areas):
            passed.append(pk)
    return passed


@check("resource_active")
def resource_active(qs, scope, params):
    return _ids(qs.filter(is_active=True))


@check("study_finished")
def study_finished(qs, scope, params):
    return _ids(qs.filter(finished_on__isnull=False, finished_on__lte=scope.as_of))


@check("team_active")
def team_active(qs, scope, params):
    return _ids(qs.filter(is_active=True))


@check("team_governance_role")
def team_governance_role(qs, scope, params):
    return _ids(qs.filter(_not_blank("governance_role")))


@check("project_documented")
def project_documented(qs, scope, params):
    return _ids(qs.filter(_not_blank("consultation") | _not_blank("results")))
