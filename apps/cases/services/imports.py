"""Target-client list import: upload → every row checked → preview → confirm (all or nothing).

The original file is kept encrypted at rest (it holds identity numbers in clear); confirming
re-reads it and checks every row again inside the transaction, so the registry can never take
part of a file, nor a file checked against a registry that has since changed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.accounts.models import Role, RoleMembership
from apps.core.audit import audit_record
from apps.core.changes import contracts_changed_on_commit
from apps.core.jobs import job_create, job_enqueue
from apps.orgs.models import Organization, OrganizationKind

from .. import idcard
from ..models import (
    Client,
    ClientSource,
    ImportStatus,
    TargetListEntry,
    TargetListImport,
)
from ..spreadsheet import (
    COL_ADDRESS,
    COL_COMMUNITY,
    COL_GROUP,
    COL_ID,
    COL_NAME,
    COL_NOTE,
    COL_PHONE,
    read_sheet,
    safe_text,
)
from .registry import distressed_groups, identity_fields

PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")
SCIENTIFIC_RE = re.compile(r"^\d+(\.\d+)?[eE]\+?\d+$")
GROUP_SPLIT_RE = re.compile(r"[、,,;;/\s]+")
PROGRESS_EVERY = 500
HASH_BATCH = 1000

Progress = Callable[[int, int], None] | None


@dataclass
class Row:
    number: int
    name: str = ""
    id_value: str = ""
    parsed: idcard.IdNumber | None = None
    phone: str = ""
    group_ids: list[int] = field(default_factory=list)
    community: Organization | None = None
    address: str = ""
    note: str = ""
    known_client_id: int | None = None
    errors: int = 0


@dataclass
class CheckResult:
    rows: list[Row]
    problems: list[dict]

    @property
    def rejected(self) -> int:
        return sum(1 for r in self.rows if r.errors)

    @property
    def known(self) -> int:
        return sum(1 for r in self.rows if not r.errors and r.known_client_id)

    @property
    def new(self) -> int:
        return sum(1 for r in self.rows if not r.errors and not r.known_client_id)


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().replace(" ", "")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _street_of(organization: Organization) -> Organization:
    return organization if organization.kind == OrganizationKind.STREET else organization.parent


def _allowed_communities(organization: Organization) -> list[Organization]:
    if organization.kind == OrganizationKind.COMMUNITY:
        return [organization]
    return list(Organization.objects.communities().filter(parent=organization))


def _group_lookup(pilot_round) -> dict[str, int]:
    lookup = {}
    for item in distressed_groups(pilot_round=pilot_round):
        for key in (item.code, item.name, item.name.removesuffix("服务"), str(item.number)):
            lookup[_norm(key).strip('“”"')] = item.pk
    return lookup


def _pilot_round():
    from apps.procurement.selectors import current_round

    return current_round()


def check_rows(*, sheet, organization: Organization, progress: Progress = None) -> CheckResult:
    """Check every row; problems carry row, column, level and a Chinese message."""
    problems: list[dict] = []
    rows: list[Row] = []
    communities = _allowed_communities(organization)
    by_name = {_norm(c.name): c for c in communities}
    groups = _group_lookup(_pilot_round())
    street = _street_of(organization)
    seen: dict[str, int] = {}
    exists_elsewhere: dict[str, bool] = {}  # one query per unknown name, not per row
    h = sheet.headers
    total = len(sheet.rows)

    def get(values, column):
        idx = h.get(column)
        return values[idx] if idx is not None and idx < len(values) else None

    for done, (number, values) in enumerate(sheet.rows, start=1):
        row = Row(number=number)

        def problem(column, message, level="error", row=row):
            problems.append({"row": row.number, "column": column, "level": level, "msg": message})
            if level == "error":
                row.errors += 1

        texts = {}
        for column in (
            COL_NAME,
            COL_ID,
            COL_PHONE,
            COL_GROUP,
            COL_COMMUNITY,
            COL_ADDRESS,
            COL_NOTE,
        ):
            raw = get(values, column)
            text = _cell_text(raw)
            if text.startswith("="):
                if column in (COL_ADDRESS, COL_NOTE):
                    # Kept as inert text: a quote in front so no spreadsheet runs it later.
                    problem(column, "单元格是公式,已按文本保存,不会执行。", level="notice")
                    text = safe_text(text)
                else:
                    problem(column, f"“{column}”单元格是公式,系统不会执行公式,请直接填写内容。")
                    text = None
            texts[column] = text
            numeric = isinstance(raw, int | float) and not isinstance(raw, bool)
            # A CSV saved from a numeric Excel column carries the damage as text: 3.20508E+17.
            if column == COL_ID and (numeric or SCIENTIFIC_RE.match(text or "")):
                problem(
                    COL_ID,
                    "身份证号单元格是数字格式,Excel 只保留15位有效数字,号码可能已失真;"
                    "请将该列设为文本后重新填写。",
                )
                texts[COL_ID] = None
        row.name = texts[COL_NAME] or ""
        if texts[COL_NAME] is not None and not row.name:
            problem(COL_NAME, "姓名不能为空。")
        elif len(row.name) > 60:
            problem(COL_NAME, "姓名过长(最多60个字)。")
        if texts[COL_ID] is not None:
            try:
                row.parsed = idcard.parse(texts[COL_ID])
            except idcard.IdNumberError as exc:
                problem(COL_ID, str(exc))
            else:
                row.id_value = row.parsed.value
                digest = idcard.id_hash(row.id_value)
                if digest in seen:
                    problem(
                        COL_ID,
                        f"与第{seen[digest]}行是同一身份证号;同一人多个类别请在一行内用“、”分隔。",
                    )
                else:
                    seen[digest] = number
        phone = texts[COL_PHONE]
        if phone:
            phone = _norm(phone).replace("-", "", 1) if phone.startswith("1") else _norm(phone)
            if not PHONE_RE.match(phone):
                problem(COL_PHONE, "联系电话格式不正确(应为11位手机号或带区号的固定电话)。")
            row.phone = phone
        group_text = texts[COL_GROUP]
        if group_text is not None:
            tokens = [t.strip('“”"') for t in GROUP_SPLIT_RE.split(_norm(group_text)) if t]
            if not tokens:
                problem(COL_GROUP, "困境人群类别不能为空。")
            for token in tokens:
                if token in groups:
                    if groups[token] not in row.group_ids:
                        row.group_ids.append(groups[token])
                else:
                    problem(COL_GROUP, f"困境人群类别“{token}”不在附件1表1的十类困境人群之中。")
        community_text = texts[COL_COMMUNITY]
        if community_text is not None:
            if community_text:
                row.community = by_name.get(_norm(community_text))
                if row.community is None:
                    if community_text not in exists_elsewhere:
                        exists_elsewhere[community_text] = (
                            Organization.objects.communities().filter(name=community_text).exists()
                        )
                    if exists_elsewhere[community_text]:
                        problem(
                            COL_COMMUNITY,
                            f"社区“{community_text}”不在您可上传的范围内"
                            f"(仅限{organization.name}{'所辖社区' if organization.kind == 'street' else ''})。",
                        )
                    else:
                        problem(COL_COMMUNITY, f"未找到名为“{community_text}”的社区(村)。")
            elif organization.kind == OrganizationKind.COMMUNITY:
                row.community = organization
            else:
                problem(COL_COMMUNITY, "请填写所属社区。")
        row.address = (texts[COL_ADDRESS] or "")[:200]
        row.note = (texts[COL_NOTE] or "")[:200]
        rows.append(row)
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)

    # Against the registry: known people are linked, not duplicated (one person, one record).
    valid = {idcard.id_hash(r.id_value): r for r in rows if r.parsed}
    digests = list(valid)
    for start in range(0, len(digests), HASH_BATCH):
        batch = digests[start : start + HASH_BATCH]
        for pk, digest in (
            Client.objects.current().filter(id_hash__in=batch).values_list("pk", "id_hash")
        ):
            valid[digest].known_client_id = pk
    known = {r.known_client_id: r for r in rows if r.known_client_id}
    if known:
        listed = (
            TargetListEntry.objects.filter(client__in=list(known))
            .select_related("street", "community")
            .order_by("pk")
        )
        for entry in listed:
            r = known[entry.client_id]
            where = "本街道" if entry.street_id == street.pk else entry.street.name
            problems.append(
                {
                    "row": r.number,
                    "column": COL_ID,
                    "level": "notice",
                    "msg": f"已在服务对象库中,并已由{where}({entry.community.name})列入名单;"
                    "导入时关联到已有记录,不重复建档。",
                }
            )
        for r in known.values():
            if not any(p["row"] == r.number and p["level"] == "notice" for p in problems):
                problems.append(
                    {
                        "row": r.number,
                        "column": COL_ID,
                        "level": "notice",
                        "msg": "已在服务对象库中,导入时关联到已有记录,不重复建档。",
                    }
                )
    problems.sort(key=lambda p: (p["row"], p["level"] != "error"))
    return CheckResult(rows=rows, problems=problems)


def _read_stored(list_import: TargetListImport):
    with list_import.stored_file.open("rb") as fh:
        data = idcard.decrypt_bytes(fh.read())
    return read_sheet(name=list_import.original_name, data=data)


def original_file_bytes(*, list_import: TargetListImport) -> bytes:
    """The file as uploaded (decrypted), for its download by those who may see the import."""
    with list_import.stored_file.open("rb") as fh:
        return idcard.decrypt_bytes(fh.read())


def _check_uploader(actor, organization):
    ok = RoleMembership.objects.active().filter(
        user=actor,
        organization=organization,
        role__in=[Role.STREET_COORDINATOR, Role.COMMUNITY_COORDINATOR],
    )
    if not ok.exists():
        raise ValidationError("只有街道或社区试点协调员可以为本街道/社区上传名单。")


@transaction.atomic
def target_list_upload(*, actor, organization: Organization, name: str, data: bytes):
    """Keep the file (encrypted) and check it: rows up to IMPORT_ASYNC_ROWS now, more in Celery.

    A file that cannot be read at all (empty, not a spreadsheet, too big) raises
    ``ValidationError`` and nothing is stored.
    """
    _check_uploader(actor, organization)
    sheet = read_sheet(name=name, data=data)
    list_import = TargetListImport(
        organization=organization,
        uploaded_by=actor,
        original_name=name[:200],
        size=len(data),
        row_count=len(sheet.rows),
    )
    list_import.stored_file.save(
        f"list-{timezone.now():%Y%m%d%H%M%S}.bin",
        ContentFile(idcard.encrypt_bytes(data)),
        save=False,
    )
    list_import.save()
    audit_record(actor=actor, action="target_list_upload", obj=list_import, rows=len(sheet.rows))
    if len(sheet.rows) > settings.IMPORT_ASYNC_ROWS:
        from ..tasks import target_list_validate_task

        job = job_create(
            actor=actor, kind="cases.list_validate", title=f"校验名单 {name}", total=len(sheet.rows)
        )
        list_import.job = job
        list_import.save(update_fields=["job"])
        job_enqueue(target_list_validate_task, job=job, import_id=list_import.pk)
    else:
        target_list_validate(list_import=list_import, sheet=sheet)
    return list_import


def target_list_validate(*, list_import: TargetListImport, sheet=None, progress: Progress = None):
    """Check every row and store the preview: problems, counts, validated or rejected."""
    sheet = sheet or _read_stored(list_import)
    result = check_rows(sheet=sheet, organization=list_import.organization, progress=progress)
    list_import.problems = result.problems
    list_import.new_count = result.new
    list_import.known_count = result.known
    list_import.rejected_count = result.rejected
    list_import.status = ImportStatus.REJECTED if result.rejected else ImportStatus.VALIDATED
    list_import.outcome = (
        f"{result.rejected}行有错误,请修改文件后重新上传。"
        if result.rejected
        else "校验通过,待确认导入。"
    )
    list_import.save(
        update_fields=[
            "problems",
            "new_count",
            "known_count",
            "rejected_count",
            "status",
            "outcome",
        ]
    )
    return list_import


def target_list_confirm(*, actor, list_import: TargetListImport) -> TargetListImport:
    """Confirm a checked list: import now, or in Celery above IMPORT_ASYNC_ROWS rows."""
    if list_import.status != ImportStatus.VALIDATED:
        raise ValidationError("只有校验通过且无错误的名单可以确认导入;请修改文件后重新上传。")
    if list_import.uploaded_by_id != actor.pk:
        raise ValidationError("只有上传人可以确认导入。")
    if list_import.row_count > settings.IMPORT_ASYNC_ROWS:
        from ..tasks import target_list_import_task

        with transaction.atomic():
            job = job_create(
                actor=actor,
                kind="cases.list_import",
                title=f"导入名单 {list_import.original_name}",
                total=list_import.row_count,
            )
            list_import.job = job
            list_import.status = ImportStatus.IMPORTING
            list_import.save(update_fields=["job", "status"])
            job_enqueue(target_list_import_task, job=job, import_id=list_import.pk)
        return list_import
    return target_list_apply(actor=actor, list_import=list_import)


def target_list_apply(
    *, actor, list_import: TargetListImport, progress: Progress = None
) -> TargetListImport:
    """Import every row or none: one transaction; any problem leaves the registry unchanged."""
    sheet = _read_stored(list_import)
    if progress:
        # Inside the transaction below progress rows would stay invisible until commit, so
        # the first half of the bar is a visible dry run of the same checks.
        total = len(sheet.rows)
        check_rows(
            sheet=sheet,
            organization=list_import.organization,
            progress=lambda done, _t: progress(done // 2, total),
        )
    try:
        with transaction.atomic():
            _apply(actor=actor, list_import=list_import, sheet=sheet)
    except ValidationError as exc:
        list_import.status = ImportStatus.REJECTED
        list_import.outcome = "导入未执行:" + ";".join(exc.messages)[:280]
        list_import.save(update_fields=["status", "outcome", "problems", "rejected_count"])
        raise
    except Exception as exc:
        list_import.status = ImportStatus.FAILED
        list_import.outcome = f"导入失败,未写入任何数据:{type(exc).__name__}"
        list_import.save(update_fields=["status", "outcome"])
        raise
    if progress:
        progress(len(sheet.rows), len(sheet.rows))
    return list_import


def _apply(*, actor, list_import: TargetListImport, sheet) -> None:
    result = check_rows(sheet=sheet, organization=list_import.organization)
    if result.rejected:
        list_import.problems = result.problems
        list_import.rejected_count = result.rejected
        raise ValidationError(f"重新校验发现{result.rejected}行有错误(服务对象库可能已变化)。")
    organization = list_import.organization
    street = _street_of(organization)
    rows = result.rows
    total = len(rows)
    new_rows = [r for r in rows if not r.known_client_id]
    created = Client.objects.bulk_create(
        [
            Client(
                name=r.name,
                community=r.community,
                phone=r.phone,
                address=r.address,
                source=ClientSource.LIST,
                source_org=organization,
                created_by=actor,
                **identity_fields(r.parsed),
            )
            for r in new_rows
        ],
        batch_size=1000,
    )
    for r, client in zip(new_rows, created, strict=True):
        r.known_client_id = client.pk
    through = Client.groups.through
    through.objects.bulk_create(
        [through(client_id=r.known_client_id, item_id=g) for r in rows for g in r.group_ids],
        batch_size=2000,
        ignore_conflicts=True,
    )
    entries = TargetListEntry.objects.bulk_create(
        [
            TargetListEntry(
                list_import=list_import,
                client_id=r.known_client_id,
                community=r.community,
                street=street,
                row_number=r.number,
            )
            for r in rows
        ],
        batch_size=1000,
    )
    entry_through = TargetListEntry.groups.through
    entry_through.objects.bulk_create(
        [
            entry_through(targetlistentry_id=e.pk, item_id=g)
            for r, e in zip(rows, entries, strict=True)
            for g in r.group_ids
        ],
        batch_size=2000,
    )
    list_import.status = ImportStatus.IMPORTED
    list_import.confirmed_by = actor
    list_import.confirmed_at = timezone.now()
    list_import.new_count = len(new_rows)
    list_import.known_count = total - len(new_rows)
    list_import.outcome = (
        f"已导入{total}人:新建档{len(new_rows)}人,关联已有记录{total - len(new_rows)}人。"
    )
    list_import.save(
        update_fields=[
            "status",
            "confirmed_by",
            "confirmed_at",
            "new_count",
            "known_count",
            "outcome",
        ]
    )
    audit_record(
        actor=actor,
        action="target_list_import",
        obj=list_import,
        new=len(new_rows),
        known=total - len(new_rows),
    )
    # S4 compares the people served with the lists (street's or communities'): every contract
    # of the street, or covering one of the listed communities, recomputes.
    from apps.procurement.models import Contract

    communities = {r.community.pk for r in rows if r.community is not None}
    contracts_changed_on_commit(
        Contract.objects.filter(
            Q(unit__street=street) | Q(communities__in=communities)
        ).values_list("pk", flat=True)
    )
