"""Reads for units and contracts, always through the gates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from .models import LatenessLevel, PilotRound
from .permissions import contracts_visible_to


def current_round():
    """The round in service (latest by start date)."""
    return PilotRound.objects.select_related("bureau").first()


def unit_contracts(*, user, unit):
    """The unit's contracts the user may see."""
    return list(contracts_visible_to(user=user).filter(unit=unit))


@dataclass(frozen=True)
class Lateness:
    deadline: date
    formed_on: date | None
    days_late: int  # as of the formation date, or as of ``on`` while not yet formed
    level: str
    deduction_days: int
    termination_days: int

    @property
    def level_label(self) -> str:
        return LatenessLevel(self.level).label

    @property
    def is_late(self) -> bool:
        return self.days_late > 0


def contract_lateness(*, contract, on: date | None = None) -> Lateness:
    """Days past the round's team deadline and what §四 proposes (> 15: points, > 30: cut/end)."""
    r = contract.unit.pilot_round
    # Not formed yet: count until today, but never past the contract's end.
    until = contract.team_formed_on or min(on or timezone.localdate(), contract.end_date)
    days = (until - r.team_deadline).days
    if days > r.late_termination_days:
        level = LatenessLevel.TERMINATION
    elif days > r.late_deduction_days:
        level = LatenessLevel.DEDUCTION
    else:
        level = LatenessLevel.NONE
    return Lateness(
        deadline=r.team_deadline,
        formed_on=contract.team_formed_on,
        days_late=days,
        level=level,
        deduction_days=r.late_deduction_days,
        termination_days=r.late_termination_days,
    )


@dataclass
class UnitStatus:
    unit: object
    tender: object | None
    contract: object | None
    team: object | None  # CheckResult of the team, None when no member yet
    lateness: Lateness | None
    plan: str  # "none" | "draft" | "approved"
    decision: object | None

    @property
    def tendered(self) -> bool:
        return self.tender is not None

    @property
    def awarded(self) -> bool:
        return self.tender is not None and self.tender.status == "awarded"


PLAN_LABELS = {"none": "未提交", "draft": "待审定", "approved": "已审定备案"}


def unit_overview(*, user, on: date | None = None) -> list[UnitStatus]:
    """Every unit in the user's scope with its tender, award, team, lateness and plan state.

    A bounded number of queries whatever the number of units (the bureau's page at a glance).
    """
    # Imported here: agencies and plans build on procurement, not the other way round.
    from apps.agencies.selectors import team_checks_for_contracts
    from apps.plans.selectors import plan_states

    from .models import LatenessDecision, Tender
    from .permissions import units_visible_to

    units = list(units_visible_to(user=user).order_by("id"))
    tenders = {t.unit_id: t for t in Tender.objects.filter(unit__in=units)}
    contracts = {}
    for c in contracts_visible_to(user=user).filter(unit__in=units).order_by("pk"):
        contracts.setdefault(c.unit_id, c)
    contract_list = list(contracts.values())
    teams = team_checks_for_contracts(contracts=contract_list, on=on)
    plans = plan_states(contracts=contract_list)
    decisions = {
        d.contract_id: d for d in LatenessDecision.objects.filter(contract__in=contract_list)
    }
    rows = []
    for unit in units:
        c = contracts.get(unit.pk)
        rows.append(
            UnitStatus(
                unit=unit,
                tender=tenders.get(unit.pk),
                contract=c,
                team=teams.get(c.pk) if c else None,
                lateness=contract_lateness(contract=c, on=on) if c else None,
                plan=plans.get(c.pk, "none") if c else "none",
                decision=decisions.get(c.pk) if c else None,
            )
        )
    return rows
