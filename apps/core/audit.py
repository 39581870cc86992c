"""The one way services write audit rows."""

from .models import AuditEvent


def audit_record(*, actor, action: str, obj, **data) -> AuditEvent:
    """Record that ``actor`` did ``action`` to ``obj``; call inside the service's transaction."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
    )


def audited_save(obj, *, actor, action: str, update_fields=None, **data):
    """Validate ``obj`` (``full_clean``), save it and write its audit row: the closing step of
    every service that creates or edits one object. Many-to-many links are set by the caller
    afterwards (the object needs its key first); both land in the service's transaction."""
    obj.full_clean()
    obj.save(update_fields=update_fields)
    audit_record(actor=actor, action=action, obj=obj, **data)
    return obj
