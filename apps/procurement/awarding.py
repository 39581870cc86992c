"""Checks run on a tender's winner before the award (Annex 2), registered from above.

The qualification rules live in the agencies app, a floor above procurement. Rather than
importing it, procurement keeps this registry and the agencies app registers its Annex 2
check when it loads (``AgenciesConfig.ready``). A check takes ``agency`` and ``pilot_round``
and returns the conditions the agency fails (clause and text); an empty list means qualified.
"""

from __future__ import annotations

from collections.abc import Callable

BidderCheck = Callable[..., list[str]]
_checks: list[BidderCheck] = []


def register_bidder_check(check: BidderCheck) -> None:
    if check not in _checks:
        _checks.append(check)


def bidder_problems(*, agency, pilot_round) -> list[str]:
    """Every registered check's failures for ``agency`` (none registered: none found)."""
    problems: list[str] = []
    for check in _checks:
        problems.extend(check(agency=agency, pilot_round=pilot_round))
    return problems
