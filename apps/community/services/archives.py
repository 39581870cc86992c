"""Writes: A1-T2-1 household needs archives."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.catalogue import selectors as catalogue
from apps.records.services import catalogue_item, check_community, project_year_for
from apps.records.services import record_save as save

from .. import rules
from ..models import HouseholdArchive
from .common import normalize_address, round_of

# --- A1-T2-1 household needs archives ---------------------------------------------------------


@transaction.atomic
def archive_create(
    *,
    actor,
    contract,
    community,
    address: str,
    household_head: str,
    recorded_on: date,
    member_count: int = 1,
    members: list | None = None,
    needs: dict | None = None,
    is_distressed: bool = False,
    distressed_groups=(),
    client_reference: str = "",
    worker=None,
) -> HouseholdArchive:
    """One archive per household (community + normalised address) per project year."""
    check_community(contract, community)
    key = normalize_address(address)
    if not key:
        raise ValidationError("请填写家庭住址。")
    year = project_year_for(contract, recorded_on)
    groups = list(distressed_groups)
    allowed = set(
        catalogue.distressed_groups(pilot_round=round_of(contract)).values_list("pk", flat=True)
    )
    if any(g.pk not in allowed for g in groups):
        raise ValidationError("困境群体只能从附件1表1的基础类服务对象中选择。")
    if is_distressed and not groups:
        raise ValidationError("困境家庭须注明所属的困境群体(附件1表1)。")
    if not is_distressed and groups:
        raise ValidationError("未标记为困境家庭时不能选择困境群体。")
    if HouseholdArchive.objects.filter(
        community=community, address_key=key, project_year=year
    ).exists():
        raise ValidationError(f"该户({address})在{year}已建立需求档案,每户每年度只建一份。")
    archive = HouseholdArchive(
        contract=contract,
        community=community,
        item=catalogue_item(round_of(contract), rules.ARCHIVE_ITEM),
        project_year=year,
        created_by=actor,
        address=address.strip(),
        address_key=key,
        household_head=household_head.strip(),
        member_count=member_count,
        members=members or [],
        needs=needs or {},
        is_distressed=is_distressed,
        client_reference=client_reference.strip(),
        worker=worker or actor,
        recorded_on=recorded_on,
    )
    try:
        with transaction.atomic():
            save(archive, actor=actor, action="archive_create", address_key=key)
    except IntegrityError as exc:  # a concurrent request won the race
        raise ValidationError("该户本项目年度已建立需求档案,每户每年度只建一份。") from exc
    archive.distressed_groups.set(groups)
    return archive
