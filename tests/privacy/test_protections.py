"""Issue 14, protections: login throttling, password rules, idle sessions, upload size,
no-store, CSP, API throttling, the audit page and its export, denied accesses logged."""

import io
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.core.audit import audit_record
from apps.core.models import AuditEvent
from tests.factories import PASSWORD
from tests.matrix import status_matrix

LOGIN = "/login/"


def _try(http, username, password, ip="10.0.0.1"):
    return http.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def _age_attempts(username):
    """Let the slow-down delay pass (the row's time moved back, no sleeping)."""
    AccessAttempt.objects.filter(username=username).update(
        attempt_time=timezone.now() - timedelta(minutes=10)
    )


def test_login_slows_down_then_locks_the_account_at_that_address_only(world, settings):
    settings.LOGIN_SLOWDOWN_AFTER = 3
    settings.AXES_FAILURE_LIMIT = 5
    name = world.users["street"].username
    http = HttpClient()
    for _ in range(3):
        assert _try(http, name, "wrong-pass").status_code == 200
    # Slowed down: even the right password is not tried yet.
    page = _try(http, name, PASSWORD)
    assert page.status_code == 200 and "秒后再试" in page.content.decode()
    assert "_auth_user_id" not in http.session
    for _ in range(2):
        _age_attempts(name)
        _try(http, name, "wrong-pass")
    # Locked at this address: the right password is refused.
    locked = _try(http, name, PASSWORD)
    assert locked.status_code == 429 and "锁定" in locked.content.decode()
    # A colleague behind the same address signs in; the same account elsewhere too.
    assert _try(HttpClient(), world.users["district"].username, PASSWORD).status_code == 302
    assert _try(HttpClient(), name, PASSWORD, ip="10.0.0.2").status_code == 302


def test_bureau_sees_locks_and_releases_them(world, settings, client_for):
    settings.AXES_FAILURE_LIMIT = 2
    settings.LOGIN_SLOWDOWN_AFTER = 99
    name = world.users["community"].username
    for _ in range(2):
        _try(HttpClient(), name, "wrong-pass")
    assert _try(HttpClient(), name, PASSWORD).status_code == 429
    page = client_for("bureau").get(reverse("security:locks"))
    assert page.status_code == 200 and name in page.content.decode()
    assert "已锁定" in page.content.decode()
    attempt = AccessAttempt.objects.get(username=name)
    assert (
        status_matrix(
            client_for,
            reverse("security:lock_release", args=[attempt.pk]),
            {p: (302 if p == "bureau" else 403) for p in world.users if p != "anonymous"},
            method="post",
        )
        == []
    )
    assert not AccessAttempt.objects.filter(username=name).exists()
    assert AuditEvent.objects.filter(action="login_lock_release").count() == 1
    assert _try(HttpClient(), name, PASSWORD).status_code == 302


def test_password_rules_speak_chinese():
    with pytest.raises(ValidationError) as caught:
        validate_password("abcdefghij")
    assert any("至少包含" in m for m in caught.value.messages)
    with pytest.raises(ValidationError):
        validate_password("Ab1-")
    validate_password("Pilot-2018-Suzhou")


def test_sessions_expire_after_idle_hours_and_are_renewed(settings, world, client_for):
    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    http = client_for("street")
    response = http.get("/")
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_personal_pages_are_not_cached_and_carry_a_strict_csp(world, client_for):
    response = client_for("street").get(reverse("cases:client_list"))
    assert "no-store" in response["Cache-Control"]
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "style=" not in response.content.decode()


