from django.db import models
from django.db.models import Q

from apps.core import fields


class OrganizationKind(models.TextChoices):
    BUREAU = "bureau", "市民政局"
    DISTRICT = "district", "区"
    STREET = "street", "街道(镇)"
    COMMUNITY = "community", "社区(村)"
    AGENCY = "agency", "承接机构"
    EVALUATOR = "evaluator", "监管评估机构"
    PROCUREMENT_AGENT = "procurement_agent", "代理机构"


# The administrative tree: which kind may sit under which.
PARENT_KIND = {
    OrganizationKind.DISTRICT: OrganizationKind.BUREAU,
    OrganizationKind.STREET: OrganizationKind.DISTRICT,
    OrganizationKind.COMMUNITY: OrganizationKind.STREET,
}


class OrganizationQuerySet(models.QuerySet):
    def of_kind(self, kind):
        return self.filter(kind=kind)

    def streets(self):
        return self.filter(kind=OrganizationKind.STREET)

    def communities(self):
        return self.filter(kind=OrganizationKind.COMMUNITY)

    def in_subtree_of(self, organization_ids):
        """Organizations at or below any of the given ones (the tree is at most four deep)."""
        ids = list(organization_ids)
        return self.filter(
            Q(pk__in=ids)
            | Q(parent_id__in=ids)
            | Q(parent__parent_id__in=ids)
            | Q(parent__parent__parent_id__in=ids)
        )


class Organization(models.Model):
    code = models.SlugField("编码", max_length=64, unique=True)
    name = models.CharField("名称", max_length=120)
    kind = models.CharField("类型", max_length=24, choices=OrganizationKind.choices)
    parent = fields.relation("self", "上级", related_name="children", null=True, blank=True)
    is_demo = models.BooleanField("演示数据", default=False)
    address = models.CharField("地址", max_length=200, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "组织"
        ordering = ["kind", "code"]
        constraints = [fields.unique("parent", "name", name="org_unique_name_per_parent")]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        expected = PARENT_KIND.get(self.kind)
        if expected and (self.parent is None or self.parent.kind != expected):
            raise ValidationError(
                {
                    "parent": f"{self.get_kind_display()}的上级必须是{OrganizationKind(expected).label}。"
                }
            )
        if not expected and self.parent_id:
            raise ValidationError({"parent": f"{self.get_kind_display()}没有上级组织。"})
