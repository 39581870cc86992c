"""Writes for organizations."""

from django.db import transaction

from apps.core.audit import audited_save

from .models import Organization


@transaction.atomic
def organization_create(
    *, actor, code: str, name: str, kind: str, parent: Organization | None = None, is_demo=False
) -> Organization:
    """Create an organization in its place in the tree (validated: a community under a street…)."""
    org = Organization(code=code, name=name, kind=kind, parent=parent, is_demo=is_demo)
    return audited_save(org, actor=actor, action="organization_create", kind=kind, name=name)
