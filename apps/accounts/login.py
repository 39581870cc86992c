"""The sign-in form: slow down after a few failures, then django-axes locks (account + address).

After ``LOGIN_SLOWDOWN_AFTER`` failures of one account from one address, the next try is
refused without checking the password until a delay has passed (15 s, doubling with each
further failure, at most 5 minutes); at ``AXES_FAILURE_LIMIT`` failures axes locks that
account at that address for ``AXES_COOLOFF_TIME`` (the bureau can release it on the lock
page). Other accounts behind the same address (a street office) are not affected.
"""

from __future__ import annotations

from datetime import timedelta

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

FIRST_DELAY_SECONDS = 15
MAX_DELAY_SECONDS = 300


def slowdown_delay(failures: int) -> int:
    """Seconds to wait before the next try after ``failures`` failures (0: none)."""
    if failures < settings.LOGIN_SLOWDOWN_AFTER:
        return 0
    steps = failures - settings.LOGIN_SLOWDOWN_AFTER
    return min(FIRST_DELAY_SECONDS * 2**steps, MAX_DELAY_SECONDS)


def wait_seconds(request, username: str) -> int:
    """How long this account at this address must still wait before trying again."""
    if not username or request is None:
        return 0
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=get_client_ip_address(request))
        .order_by("-attempt_time")
        .first()
    )
    if attempt is None or attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT:
        return 0  # nothing to wait for, or locked: axes answers
    ready = attempt.attempt_time + timedelta(seconds=slowdown_delay(attempt.failures_since_start))
    return (
        max(0, int((ready - timezone.now()).total_seconds()) + 1) if ready > timezone.now() else 0
    )


class ThrottledAuthenticationForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "用户名或密码不正确,请重新输入。",
        "inactive": "该账户已停用。",
        "slow_down": "登录失败次数较多,请在 %(seconds)s 秒后再试。",
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        seconds = wait_seconds(self.request, username)
        if seconds:
            raise forms.ValidationError(
                self.error_messages["slow_down"], code="slow_down", params={"seconds": seconds}
            )
        return super().clean()
