"""Community work (Annex 1 Tables 2–4, §六(二)): archives, resources, research, trainings,
incubation, governance projects, meetings, quarterly reports, and the attachments of all of them.

Every counted record names its contract, its community (null = the street), its catalogue item
(and sub-item where the annex has kinds or topics) and its project year, so the indicator
engine can count it without guessing.
"""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from apps.core import fields
from apps.records.models import Attachable, CommunityRecord, InformedConsent


class ArchiveConsentBy(models.TextChoices):
    NONE = "", "未记录"
    HEAD = "head", "户主本人同意"
    GUARDIAN = "guardian", "监护人同意"


class HouseholdArchive(InformedConsent, CommunityRecord):
    """居民家庭需求档案 (A1-T2-1): one per household (community + address) per project year."""

    address = models.CharField("家庭住址", max_length=200)
    address_key = models.CharField("住址(规范化)", max_length=200, editable=False)
    household_head = models.CharField("户主/联系人", max_length=60)
    members = models.JSONField(
        "家庭成员", default=list, blank=True, help_text="每人:姓名、关系、年龄段、备注"
    )
    member_count = models.PositiveSmallIntegerField("家庭人数", default=1)
    needs = models.JSONField("需求(按领域)", default=dict, blank=True)
    is_distressed = models.BooleanField("基础类困境家庭", default=False)
    distressed_groups = models.ManyToManyField(
        "catalogue.Item", verbose_name="困境群体(附件1表1)", blank=True, related_name="+"
    )
    client_reference = models.CharField(
        "服务对象登记编号", max_length=60, blank=True, help_text="服务对象登记库上线后改为关联"
    )
    worker = fields.actor_fk("建档社工")
    recorded_on = models.DateField("建档日期")
    # Required when the archive holds a minor or a sensitive group (services); the head of the
    # household consents, not "self".
    consent_by = models.CharField(
        "知情同意", max_length=16, choices=ArchiveConsentBy.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = verbose_name_plural = "居民家庭需求档案"
        ordering = ["-recorded_on", "-pk"]
        constraints = [
            fields.unique(
                "community", "address_key", "project_year", name="archive_one_per_household_year"
            ),
        ]

    def __str__(self):
        return f"{self.address}({self.household_head})"


class ResourceKind(models.TextChoices):
    PLACE = "place", "场所设施"
    LEADER = "leader", "居民骨干/能人"
    UNIT = "unit", "驻区单位"
    CULTURE = "culture", "文化历史"


class Resource(CommunityRecord):
    """An entry of the community resource library (A1-T2-2) with where it is on the map."""

    kind = models.CharField("资源类型", max_length=16, choices=ResourceKind.choices)
    name = models.CharField("名称", max_length=120)
    description = models.TextField("说明", blank=True)
    contact = models.CharField("联系方式", max_length=120, blank=True)
    grid_x = models.PositiveSmallIntegerField("示意图横坐标(0–20)", null=True, blank=True)
    grid_y = models.PositiveSmallIntegerField("示意图纵坐标(0–20)", null=True, blank=True)
    latitude = models.DecimalField("纬度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("经度", max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "社区资源"
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class ResourceChange(models.Model):
    """The dated history of the library: “updated this year” is computed from these rows."""

    resource = fields.parent_fk(Resource, "资源", "changes")
    changed_on = models.DateField("变更日期")
    action = models.CharField("变更", max_length=16)  # created / updated / retired
    summary = models.CharField("变更说明", max_length=300, blank=True)
    actor = fields.actor_fk("操作人")

    class Meta:
        verbose_name = verbose_name_plural = "资源变更记录"
        ordering = ["-changed_on", "-pk"]

    def __str__(self):
        return f"{self.changed_on} {self.resource} {self.action}"


class ResearchStudy(CommunityRecord):
    """A community social-work study (A1-T2-3) on one of the five topics (sub-items)."""

    title = models.CharField("研究题目", max_length=200)
    started_on = models.DateField("开始日期")
    finished_on = models.DateField("完成日期", null=True, blank=True)
    summary = models.TextField("研究摘要", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "社区社会工作研究"
        ordering = ["-started_on", "-pk"]

    def __str__(self):
        return self.title


class TrainingSession(CommunityRecord):
    """A community-worker training session (A1-T3-3), held at street level (S5)."""

    held_on = models.DateField("培训日期")
    topic = models.CharField("培训主题", max_length=200)
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    trainer = models.CharField("培训讲师", max_length=120)
    attendee_count = models.PositiveSmallIntegerField("参训人数")
    attendees = models.TextField("参训人员", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "社区工作者培训"
        ordering = ["-held_on", "-pk"]
        constraints = [fields.positive("hours", name="training_hours_positive")]

    def __str__(self):
        return f"{self.held_on} {self.topic}"


class Incubation(CommunityRecord):
    """A community social organisation incubated, or the incubation base run (A1-T3-2)."""

    organization_name = models.CharField("社会组织/基地名称", max_length=120)
    started_on = models.DateField("开始日期")
    stage = models.CharField("培育阶段", max_length=60, blank=True)
    results = models.TextField("培育成效", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "社区社会组织培育"
        ordering = ["-started_on", "-pk"]

    def __str__(self):
        return self.organization_name


class GovernanceProject(CommunityRecord):
    """A governance project (A1-T4-1 environment, -2 platform, -3 network, -4 other)."""

    title = models.CharField("项目名称", max_length=200)
    started_on = models.DateField("开始日期")
    consultation = models.TextField("居民协商情况", blank=True)
    conventions = models.TextField("形成的公约/规则", blank=True)
    results = models.TextField("成效", blank=True)
    fund_amount = fields.yuan("公益金金额(元)", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "社区治理项目"
        ordering = ["-started_on", "-pk"]

    def __str__(self):
        return self.title


class FundDirection(models.TextChoices):
    INCOME = "in", "收入"
    EXPENSE = "out", "支出"


class FundEntry(models.Model):
    """An income or expense of a community public-welfare fund (A1-T4-2-1)."""

    project = fields.parent_fk(GovernanceProject, "公益金", "entries")
    entry_date = models.DateField("日期")
    direction = models.CharField("收支", max_length=4, choices=FundDirection.choices)
    amount = fields.yuan("金额(元)")
    note = models.CharField("摘要", max_length=200)
    created_by = fields.actor_fk()

    class Meta:
        verbose_name = verbose_name_plural = "公益金收支"
        ordering = ["entry_date", "pk"]
        constraints = [fields.positive("amount", name="fund_entry_positive")]

    def __str__(self):
        return f"{self.entry_date} {self.get_direction_display()} {self.amount}"


class MeetingKind(models.TextChoices):
    WEEKLY = "weekly", "社区周联席会议"
    MONTHLY = "monthly", "街道月联席会议"


class Meeting(Attachable):
    """A joint meeting (§六(二)): weekly in a community, monthly in the street."""

    contract = fields.contract_fk()
    kind = models.CharField("会议类型", max_length=16, choices=MeetingKind.choices)
    organization = fields.organization_fk("召开单位", help_text="周会为社区,月会为街道")
    project_year = fields.project_year_fk()
    held_on = models.DateField("会议日期")
    attendees = models.TextField("参会人员")
    minutes = models.TextField("会议纪要")
    decisions = models.TextField("议定事项", blank=True)
    created_by = fields.actor_fk("录入人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "联席会议"
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.held_on} {self.organization} {self.get_kind_display()}"


class QuarterlyReport(Attachable):
    """The agency's quarterly progress report to district and street (§六(二))."""

    contract = fields.contract_fk()
    year = models.PositiveSmallIntegerField("年份")
    quarter = models.PositiveSmallIntegerField("季度")
    period_start = models.DateField("起始日期")
    period_end = models.DateField("截止日期")
    figures = models.JSONField("本季度数据(系统生成)", default=dict)
    narrative = models.TextField("进展说明")
    issues = models.TextField("问题与下步计划", blank=True)
    submitted_on = models.DateField("报送日期")
    created_by = fields.actor_fk("报送人")
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "季度进展报告"
        ordering = ["-year", "-quarter"]
        constraints = [
            fields.unique("contract", "year", "quarter", name="quarterly_one_per_quarter"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="quarterly_quarter_range"
            ),
        ]

    def __str__(self):
        return f"{self.year}年第{self.quarter}季度进展报告"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", "照片"
    SIGN_IN = "sign_in", "签到表扫描件"
    REPORT = "report", "报告"
    OTHER = "other", "其他"


def attachment_path(instance, filename):
    # Never the uploaded name on disk: it may carry path tricks or personal data.
    return f"community/{instance.contract_id}/{instance.token}{instance.extension}"


class Attachment(models.Model):
    """A file of a record of this app or of apps.volunteers; downloaded only through a gate."""

    contract = fields.contract_fk()
    content_type = fields.relation(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    kind = models.CharField("附件类型", max_length=16, choices=AttachmentKind.choices)
    file = models.FileField("文件", upload_to=attachment_path)
    token = models.CharField(max_length=32, editable=False)
    extension = models.CharField(max_length=8, editable=False)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = fields.actor_fk("上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "附件"
        ordering = ["uploaded_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.original_name
