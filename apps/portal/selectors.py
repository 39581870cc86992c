"""Reads for the portal's pages: each person's home and the bureau's overview of the units.

These pages combine several apps (procurement, agencies' teams, plans), which is why they
live on the top floor: nothing below needs to know about the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from apps.accounts.models import Role
from apps.agencies.selectors import team_checks_for_contracts
from apps.orgs.models import Organization
from apps.plans.selectors import plan_states
from apps.procurement.models import LatenessDecision, Tender, round_budget_totals
from apps.procurement.permissions import contracts_visible_to, units_visible_to
from apps.procurement.selectors import Lateness, contract_lateness, current_round

from .permissions import home_memberships
from .workspace import _years, todos_for

# What each role's home section shows (the template picks its block by this kind).
SECTION_KIND = {
    Role.BUREAU_STAFF: "round",
    Role.EVALUATOR: "all_contracts",
    Role.DISTRICT_STAFF: "district",
    Role.STREET_COORDINATOR: "street",
    Role.COMMUNITY_COORDINATOR: "community",
}


def home_sections(*, user, on: date | None = None, pilot_round=None) -> list[dict]:
    """What the person's home shows, one section per membership, queries bounded.

    ``pilot_round``: the round in service when the caller has it (else read here)."""
    memberships = home_memberships(user=user)
    pilot_round = pilot_round or current_round()
    contracts = list(
        contracts_visible_to(user=user).select_related("unit__pilot_round", "unit__street")
    )
    years = _years(contracts) if contracts else {}
    units = list(units_visible_to(user=user).prefetch_related("contracts"))
    sections = []
    for m in memberships:
        org = m.organization
        role = Role(m.role)
        kind = SECTION_KIND.get(role, "agency")
        section = {"membership": m, "role": role, "kind": kind, "organization": org}
        if kind == "round":
            section["round"] = pilot_round
            section["units"] = units
            section["budget"] = round_budget_totals(pilot_round) if pilot_round else None
        elif kind == "all_contracts":
            section["round"] = pilot_round
            section["contracts"] = contracts
        elif kind == "district":
            section["units"] = [u for u in units if u.street.parent_id == org.pk]
            section["contracts"] = [c for c in contracts if c.unit.street.parent_id == org.pk]
        elif kind == "street":
            section["units"] = [u for u in units if u.street_id == org.pk]
            section["communities"] = list(
                Organization.objects.communities().filter(parent=org).order_by("code")
            )
            section["contracts"] = [c for c in contracts if c.unit.street_id == org.pk]
        elif kind == "community":
            section["street"] = org.parent
            section["contracts"] = [
                c for c in contracts if any(x.pk == org.pk for x in c.communities.all())
            ]
        else:  # agency roles
            section["contracts"] = [c for c in contracts if c.agency_id == org.pk]
        mine = section.get("contracts", contracts)
        section["todos"] = todos_for(
            user=user, role=role, org=org, contracts=mine, years=years, on=on
        )
        sections.append(section)
    return sections


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
