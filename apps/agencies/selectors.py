"""Reads: qualification checks of agencies, evaluators and teams, computed from the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from apps.core.clock import today
from apps.orgs.models import OrganizationKind

from .models import OrganizationProfile, Person, Team, TeamMembership
from .rules import (
    CheckResult,
    RuleBook,
    agency_checks,
    evaluator_checks,
    person_facts,
    team_checks,
)


def round_check_date(pilot_round) -> date:
    """Today, or the round's last day once it is over: a past round is judged as it ended."""
    return min(today(), pilot_round.service_end)


def team_check_date(team) -> date:
    """Today, or the contract's last day once it has ended."""
    end = team.contract.end_date if team.kind == "service" else team.evaluator_contract.end_date
    return min(today(), end)


def organization_check(*, organization, pilot_round, on: date | None = None) -> CheckResult:
    """An agency against Annex 2 (and §四) or an evaluator against Annex 3."""
    book = RuleBook(pilot_round)
    profile = OrganizationProfile.objects.filter(organization=organization).first()
    if organization.kind == OrganizationKind.EVALUATOR:
        return evaluator_checks(evaluator=organization, profile=profile, book=book)
    staff = list(Person.objects.filter(organization=organization))
    return agency_checks(
        agency=organization,
        staff=staff,
        profile=profile,
        book=book,
        on=on or round_check_date(pilot_round),
    )


def team_members(*, team) -> list[TeamMembership]:
    return list(
        TeamMembership.objects.filter(team=team)
        .select_related("person")
        .order_by("left_on", "role", "joined_on", "id")
    )


def team_check(*, team: Team, on: date | None = None, book: RuleBook | None = None) -> CheckResult:
    """A team's current members against Annex 2 (service) or Annex 3 (evaluation)."""
    book = book or RuleBook(team.pilot_round)
    members = [m for m in team_members(team=team) if m.left_on is None]
    return team_checks(team=team, memberships=members, book=book, on=on or team_check_date(team))


@dataclass
class StaffRow:
    person: Person
    full_time: bool
    professional: bool
    supervisor: bool


def staff_rows(*, organization, pilot_round, on: date | None = None) -> list[StaffRow]:
    """The staff of an organisation with what the Annex 2 definitions make of each."""
    book = RuleBook(pilot_round)
    on = on or round_check_date(pilot_round)
    rows = []
    for p in Person.objects.filter(organization=organization).order_by("name", "id"):
        f = person_facts(p, book, on)
        rows.append(StaffRow(p, f.full_time, f.professional, f.supervisor))
    return rows


def team_checks_for_contracts(*, contracts, on: date | None = None) -> dict[int, CheckResult]:
    """Contract id → its team's check, for many contracts in a bounded number of queries."""
    contracts = list(contracts)
    if not contracts:
        return {}
    book = RuleBook(contracts[0].unit.pilot_round)
    teams = {
        t.contract_id: t
        for t in Team.objects.filter(contract__in=[c.pk for c in contracts]).select_related(
            "contract"
        )
    }
    current = list(
        TeamMembership.objects.current()
        .select_related("person", "team__contract__unit__street")
        .filter(
            person__in=TeamMembership.objects.current()
            .filter(team__in=teams.values())
            .values("person")
        )
    )
    by_team: dict[int, list] = {}
    teams_of_person: dict[int, list] = {}
    for m in current:
        by_team.setdefault(m.team_id, []).append(m)
        teams_of_person.setdefault(m.person_id, []).append(m)
    out = {}
    for contract_id, team in teams.items():
        members = by_team.get(team.pk, [])
        doubles = {
            m.person_id: [o for o in teams_of_person[m.person_id] if o.team_id != team.pk]
            for m in members
        }
        doubles = {k: v for k, v in doubles.items() if v}
        out[contract_id] = team_checks(
            team=team,
            memberships=members,
            book=book,
            on=on or min(today(), team.contract.end_date),
            doubles=doubles,
        )
    return out


def evaluator_teams(*, contracts) -> dict[int, Team]:
    """Evaluator contract id → its evaluation team (the Annex 3 team), in one query."""
    return {
        t.evaluator_contract_id: t for t in Team.objects.filter(evaluator_contract__in=contracts)
    }


def award_problems(*, agency, pilot_round) -> list[str]:
    """Annex 2 (and §四) conditions ``agency`` fails, for the award (procurement's hook).

    Rules not loaded count as a failure: an unverified bidder needs the same override.
    """
    from .rules import RulesMissing

    try:
        result = organization_check(organization=agency, pilot_round=pilot_round)
    except RulesMissing as exc:
        return [str(exc)]
    return [f"{c.clause} {c.name}:{c.label}" for c in result.problems]
