"""Bulk entry: upload → every row checked → preview → confirm (all or nothing).

The file is parsed once, at upload: the column checks run there and the parsed rows are stored
beside the original, both encrypted at rest. The preview and the confirmation run only the
kind's registry match on those rows; confirming runs it again inside the import's transaction,
so nothing is written from a check made against data that has since changed. Above
``IMPORT_ASYNC_ROWS`` rows the match and the writing run in Celery with a progress bar.

Decisions the plan leaves open:
- an import is seen and confirmed by the person who uploaded it only (its preview lists
  names, phones and addresses of the file); the rows it writes are then seen through each
  record's own gates;
- the recompute fires once per import: the kind's services run with the engine's
  announcements paused, and the contracts they changed are announced once, on commit;
- a second upload of a file already imported into the same target says so in its outcome; its
  rows then stop at the "already recorded" checks of each kind, so nothing is written twice.
"""

from __future__ import annotations

import hashlib
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..audit import audit_record
from ..changes import contract_changes_paused, contracts_changed_on_commit
from ..jobs import job_queue_for
from ..models import BulkImport, ImportStatus
from ..uploads import (
    Progress,
    checked_load,
    checked_store,
    original_store,
    upload_confirm,
    upload_write,
)
from .columns import check_columns
from .kinds import BulkKind, RowError, get_kind
from .problems import Problems
from .sheet import read_sheet


def target_for(*, kind: BulkKind, user, target_id: int):
    """The target if the person may still import into it, else ``ValidationError``."""
    target = kind.targets_for(user=user).filter(pk=target_id).first()
    if target is None:
        raise ValidationError(f"您无权向该{kind.target_noun}导入{kind.title}。")
    return target


def _match(*, kind: BulkKind, rows, target, actor, column_problems, progress=None) -> Problems:
    problems = Problems(column_problems)
    kind.match(rows=rows, target=target, actor=actor, problems=problems)
    if progress:
        progress(len(rows), len(rows))
    return problems


def _preview(bulk: BulkImport, rows: list[dict], problems: Problems) -> BulkImport:
    rejected = len(problems.rejected_rows)
    bulk.problems = problems.sorted()
    bulk.rejected_count = rejected
    bulk.ready_count = len(rows) - rejected
    bulk.status = ImportStatus.REJECTED if rejected else ImportStatus.VALIDATED
    bulk.outcome = (
        f"{rejected}行有错误,请修改文件后重新上传;在全部改正之前不会写入任何数据。"
        if rejected
        else f"校验通过,共{len(rows)}行,待确认导入。"
    )
    earlier = (
        BulkImport.objects.filter(
            kind=bulk.kind,
            target_id=bulk.target_id,
            sha256=bulk.sha256,
            status=ImportStatus.IMPORTED,
        )
        .exclude(pk=bulk.pk)
        .order_by("-confirmed_at")
        .first()
    )
    if earlier:
        bulk.outcome += (
            f"注意:同一文件已于{timezone.localtime(earlier.confirmed_at):%Y-%m-%d %H:%M}导入过。"
        )
    bulk.save(update_fields=["problems", "rejected_count", "ready_count", "status", "outcome"])
    return bulk


@transaction.atomic
def bulk_upload(*, actor, kind: BulkKind, target, name: str, data: bytes) -> BulkImport:
    """Keep the file (encrypted), parse it and check its columns once; the registry match runs
    now up to IMPORT_ASYNC_ROWS rows, in Celery above.

    A file that cannot be read at all (empty, not a spreadsheet, too big, a required column
    missing) raises ``ValidationError`` and nothing is stored.
    """
    target = target_for(kind=kind, user=actor, target_id=target.pk)
    sheet = read_sheet(name=name, data=data, columns=kind.labels, required=kind.required_labels)
    problems = Problems()
    rows = check_columns(columns=list(kind.columns), sheet=sheet, problems=problems)
    bulk = BulkImport(
        kind=kind.slug,
        target_id=target.pk,
        target_label=str(kind.target_label(target))[:200],
        uploaded_by=actor,
        original_name=name[:200],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        row_count=len(rows),
    )
    original_store(bulk, prefix=kind.slug, data=data)
    bulk.save()
    checked_store(bulk, rows, problems.items)
    audit_record(actor=actor, action="bulk_upload", obj=bulk, kind=kind.slug, rows=len(rows))
    if len(rows) > settings.IMPORT_ASYNC_ROWS:
        from ..tasks import bulk_validate_task

        return job_queue_for(
            bulk_validate_task,
            actor=actor,
            record=bulk,
            kind="core.bulk_validate",
            title=f"校验{kind.title} {name}",
        )
    checked = _match(
        kind=kind, rows=rows, target=target, actor=actor, column_problems=problems.items
    )
    return _preview(bulk, rows, checked)


