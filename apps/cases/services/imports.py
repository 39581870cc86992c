"""Target-list import: upload → every row checked → preview → confirm (all or nothing).

The file is parsed once, at upload: the column checks run there and the normalised rows are
stored beside the original, both encrypted at rest (they hold identity numbers in clear). The
preview and the confirmation only run the registry match on those rows; confirming runs it
inside the import's transaction, so the registry can never take part of a file, nor a file
checked against a registry that has since changed. A person already on the street's list is
linked to the existing entry (new groups added), never listed twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from apps.core.audit import audit_record
from apps.core.bulk.problems import Problems
from apps.core.changes import contracts_changed_on_commit
from apps.core.jobs import job_queue_for
from apps.core.uploads import (
    Progress,
    checked_load,
    checked_store,
    original_bytes,
    original_store,
    upload_confirm,
    upload_write,
)
from apps.orgs.models import Organization, OrganizationKind

from .. import idcard
from ..models import (
    Client,
    ClientSource,
    ImportStatus,
    TargetListEntry,
    TargetListImport,
)
from ..permissions import can_upload
from ..spreadsheet import read_sheet
from .import_rows import Row, check_columns, match_registry
from .registry import identity_fields


@dataclass
class CheckResult:
    rows: list[Row]
    problems: list[dict]
    rejected_rows: set[int]

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

    @property
    def known(self) -> int:
        return sum(1 for r in self.rows if r.number not in self.rejected_rows and r.known_client_id)

    @property
    def new(self) -> int:
        return sum(
            1 for r in self.rows if r.number not in self.rejected_rows and not r.known_client_id
        )


def _street_of(organization: Organization) -> Organization:
    return organization if organization.kind == OrganizationKind.STREET else organization.parent


def _pilot_round():
    from apps.procurement.selectors import current_round

    return current_round()


def _result(rows: list[Row], problems: Problems) -> CheckResult:
    rejected = {number for number, count in problems.errors.items() if count}
    return CheckResult(rows=rows, problems=problems.sorted(), rejected_rows=rejected)


def _match(*, rows, organization, column_problems: list[dict], progress: Progress = None):
    problems = Problems(column_problems)
    match_registry(
        rows=rows,
        organization=organization,
        street=_street_of(organization),
        pilot_round=_pilot_round(),
        problems=problems,
        progress=progress,
    )
    return _result(rows, problems)


def check_rows(*, sheet, organization: Organization, progress: Progress = None) -> CheckResult:
    """Both phases on a parsed sheet: problems carry row, column, level and a Chinese message."""
    community_upload = organization.kind == OrganizationKind.COMMUNITY
    rows, problems = check_columns(sheet=sheet, community_upload=community_upload)
    return _match(
        rows=rows, organization=organization, column_problems=problems.items, progress=progress
    )


# The checked rows, stored beside the original file (encrypted: they hold identity numbers).


def _store_checked(list_import: TargetListImport, rows: list[Row], problems: Problems) -> None:
    checked_store(list_import, [r.stored() for r in rows], problems.items)


def _load_checked(list_import: TargetListImport) -> tuple[list[Row], list[dict]]:
    rows, problems = checked_load(list_import)
    return [Row.from_stored(r) for r in rows], problems


def original_file_bytes(*, list_import: TargetListImport) -> bytes:
    """The file as uploaded (decrypted), for its download by those who may see the import."""
    return original_bytes(list_import)


def _check_uploader(actor, organization):
    """The pages' upload gate (``can_upload``), asked again where the write happens."""
    if not can_upload(user=actor, organization=organization):
        raise ValidationError("只有街道或社区试点协调员可以为本街道/社区上传名单。")


@transaction.atomic
def target_list_upload(*, actor, organization: Organization, name: str, data: bytes):
    """Keep the file (encrypted), parse it and check its columns once; the registry match runs
    now up to IMPORT_ASYNC_ROWS rows, in Celery above.

    A file that cannot be read at all (empty, not a spreadsheet, too big) raises
    ``ValidationError`` and nothing is stored.
    """
    _check_uploader(actor, organization)
    sheet = read_sheet(name=name, data=data)
    rows, problems = check_columns(
        sheet=sheet, community_upload=organization.kind == OrganizationKind.COMMUNITY
    )
    list_import = TargetListImport(
        organization=organization,
        uploaded_by=actor,
        original_name=name[:200],
        size=len(data),
        row_count=len(sheet.rows),
    )
    original_store(list_import, prefix="list", data=data)
    list_import.save()
    _store_checked(list_import, rows, problems)
    audit_record(actor=actor, action="target_list_upload", obj=list_import, rows=len(sheet.rows))
    if len(sheet.rows) > settings.IMPORT_ASYNC_ROWS:
        from ..tasks import target_list_validate_task

        job_queue_for(
            target_list_validate_task,
            actor=actor,
            record=list_import,
            kind="cases.list_validate",
            title=f"校验名单 {name}",
        )
    else:
        _preview(
            list_import,
            _match(rows=rows, organization=organization, column_problems=problems.items),
        )
    return list_import


def _preview(list_import: TargetListImport, result: CheckResult) -> TargetListImport:
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


def target_list_validate(*, list_import: TargetListImport, progress: Progress = None):
    """Match the stored checked rows against the registry and store the preview."""
    rows, column_problems = _load_checked(list_import)
    result = _match(
        rows=rows,
        organization=list_import.organization,
        column_problems=column_problems,
        progress=progress,
    )
    _preview(list_import, result)
    if progress:
        progress(list_import.row_count, list_import.row_count)
    return list_import


