"""Writes: A1-T4 governance projects and the public-welfare fund."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.catalogue.selectors import rule_thresholds
from apps.core.audit import audit_record
from apps.core.changes import contract_changed_on_commit
from apps.records.services import RecordKind, check_community, creates

from .. import rules
from ..models import FundDirection, FundEntry, GovernanceProject
from ..selectors import fund_balance
from .common import round_of

# --- A1-T4 governance projects and the public-welfare fund -----------------------------------


PROJECT = RecordKind(
    GovernanceProject,
    None,  # the kind of project is its sub-item, which names its item (A1-T4-*)
    on="started_on",
    strip=("title",),
    audit=lambda project: {"sub_item": project.sub_item.code},
    check_first=True,
)


@creates(PROJECT)
def project_create(
    *,
    actor,
    contract,
    community,
    sub_item,
    title: str,
    started_on: date,
    consultation: str = "",
    conventions: str = "",
    results: str = "",
    fund_amount: Decimal | None = None,
) -> GovernanceProject:
    """A governance project; its kind is the sub-item, which names its item (A1-T4-*)."""
    check_community(contract, community)
    pilot_round = round_of(contract)
    if sub_item is None:
        raise ValidationError("请选择项目类型(细项)。")
    item = sub_item.item
    if item.code not in rules.GOVERNANCE_ITEMS or item.category.pilot_round_id != pilot_round.pk:
        raise ValidationError("项目类型须是本轮附件1表4治理类的细项。")
    if sub_item.pk in rules.fund_sub_item_ids(pilot_round):
        minimum = Decimal(
            str(rule_thresholds(pilot_round=pilot_round, code="FUND", on=started_on)["min_amount"])
        )
        if fund_amount is None:
            raise ValidationError("社区公益金须填写金额。")
        if Decimal(fund_amount) < minimum:
            raise ValidationError(
                f"社区公益金每个不少于{minimum:,.0f}元,填写的金额为{Decimal(fund_amount):,.2f}元。"
            )
    elif fund_amount is not None:
        raise ValidationError("只有社区公益金项目填写公益金金额。")


@transaction.atomic
def fund_entry_add(
    *, actor, project: GovernanceProject, entry_date: date, direction: str, amount, note: str
) -> FundEntry:
    """An income or expense of the fund; an expense may not overdraw it."""
    if project.fund_amount is None:
        raise ValidationError("只有社区公益金项目可以登记收支。")
    GovernanceProject.objects.select_for_update().filter(pk=project.pk).first()
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError("金额须大于0。")
    if direction not in FundDirection.values:
        raise ValidationError("请选择收入或支出。")
    if entry_date < project.started_on:
        raise ValidationError("收支日期不能早于公益金设立日期。")
    if direction == FundDirection.EXPENSE and amount > fund_balance(project):
        raise ValidationError(f"支出超过公益金余额({fund_balance(project):,.2f}元)。")
    entry = FundEntry.objects.create(
        project=project,
        entry_date=entry_date,
        direction=direction,
        amount=amount,
        note=note.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor, action="fund_entry_add", obj=project, direction=direction, amount=str(amount)
    )
    contract_changed_on_commit(contract_id=project.contract_id)
    return entry