def bulk_validate(*, bulk: BulkImport, progress: Progress = None) -> BulkImport:
    """The registry match on the stored rows, and the preview (the Celery path)."""
    kind = get_kind(bulk.kind)
    rows, column_problems = checked_load(bulk)
    try:
        target = target_for(kind=kind, user=bulk.uploaded_by, target_id=bulk.target_id)
    except ValidationError as exc:
        problems = Problems(column_problems)
        problems.add(0, "", exc.messages[0])
        return _preview(bulk, rows, problems)
    problems = _match(
        kind=kind,
        rows=rows,
        target=target,
        actor=bulk.uploaded_by,
        column_problems=column_problems,
        progress=progress,
    )
    return _preview(bulk, rows, problems)


def bulk_confirm(*, actor, bulk: BulkImport) -> BulkImport:
    """Confirm a checked file: write now, or in Celery above IMPORT_ASYNC_ROWS rows."""
    from ..tasks import bulk_apply_task

    return upload_confirm(
        actor=actor,
        record=bulk,
        noun="文件",
        task=bulk_apply_task,
        kind="core.bulk_apply",
        title=f"导入{get_kind(bulk.kind).title} {bulk.original_name}",
        apply=lambda: bulk_apply(actor=actor, bulk=bulk),
    )


def bulk_apply(*, actor, bulk: BulkImport, progress: Progress = None) -> BulkImport:
    """Write every row or none: one transaction; any problem leaves the data unchanged."""
    write = partial(_apply, kind=get_kind(bulk.kind), actor=actor, bulk=bulk)
    return upload_write(bulk, write, _refused, progress=progress)


def _refused(bulk: BulkImport, exc: ValidationError) -> None:
    """The write refused (a row a service refused, or the check again found errors): what the
    preview shows, then the refusal as the confirmation's answer."""
    problems = Problems(bulk.problems)
    why = ";".join(exc.messages)
    if isinstance(exc, RowError):
        for message in exc.messages:
            problems.add(exc.row, exc.column, message)
        why = f"第{exc.row}行无法写入:{why}"
    bulk.problems = problems.sorted()
    bulk.rejected_count = len(problems.rejected_rows)
    bulk.ready_count = max(bulk.row_count - bulk.rejected_count, 0)
    bulk.status = ImportStatus.REJECTED
    bulk.outcome = ("导入未执行,未写入任何数据:" + why)[:300]
    bulk.save(update_fields=["problems", "rejected_count", "ready_count", "status", "outcome"])
    raise ValidationError(bulk.outcome)


def _apply(*, kind: BulkKind, actor, bulk: BulkImport, rows, column_problems) -> None:
    target = target_for(kind=kind, user=actor, target_id=bulk.target_id)
    # One import per target at a time: the "already recorded" checks cannot race another.
    type(target).objects.select_for_update().filter(pk=target.pk).first()
    problems = _match(
        kind=kind, rows=rows, target=target, actor=actor, column_problems=column_problems
    )
    if problems.rejected_rows:
        bulk.problems = problems.sorted()
        bulk.rejected_count = len(problems.rejected_rows)
        raise ValidationError(
            f"重新校验发现{len(problems.rejected_rows)}行有错误(数据可能已变化)。"
        )
    with contract_changes_paused():
        contract_ids = list(kind.apply(rows=rows, target=target, actor=actor))
    contracts_changed_on_commit(contract_ids)
    bulk.status = ImportStatus.IMPORTED
    bulk.confirmed_at = timezone.now()
    bulk.created_count = len(rows)
    bulk.outcome = f"已导入{len(rows)}条{kind.title}。"
    bulk.save(update_fields=["status", "confirmed_at", "created_count", "outcome"])
    audit_record(actor=actor, action="bulk_import", obj=bulk, kind=kind.slug, rows=len(rows))