def target_list_confirm(*, actor, list_import: TargetListImport) -> TargetListImport:
    """Confirm a checked list: import now, or in Celery above IMPORT_ASYNC_ROWS rows."""
    from ..tasks import target_list_import_task

    return upload_confirm(
        actor=actor,
        record=list_import,
        noun="名单",
        task=target_list_import_task,
        kind="cases.list_import",
        title=f"导入名单 {list_import.original_name}",
        apply=lambda: target_list_apply(actor=actor, list_import=list_import),
    )


def target_list_apply(
    *, actor, list_import: TargetListImport, progress: Progress = None
) -> TargetListImport:
    """Import every row or none: one transaction; any problem leaves the registry unchanged."""
    write = partial(_apply, actor=actor, list_import=list_import)
    return upload_write(list_import, write, _refused, load=_load_checked, progress=progress)


def _refused(list_import: TargetListImport, exc: ValidationError) -> None:
    list_import.status = ImportStatus.REJECTED
    list_import.outcome = "导入未执行:" + ";".join(exc.messages)[:280]
    list_import.save(update_fields=["status", "outcome", "problems", "rejected_count"])


def _apply(*, actor, list_import: TargetListImport, rows: list[Row], column_problems) -> None:
    organization = list_import.organization
    street = _street_of(organization)
    # One import per street at a time: the "already listed" check below cannot race another.
    Organization.objects.select_for_update().filter(pk=street.pk).first()
    result = _match(rows=rows, organization=organization, column_problems=column_problems)
    if result.rejected:
        list_import.problems = result.problems
        list_import.rejected_count = result.rejected
        raise ValidationError(f"重新校验发现{result.rejected}行有错误(服务对象库可能已变化)。")
    new_rows = _create_clients(actor=actor, organization=organization, rows=rows)
    through = Client.groups.through
    through.objects.bulk_create(
        [through(client_id=r.known_client_id, item_id=g) for r in rows for g in r.group_ids],
        batch_size=2000,
        ignore_conflicts=True,
    )
    already = _list_entries(list_import=list_import, street=street, rows=rows)
    _finish(
        actor=actor, list_import=list_import, total=len(rows), new=len(new_rows), already=already
    )
    _queue_recompute(street=street, rows=rows)


def _create_clients(*, actor, organization, rows: list[Row]) -> list[Row]:
    """New people into the registry (one record each); returns their rows, now with ids."""
    new_rows = [r for r in rows if not r.known_client_id]
    created = Client.objects.bulk_create(
        [
            Client(
                name=r.name,
                community_id=r.community_id,
                phone=r.phone,
                address=r.address,
                source=ClientSource.LIST,
                source_org=organization,
                created_by=actor,
                **identity_fields(idcard.parse(r.id_value)),
            )
            for r in new_rows
        ],
        batch_size=1000,
    )
    for r, client in zip(new_rows, created, strict=True):
        r.known_client_id = client.pk
    return new_rows


def _list_entries(*, list_import, street, rows: list[Row]) -> int:
    """One entry per person on the street's list: a person listed before keeps that entry (and
    gains the new groups). Returns how many were already listed."""
    existing: dict[int, int] = {}
    ids = [r.known_client_id for r in rows]
    for start in range(0, len(ids), 1000):
        for client_id, pk in (
            TargetListEntry.objects.filter(street=street, client_id__in=ids[start : start + 1000])
            .order_by("pk")
            .values_list("client_id", "pk")
        ):
            existing.setdefault(client_id, pk)
    fresh = [r for r in rows if r.known_client_id not in existing]
    entries = TargetListEntry.objects.bulk_create(
        [
            TargetListEntry(
                list_import=list_import,
                client_id=r.known_client_id,
                community_id=r.community_id,
                street=street,
                row_number=r.number,
            )
            for r in fresh
        ],
        batch_size=1000,
    )
    entry_of = {r.known_client_id: e.pk for r, e in zip(fresh, entries, strict=True)}
    entry_of.update(existing)
    entry_through = TargetListEntry.groups.through
    entry_through.objects.bulk_create(
        [
            entry_through(targetlistentry_id=entry_of[r.known_client_id], item_id=g)
            for r in rows
            for g in r.group_ids
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )
    return len(rows) - len(fresh)


def _finish(*, actor, list_import, total: int, new: int, already: int) -> None:
    list_import.status = ImportStatus.IMPORTED
    list_import.confirmed_by = actor
    list_import.confirmed_at = timezone.now()
    list_import.new_count = new
    list_import.known_count = total - new
    list_import.outcome = f"已导入{total}人:新建档{new}人,关联已有记录{total - new}人。"
    if already:
        list_import.outcome += f"其中{already}人已在本街道名单中,未重复列入。"
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
        new=new,
        known=total - new,
        already_listed=already,
    )


def _queue_recompute(*, street, rows: list[Row]) -> None:
    # S4 compares the people served with the lists (street's or communities'): every contract
    # of the street, or covering one of the listed communities, recomputes.
    from apps.procurement.models import Contract

    communities = {r.community_id for r in rows if r.community_id is not None}
    contracts_changed_on_commit(
        Contract.objects.filter(Q(unit__street=street) | Q(communities__in=communities))
        .values_list("pk", flat=True)
        .distinct()
    )
