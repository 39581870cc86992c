"""Writes: A1-T2-1 household needs archives."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.catalogue import selectors as catalogue
from apps.core.clock import today
from apps.records.services import (
    ConsentRule,
    catalogue_item,
    check_community,
    project_year_for,
)
from apps.records.services import record_save as save

from .. import rules
from ..models import ArchiveConsentBy, HouseholdArchive
from .common import normalize_address, round_of

# Annex 1 Table 1 groups whose data is sensitive enough to need consent on an archive:
# distressed minors, key petitioners, mental-illness patients (domain §7, issue 14).
SENSITIVE_GROUP_CODES = {
    "A1-T1-2": "困境未成年人",
    "A1-T1-5": "重点信访人群",
    "A1-T1-7": "精障患者",
}
ADULT_AGE = 18
ARCHIVE_CONSENT = ConsentRule(ArchiveConsentBy.HEAD, "户主本人", "有未成年人时")
_MINOR_WORDS = ("未成年", "儿童", "少年", "婴", "幼", "小学", "初中")


def member_is_minor(member: dict) -> bool:
    """A member row's free-text age (年龄段) names a minor: a number under 18, months, or a word."""
    age = str(member.get("age", ""))
    if any(w in age for w in _MINOR_WORDS) or "月" in age:
        return True
    number = re.search(r"\d+", age)
    return bool(number) and int(number.group()) < ADULT_AGE


def archive_sensitivity(*, members, groups) -> list[str]:
    """Why an archive needs consent (empty when it does not)."""
    reasons = []
    if any(member_is_minor(m) for m in members):
        reasons.append("家庭成员中有未成年人")
    named = [SENSITIVE_GROUP_CODES[g.code] for g in groups if g.code in SENSITIVE_GROUP_CODES]
    if named:
        reasons.append("属于" + "、".join(named))
    return reasons


def check_archive_consent(
    *, members, groups, consent_by: str, consent_on, guardian_name: str, recorded_on
) -> None:
    """Refuse a sensitive archive without consent, naming each missing piece."""
    reasons = archive_sensitivity(members=members, groups=groups)
    if not reasons:
        return
    missing = ARCHIVE_CONSENT.missing(
        consent_by=consent_by,
        consent_on=consent_on,
        guardian_name=guardian_name,
        minor=reasons[0] == "家庭成员中有未成年人",
    )
    if missing:
        raise ValidationError(
            f"该档案{'、'.join(reasons)},属于敏感个人信息,须先记录知情同意。缺少:"
            + "、".join(missing)
            + "。"
        )
    if consent_on > today() or consent_on > recorded_on:
        raise ValidationError("同意日期不能晚于建档日期或今天。")


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
    consent_by: str = "",
    consent_on: date | None = None,
    guardian_name: str = "",
) -> HouseholdArchive:
    """One archive per household (community + normalised address) per project year.

    Consent (the rule of client consent for cases, applied to archives): an archive is
    *sensitive* when a member's age is that of a minor (under 18: the archive then holds a
    child's family details) or when its distressed groups include one of
    ``SENSITIVE_GROUP_CODES`` (distressed minors, key petitioners, mental-illness patients).
    A sensitive archive is saved only with consent recorded: who gave it (the household head,
    or a guardian, named), and on which date (not after the archive's date). With a minor
    in the household the consent must be a guardian's, named. Other archives keep the
    consent fields optional.
    """
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
    check_archive_consent(
        members=members or [],
        groups=groups,
        consent_by=consent_by,
        consent_on=consent_on,
        guardian_name=guardian_name,
        recorded_on=recorded_on,
    )
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
        consent_by=consent_by,
        consent_on=consent_on if consent_by else None,
        guardian_name=guardian_name.strip() if consent_by else "",
    )
    try:
        with transaction.atomic():
            save(archive, actor=actor, action="archive_create", address_key=key)
    except IntegrityError as exc:  # a concurrent request won the race
        raise ValidationError("该户本项目年度已建立需求档案,每户每年度只建一份。") from exc
    archive.distressed_groups.set(groups)
    return archive
