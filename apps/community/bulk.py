"""Bulk entry of household needs archives (A1-T2-1) by spreadsheet: one row per household.

Registered with the ground floor's bulk machinery (``apps.core.bulk``) in ``ready``. About 150
archives per community and year are typed from paper visits; this takes them in one file.
Decisions:

- the target is a contract the uploader's agency holds (``contracts_for_writing``, the same
  people who may create an archive); the row's community must be one the contract serves.
  Any other name — a community of another street, another agency's, or none at all — reads
  the same "not a community of this contract", so nothing outside the scope is revealed;
- the rules are ``archive_create``'s, checked for all rows before anything is written: one
  archive per household (community + normalised address) per project year, the year and the
  contract's term, distressed groups only from Annex 1 Table 1, consent for sensitive archives
  (``check_archive_consent``); a household twice in the file, or already archived that year,
  is a row error, so a re-upload writes nothing twice;
- members are written "姓名 关系 年龄段" separated by ";" (as the form's lines); needs are areas
  separated by "、" with one description for all of them, as the form takes them; a
  description without an area is filed under "其他"; the member count defaults to the number
  of members listed (at least 1).
"""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

from django.core.exceptions import ValidationError

from apps.catalogue.models import Item
from apps.catalogue.selectors import distressed_groups
from apps.core.bulk.columns import Column, choice, date_value, integer_value, text, yes_no
from apps.core.bulk.kinds import apply_rows
from apps.core.bulk.problems import Problems, norm
from apps.orgs.models import Organization
from apps.procurement.models import ProjectYear
from apps.records.bulk import contract_kind
from apps.records.permissions import contracts_for_writing

from .forms import NEED_AREAS
from .models import ArchiveConsentBy, HouseholdArchive
from .services.archives import archive_create, check_archive_consent
from .services.common import normalize_address

COL_COMMUNITY = "社区(村)"
COL_ADDRESS = "家庭住址"
COL_HEAD = "户主/联系人"
COL_DATE = "建档日期"
COL_COUNT = "家庭人数"
COL_MEMBERS = "家庭成员"
COL_AREAS = "需求领域"
COL_NEED = "需求描述"
COL_DISTRESSED = "困境家庭"
COL_GROUPS = "困境群体"
COL_REFERENCE = "服务对象登记编号"
COL_CONSENT = "知情同意"
COL_CONSENT_ON = "同意日期"
COL_GUARDIAN = "监护人姓名"

SPLIT_RE = re.compile(r"[、,,;;/\s]+")
MEMBER_SPLIT_RE = re.compile(r"[;;\n]+")
CONSENT = {label: value for value, label in ArchiveConsentBy.choices if value}
CONSENT.update({"户主本人": "head", "户主": "head", "本人": "head", "监护人": "guardian"})


def members_value(raw, value: str) -> list[dict]:
    members = []
    for part in MEMBER_SPLIT_RE.split(value):
        words = [w for w in re.split(r"[\s/,,]+", part.strip()) if w]
        if words:
            members.append(
                {
                    "name": words[0],
                    "relation": words[1] if len(words) > 1 else "",
                    "age": " ".join(words[2:]),
                }
            )
    if len(members) > 30:
        raise ValueError("家庭成员最多30人。")
    return members


def areas_value(raw, value: str) -> list[str]:
    areas = [a for a in SPLIT_RE.split(norm(value)) if a]
    unknown = [a for a in areas if a not in NEED_AREAS]
    if unknown:
        raise ValueError(f"需求领域“{'、'.join(unknown)}”无效,可填写:{'、'.join(NEED_AREAS)}。")
    return list(dict.fromkeys(areas))


def tokens_value(raw, value: str) -> list[str]:
    return list(dict.fromkeys(t.strip('“”"') for t in SPLIT_RE.split(norm(value)) if t))


