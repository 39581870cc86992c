"""Production settings refuse to boot without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _boot(**env):
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k != "FIELD_ENCRYPTION_KEY"
    }
    base.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "suzhou_pilot.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_fails_at_boot():
    result = _boot(DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="portal.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_fails_at_boot():
    result = _boot(DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


PROD_KEY = "cHJvZHVjdGlvbi1maWVsZC1rZXktMzItYnl0ZXMhISE="


def test_production_without_field_encryption_key_fails_at_boot():
    result = _boot(
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY="x" * 50, DJANGO_ALLOWED_HOSTS="portal.example"
    )
    assert result.returncode != 0
    assert "FIELD_ENCRYPTION_KEY must be set" in result.stderr


def test_production_with_its_secrets_boots():
    result = _boot(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="portal.example",
        FIELD_ENCRYPTION_KEY=PROD_KEY,
    )
    assert result.returncode == 0, result.stderr


def test_interface_is_chinese_in_shanghai(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
