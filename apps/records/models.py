"""The abstract bases the delivery records extend (apps.community and apps.volunteers build on
them, apps.cases shares the consent fields; they live below those apps so none imports another
for them)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models

from apps.core import fields


class Attachable(models.Model):
    """A record that carries files (photos, sign-in sheets, reports): ``community.Attachment``
    rows point at it and go with it."""

    attachments = GenericRelation("community.Attachment")

    class Meta:
        abstract = True


class CommunityRecord(Attachable):
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


class ConsentBy(models.TextChoices):
    NONE = "", "未记录"
    SELF = "self", "本人同意"
    GUARDIAN = "guardian", "监护人同意"


class InformedConsent(models.Model):
    """Who consented to the record of a person (or household), when, and the guardian's name;
    the services decide when it is required (a minor, a sensitive group). A model whose consent
    is given by someone else than "self" (a household's head) overrides ``consent_by``."""

    consent_by = models.CharField(
        "知情同意", max_length=16, choices=ConsentBy.choices, blank=True, default=""
    )
    consent_on = models.DateField("同意日期", null=True, blank=True)
    guardian_name = models.CharField("监护人姓名", max_length=60, blank=True)

    class Meta:
        abstract = True
