from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from apps.core import fields


class User(AbstractUser):
    """A person who signs in. What they may see comes from their role memberships only."""

    full_name = models.CharField("姓名", max_length=60, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "用户"

    def __str__(self):
        return self.full_name or self.username

    @property
    def portal_scope(self):
        """The person's scope (``gates.scope_for``), for ground-floor code below this app.

        ``apps.core`` (jobs) sits below accounts and never imports it; it reaches the scope
        through the user object Django hands it, as it reaches ``is_staff``.
        """
        from .gates import scope_for

        return scope_for(self)


class Role(models.TextChoices):
    BUREAU_STAFF = "bureau_staff", "市民政局工作人员"
    DISTRICT_STAFF = "district_staff", "区民政工作人员"
    STREET_COORDINATOR = "street_coordinator", "街道试点协调员"
    COMMUNITY_COORDINATOR = "community_coordinator", "社区试点协调员"
    AGENCY_MANAGER = "agency_manager", "承接机构项目主管"
    SUPERVISOR = "supervisor", "督导"
    SOCIAL_WORKER = "social_worker", "社工"
    EVALUATOR = "evaluator", "监管评估人员"


# The kind of organization each role is held in (values of ``orgs.OrganizationKind``: the
# orgs app's gates build on this one, so accounts names the kinds without importing orgs).
ROLE_ORGANIZATION_KIND = {
    Role.BUREAU_STAFF: "bureau",
    Role.DISTRICT_STAFF: "district",
    Role.STREET_COORDINATOR: "street",
    Role.COMMUNITY_COORDINATOR: "community",
    Role.AGENCY_MANAGER: "agency",
    Role.SUPERVISOR: "agency",
    Role.SOCIAL_WORKER: "agency",
    Role.EVALUATOR: "evaluator",
}

AGENCY_ROLES = frozenset({Role.AGENCY_MANAGER, Role.SUPERVISOR, Role.SOCIAL_WORKER})
CITY_WIDE_ROLES = frozenset({Role.BUREAU_STAFF, Role.EVALUATOR})
AREA_ROLES = frozenset({Role.DISTRICT_STAFF, Role.STREET_COORDINATOR, Role.COMMUNITY_COORDINATOR})


class RoleMembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class RoleMembership(fields.Created):
    """A user's role within one organization: the only source of their scope."""

    user = fields.user_fk("用户", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("角色", max_length=32, choices=Role.choices)
    organization = fields.organization_fk("所属组织", related_name="memberships")
    is_active = models.BooleanField("有效", default=True)

    objects = RoleMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "角色成员"
        ordering = ["user_id", "role"]
        constraints = [fields.unique("user", "role", "organization", name="membership_unique")]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.organization}"

    def clean(self):
        expected = ROLE_ORGANIZATION_KIND[Role(self.role)]
        if self.organization_id and self.organization.kind != expected:
            kinds = dict(self.organization._meta.get_field("kind").choices)
            raise ValidationError(
                {"organization": f"{Role(self.role).label}只能属于{kinds[expected]}。"}
            )
