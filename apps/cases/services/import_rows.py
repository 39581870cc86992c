"""The row checks of a target-client list, in two phases that each see every row once.

1. Column checks (``check_columns``): one validator per column, pure Python, no database. They
   run once, at upload, on the parsed sheet and give the normalised rows that are stored
   (encrypted) beside the file, so nothing parses or checks the file again.
2. The registry match (``match_registry``): communities in scope, distressed groups, people
   already in the registry and their listings — a fixed number of queries per phase (batched by
   ``HASH_BATCH`` for the identity hashes), never one per row. It runs at preview and again at
   confirm, inside the import's transaction, so a registry that changed in between is caught.

Problems are indexed by row (``Problems``), so no step scans the whole list for one row.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from apps.core.bulk.problems import Problems, cell_text, norm
from apps.orgs.models import Organization, OrganizationKind

from .. import idcard
from ..models import Client, TargetListEntry
from ..spreadsheet import (
    COL_ADDRESS,
    COL_COMMUNITY,
    COL_GROUP,
    COL_ID,
    COL_NAME,
    COL_NOTE,
    COL_PHONE,
    COLUMNS,
    safe_text,
)
from .registry import distressed_groups

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
SCIENTIFIC_RE = re.compile(r"^\d+(\.\d+)?[eE]\+?\d+$")
GROUP_SPLIT_RE = re.compile(r"[、,,;;/\s]+")
PROGRESS_EVERY = 500
HASH_BATCH = 1000
# Columns whose formulas are kept as inert text (with a notice) instead of refused.
INERT_FORMULA_COLUMNS = (COL_ADDRESS, COL_NOTE)


@dataclass
class Row:
    """One normalised row. ``None`` in a text field: the cell was unusable (already reported)."""

    number: int
    name: str | None = ""
    id_value: str | None = None
    id_digest: str = ""
    phone: str = ""
    group_tokens: list[str] | None = None
    community_text: str | None = None
    address: str = ""
    note: str = ""
    # Filled by the registry match (never stored: recomputed in each phase).
    group_ids: list[int] = field(default_factory=list)
    community_id: int | None = None
    known_client_id: int | None = None

    def stored(self) -> dict:
        data = asdict(self)
        for key in ("group_ids", "community_id", "known_client_id"):
            data.pop(key)
        return data

    @classmethod
    def from_stored(cls, data: dict) -> Row:
        return cls(**data)


@dataclass
class ColumnContext:
    """What the column validators share across rows: the organisation's kind, IDs seen so far."""

    community_upload: bool
    seen: dict[str, int] = field(default_factory=dict)


def read_cell(row: Row, column: str, raw, problems: Problems) -> str | None:
    """The cell as text; ``None`` when it cannot be used (a formula where content is needed)."""
    text = cell_text(raw)
    if text.startswith("="):
        if column in INERT_FORMULA_COLUMNS:
            # Kept as inert text: a quote in front so no spreadsheet runs it later.
            problems.add(row.number, column, "单元格是公式,已按文本保存,不会执行。", "notice")
            return safe_text(text)
        problems.add(
            row.number, column, f"“{column}”单元格是公式,系统不会执行公式,请直接填写内容。"
        )
        return None
    return text


# One validator per column: (context, row, raw cell, cell text or None, problems) → fills the row.


def validate_name(ctx: ColumnContext, row: Row, raw, text, problems: Problems) -> None:
    row.name = text
    if text is None:
        return
    if not text:
        problems.add(row.number, COL_NAME, "姓名不能为空。")
    elif len(text) > 60:
        problems.add(row.number, COL_NAME, "姓名过长(最多60个字)。")


