"""The abstract base every counted community-work record extends (apps.community and
apps.volunteers both build on it; it lives below both so neither imports the other for it)."""

from django.db import models

from apps.core import fields


class CommunityRecord(models.Model):
    """What every counted record carries: contract, place, catalogue line, project year."""

    contract = fields.contract_fk()
    community = fields.organization_fk(
        "社区(村)", null=True, blank=True, help_text="空表示街道层面"
    )
    item = fields.relation("catalogue.Item", "服务大项")
    sub_item = fields.relation("catalogue.SubItem", "服务细项", null=True, blank=True)
    project_year = fields.project_year_fk()
    created_by = fields.actor_fk("录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True
