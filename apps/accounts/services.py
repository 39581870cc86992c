"""Writes for users and their role memberships."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from apps.core.audit import audit_record

from .models import Role, RoleMembership, User

BUREAU_ADMIN_GROUP = "市民政局配置管理员"
# Bureau staff configure the round (catalogue, rules, units, organizations) in the admin.
BUREAU_ADMIN_APPS = ["catalogue", "procurement", "orgs"]


def bureau_admin_group_ensure() -> Group:
    """The group whose model permissions let bureau staff edit round data in the admin.

    The gates call django-guardian with ``accept_global_perms=False``, so these model
    permissions never widen what anybody sees in the portal itself.
    """
    group, _ = Group.objects.get_or_create(name=BUREAU_ADMIN_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=BUREAU_ADMIN_APPS))
    return group


@transaction.atomic
def user_create(
    *, actor, username: str, password: str, full_name: str = "", phone: str = "", **extra
) -> User:
    """Create a person who can sign in; what they see comes from memberships granted later."""
    user = User(username=username, full_name=full_name, phone=phone, **extra)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(actor=actor, action="user_create", obj=user, username=username)
    return user


@transaction.atomic
def membership_grant(*, actor, user: User, role: str, organization) -> RoleMembership:
    """Give ``user`` a role in ``organization`` (the kind must fit the role); idempotent."""
    membership = RoleMembership.objects.filter(
        user=user, role=role, organization=organization
    ).first()
    if membership is None:
        membership = RoleMembership(user=user, role=role, organization=organization)
        membership.full_clean()
        membership.save()
        audit_record(
            actor=actor,
            action="membership_grant",
            obj=membership,
            role=role,
            organization=organization.code,
        )
    elif not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active"])
        audit_record(actor=actor, action="membership_reactivate", obj=membership)
    if role == Role.BUREAU_STAFF:
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
        user.groups.add(bureau_admin_group_ensure())
    return membership
