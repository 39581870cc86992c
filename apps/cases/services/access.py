"""Unmasked views of many people at once: downloading an original target-client list."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.audit import audit_record

from ..models import TargetListImport
from .imports import original_file_bytes

LIST_DOWNLOAD = "target_list_file_download"


@transaction.atomic
def target_list_file_download(*, actor, list_import: TargetListImport, reason: str) -> bytes:
    """The original file (decrypted) for one allowed by the gate, with a stated reason; one
    access-log row (an audit row the bureau reads on the audit page), bureau downloads too."""
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise ValidationError({"reason": "请填写下载原始名单的原因。"})
    data = original_file_bytes(list_import=list_import)
    audit_record(
        actor=actor,
        action=LIST_DOWNLOAD,
        obj=list_import,
        reason=reason[:200],
        rows=list_import.row_count,
        organization=list_import.organization.name,
    )
    return data