def test_upload_over_the_limit_is_refused_before_it_is_read(world, client_for, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    body = b"x" * (1024 + settings.UPLOAD_FORM_OVERHEAD_BYTES + 1)
    response = client_for("street").generic(
        "POST", reverse("cases:import_upload"), body, content_type="application/octet-stream"
    )
    assert response.status_code == 413
    assert "上传的文件过大" in response.content.decode()


def test_chunked_upload_over_the_limit_stops_while_streaming(world, client_for, settings, tmp_path):
    settings.UPLOAD_MAX_BYTES = 2048
    settings.MEDIA_ROOT = str(tmp_path)
    settings.UPLOAD_FORM_OVERHEAD_BYTES = 10 * 1024 * 1024  # the declared length passes
    big = io.BytesIO(b"a" * 50_000)
    big.name = "big.csv"
    response = client_for("street").post(
        reverse("cases:import_upload"),
        {"organization": world.unit_a.street.pk, "file": big},
    )
    assert response.status_code == 400
    from apps.cases.models import TargetListImport

    assert not TargetListImport.objects.exists()


def test_api_is_throttled_per_person(world, client_for, monkeypatch):
    from rest_framework.throttling import UserRateThrottle

    cache.clear()
    monkeypatch.setattr(
        UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "3/minute"}
    )
    http = client_for("street")
    codes = [http.get("/api/v1/me/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert client_for("district").get("/api/v1/me/").status_code == 200
    cache.clear()


def test_audit_page_filters_exports_and_masks(world, client_for):
    bureau = world.users["bureau"]
    audit_record(
        actor=bureau,
        action="client_identity_reveal",
        obj=world.contract_a,
        reason="核对 320508195001011234 电话 13912345678",
    )
    audit_record(actor=world.users["street"], action="plan_submit", obj=world.contract_a)
    assert (
        status_matrix(
            client_for,
            reverse("security:audit"),
            {p: (200 if p == "bureau" else 403) for p in world.users if p != "anonymous"},
        )
        == []
    )
    http = client_for("bureau")

    def rows(**params):
        page = http.get(reverse("security:audit"), params).content.decode()
        return page.split('data-testid="audit-rows"')[1]

    body = rows(action="client_identity_reveal")
    assert "查看完整身份证号" in body and "plan_submit" not in body
    assert "320508195001011234" not in body and "3205**********1234" in body
    assert "13912345678" not in body and "139****5678" in body
    body = rows(actor="p_street")
    assert "plan_submit" in body and "查看完整身份证号" not in body
    today = timezone.localdate().isoformat()
    assert "plan_submit" not in rows(date_from="2000-01-01", date_to="2000-01-02")
    xlsx = http.get(
        reverse("security:audit_xlsx"), {"date_from": today, "object_type": "procurement.contract"}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert {"查看完整身份证号", "plan_submit"} <= {v[2] for v in values}
    only = http.get(reverse("security:audit_xlsx"), {"action": "client_identity_reveal"})
    sheet = load_workbook(io.BytesIO(only.content)).active
    assert [r[2].value for r in sheet.iter_rows(min_row=2)] == ["查看完整身份证号"]
    assert "139****5678" in sheet.cell(row=2, column=5).value
    assert not any("320508195001011234" in str(v) for row in values for v in row)


def test_denied_access_is_logged_once_per_person_and_path(world, client_for):
    cache.clear()
    url = reverse("procurement:contract_detail", args=[world.contract_b.pk])
    http = client_for("social_worker")
    for _ in range(3):
        assert http.get(url).status_code == 404
    rows = AuditEvent.objects.filter(action="access_denied", actor=world.users["social_worker"])
    assert rows.count() == 1 and rows.get().data == {"status": 404, "method": "GET", "path": url}
    assert client_for("evaluator").post(reverse("metrics:run")).status_code == 403
    assert AuditEvent.objects.filter(action="access_denied", data__status=403).count() == 1
    # An unknown address is no gate's refusal: nothing logged.
    client_for("street").get("/no-such-page/")
    assert not AuditEvent.objects.filter(
        action="access_denied", object_id="/no-such-page/"
    ).exists()
    page = client_for("bureau").get(reverse("security:audit"), {"action": "access_denied"})
    assert "拒绝访问" in page.content.decode()
    cache.clear()


def _deploy_check(**extra):
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "FIELD_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="suzhou_pilot.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-long-and-varied-production-secret-0123456789-abcdefghijkl",
        DJANGO_ALLOWED_HOSTS="portal.example",
        FIELD_ENCRYPTION_KEY="cHJvZHVjdGlvbi1maWVsZC1rZXktMzItYnl0ZXMhISE=",
        **extra,
    )
    code = (
        "import django, sys; django.setup(); from django.conf import settings as s;"
        "from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING');"
        "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    root = Path(__file__).resolve().parent.parent.parent
    return subprocess.run(
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check_and_the_proxy_header_is_switchable():
    result = _deploy_check()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("True 31536000 None")
    behind = _deploy_check(DJANGO_SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https")
    assert behind.returncode == 0, behind.stderr
    assert "('HTTP_X_FORWARDED_PROTO', 'https')" in behind.stdout


def test_no_page_template_carries_a_style_attribute_the_policy_would_refuse():
    """The strict CSP drops inline ``style=""`` silently: the page would lose that layout
    without a word. The portal's CSS classes stand in (PDF templates are not served as pages)."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    offending = [
        str(p.relative_to(templates))
        for p in templates.rglob("*.html")
        if "reports/pdf" not in p.as_posix() and 'style="' in p.read_text(encoding="utf-8")
    ]
    assert offending == []
