"""The abstract base every counted community-work record extends (apps.community and
apps.volunteers both build on it; it lives below both so neither imports the other for it)."""

from django.conf import settings
from django.db import models


class CommunityRecord(models.Model):
    """What every counted record carries: contract, place, catalogue line, project year."""

    contract = models.ForeignKey(
        "procurement.Contract", verbose_name="服务合同", on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(
        "orgs.Organization",
        verbose_name="社区(村)",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="空表示街道层面",
    )
    item = models.ForeignKey(
        "catalogue.Item", verbose_name="服务大项", on_delete=models.PROTECT, related_name="+"
    )
    sub_item = models.ForeignKey(
        "catalogue.SubItem",
        verbose_name="服务细项",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    project_year = models.ForeignKey(
        "procurement.ProjectYear",
        verbose_name="项目年度",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="录入人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True
