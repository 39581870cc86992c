"""Writes: attachments of any registered record (this app's or apps.volunteers')."""

from __future__ import annotations

import secrets

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction

from apps.records.services import record_save as save

from ..models import Attachment, AttachmentKind
from ..uploads import validate_upload

# --- attachments ---------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, actor, record, uploaded, kind: str) -> Attachment:
    """Store an allowed file under MEDIA_ROOT for ``record`` (of this app or apps.volunteers)."""
    if kind not in AttachmentKind.values:
        raise ValidationError("请选择附件类型。")
    extension = validate_upload(uploaded)
    contract = record.contract if hasattr(record, "contract") else record.team.contract
    attachment = Attachment(
        contract=contract,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        kind=kind,
        token=secrets.token_hex(16),
        extension=extension,
        original_name=(uploaded.name or "")[-200:],
        size=uploaded.size,
        uploaded_by=actor,
    )
    attachment.file.save(attachment_path_name(attachment), uploaded, save=False)
    return save(attachment, actor=actor, action="attachment_add", record=str(record.pk))


def attachment_path_name(attachment) -> str:
    return f"{attachment.token}{attachment.extension}"
