"""What makes a record countable: checks named by the round's data.

A rule's ``counted_when`` (round data, versioned with the rule) lists checks by code with the
label an agency reads when a record fails it, and optional params. Each check here takes a
queryset of records, the scope and its params, and returns the ids that pass, in one query,
so a snapshot can keep, record by record, why something is not counted yet.

Cost (issue 15): a check runs once per contract computation over all of the contract's
records of its kind, never once per scope. A ``per_record`` check looks at the record alone;
a ``periodic`` check depends on the scope's period and answers for every period of the
computation at once (``PERIODS`` in the cache, set by ``scopes_for``). A check registered
with neither flag runs once per scope over the scope's candidates (correct, but slow at
scale: register new checks with one of the flags).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery, TextField
from django.db.models.functions import Cast

from apps.cases.models import Client, ServiceRecord

from .engine import CONTRACTS, PERIODS

CHECKS: dict[str, Callable] = {}
# Checks that look at the record alone (not the scope's period): run once per contract over all
# its records of that kind and shared by every community and year of the computation.
PER_RECORD: set[str] = set()
# Checks that depend on the scope's period: ``func(qs, scope, params, periods)`` returns, for
# each (start, end) of ``periods``, the ids passing in that period; run once per contract.
PERIODIC: set[str] = set()


# Record kinds ("app_label.model") that only counting checks read, never a computation
# function directly, with the checks reading them: a change to such a record can only move the
# scopes of rules whose ``counted_when`` names one of those checks (services.touches).
READ_BY_CHECKS_ONLY: dict[str, set[str]] = {}


def check(
    code: str, *, per_record: bool = False, periodic: bool = False, reads_only_here: tuple = ()
):
    """Register the check named ``code`` in rules' ``counted_when``.

    ``per_record``: the result for a record does not depend on the scope (only on the record
    and the as-of date, the same for every scope of one computation). ``periodic``: the result
    depends on the scope's period only; the function answers for many periods in one query.
    ``reads_only_here``: record kinds this check reads that no computation function reads
    (see ``READ_BY_CHECKS_ONLY``).
    """

    def register(func):
        CHECKS[code] = func
        if per_record:
            PER_RECORD.add(code)
        if periodic:
            PERIODIC.add(code)
        for label in reads_only_here:
            READ_BY_CHECKS_ONLY.setdefault(label, set()).add(code)
        return func

    return register


def _batch_records(model, scope):
    """Every record of ``model`` of the contracts computed together with ``scope``'s."""
    return model._default_manager.filter(contract__in=scope.batch[CONTRACTS]).order_by()


def _passing(func, code, params, model, ids, scope) -> set:
    """The ids passing one check, read once for the contracts computed together (see the
    module doc). Ids are unique across contracts, so one set serves them all."""
    has_contract = any(f.name == "contract" for f in model._meta.concrete_fields)
    params_key = json.dumps(params, sort_keys=True) if params else ""
    key = ("check", code, model._meta.label_lower, params_key)
    if has_contract and code in PER_RECORD:
        batch = scope.batch
        if key not in batch:
            batch[key] = set(func(_batch_records(model, scope), scope, params))
        return batch[key]
    if has_contract and code in PERIODIC:
        batch = scope.batch
        by_period = batch.setdefault(key, {})
        period = scope.period_bounds
        if period not in by_period:
            periods = [p for p in batch.get(PERIODS, ()) if p not in by_period]
            if period not in periods:
                periods.append(period)
            found = func(_batch_records(model, scope), scope, params, periods)
            for p in periods:
                by_period[p] = set(found.get(p, ()))
        return by_period[period]
    candidates = model._default_manager.filter(pk__in=list(ids))
    if code in PERIODIC:
        period = scope.period_bounds
        return set(func(candidates, scope, params, [period]).get(period, ()))
    return set(func(candidates, scope, params))


@dataclass
class Counted:
    """Candidates split into those counted and those not yet, with the reasons."""

    counted: list[int] = field(default_factory=list)
    excluded: dict[str, list[str]] = field(default_factory=dict)