COLUMNS = (
    Column(COL_COMMUNITY, "community", text(60), required=True, width=22),
    Column(COL_ADDRESS, "address", text(200), required=True, width=30),
    Column(COL_HEAD, "household_head", text(60), required=True, width=12),
    Column(COL_DATE, "recorded_on", date_value, required=True, text=True, width=12),
    Column(COL_COUNT, "member_count", integer_value(minimum=1, maximum=30), width=10),
    Column(COL_MEMBERS, "members", members_value, width=36, default=[]),
    Column(COL_AREAS, "areas", areas_value, width=20, default=[]),
    Column(COL_NEED, "need", text(1000), width=30, inert_formula=True),
    Column(COL_DISTRESSED, "is_distressed", yes_no, width=10, default=False),
    Column(COL_GROUPS, "groups", tokens_value, width=22, default=[]),
    Column(COL_REFERENCE, "client_reference", text(60), text=True, width=18),
    Column(COL_CONSENT, "consent_by", choice(CONSENT, label="知情同意"), width=14),
    Column(COL_CONSENT_ON, "consent_on", date_value, text=True, width=12),
    Column(COL_GUARDIAN, "guardian_name", text(60), width=12),
)


def _day(value):
    return date.fromisoformat(value) if value else None


def help_lines(*, user) -> list[str]:
    contracts = contracts_for_writing(user=user).prefetch_related("communities")
    groups = distressed_groups(pilot_round=contracts[0].unit.pilot_round) if contracts else []
    communities = sorted({c.name for contract in contracts for c in contract.communities.all()})
    return [
        "居民家庭需求档案批量导入 · 填写说明",
        "1. 每行一户;同一户(社区+住址)每个项目年度只建一份档案。",
        "2. 带 * 的列必填:社区(村)、家庭住址、户主/联系人、建档日期(按“2019-03-05”填写)。",
        "3. 家庭成员每人写“姓名 关系 年龄段”,多人用“;”分隔,例如:张三 户主 72岁;李四 配偶 70岁。",
        f"4. 需求领域可填:{'、'.join(NEED_AREAS)},多个用“、”分隔;需求描述写具体需求。",
        "5. 困境家庭填“是”或“否”;为“是”时须填写困境群体(附件1表1的编码或名称,多个用“、”分隔):",
        *[f"    {g.code} {g.name}" for g in groups],
        "6. 家庭成员中有未成年人,或困境群体含困境未成年人、重点信访人群、精障患者的,须填写知情同意"
        "(户主本人同意/监护人同意;有未成年人须监护人同意)、同意日期和监护人姓名。",
        "7. 单元格中不要填写公式;公式不会被执行。上传后可预览全部问题,全部无误并确认后才会写入。",
        "您可填写的社区(村):",
        *[f"    {name}" for name in communities],
    ]


def _group_lookup(pilot_round) -> dict[str, SimpleNamespace]:
    lookup = {}
    for pk, code, name, number in distressed_groups(pilot_round=pilot_round).values_list(
        "pk", "code", "name", "number"
    ):
        group = SimpleNamespace(pk=pk, code=code)
        for key in (code, name, name.removesuffix("服务"), str(number)):
            lookup[norm(key).upper()] = group
    return lookup


def _year_of(years, day: date):
    return next((y for y in years if y.start <= day <= y.end), None)


def match(*, rows: list[dict], target, actor, problems: Problems) -> None:
    """Communities, groups, project years and existing archives: one query each."""
    communities = {norm(name): pk for pk, name in target.communities.values_list("pk", "name")}
    groups = _group_lookup(target.unit.pilot_round)
    years = list(ProjectYear.objects.filter(pilot_round_id=target.unit.pilot_round_id))
    seen: dict[tuple, int] = {}
    for row in rows:
        _match_row(row, target, communities, groups, years, problems)
        key = row.get("household")
        if key:
            first = seen.setdefault(key, row["row"])
            if first != row["row"]:
                problems.add(
                    row["row"], COL_ADDRESS, f"与第{first}行是同一户同一项目年度,请删除重复行。"
                )
                row["household"] = None
    keyed = [r for r in rows if r.get("household")]
    existing = set(
        HouseholdArchive.objects.filter(
            community_id__in={r["community_id"] for r in keyed},
            address_key__in={r["household"][1] for r in keyed},
            project_year_id__in={r["household"][2] for r in keyed},
        ).values_list("community_id", "address_key", "project_year_id")
    )
    for row in keyed:
        if row["household"] in existing:
            problems.add(
                row["row"],
                COL_ADDRESS,
                f"该户({row['address']})在本项目年度已建立需求档案(已录入),每户每年度只建一份。",
            )


