"""Writes of volunteer teams, volunteers, memberships and activities."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.core.audit import audit_record
from apps.core.changes import contract_changed_on_commit
from apps.core.clock import today
from apps.records.services import ConsentRule, RecordKind, creates, project_year_for

from .models import (
    SensitiveGroup,
    TeamMembership,
    Volunteer,
    VolunteerActivity,
    VolunteerConsentBy,
    VolunteerTeam,
)

# Under this age a volunteer is a minor: the Volunteer Service Regulations (志愿服务条例) ask for
# a guardian's consent before a minor takes part.
ADULT_AGE = 18
VOLUNTEER_CONSENT = ConsentRule(VolunteerConsentBy.SELF, "本人", "未成年人")


def age_on(birth_date: date, on: date) -> int:
    return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))


def check_volunteer_consent(
    *, birth_date, sensitive_group: str, consent_by: str, consent_on, guardian_name: str, on: date
) -> None:
    """Refuse a minor or a person of a sensitive group without consent, naming what is missing."""
    minor = birth_date is not None and age_on(birth_date, on) < ADULT_AGE
    reasons = []
    if minor:
        reasons.append(f"未满{ADULT_AGE}周岁")
    if sensitive_group:
        reasons.append("属于" + SensitiveGroup(sensitive_group).label)
    if not reasons:
        return
    missing = VOLUNTEER_CONSENT.missing(
        consent_by=consent_by, consent_on=consent_on, guardian_name=guardian_name, minor=minor
    )
    if missing:
        raise ValidationError(
            f"该志愿者{'、'.join(reasons)},须先记录知情同意。缺少:" + "、".join(missing) + "。"
        )
    if consent_on > today():
        raise ValidationError("同意日期不能晚于今天。")


VOLUNTEER_ITEM = "A1-T3-1"  # Annex 1: volunteer teams


def normalize_name(name: str) -> str:
    return re.sub(r"[\s·.]+", "", unicodedata.normalize("NFKC", name or "")).lower()


def normalize_phone(phone: str) -> str:
    """Digits only; a leading +86/86 country code on an 11-digit mobile is dropped."""
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone or ""))
    if len(digits) == 13 and digits.startswith("86"):
        digits = digits[2:]
    return digits


def person_key(name: str, phone: str) -> str:
    return f"{normalize_name(name)}|{normalize_phone(phone)}"


TEAM = RecordKind(
    VolunteerTeam, VOLUNTEER_ITEM, on="founded_on", strip=("name",), action="volunteer_team_create"
)


@creates(TEAM)
def team_create(
    *,
    actor,
    contract,
    community,
    name: str,
    founded_on: date,
    governance_role: str,
    sub_item=None,
) -> VolunteerTeam:
    if not governance_role.strip():
        raise ValidationError("请说明队伍在社区治理中发挥的作用。")
    if VolunteerTeam.objects.filter(contract=contract, community=community, name=name).exists():
        raise ValidationError(f"{community.name}已有名为“{name}”的志愿者队伍。")


def volunteer_find_or_create(
    *, name: str, phone: str, registered_on=None, registration_number: str = ""
) -> tuple[Volunteer, bool]:
    """The person named by name + phone (normalised); created once, found afterwards."""
    key = person_key(name, phone)
    phone_digits = normalize_phone(phone)
    if not normalize_name(name):
        raise ValidationError("请填写志愿者姓名。")
    if len(phone_digits) < 7:
        raise ValidationError("请填写有效的联系电话。")
    existing = Volunteer.objects.filter(person_key=key).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            volunteer = Volunteer.objects.create(
                name=name.strip(),
                phone=phone_digits,
                person_key=key,
                registered_on=registered_on,
                registration_number=registration_number.strip(),
            )
    except IntegrityError:  # created meanwhile by another request
        return Volunteer.objects.get(person_key=key), False
    return volunteer, True


@transaction.atomic
def member_add(
    *,
    actor,
    team: VolunteerTeam,
    name: str,
    phone: str,
    joined_on: date,
    registered_on=None,
    registration_number: str = "",
    birth_date: date | None = None,
    sensitive_group: str = "",
    consent_by: str = "",
    consent_on: date | None = None,
    guardian_name: str = "",
) -> TeamMembership:
    """Add a person to a team; the same person in a second team stays one volunteer.

    Consent (the rule of client consent for cases, applied to volunteers): a volunteer is
    *sensitive* when a minor on the joining date (born under 18 years before it) or when
    recorded in a sensitive group (mental-illness patient, key petitioner: ``SensitiveGroup``).
    A sensitive volunteer joins only with consent recorded on the person: who gave it (self,
    or a named guardian; a minor's must be a guardian's) and on which date. Consent already
    recorded on the person (from another team) counts; new values given here replace it.
    The facts known about the person (birth date, group) are kept when not given again.
    """
    if sensitive_group not in SensitiveGroup.values:
        raise ValidationError("敏感人群选项无效。")
    volunteer, _ = volunteer_find_or_create(
        name=name,
        phone=phone,
        registered_on=registered_on,
        registration_number=registration_number,
    )
    if joined_on < team.founded_on:
        raise ValidationError("加入日期不能早于队伍成立日期。")
    birth_date = birth_date or volunteer.birth_date
    sensitive_group = sensitive_group or volunteer.sensitive_group
    if not consent_by:  # consent recorded before (another team) still holds
        consent_by, consent_on = volunteer.consent_by, volunteer.consent_on
        guardian_name = volunteer.guardian_name
    check_volunteer_consent(
        birth_date=birth_date,
        sensitive_group=sensitive_group,
        consent_by=consent_by,
        consent_on=consent_on,
        guardian_name=guardian_name,
        on=joined_on,
    )
    volunteer.birth_date = birth_date
    volunteer.sensitive_group = sensitive_group
    if consent_by:
        volunteer.consent_by = consent_by
        volunteer.consent_on = consent_on
        volunteer.guardian_name = guardian_name.strip()
    volunteer.save(
        update_fields=[
            "birth_date",
            "sensitive_group",
            "consent_by",
            "consent_on",
            "guardian_name",
        ]
    )
    if TeamMembership.objects.filter(team=team, volunteer=volunteer).exists():
        raise ValidationError(f"{volunteer.name}已在“{team.name}”中。")
    if registered_on and not volunteer.registered_on:
        volunteer.registered_on = registered_on
        volunteer.registration_number = registration_number or volunteer.registration_number
        volunteer.save(update_fields=["registered_on", "registration_number"])
    membership = TeamMembership.objects.create(team=team, volunteer=volunteer, joined_on=joined_on)
    audit_record(actor=actor, action="volunteer_member_add", obj=team, volunteer=volunteer.pk)
    contract_changed_on_commit(contract_id=team.contract_id)
    return membership


@transaction.atomic
def activity_create(
    *,
    actor,
    team: VolunteerTeam,
    held_on: date,
    title: str,
    hours,
    participants=(),
) -> VolunteerActivity:
    """An activity of a team; only the team's members can be its participants."""
    hours = Decimal(hours)
    if hours <= 0:
        raise ValidationError("服务时长须大于0。")
    people = list(participants)
    members = set(team.memberships.values_list("volunteer_id", flat=True))
    if any(p.pk not in members for p in people):
        raise ValidationError("参与者须是本队伍的成员。")
    activity = VolunteerActivity.objects.create(
        team=team,
        project_year=project_year_for(team.contract, held_on),
        held_on=held_on,
        title=title.strip(),
        hours=hours,
        created_by=actor,
    )
    activity.participants.set(people)
    audit_record(actor=actor, action="volunteer_activity_create", obj=team, activity=activity.pk)
    contract_changed_on_commit(contract_id=team.contract_id)
    return activity
