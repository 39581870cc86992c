"""Bulk entry of volunteers (A1-T3-1) by spreadsheet: one row per person joining a team.

Registered with the ground floor's bulk machinery (``apps.core.bulk``) in ``ready``. Decisions:

- the target is a contract the uploader's agency holds (``contracts_for_writing``); a row
  names a team of that contract by community and team name. A team of another contract —
  of another agency too — reads "not found in this contract", never whether it exists;
- a person is who they are in the register: name + mobile normalised (``person_key``, the
  model's identity; volunteers carry no identity number). The same person in two teams is one
  volunteer with two memberships (C4 counts people once), in a file as in the register;
- consent follows ``check_volunteer_consent`` (a minor on the joining date, or a sensitive
  group) with what the register already holds about the person (birth date, group, consent);
- a person already in the team, or twice in the file for the same team, is a row error: a
  re-upload of the same file writes nothing twice.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError

from apps.core.bulk.columns import Column, choice, date_value, mobile, text
from apps.core.bulk.kinds import apply_rows
from apps.core.bulk.problems import Problems, norm
from apps.records.bulk import contract_kind
from apps.records.permissions import contracts_for_writing

from .models import SensitiveGroup, TeamMembership, Volunteer, VolunteerConsentBy, VolunteerTeam
from .services import check_volunteer_consent, member_add, person_key

COL_COMMUNITY = "社区(村)"
COL_TEAM = "队伍名称"
COL_NAME = "姓名"
COL_PHONE = "手机号"
COL_JOINED = "加入日期"
COL_BIRTH = "出生日期"
COL_SENSITIVE = "敏感人群"
COL_CONSENT = "知情同意"
COL_CONSENT_ON = "同意日期"
COL_GUARDIAN = "监护人姓名"
COL_REG_NO = "志愿者注册编号"
COL_REG_ON = "注册日期"

SENSITIVE = {label: value for value, label in SensitiveGroup.choices if value}
SENSITIVE.update({"精神障碍患者": "mental", "康复者": "mental", "重点信访": "petitioner"})
CONSENT = {label: value for value, label in VolunteerConsentBy.choices if value}
CONSENT.update({"本人": "self", "监护人": "guardian"})

COLUMNS = (
    Column(COL_COMMUNITY, "community", text(60), required=True, width=22),
    Column(COL_TEAM, "team", text(120), required=True, width=22),
    Column(COL_NAME, "name", text(60), required=True, width=12),
    Column(COL_PHONE, "phone", mobile, required=True, text=True, width=14),
    Column(COL_JOINED, "joined_on", date_value, required=True, text=True, width=12),
    Column(COL_BIRTH, "birth_date", date_value, text=True, width=12),
    Column(COL_SENSITIVE, "sensitive_group", choice(SENSITIVE, label="敏感人群"), width=18),
    Column(COL_CONSENT, "consent_by", choice(CONSENT, label="知情同意"), width=12),
    Column(COL_CONSENT_ON, "consent_on", date_value, text=True, width=12),
    Column(COL_GUARDIAN, "guardian_name", text(60), width=12),
    Column(COL_REG_NO, "registration_number", text(60), text=True, width=18),
    Column(COL_REG_ON, "registered_on", date_value, text=True, width=12),
)


def _day(value):
    return date.fromisoformat(value) if value else None


def help_lines(*, user) -> list[str]:
    teams = (
        VolunteerTeam.objects.filter(contract__in=contracts_for_writing(user=user))
        .order_by("contract__number", "community__code", "name")
        .values_list("contract__number", "community__name", "name")
    )
    return [
        "志愿者批量导入 · 填写说明",
        "1. 每行是一名志愿者加入一支队伍;同一人加入多支队伍时每支队伍一行,系统按“姓名+手机号”识别为同一人,只计一次。",
        "2. 带 * 的列必填:社区(村)、队伍名称、姓名、手机号、加入日期。队伍须已在本合同下建立。",
        "3. 日期按“2019-03-05”填写(本模板已将日期列设为文本)。加入日期不能早于队伍成立日期。",
        "4. 未满18周岁,或敏感人群填写“精神障碍患者/康复者”“重点信访人员”的,须填写知情同意"
        "(本人同意/监护人同意;未成年人须监护人同意)、同意日期,监护人同意时填写监护人姓名。",
        "5. 单元格中不要填写公式;公式不会被执行。上传后可预览全部问题,全部无误并确认后才会写入。",
        "您可导入的队伍(合同 · 社区 · 队伍):",
        *[f"    {number} · {community} · {name}" for number, community, name in teams],
    ]


def match(*, rows: list[dict], target, actor, problems: Problems) -> None:
    """Teams (one query), the people already registered (one), their memberships (one)."""
    teams = {
        (norm(community), norm(name)): (pk, founded_on, name)
        for pk, community, name, founded_on in VolunteerTeam.objects.filter(
            contract=target
        ).values_list("pk", "community__name", "name", "founded_on")
    }
    for row in rows:
        row["team_id"] = None
        row["key"] = None
        if row["community"] and row["team"]:
            found = teams.get((norm(row["community"]), norm(row["team"])))
            if found is None:
                problems.add(
                    row["row"],
                    COL_TEAM,
                    f"本合同在“{row['community']}”下没有名为“{row['team']}”的志愿者队伍"
                    "(请先建立队伍,或核对社区与队伍名称)。",
                )
            else:
                row["team_id"], founded_on, team_name = found
                joined = _day(row["joined_on"])
                if joined and joined < founded_on:
                    problems.add(
                        row["row"],
                        COL_JOINED,
                        f"加入日期不能早于队伍“{team_name}”的成立日期{founded_on:%Y-%m-%d}。",
                    )
        if row["name"] and row["phone"]:
            row["key"] = person_key(row["name"], row["phone"])
    people = {
        v["person_key"]: v
        for v in Volunteer.objects.filter(
            person_key__in={r["key"] for r in rows if r["key"]}
        ).values(
            "pk",
            "person_key",
            "birth_date",
            "sensitive_group",
            "consent_by",
            "consent_on",
            "guardian_name",
        )
    }
    members = set(
        TeamMembership.objects.filter(
            team__in={r["team_id"] for r in rows if r["team_id"]},
            volunteer__in=[v["pk"] for v in people.values()],
        ).values_list("team_id", "volunteer_id")
    )
    seen: dict[tuple, int] = {}
    for row in rows:
        known = people.get(row["key"]) if row["key"] else None
        if row["key"] and row["team_id"]:
            first = seen.setdefault((row["team_id"], row["key"]), row["row"])
            if first != row["row"]:
                problems.add(
                    row["row"], COL_NAME, f"与第{first}行是同一人加入同一队伍,请删除重复行。"
                )
            elif known and (row["team_id"], known["pk"]) in members:
                problems.add(
                    row["row"],
                    COL_NAME,
                    f"{row['name']}已是“{row['team']}”的队员(已录入),不重复导入。",
                )
        if known:
            problems.add(
                row["row"], COL_NAME, "已在志愿者库中(姓名+手机号相同),将关联到同一人。", "notice"
            )
        _check_consent(row, known or {}, problems)


def _check_consent(row: dict, known: dict, problems: Problems) -> None:
    fields = ("joined_on", "birth_date", "sensitive_group", "consent_by", "consent_on")
    if any(row[f] is None for f in fields):
        return  # a cell already reported
    joined = _day(row["joined_on"])
    consent_by = row["consent_by"] or ""
    consent_on = _day(row["consent_on"])
    guardian = row["guardian_name"] or ""
    if not consent_by:  # consent recorded before (another team) still holds
        consent_by, consent_on = known.get("consent_by", ""), known.get("consent_on")
        guardian = known.get("guardian_name", "")
    try:
        check_volunteer_consent(
            birth_date=_day(row["birth_date"]) or known.get("birth_date"),
            sensitive_group=row["sensitive_group"] or known.get("sensitive_group", ""),
            consent_by=consent_by,
            consent_on=consent_on,
            guardian_name=guardian,
            on=joined,
        )
    except ValidationError as exc:
        problems.add(row["row"], COL_CONSENT, ";".join(exc.messages))


def apply(*, rows: list[dict], target, actor):
    """Every row through ``member_add`` (the register's rules, audit rows)."""
    teams = {t.pk: t for t in VolunteerTeam.objects.filter(contract=target)}

    def write(row):
        member_add(
            actor=actor,
            team=teams[row["team_id"]],
            name=row["name"],
            phone=row["phone"],
            joined_on=_day(row["joined_on"]),
            registered_on=_day(row["registered_on"]),
            registration_number=row["registration_number"] or "",
            birth_date=_day(row["birth_date"]),
            sensitive_group=row["sensitive_group"] or "",
            consent_by=row["consent_by"] or "",
            consent_on=_day(row["consent_on"]),
            guardian_name=row["guardian_name"] or "",
        )

    apply_rows(rows, write, column=COL_NAME)
    return [target.pk]


KIND = contract_kind(
    slug="volunteers",
    title="志愿者",
    columns=COLUMNS,
    help_lines=help_lines,
    match=match,
    apply=apply,
    back_url_name="volunteers:index",
    back_label="志愿者",
)
