"""Reads for units and contracts, always through the gates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from apps.core.clock import today

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
    until = contract.team_formed_on or min(on or today(), contract.end_date)
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
