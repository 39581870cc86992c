"""Checks and saving shared by every community-work record (apps.community, apps.volunteers)."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

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


# The parameters of a create service that place the record; the others are the model's fields.
PLACE = ("actor", "contract", "community", "sub_item")


@dataclass(frozen=True)
class RecordKind:
    """A record type as its create service (``creates``) writes it."""

    model: type
    item_code: str | None  # its Annex 1 item; None: the item of the chosen sub-item
    on: str  # the field whose date places it in a project year
    strip: tuple[str, ...] = ()  # text fields stored without surrounding spaces
    convert: dict[str, Callable] = field(default_factory=dict)  # e.g. hours given as text
    community_required: bool = True
    sub_item_required: bool = False
    audit: Callable[..., dict] | None = None  # the audit row's data, from the new record
    action: str = ""  # the audit row's action; by default the service's name
    check_first: bool = False  # the type's checks before the place's (a None item_code needs it)


def creates(kind: RecordKind):
    """Make the create service of ``kind`` from ``check``, a function that declares the
    service's keyword parameters (the record's ``PLACE``, then the model's fields, and any other
    value only ``check`` uses) and holds the type's own checks.

    The service, in one transaction: checks the place and catalogue line (``record_base``),
    converts the fields ``kind.convert`` names, runs ``check`` with the same arguments (before
    the place with ``check_first``: a check that vouches for the sub-item naming the item), then
    builds the record from them and saves and audits it (``record_save``). What ``check``
    returns, if anything, is called with the saved record (a first history entry).
    """

    def decorate(check):
        signature = inspect.signature(check)

        @functools.wraps(check)
        @transaction.atomic
        def service(**kwargs):
            bound = signature.bind(**kwargs)
            bound.apply_defaults()
            values = bound.arguments
            if kind.check_first:
                then = check(**values)
            base = record_base(
                actor=values["actor"],
                contract=values["contract"],
                item_code=kind.item_code or values["sub_item"].item.code,
                on=values[kind.on],
                community=values.get("community"),
                sub_item=values.get("sub_item"),
                community_required=kind.community_required,
                sub_item_required=kind.sub_item_required,
            )
            for name, convert in kind.convert.items():
                values[name] = convert(values[name])
            if not kind.check_first:
                then = check(**values)
            names = {f.name for f in kind.model._meta.get_fields()} - set(PLACE)
            fields = {name: value for name, value in values.items() if name in names}
            for name in kind.strip:
                fields[name] = fields[name].strip()
            record = kind.model(**base, **fields)
            audit = kind.audit(record) if kind.audit else {}
            action = kind.action or check.__name__
            record_save(record, actor=values["actor"], action=action, **audit)
            if then is not None:
                then(record)
            return record

        return service

    return decorate


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
