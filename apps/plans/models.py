"""Service commissions (服务委托书) and execution plans with versions and adjustments (§三(三), §六(二))."""

from django.db import models

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

    contract = models.ForeignKey(
        "procurement.Contract",
        verbose_name="服务合同",
        on_delete=models.CASCADE,
        related_name="commissions",
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="委托方(街道或社区)",
        on_delete=models.PROTECT,
        related_name="commissions",
    )
    term_start = models.DateField("服务期限起")
    term_end = models.DateField("服务期限止")
    client_groups = models.TextField("服务人群")
    methods = models.TextField("服务方式")
    team = models.TextField("服务团队")
    indicators = models.TextField("考核指标")
    deliverables = models.TextField("成果交付")
    signed_on = models.DateField("签订日期", null=True, blank=True)

    class Meta:
        verbose_name = "服务委托书"
        verbose_name_plural = "服务委托书"
        ordering = ["contract_id", "organization__kind", "organization__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "organization"], name="commission_one_per_org"
            ),
            models.CheckConstraint(
                condition=models.Q(term_end__gt=models.F("term_start")),
                name="commission_term_order",
            ),
        ]

    def __str__(self):
        return f"{self.organization} 服务委托书"


class ExecutionPlan(models.Model):
    """The execution plan of one contract; its content lives in numbered versions."""

    contract = models.OneToOneField(
        "procurement.Contract",
        verbose_name="服务合同",
        on_delete=models.CASCADE,
        related_name="execution_plan",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "执行方案"
        verbose_name_plural = "执行方案"

    def __str__(self):
        return f"{self.contract} 执行方案"


class PlanVersion(models.Model):
    plan = models.ForeignKey(
        ExecutionPlan, verbose_name="执行方案", on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField("版本号")
    note = models.CharField("说明", max_length=200, blank=True)
    adjustment = models.OneToOneField(
        "plans.PlanAdjustment",
        verbose_name="来源调整申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resulting_version",
    )
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name="创建人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "方案版本"
        verbose_name_plural = "方案版本"
        ordering = ["plan_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_unique_number"),
        ]

    def __str__(self):
        return f"第{self.number}版"


class PlanCommunity(models.Model):
    """One community's part of a plan version: chosen sub-items, numbers served, approvals."""

    version = models.ForeignKey(
        PlanVersion, verbose_name="方案版本", on_delete=models.CASCADE, related_name="communities"
    )
    community = models.ForeignKey(
        "orgs.Organization", verbose_name="社区(村)", on_delete=models.PROTECT, related_name="+"
    )
    sub_items = models.ManyToManyField(
        "catalogue.SubItem", verbose_name="选定细项", related_name="+", blank=True
    )
    people_served = models.PositiveIntegerField("计划服务人数(户)", default=0)
    residents_consulted_on = models.DateField("居民代表协商日期", null=True, blank=True)
    committee_approved_on = models.DateField("居(村)委会审定日期", null=True, blank=True)
    filed_with_street_on = models.DateField("报街道(镇)备案日期", null=True, blank=True)

    class Meta:
        verbose_name = "社区方案"
        verbose_name_plural = "社区方案"
        ordering = ["version_id", "community__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "community"], name="plancommunity_one_per_version"
            ),
        ]

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

    plan = models.ForeignKey(
        ExecutionPlan, verbose_name="执行方案", on_delete=models.CASCADE, related_name="adjustments"
    )
    base_version = models.ForeignKey(
        PlanVersion, verbose_name="基于版本", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("调整理由")
    proposal = models.JSONField("调整后内容", default=dict)
    stage = models.CharField("状态", max_length=12, choices=AdjustmentStage.choices)
    filed_by = models.ForeignKey(
        "accounts.User",
        verbose_name="申请人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = "方案调整申请"
        verbose_name_plural = "方案调整申请"
        ordering = ["-filed_at", "-id"]

    def __str__(self):
        return f"{self.plan} 调整申请 #{self.pk}"


class StepDecision(models.TextChoices):
    FILE = "file", "提交"
    APPROVE = "approve", "同意"
    SEND_BACK = "send_back", "退回"


class AdjustmentStep(models.Model):
    """One person's decision at one stage: the adjustment's history."""

    adjustment = models.ForeignKey(
        PlanAdjustment, verbose_name="调整申请", on_delete=models.CASCADE, related_name="steps"
    )
    stage = models.CharField("环节", max_length=12, choices=AdjustmentStage.choices)
    decision = models.CharField("意见", max_length=12, choices=StepDecision.choices)
    reason = models.TextField("理由", blank=True)
    actor = models.ForeignKey(
        "accounts.User",
        verbose_name="办理人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "调整审批记录"
        verbose_name_plural = "调整审批记录"
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
