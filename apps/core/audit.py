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
