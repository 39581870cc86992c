"""Reads for the audit page and the login-lock page."""

from __future__ import annotations

from datetime import datetime, time

from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

from apps.accounts.masking import mask_text
from apps.core.models import AuditEvent

# Actions worth a name on the page (others show their code).
ACTION_LABELS = {
    "client_identity_reveal": "查看完整身份证号",
    "target_list_file_download": "下载原始名单",
    "access_denied": "拒绝访问",
    "client_duplicate_id_routed": "证件号重复,转交核查",
    "login_lock_release": "解除登录锁定",
    "client_register": "登记服务对象",
    "client_merge": "合并服务对象",
    "client_consent_record": "记录知情同意",
}
SENSITIVE = ("client_identity_reveal", "target_list_file_download", "access_denied")


def _day_start(day, *, end=False):
    moment = datetime.combine(day, time.max if end else time.min)
    return timezone.make_aware(moment, timezone.get_default_timezone())


def audit_events(*, actor="", action="", object_type="", date_from=None, date_to=None):
    """Audit rows, newest first, filtered; ``actor`` matches username or full name."""
    qs = AuditEvent.objects.select_related("actor").order_by("-created_at", "-pk")
    if actor:
        qs = qs.filter(actor__username__icontains=actor) | qs.filter(
            actor__full_name__icontains=actor
        )
    if action:
        qs = qs.filter(action=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if date_from:
        qs = qs.filter(created_at__gte=_day_start(date_from))
    if date_to:
        qs = qs.filter(created_at__lte=_day_start(date_to, end=True))
    return qs


def audit_choices() -> tuple[list, list]:
    """The actions and object types present, for the filter's selects."""
    actions = sorted(AuditEvent.objects.values_list("action", flat=True).distinct())
    types = sorted(AuditEvent.objects.values_list("object_type", flat=True).distinct())
    return [(a, ACTION_LABELS.get(a, a)) for a in actions], types


def describe(event: AuditEvent) -> str:
    """An audit row's details as one line, identity and phone numbers masked."""
    data = event.data or {}
    return ";".join(f"{k}={mask_text(v)}" for k, v in sorted(data.items()))


def audit_rows(events) -> list[dict]:
    return [
        {
            "event": e,
            "when": timezone.localtime(e.created_at),
            "actor": e.actor.username if e.actor_id else "系统",
            "action": ACTION_LABELS.get(e.action, e.action),
            "sensitive": e.action in SENSITIVE,
            "object": f"{e.object_type} #{mask_text(e.object_id)}",
            "details": describe(e),
        }
        for e in events
    ]


def login_locks():
    """Accounts (with their address) that failed to sign in, most failures first; ``locked``
    once the failure limit is reached within the cool-off period."""
    limit = settings.AXES_FAILURE_LIMIT
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = AccessAttempt.objects.order_by("-failures_since_start", "-attempt_time")
    return [
        {
            "attempt": a,
            "locked": a.failures_since_start >= limit and a.attempt_time >= since,
            "until": timezone.localtime(a.attempt_time + settings.AXES_COOLOFF_TIME),
        }
        for a in rows
    ]
