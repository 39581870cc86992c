"""What makes a record countable: checks named by the round's data.

A rule's ``counted_when`` (round data, versioned with the rule) lists checks by code with the
label an agency reads when a record fails it, and optional params. Each check here takes the
candidate records (a queryset), the scope and its params, and returns the ids that pass, in
one query, so a snapshot can keep, record by record, why something is not counted yet.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count, Q

from apps.cases.models import ServiceRecord

CHECKS: dict[str, Callable] = {}
# Checks that look at the record alone (not the scope's period): run once per contract over all
# its records of that kind and shared by every community and year of the computation.
PER_RECORD: set[str] = set()


def check(code: str, *, per_record: bool = False):
    """Register the check named ``code`` in rules' ``counted_when``.

    ``per_record``: the result for a record does not depend on the scope (only on the record
    and the as-of date, the same for every scope of one computation).
    """

    def register(func):
        CHECKS[code] = func
        if per_record:
            PER_RECORD.add(code)
        return func

    return register


def _passing(func, code, params, candidates, scope) -> set:
    """The ids passing one check: for a per-record check, computed once over the contract's
    records of the candidates' kind and cached on the scope's shared cache."""
    model = candidates.model
    has_contract = any(f.name == "contract" for f in model._meta.concrete_fields)
    if code not in PER_RECORD or not has_contract or not hasattr(scope, "cache"):
        return set(func(candidates, scope, params))
    key = ("check", code, model._meta.label_lower, json.dumps(params, sort_keys=True))
    if key not in scope.cache:
        broad = model._default_manager.filter(contract=scope.contract)
        scope.cache[key] = set(func(broad, scope, params))
    return scope.cache[key]


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
            passed = _passing(func, code, spec.get("params") or {}, candidates, scope)
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


@check("case_consent", per_record=True)
def case_consent(qs, scope, params):
    """Informed consent recorded, by the client (or guardian) or, for a household, a member."""
    return _ids(
        qs.filter(
            Q(client__consent_on__isnull=False) | Q(household__members__consent_on__isnull=False)
        ).distinct()
    )


@check("case_assessment", per_record=True)
def case_assessment(qs, scope, params):
    return _ids(qs.filter(_not_blank("assessment")))


@check("case_service_records")
def case_service_records(qs, scope, params):
    """At least ``min`` service records dated in the scope's period (up to its as-of date)."""
    start, end = scope.period_bounds
    end = min(end, scope.as_of)
    minimum = int(params.get("min", 1))
    # Grouped over the period's records of the candidates only, never over every case × record.
    enough = (
        ServiceRecord.objects.filter(case__in=qs.values("pk"), date__gte=start, date__lte=end)
        .order_by()
        .values("case_id")
        .annotate(_n=Count("pk"))
        .filter(_n__gte=minimum)
        .values("case_id")
    )
    return _ids(qs.filter(pk__in=enough))


# --- community records (S5, C1–C7) ----------------------------------------------------------


@check("training_attendance", per_record=True)
def training_attendance(qs, scope, params):
    return _ids(qs.filter(attendee_count__gte=int(params.get("min", 1))))


@check("archive_needs", per_record=True)
def archive_needs(qs, scope, params):
    """The household's needs are filled in: at least one need area recorded (details optional,
    as the archive form asks for areas and one free-text detail)."""
    passed = []
    for pk, needs in qs.values_list("pk", "needs"):
        areas = needs.keys() if isinstance(needs, dict) else (needs or [])
        if any(str(a).strip() for a in areas):
            passed.append(pk)
    return passed


@check("resource_active", per_record=True)
def resource_active(qs, scope, params):
    return _ids(qs.filter(is_active=True))


@check("study_finished", per_record=True)
def study_finished(qs, scope, params):
    return _ids(qs.filter(finished_on__isnull=False, finished_on__lte=scope.as_of))


@check("team_active", per_record=True)
def team_active(qs, scope, params):
    return _ids(qs.filter(is_active=True))


@check("team_governance_role", per_record=True)
def team_governance_role(qs, scope, params):
    return _ids(qs.filter(_not_blank("governance_role")))


@check("project_documented", per_record=True)
def project_documented(qs, scope, params):
    return _ids(qs.filter(_not_blank("consultation") | _not_blank("results")))