def _match_row(row, target, communities, groups, years, problems: Problems) -> None:
    number = row["row"]
    row["community_id"], row["group_ids"], row["household"] = None, [], None
    if row["community"]:
        row["community_id"] = communities.get(norm(row["community"]))
        if row["community_id"] is None:
            problems.add(number, COL_COMMUNITY, f"“{row['community']}”不是本合同的服务社区(村)。")
    day = _day(row["recorded_on"])
    year = None
    if day:
        year = _year_of(years, day)
        if year is None or not (target.start_date <= day <= target.end_date):
            problems.add(number, COL_DATE, f"建档日期 {day:%Y-%m-%d} 不在合同服务期内。")
            year = None
    address_key = normalize_address(row["address"] or "")
    if row["address"] and not address_key:
        problems.add(number, COL_ADDRESS, "请填写家庭住址。")
    if row["community_id"] and year and address_key:
        row["household"] = (row["community_id"], address_key, year.pk)
    found = []
    for token in row["groups"] or ():
        group = groups.get(norm(token).upper())
        if group is None:
            problems.add(number, COL_GROUPS, f"困境群体“{token}”不在附件1表1的基础类服务对象之中。")
        else:
            found.append(group)
    row["group_ids"] = [g.pk for g in found]
    if row["is_distressed"] is True and row["groups"] == []:
        problems.add(number, COL_GROUPS, "困境家庭须注明所属的困境群体(附件1表1)。")
    if row["is_distressed"] is False and row["groups"]:
        problems.add(
            number, COL_DISTRESSED, "未标记为困境家庭时不能填写困境群体;请在“困境家庭”填“是”。"
        )
    if None in (row["members"], row["groups"], row["consent_by"], row["consent_on"]) or not day:
        return  # a cell already reported
    try:
        check_archive_consent(
            members=row["members"],
            groups=found,
            consent_by=row["consent_by"] or "",
            consent_on=_day(row["consent_on"]),
            guardian_name=row["guardian_name"] or "",
            recorded_on=day,
        )
    except ValidationError as exc:
        problems.add(number, COL_CONSENT, ";".join(exc.messages))


def apply(*, rows: list[dict], target, actor):
    """Every row through ``archive_create`` (its rules, audit row, one archive per household)."""
    communities = {
        c.pk: c for c in Organization.objects.filter(pk__in={r["community_id"] for r in rows})
    }
    items = {i.pk: i for i in Item.objects.filter(pk__in={g for r in rows for g in r["group_ids"]})}

    def write(row):
        areas, need = row["areas"] or [], row["need"] or ""
        needs = {area: need for area in areas} if areas else ({"其他": need} if need else {})
        archive_create(
            actor=actor,
            contract=target,
            community=communities[row["community_id"]],
            address=row["address"],
            household_head=row["household_head"],
            recorded_on=_day(row["recorded_on"]),
            member_count=row["member_count"] or max(len(row["members"]), 1),
            members=row["members"],
            needs=needs,
            is_distressed=bool(row["is_distressed"]),
            distressed_groups=[items[g] for g in row["group_ids"]],
            client_reference=row["client_reference"] or "",
            worker=actor,
            consent_by=row["consent_by"] or "",
            consent_on=_day(row["consent_on"]),
            guardian_name=row["guardian_name"] or "",
        )

    apply_rows(rows, write, column=COL_ADDRESS)
    return [target.pk]


KIND = contract_kind(
    slug="archives",
    title="居民家庭需求档案",
    columns=COLUMNS,
    help_lines=help_lines,
    match=match,
    apply=apply,
    back_url_name="community:index",
    back_label="社区工作",
)