def validate_id(ctx: ColumnContext, row: Row, raw, text, problems: Problems) -> None:
    numeric = isinstance(raw, int | float) and not isinstance(raw, bool)
    # A CSV saved from a numeric Excel column carries the damage as text: 3.20508E+17.
    if numeric or SCIENTIFIC_RE.match(text or ""):
        problems.add(
            row.number,
            COL_ID,
            "身份证号单元格是数字格式,Excel 只保留15位有效数字,号码可能已失真;"
            "请将该列设为文本后重新填写。",
        )
        return
    if text is None:
        return
    try:
        parsed = idcard.parse(text)
    except idcard.IdNumberError as exc:
        problems.add(row.number, COL_ID, str(exc))
        return
    digest = idcard.id_hash(parsed.value)
    first = ctx.seen.setdefault(digest, row.number)
    if first != row.number:
        problems.add(
            row.number,
            COL_ID,
            f"与第{first}行是同一身份证号;同一人多个类别请在一行内用“、”分隔。",
        )
        return
    row.id_value = parsed.value
    row.id_digest = digest


def validate_phone(ctx: ColumnContext, row: Row, raw, text, problems: Problems) -> None:
    if not text:
        return
    phone = norm(text).replace("-", "", 1) if text.startswith("1") else norm(text)
    if not PHONE_RE.match(phone):
        problems.add(
            row.number, COL_PHONE, "联系电话格式不正确(应为11位手机号或带区号的固定电话)。"
        )
    row.phone = phone


def validate_group(ctx: ColumnContext, row: Row, raw, text, problems: Problems) -> None:
    if text is None:
        return
    tokens = [t.strip('“”"') for t in GROUP_SPLIT_RE.split(norm(text)) if t]
    if not tokens:
        problems.add(row.number, COL_GROUP, "困境人群类别不能为空。")
    row.group_tokens = list(dict.fromkeys(tokens))


def validate_community(ctx: ColumnContext, row: Row, raw, text, problems: Problems) -> None:
    if text is None:
        return
    if not text and not ctx.community_upload:
        problems.add(row.number, COL_COMMUNITY, "请填写所属社区。")
        return
    row.community_text = text  # "" on a community's own list: that community


def validate_address(ctx: ColumnContext, row: Row, raw, text, problems: Problems) -> None:
    row.address = (text or "")[:200]


def validate_note(ctx: ColumnContext, row: Row, raw, text, problems: Problems) -> None:
    row.note = (text or "")[:200]


COLUMN_VALIDATORS = {
    COL_NAME: validate_name,
    COL_ID: validate_id,
    COL_PHONE: validate_phone,
    COL_GROUP: validate_group,
    COL_COMMUNITY: validate_community,
    COL_ADDRESS: validate_address,
    COL_NOTE: validate_note,
}
assert list(COLUMN_VALIDATORS) == COLUMNS


def check_columns(*, sheet, community_upload: bool, progress=None) -> tuple[list[Row], Problems]:
    """Phase 1: every cell of every row through its column's validator, once."""
    problems = Problems()
    ctx = ColumnContext(community_upload=community_upload)
    positions = [
        (column, sheet.headers.get(column), COLUMN_VALIDATORS[column]) for column in COLUMNS
    ]
    rows = []
    total = len(sheet.rows)
    for done, (number, values) in enumerate(sheet.rows, start=1):
        row = Row(number=number)
        width = len(values)
        for column, idx, validator in positions:
            raw = values[idx] if idx is not None and idx < width else None
            validator(ctx, row, raw, read_cell(row, column, raw, problems), problems)
        rows.append(row)
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
    return rows, problems


# The registry match: lookups made once per phase, then dictionary reads per row.


def group_lookup(*, pilot_round) -> dict[str, int]:
    """Every accepted spelling of a distressed group (code, name, short name, number) → item id."""
    lookup = {}
    for item in distressed_groups(pilot_round=pilot_round):
        for key in (item.code, item.name, item.name.removesuffix("服务"), str(item.number)):
            lookup[norm(key).strip('“”"')] = item.pk
    return lookup


def community_lookup(*, organization: Organization) -> dict[str, int]:
    """The communities the organisation may list people in, by normalised name."""
    if organization.kind == OrganizationKind.COMMUNITY:
        return {norm(organization.name): organization.pk}
    return {
        norm(name): pk
        for pk, name in Organization.objects.communities()
        .filter(parent=organization)
        .values_list("pk", "name")
    }


