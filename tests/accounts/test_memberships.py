"""Role memberships: the role must fit the kind of organization; grants are idempotent."""

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.models import Role, RoleMembership
from apps.accounts.services import membership_grant
from apps.core.models import AuditEvent


def test_role_must_fit_the_organization_kind(world):
    with pytest.raises(ValidationError) as exc:
        membership_grant(
            actor=None,
            user=world.users["street"],
            role=Role.SOCIAL_WORKER,
            organization=world.unit_a.street,
        )
    assert "社工只能属于承接机构" in str(exc.value)


def test_grant_twice_is_one_membership_and_is_audited(world):
    user = world.users["social_worker"]
    before = RoleMembership.objects.filter(user=user).count()
    membership_grant(actor=None, user=user, role=Role.SOCIAL_WORKER, organization=world.agency_a)
    assert RoleMembership.objects.filter(user=user).count() == before
    assert AuditEvent.objects.filter(action="membership_grant", object_id__isnull=False).exists()


def test_bureau_staff_get_the_admin_for_round_data(world):
    bureau = world.users["bureau"]
    bureau.refresh_from_db()
    assert bureau.is_staff
    assert bureau.has_perm("catalogue.change_indicatorrule")
    assert not world.users["street"].is_staff
