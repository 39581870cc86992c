"""Every model the admin registers opens for staff: its list, and its add form where adding is
allowed (the inline factories and the option-only registrations build real admin classes)."""

from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from apps.accounts.models import User


def test_every_registered_model_lists_and_adds_in_the_admin(client, db):
    user = User.objects.create_superuser("admin-smoke", password="Pilot-2018-admin")
    client.force_login(user)
    request = RequestFactory().get("/admin/")
    request.user = user
    failures, pages = [], 0
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        expected_add = 200 if model_admin.has_add_permission(request) else 403
        for url, expected in (
            (reverse(f"{prefix}_changelist"), 200),
            (reverse(f"{prefix}_add"), expected_add),
        ):
            pages += 1
            if client.get(url).status_code != expected:
                failures.append(url)
    assert failures == []
    assert pages >= 2 * 40  # the portal's own models, not only Django's