def communities_elsewhere(*, names) -> set[str]:
    """Of these names, those of communities that exist outside the uploader's scope (one query)."""
    if not names:
        return set()
    return set(
        Organization.objects.communities()
        .filter(name__in=list(names))
        .values_list("name", flat=True)
    )


def known_clients(*, digests: list[str], progress=None, total: int = 0) -> dict[str, int]:
    """Identity hash → live client id, looked up in batches of ``HASH_BATCH``."""
    found = {}
    for start in range(0, len(digests), HASH_BATCH):
        batch = digests[start : start + HASH_BATCH]
        found.update(
            (digest, pk)
            for pk, digest in Client.objects.current()
            .filter(id_hash__in=batch)
            .values_list("pk", "id_hash")
        )
        if progress:
            progress(min(start + HASH_BATCH, total), total)
    return found


def listings_of(*, client_ids: list[int]):
    """The list entries naming these clients, with their street and community names."""
    for start in range(0, len(client_ids), HASH_BATCH):
        yield from (
            TargetListEntry.objects.filter(client_id__in=client_ids[start : start + HASH_BATCH])
            .values_list("client_id", "street_id", "street__name", "community__name")
            .order_by("pk")
        )


def _match_groups(row: Row, groups: dict[str, int], problems: Problems) -> None:
    for token in row.group_tokens or ():
        pk = groups.get(token)
        if pk is None:
            problems.add(
                row.number, COL_GROUP, f"困境人群类别“{token}”不在附件1表1的十类困境人群之中。"
            )
        elif pk not in row.group_ids:
            row.group_ids.append(pk)


def _match_community(row, organization, by_name, elsewhere, problems: Problems) -> None:
    text = row.community_text
    if text is None:
        return
    if not text:
        row.community_id = organization.pk
        return
    row.community_id = by_name.get(norm(text))
    if row.community_id is not None:
        return
    if text in elsewhere:
        scope = "所辖社区" if organization.kind == OrganizationKind.STREET else ""
        problems.add(
            row.number,
            COL_COMMUNITY,
            f"社区“{text}”不在您可上传的范围内(仅限{organization.name}{scope})。",
        )
    else:
        problems.add(row.number, COL_COMMUNITY, f"未找到名为“{text}”的社区(村)。")


def match_registry(
    *,
    rows: list[Row],
    organization: Organization,
    street,
    pilot_round,
    problems: Problems,
    progress=None,
) -> None:
    """Phase 2: groups, communities and known people for every row, adding to ``problems``."""
    groups = group_lookup(pilot_round=pilot_round)
    by_name = community_lookup(organization=organization)
    unknown = {
        r.community_text for r in rows if r.community_text and norm(r.community_text) not in by_name
    }
    elsewhere = communities_elsewhere(names=unknown)
    for row in rows:
        row.group_ids, row.community_id, row.known_client_id = [], None, None
        _match_groups(row, groups, problems)
        _match_community(row, organization, by_name, elsewhere, problems)
    # Against the registry: known people are linked, not duplicated (one person, one record).
    with_id = {r.id_digest: r for r in rows if r.id_digest}
    for digest, pk in known_clients(
        digests=list(with_id), progress=progress, total=len(rows)
    ).items():
        with_id[digest].known_client_id = pk
    known = {r.known_client_id: r for r in rows if r.known_client_id}
    for client_id, street_id, street_name, community_name in listings_of(client_ids=list(known)):
        where = "本街道" if street_id == street.pk else street_name
        problems.add(
            known[client_id].number,
            COL_ID,
            f"已在服务对象库中,并已由{where}({community_name})列入名单;"
            "导入时关联到已有记录,不重复建档。",
            "notice",
        )
    for row in known.values():
        if row.number not in problems.noticed:
            problems.add(
                row.number, COL_ID, "已在服务对象库中,导入时关联到已有记录,不重复建档。", "notice"
            )
