"""Writes of the security app: denied accesses logged, login locks released."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.core.cache import cache
from django.db import transaction

from apps.core.audit import audit_record
from apps.core.models import AuditEvent

# A person who keeps hitting the same refused page is logged once per window, and nobody
# gets more than DENIED_PER_USER rows per window: a loop or a scanner cannot flood the trail
# (the throttle is a cache add, no database query).
DENIED_WINDOW_SECONDS = 600
DENIED_PER_USER = 30


def denied_access_record(*, user, path: str, method: str, status: int) -> AuditEvent | None:
    """One "denied" audit row for a gate's 403/404, within the throttle above."""
    if user is None or not user.is_authenticated:
        return None
    if not cache.add(f"denied:{user.pk}:{method}:{path}"[:240], 1, DENIED_WINDOW_SECONDS):
        return None
    count_key = f"denied-count:{user.pk}"
    cache.add(count_key, 0, DENIED_WINDOW_SECONDS)
    try:
        if cache.incr(count_key) > DENIED_PER_USER:
            return None
    except ValueError:  # expired between add and incr
        cache.add(count_key, 1, DENIED_WINDOW_SECONDS)
    return AuditEvent.objects.create(
        actor=user,
        action="access_denied",
        object_type="http",
        object_id=path[:64],
        data={"status": status, "method": method, "path": path[:300]},
    )


@transaction.atomic
def login_lock_release(*, actor, attempt: AccessAttempt) -> None:
    """Unlock one account at one address (the bureau, from the lock page), logged."""
    audit_record(
        actor=actor,
        action="login_lock_release",
        obj=attempt,
        username=attempt.username or "",
        ip_address=attempt.ip_address or "",
        failures=attempt.failures_since_start,
    )
    attempt.delete()
