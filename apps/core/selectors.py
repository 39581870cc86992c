"""Reads for the home page: one section per role membership, each within its scope."""

from apps.accounts.gates import scope_for
from apps.accounts.models import Role
from apps.orgs.models import Organization
from apps.procurement.models import round_budget_totals
from apps.procurement.permissions import contracts_visible_to, units_visible_to
from apps.procurement.selectors import current_round


def home_sections(*, user) -> list[dict]:
    """What the person's home shows, one section per membership, queries bounded."""
    scope = scope_for(user)
    pilot_round = current_round()
    contracts = list(contracts_visible_to(user=user))
    units = list(units_visible_to(user=user).prefetch_related("contracts"))
    sections = []
    for m in scope.memberships:
        org = m.organization
        section = {"membership": m, "role": Role(m.role), "organization": org}
        if m.role == Role.BUREAU_STAFF:
            section["round"] = pilot_round
            section["units"] = units
            section["budget"] = round_budget_totals(pilot_round) if pilot_round else None
        elif m.role == Role.EVALUATOR:
            section["round"] = pilot_round
            section["contracts"] = contracts
        elif m.role == Role.DISTRICT_STAFF:
            section["units"] = [u for u in units if u.street.parent_id == org.pk]
            section["contracts"] = [c for c in contracts if c.unit.street.parent_id == org.pk]
        elif m.role == Role.STREET_COORDINATOR:
            section["units"] = [u for u in units if u.street_id == org.pk]
            section["communities"] = list(
                Organization.objects.communities().filter(parent=org).order_by("code")
            )
            section["contracts"] = [c for c in contracts if c.unit.street_id == org.pk]
        elif m.role == Role.COMMUNITY_COORDINATOR:
            section["street"] = org.parent
            section["contracts"] = [
                c for c in contracts if any(x.pk == org.pk for x in c.communities.all())
            ]
        else:  # agency roles
            section["contracts"] = [c for c in contracts if c.agency_id == org.pk]
        sections.append(section)
    return sections
