"""Service commissions (服务委托书) and execution plans with versions and adjustments (§三(三), §六(二))."""

from django.db import models

from apps.core import fields

# What a service commission states (the form and the API both expose these).
COMMISSION_TERMS = [
    "organization",
    "term_start",
    "term_end",
    "client_groups",
    "methods",
    "team",
    "indicators",
    "deliverables",
    "signed_on",
]


class ServiceCommission(models.Model):
    """The commission between the agency and a street or community (§六(二))."""

    contract = fields.contract_fk(on_delete=models.CASCADE, related_name="commissions")
    organization = fields.organization_fk("委托方(街道或社区)", related_name="commissions")
    term_start = models.DateField("服务期限起")
    term_end = models.DateField("服务期限止")
    client_groups = models.TextField("服务人群")
    methods = models.TextField("服务方式")
    team = models.TextField("服务团队")
    indicators = models.TextField("考核指标")
    deliverables = models.TextField("成果交付")
    signed_on = models.DateField("签订日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "服务委托书"
        ordering = ["contract_id", "organization__kind", "organization__code"]
        constraints = [
            fields.unique("contract", "organization", name="commission_one_per_org"),
            fields.ends_after("term_start", "term_end", name="commission_term_order"),
        ]

    def __str__(self):
        return f"{self.organization} 服务委托书"


class ExecutionPlan(fields.Created):
    """The execution plan of one contract; its content lives in numbered versions."""

    contract = fields.one_per_contract("execution_plan")

    class Meta:
        verbose_name = verbose_name_plural = "执行方案"

    def __str__(self):
        return f"{self.contract} 执行方案"


class PlanVersion(fields.Created):
    plan = fields.parent_fk(ExecutionPlan, "执行方案", "versions")
    number = models.PositiveSmallIntegerField("版本号")
    note = models.CharField("说明", max_length=200, blank=True)
    adjustment = fields.relation(
        "plans.PlanAdjustment",
        "来源调整申请",
        related_name="resulting_version",
        null=True,
        blank=True,
        one_to_one=True,
    )
    created_by = fields.actor_fk("创建人")

    class Meta:
        verbose_name = verbose_name_plural = "方案版本"
        ordering = ["plan_id", "-number"]
        constraints = [fields.unique("plan", "number", name="planversion_unique_number")]

    def __str__(self):
        return f"第{self.number}版"


class PlanCommunity(models.Model):
    """One community's part of a plan version: chosen sub-items, numbers served, approvals."""

    version = fields.parent_fk(PlanVersion, "方案版本", "communities")
    community = fields.organization_fk("社区(村)")
    sub_items = models.ManyToManyField(
        "catalogue.SubItem", verbose_name="选定细项", related_name="+", blank=True
    )
    people_served = models.PositiveIntegerField("计划服务人数(户)", default=0)
    residents_consulted_on = models.DateField("居民代表协商日期", null=True, blank=True)
    committee_approved_on = models.DateField("居(村)委会审定日期", null=True, blank=True)
    filed_with_street_on = models.DateField("报街道(镇)备案日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "社区方案"
        ordering = ["version_id", "community__code"]
        constraints = [fields.unique("version", "community", name="plancommunity_one_per_version")]

    def __str__(self):
        return f"{self.community} {self.version}"

    @property
    def approved(self) -> bool:
        return bool(
            self.residents_consulted_on and self.committee_approved_on and self.filed_with_street_on
        )


class AdjustmentStage(models.TextChoices):
    STREET = "street", "待街道(镇)审核"
    DISTRICT = "district", "待区审核"
    BUREAU = "bureau", "待市民政局审批"
    APPROVED = "approved", "已批准"
    SENT_BACK = "sent_back", "已退回"


class PlanAdjustment(models.Model):
    """A request to change a plan: street → district → bureau, each approving or sending back.

    ``proposal`` is ``{"<community id>": {"sub_items": [ids], "people_served": n}}``.
    """

    plan = fields.parent_fk(ExecutionPlan, "执行方案", "adjustments")
    base_version = fields.relation(PlanVersion, "基于版本")
    reason = models.TextField("调整理由")
    proposal = models.JSONField("调整后内容", default=dict)
    stage = models.CharField("状态", max_length=12, choices=AdjustmentStage.choices)
    filed_by = fields.actor_fk("申请人")
    filed_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "方案调整申请"
        ordering = ["-filed_at", "-id"]

    def __str__(self):
        return f"{self.plan} 调整申请 #{self.pk}"


class StepDecision(models.TextChoices):
    FILE = "file", "提交"
    APPROVE = "approve", "同意"
    SEND_BACK = "send_back", "退回"


class AdjustmentStep(models.Model):
    """One person's decision at one stage: the adjustment's history."""

    adjustment = fields.parent_fk(PlanAdjustment, "调整申请", "steps")
    stage = models.CharField("环节", max_length=12, choices=AdjustmentStage.choices)
    decision = models.CharField("意见", max_length=12, choices=StepDecision.choices)
    reason = models.TextField("理由", blank=True)
    actor = fields.actor_fk("办理人")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "调整审批记录"
        ordering = ["adjustment_id", "at", "id"]

    def __str__(self):
        return f"{self.stage_name} {self.get_decision_display()}"

    @property
    def stage_name(self) -> str:
        """Who acted: the street, the district or the bureau."""
        return STAGE_NAMES.get(self.stage, self.get_stage_display())


STAGE_NAMES = {
    AdjustmentStage.STREET: "街道(镇)",
    AdjustmentStage.DISTRICT: "区",
    AdjustmentStage.BUREAU: "市民政局",
}
