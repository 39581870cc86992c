"""Writes for rounds, units and contracts."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.catalogue.selectors import current_indicator_rule
from apps.catalogue.services import catalogue_load, catalogue_rules_load, indicator_rules_load
from apps.core.audit import audit_record, audited_save
from apps.core.fixture_rows import FixtureRows
from apps.core.seeding import seed_upsert
from apps.orgs.models import Organization, OrganizationKind

from .models import (
    Award,
    Bid,
    BudgetLine,
    BudgetLineKind,
    Contract,
    EvaluatorContract,
    LatenessDecision,
    PilotRound,
    ProcurementUnit,
    ProjectYear,
    Tender,
    TenderStatus,
)
from .selectors import contract_lateness

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
DEFAULT_SEED = FIXTURES_DIR / "pilot_round_2018.json"
ROUND_DATES = ("issued_on", "service_start", "service_end", "tender_deadline", "team_deadline")
PILOT_ROUNDS = FixtureRows(
    PilotRound,
    (
        "name",
        "document_number",
        "document_title",
        "late_deduction_days",
        "late_termination_days",
        "min_communities_per_street",
        "stated_sub_item_count",
    ),
    {"description": ""},
    dict.fromkeys(ROUND_DATES, date.fromisoformat),
)
PROJECT_YEARS = FixtureRows(
    ProjectYear, convert={"start": date.fromisoformat, "end": date.fromisoformat}, keys=("number",)
)
BUDGET_LINES = FixtureRows(
    BudgetLine, ("kind", "name", "clause"), {"fiscal_year": None}, {"amount": Decimal}
)


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
    pilot_round = PILOT_ROUNDS.seed(data["round"], {}, overwrite=overwrite, bureau=bureau)
    for y in data["project_years"]:
        PROJECT_YEARS.seed(y, {"pilot_round": pilot_round}, overwrite=overwrite)
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
        BUDGET_LINES.seed(b, {"pilot_round": pilot_round}, overwrite=overwrite)
    catalogue = json.loads((Path(path).parent / data["catalogue_file"]).read_text("utf-8"))
    catalogue_load(pilot_round=pilot_round, catalogue=catalogue, overwrite=overwrite)
    catalogue_rules_load(
        pilot_round=pilot_round, rules=data["catalogue_rules"], overwrite=overwrite
    )
    indicator_rules_load(
        pilot_round=pilot_round, rules=data["indicator_rules"], overwrite=overwrite
    )
    return pilot_round


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
    audited_save(contract, actor=actor, action="contract_create", number=number)
    contract.communities.set(communities)
    from apps.core.changes import contract_changed_on_commit

    contract_changed_on_commit(contract_id=contract.pk)  # a new contract shows at once
    return contract


@transaction.atomic
def tender_open(*, actor, unit: ProcurementUnit, announced_on: date) -> Tender:
    """Open a unit's tender; the unit's district and street are the co-purchasers (§二(一))."""
    if Tender.objects.filter(unit=unit).exists():
        raise ValidationError(f"{unit}已有招标记录。")
    tender = Tender(
        unit=unit,
        purchaser_district=unit.street.parent,
        purchaser_street=unit.street,
        announced_on=announced_on,
    )
    return audited_save(tender, actor=actor, action="tender_open")


@transaction.atomic
def bid_record(*, actor, tender: Tender, bidder: Organization, submitted_on: date) -> Bid:
    if bidder.kind != OrganizationKind.AGENCY:
        raise ValidationError({"bidder": "投标方必须是承接机构。"})
    if tender.status != TenderStatus.OPEN:
        raise ValidationError("该招标已结束,不能再登记投标。")
    if Bid.objects.filter(tender=tender, bidder=bidder).exists():
        raise ValidationError({"bidder": f"{bidder.name}已登记投标。"})
    bid = Bid.objects.create(tender=tender, bidder=bidder, submitted_on=submitted_on)
    audit_record(actor=actor, action="bid_record", obj=tender, bidder=bidder.pk)
    return bid


@transaction.atomic
def tender_award(
    *,
    actor,
    tender: Tender,
    agency: Organization,
    awarded_on: date,
    result: str = "",
    override_reason: str = "",
) -> Award:
    """Record the winner (one of the bidders); the contract is linked when it is signed.

    The winner is checked against Annex 2 (``awarding.bidder_problems``): a bidder that fails
    a condition is refused unless the bureau records an override with its reason; the
    failures and the override are kept on the award.
    """
    from .awarding import bidder_problems

    if tender.status != TenderStatus.OPEN:
        raise ValidationError("该招标已结束。")
    if not tender.bids.filter(bidder=agency).exists():
        raise ValidationError({"agency": f"{agency.name}未参加本次投标。"})
    problems = bidder_problems(agency=agency, pilot_round=tender.unit.pilot_round)
    if problems and not override_reason.strip():
        raise ValidationError(
            {
                "override_reason": (
                    f"{agency.name}不符合附件2资格条件:{';'.join(problems)}。"
                    "如确需授予,请填写例外授予理由。"
                )
            }
        )
    award = Award.objects.create(
        tender=tender,
        agency=agency,
        awarded_on=awarded_on,
        qualification_problems=problems,
        override_reason=override_reason.strip() if problems else "",
        override_by=actor if problems and actor is not None and actor.is_authenticated else None,
    )
    contract = Contract.objects.filter(unit=tender.unit, agency=agency).first()
    if contract:
        award.contract = contract
        award.save(update_fields=["contract"])
    tender.status = TenderStatus.AWARDED
    tender.result = result or f"{agency.name}中标"
    tender.save(update_fields=["status", "result"])
    audit_record(
        actor=actor,
        action="tender_award",
        obj=tender,
        agency=agency.pk,
        problems=problems,
        override_reason=award.override_reason,
    )
    return award


@transaction.atomic
def award_contract_create(
    *,
    actor,
    award: Award,
    number: str,
    communities: list[Organization],
    start_date: date,
    end_date: date,
) -> Contract:
    """The bureau signs the contract of an award in the portal (the winner, the unit's amount)."""
    if award.contract_id:
        raise ValidationError("该中标已签订合同。")
    contract = contract_create(
        actor=actor,
        unit=award.tender.unit,
        agency=award.agency,
        number=number,
        communities=communities,
        start_date=start_date,
        end_date=end_date,
    )
    award.contract = contract
    award.save(update_fields=["contract"])
    audit_record(
        actor=actor, action="award_contract_create", obj=award.tender, contract=contract.pk
    )
    return contract


@transaction.atomic
def contract_team_formed_record(*, actor, contract: Contract, formed_on: date) -> Contract:
    """Record the day the team was actually formed; lateness follows from the round's data."""
    if formed_on < contract.unit.pilot_round.issued_on:
        raise ValidationError({"formed_on": "组建日期不能早于方案发文日期。"})
    contract.team_formed_on = formed_on
    contract.save(update_fields=["team_formed_on"])
    lateness = contract_lateness(contract=contract)
    audit_record(
        actor=actor,
        action="contract_team_formed_record",
        obj=contract,
        formed_on=formed_on.isoformat(),
        days_late=lateness.days_late,
        proposed=lateness.level,
    )
    return contract


@transaction.atomic
def lateness_decide(
    *,
    actor,
    contract: Contract,
    reason: str,
    deduct_points: bool = False,
    amount_cut: Decimal | None = None,
    terminate: bool = False,
    bad_record: bool = False,
) -> LatenessDecision:
    """The bureau's decision on a late team (视情, §四), recorded with its reason.

    The computed proposal is stored beside the decision, never replaced by it.
    """
    lateness = contract_lateness(contract=contract)
    errors = {}
    if not reason.strip():
        errors["reason"] = "请填写决定理由。"
    if lateness.days_late <= 0 and (deduct_points or amount_cut or terminate or bad_record):
        errors["reason"] = "团队未逾期,不能作出处理。"
    if amount_cut is not None and (amount_cut < 0 or amount_cut > contract.annual_amount):
        errors["amount_cut"] = "扣减金额须在0与年度金额之间。"
    if errors:
        raise ValidationError(errors)
    decision, _ = LatenessDecision.objects.update_or_create(
        contract=contract,
        defaults={
            "days_late": max(lateness.days_late, 0),
            "proposed_level": lateness.level,
            "deduct_points": deduct_points,
            "amount_cut": amount_cut,
            "terminate": terminate,
            "bad_record": bad_record,
            "reason": reason,
            "decided_by": actor,
        },
    )
    audit_record(
        actor=actor,
        action="lateness_decide",
        obj=contract,
        proposed=lateness.level,
        deduct_points=deduct_points,
        terminate=terminate,
        bad_record=bad_record,
    )
    return decision


@transaction.atomic
def evaluator_contract_create(
    *,
    actor,
    pilot_round: PilotRound,
    evaluator: Organization,
    number: str,
    start_date: date,
    end_date: date,
    amount: Decimal,
) -> EvaluatorContract:
    """The evaluator's contract, paid from the round's related costs (§五(二))."""
    if evaluator.kind != OrganizationKind.EVALUATOR:
        raise ValidationError({"evaluator": "须为监管评估机构。"})
    line = pilot_round.budget_lines.filter(kind=BudgetLineKind.RELATED_COSTS).first()
    if line is not None and amount > line.amount:
        raise ValidationError({"amount": f"合同金额超过相关费用预算({line.amount}元)。"})
    contract = EvaluatorContract(
        pilot_round=pilot_round,
        evaluator=evaluator,
        number=number,
        budget_line=line,
        start_date=start_date,
        end_date=end_date,
        amount=amount,
    )
    return audited_save(contract, actor=actor, action="evaluator_contract_create", number=number)