def evaluate(*, rule, model, ids: Iterable[int], scope) -> Counted:
    """Apply every check of ``rule.counted_when`` to the candidate records ``ids`` of ``model``.

    A check code the engine does not know fails every record with a reason that says so:
    a misconfigured rule shows up as "not counted, because …", never as a silent pass.
    """
    ids = sorted(ids)
    candidates = set(ids)
    failed: dict[int, list[str]] = {}
    for spec in rule.counted_when or []:
        code = spec.get("code", "")
        label = spec.get("label") or code
        func = CHECKS.get(code)
        if func is None:
            passed = set()
            label = f"计入条件“{code}”在系统中没有对应的检查,请联系市民政局"
        else:
            passed = _passing(func, code, spec.get("params") or {}, model, ids, scope)
        for pk in candidates - passed:  # reasons in the order of counted_when
            failed.setdefault(pk, []).append(label)
    result = Counted()
    if not failed:
        result.counted = ids
        return result
    result.counted = [pk for pk in ids if pk not in failed]
    result.excluded = {str(pk): failed[pk] for pk in ids if pk in failed}
    return result


def _ids(qs):
    return qs.values_list("pk", flat=True)


def _not_blank(field_name: str) -> Q:
    # A regex on any non-space character: portable across PostgreSQL and SQLite.
    return Q(**{f"{field_name}__regex": r"\S"})


# --- cases (S1–S4) --------------------------------------------------------------------------


@check("case_consent", per_record=True)
def case_consent(qs, scope, params):
    """Informed consent recorded, by the client (or guardian) or, for a household, a member.

    The members' consent is a scalar subquery (an index lookup for the few cases whose client
    has none) rather than EXISTS, which the planner may serve by hashing every client."""
    member_consent = (
        Client.objects.filter(household=OuterRef("household_id"), consent_on__isnull=False)
        .order_by()
        .values("pk")[:1]
    )
    return _ids(
        qs.annotate(_member=Subquery(member_consent))
        .filter(Q(client__consent_on__isnull=False) | Q(_member__isnull=False))
        .order_by()
    )


@check("case_assessment", per_record=True)
def case_assessment(qs, scope, params):
    return _ids(qs.filter(_not_blank("assessment")))


@check("case_service_records", periodic=True, reads_only_here=("cases.servicerecord",))
def case_service_records(qs, scope, params, periods):
    """At least ``min`` service records dated in the scope's period (up to its as-of date).

    The only place the engine reads service records (``reads_only_here``): a new record can
    move only the scopes of rules counting with this check, in periods containing its date.

    One query for every period: per case, whether its ``min``-th record in each period exists
    (a scalar subquery per case and period, answered from the (case, date) index by reading
    at most ``min`` entries), never a count over all the records of the contract."""
    minimum = max(int(params.get("min", 1)), 1)
    flags = {}
    for i, (start, end) in enumerate(periods):
        nth = (
            ServiceRecord.objects.filter(
                case=OuterRef("pk"), date__gte=start, date__lte=min(end, scope.as_of)
            )
            .order_by()
            .values("date")[minimum - 1 : minimum]
        )
        flags[f"_p{i}"] = Subquery(nth)
    found: dict = {period: [] for period in periods}
    for pk, *dates in qs.annotate(**flags).values_list("pk", *flags):
        for period, on in zip(periods, dates, strict=True):
            if on is not None:
                found[period].append(pk)
    return found


# --- community records (S5, C1–C7) ----------------------------------------------------------


@check("training_attendance", per_record=True)
def training_attendance(qs, scope, params):
    return _ids(qs.filter(attendee_count__gte=int(params.get("min", 1))))


@check("archive_needs", per_record=True)
def archive_needs(qs, scope, params):
    """The household's needs are filled in: at least one need area recorded (details optional,
    as the archive form asks for areas and one free-text detail)."""
    passed = []
    # Read as text: most archives start with a plain first area (``{"生活照料": …``), which
    # settles the check without decoding the JSON; anything else is decoded and checked.
    for pk, text in qs.values_list("pk", Cast("needs", TextField())):
        if text is None:
            continue
        if text[:2] in ('{"', '["') and len(text) > 2:
            first = text[2]
            if first not in '"\\' and not first.isspace():
                passed.append(pk)
                continue
        needs = json.loads(text)
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
