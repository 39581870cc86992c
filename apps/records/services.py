"""Checks and saving shared by every community-work record (apps.community, apps.volunteers)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from apps.catalogue.models import Item
from apps.core.audit import audit_record
from apps.core.changes import contract_changed_on_commit
from apps.procurement.models import ProjectYear

from .models import CommunityRecord, ConsentBy


def catalogue_item(pilot_round, code: str) -> Item:
    """The round's catalogue item ``code`` (a record type's Annex 1 line)."""
    try:
        return Item.objects.get(category__pilot_round=pilot_round, code=code)
    except Item.DoesNotExist as exc:
        raise ValidationError(f"本轮服务清单中没有大项 {code},请先导入附件1清单。") from exc


def project_year_for(contract, day: date) -> ProjectYear:
    """The project year of the contract's round that ``day`` falls in."""
    year = (
        ProjectYear.objects.filter(
            pilot_round_id=contract.unit.pilot_round_id, start__lte=day, end__gte=day
        )
        .order_by("number")
        .first()
    )
    if year is None:
        raise ValidationError(f"日期 {day:%Y-%m-%d} 不在本轮任何项目年度内。")
    if not (contract.start_date <= day <= contract.end_date):
        raise ValidationError(f"日期 {day:%Y-%m-%d} 不在合同服务期内。")
    return year


def check_community(contract, community):
    """A community record must name one of the contract's communities."""
    if community is None:
        raise ValidationError("请选择社区(村)。")
    if not contract.communities.filter(pk=community.pk).exists():
        raise ValidationError(f"{community.name}不是本合同的服务社区(村)。")


def check_sub_item(item, sub_item, *, required: bool):
    if sub_item is None:
        if required:
            raise ValidationError(f"请选择“{item.name}”的细项。")
        return
    if sub_item.item_id != item.pk:
        raise ValidationError(f"细项 {sub_item.code} 不属于大项 {item.code}。")


def record_save(obj, *, actor, action: str, **data):
    """Save, write the audit row, and announce the contract when a counted record changed."""
    obj.save()
    audit_record(actor=actor, action=action, obj=obj, **data)
    if isinstance(obj, CommunityRecord):  # a counted record: its contract recomputes
        contract_changed_on_commit(contract_id=obj.contract_id)
    return obj


def record_base(
    *,
    actor,
    contract,
    item_code: str,
    on: date,
    community=None,
    sub_item=None,
    community_required: bool = True,
    sub_item_required: bool = False,
) -> dict:
    """Check a new record's place and catalogue line; return the fields every record carries
    (contract, community, item, sub-item, the project year of ``on``, who recorded it)."""
    if community_required or community is not None:
        check_community(contract, community)
    item = catalogue_item(contract.unit.pilot_round, item_code)
    check_sub_item(item, sub_item, required=sub_item_required)
    return {
        "contract": contract,
        "community": community,
        "item": item,
        "sub_item": sub_item,
        "project_year": project_year_for(contract, on),
        "created_by": actor,
    }


@dataclass(frozen=True)
class ConsentRule:
    """Who may consent for a sensitive person or household (``InformedConsent``): the person's
    own choice (``own``: themselves, or a household's head) or a guardian, who must be the one
    when a minor is concerned; the labels name them in the refusals."""

    own: str
    own_label: str  # "本人", "户主本人"
    minor_label: str  # when a guardian must consent: "未成年人", "有未成年人时"

    def missing(self, *, consent_by: str, consent_on, guardian_name: str, minor: bool) -> list:
        """What the recorded consent lacks (empty when complete)."""
        missing = []
        if consent_by not in (self.own, ConsentBy.GUARDIAN):
            missing.append(f"同意方式({self.own_label}或监护人)")
        elif minor and consent_by != ConsentBy.GUARDIAN:
            missing.append(f"监护人同意({self.minor_label}须由监护人同意)")
        if (minor or consent_by == ConsentBy.GUARDIAN) and not guardian_name.strip():
            missing.append("监护人姓名")
        if consent_on is None:
            missing.append("同意日期")
        return missing
