"""Writes for rounds, units and contracts."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.catalogue.models import IndicatorRule
from apps.catalogue.services import catalogue_load, catalogue_rules_load, indicator_rules_load
from apps.core.audit import audit_record
from apps.core.seeding import seed_upsert
from apps.orgs.models import Organization, OrganizationKind

from .models import BudgetLine, Contract, PilotRound, ProcurementUnit, ProjectYear

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
DEFAULT_SEED = FIXTURES_DIR / "pilot_round_2018.json"


def _org(*, code, name, kind, parent=None) -> Organization:
    org, created = Organization.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "parent": parent}
    )
    if created:
        org.full_clean()
    return org


@transaction.atomic
def pilot_round_load(*, path: Path = DEFAULT_SEED, overwrite: bool = False) -> PilotRound:
    """Load a round from its fixture: bureau, districts, streets, units, budgets, catalogue, rules.

    Idempotent: loading the same file twice leaves the database as loading it once.
    Existing rows keep the bureau's edits unless ``overwrite`` is set.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    bureau = _org(code=data["bureau"]["code"], name=data["bureau"]["name"], kind="bureau")
    r = data["round"]
    pilot_round = seed_upsert(
        PilotRound,
        lookup={"code": r["code"]},
        values={
            "name": r["name"],
            "document_number": r["document_number"],
            "document_title": r["document_title"],
            "issued_on": date.fromisoformat(r["issued_on"]),
            "bureau": bureau,
            "service_start": date.fromisoformat(r["service_start"]),
            "service_end": date.fromisoformat(r["service_end"]),
            "tender_deadline": date.fromisoformat(r["tender_deadline"]),
            "team_deadline": date.fromisoformat(r["team_deadline"]),
            "late_deduction_days": r["late_deduction_days"],
            "late_termination_days": r["late_termination_days"],
            "min_communities_per_street": r["min_communities_per_street"],
            "stated_sub_item_count": r["stated_sub_item_count"],
            "description": r.get("description", ""),
        },
        overwrite=overwrite,
    )
    for y in data["project_years"]:
        seed_upsert(
            ProjectYear,
            lookup={"pilot_round": pilot_round, "number": y["number"]},
            values={"start": date.fromisoformat(y["start"]), "end": date.fromisoformat(y["end"])},
            overwrite=overwrite,
        )
    annual = Decimal(data["unit_annual_amount"])
    for d in data["districts"]:
        district = _org(
            code=d["code"], name=d["name"], kind=OrganizationKind.DISTRICT, parent=bureau
        )
        for s in d["streets"]:
            street = _org(
                code=s["code"], name=s["name"], kind=OrganizationKind.STREET, parent=district
            )
            seed_upsert(
                ProcurementUnit,
                lookup={"pilot_round": pilot_round, "street": street},
                values={"code": s["code"], "annual_amount": annual},
                overwrite=overwrite,
            )
    for b in data["budget_lines"]:
        seed_upsert(
            BudgetLine,
            lookup={"pilot_round": pilot_round, "code": b["code"]},
            values={
                "kind": b["kind"],
                "name": b["name"],
                "fiscal_year": b.get("fiscal_year"),
                "amount": Decimal(b["amount"]),
                "clause": b["clause"],
            },
            overwrite=overwrite,
        )
    catalogue = json.loads((Path(path).parent / data["catalogue_file"]).read_text("utf-8"))
    catalogue_load(pilot_round=pilot_round, catalogue=catalogue, overwrite=overwrite)
    catalogue_rules_load(
        pilot_round=pilot_round, rules=data["catalogue_rules"], overwrite=overwrite
    )
    indicator_rules_load(
        pilot_round=pilot_round, rules=data["indicator_rules"], overwrite=overwrite
    )
    return pilot_round


def current_indicator_rule(*, pilot_round, code: str, on: date | None = None) -> IndicatorRule:
    """The version of rule ``code`` in force on ``on`` (default: today)."""
    on = on or date.today()
    qs = IndicatorRule.objects.filter(pilot_round=pilot_round, code=code)
    rule = qs.filter(effective_from__lte=on).order_by("-effective_from", "-version").first()
    return rule or qs.order_by("effective_from", "version").first()


@transaction.atomic
def contract_create(
    *,
    actor,
    unit: ProcurementUnit,
    agency: Organization,
    number: str,
    communities: list[Organization],
    start_date: date,
    end_date: date,
    annual_amount: Decimal | None = None,
) -> Contract:
    """Record an agency's contract for a unit; its communities must be the unit's street's.

    The minimum number of communities comes from the round's COMMUNITIES rule (§三(三)).
    """
    errors = {}
    if agency.kind != OrganizationKind.AGENCY:
        errors["agency"] = "承接方必须是承接机构。"
    wrong = [c.name for c in communities if c.kind != "community" or c.parent_id != unit.street_id]
    if wrong:
        errors["communities"] = f"以下社区不属于{unit.street.name}:{'、'.join(wrong)}。"
    rule = current_indicator_rule(pilot_round=unit.pilot_round, code="COMMUNITIES", on=start_date)
    minimum = rule.thresholds["min_count"] if rule else unit.pilot_round.min_communities_per_street
    if len(set(communities)) < minimum:
        errors.setdefault(
            "communities",
            f"每个街道(镇)的试点项目覆盖不少于{minimum}个社区(村)({rule.clause if rule else '§三(三)'}),"
            f"当前仅{len(set(communities))}个。",
        )
    if end_date <= start_date:
        errors["end_date"] = "结束日期必须晚于开始日期。"
    if errors:
        raise ValidationError(errors)
    contract = Contract(
        unit=unit,
        agency=agency,
        number=number,
        start_date=start_date,
        end_date=end_date,
        annual_amount=annual_amount if annual_amount is not None else unit.annual_amount,
    )
    contract.full_clean()
    contract.save()
    contract.communities.set(communities)
    audit_record(actor=actor, action="contract_create", obj=contract, number=number)
    return contract
