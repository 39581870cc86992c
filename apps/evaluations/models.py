"""The judging floor's data: rubrics, assessments, evaluations, samples, payments.

Decisions where the plan is silent are written at the top of ``apps/evaluations/rules.py``.
"""

from django.db import models

from apps.core import fields


class SourceKind(models.TextChoices):
    SNAPSHOT = "snapshot", "指标快照"
    TEAM = "team", "团队合规"
    LATENESS = "lateness", "团队组建逾期"
    PLAN = "plan", "执行方案"
    MEETINGS = "meetings", "联席会议"
    QUARTERLY = "quarterly", "季度报告"
    ASSESSMENT = "assessment", "街道社区年度考核"
    SATISFACTION = "satisfaction", "居民满意度"
    SAMPLE = "sample", "核查抽样"
    MANUAL = "manual", "人工评分"


class Rubric(models.Model):
    """A round's scoring rubric, edited by the bureau (one per round)."""

    pilot_round = fields.pilot_round_fk("rubric", one_to_one=True)
    name = models.CharField("名称", max_length=120)
    sample_share = fields.ratio("抽样比例", help_text="每个社区抽取个案和家庭档案的比例")
    sample_minimum = models.PositiveSmallIntegerField("每社区最少抽样数")
    difference_threshold = fields.ratio("评估人员差异提示阈值(占满分比例)")
    notes = models.TextField("说明", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "评估指标体系"

    def __str__(self):
        return self.name


class RubricDimension(models.Model):
    rubric = fields.parent_fk(Rubric, "指标体系", "dimensions")
    name = models.CharField("维度", max_length=80)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "评估维度"
        ordering = ["rubric_id", "order", "id"]

    def __str__(self):
        return self.name


class RubricIndicator(models.Model):
    dimension = fields.parent_fk(RubricDimension, "维度", "indicators")
    code = models.SlugField("编码", max_length=24)
    name = models.CharField("评估指标", max_length=120)
    clause = models.CharField("依据条款", max_length=60)
    weight = models.DecimalField("权重", max_digits=6, decimal_places=2)
    max_points = models.DecimalField("满分", max_digits=6, decimal_places=2)
    source = models.CharField("数据来源", max_length=16, choices=SourceKind.choices)
    rule_code = models.CharField("指标规则编码", max_length=24, blank=True)
    guidance = models.TextField("评分说明", blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "评估指标"
        ordering = ["dimension__order", "order", "id"]
        constraints = [
            fields.positive("max_points", name="ind_max_positive"),
            fields.positive("weight", name="ind_weight_nonneg", or_zero=True),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"


class GradeBand(models.Model):
    """优秀/良好/合格/不合格 by default: the lowest total of a band and its payment factor."""

    rubric = fields.parent_fk(Rubric, "指标体系", "bands")
    label = models.CharField("等次", max_length=12)
    min_score = models.DecimalField("最低分(含)", max_digits=6, decimal_places=2)
    payment_factor = fields.ratio("付款系数")

    class Meta:
        verbose_name = verbose_name_plural = "评估等次"
        ordering = ["rubric_id", "-min_score"]
        constraints = [fields.unique("rubric", "label", name="band_unique_label")]

    def __str__(self):
        return f"{self.label}(≥{self.min_score})"


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "已提交"
    APPROVED = "approved", "已审定"
    SENT_BACK = "sent_back", "已退回"


class Assessment(models.Model):
    """A street's or community's annual assessment of the project (§六(一)): read-only once submitted."""

    contract = fields.contract_fk(on_delete=models.CASCADE)
    organization = fields.organization_fk("考核单位")
    project_year = fields.project_year_fk()
    progress_score = models.DecimalField("项目进度(百分制)", max_digits=5, decimal_places=2)
    effectiveness_score = models.DecimalField("项目成效(百分制)", max_digits=5, decimal_places=2)
    survey_sample_size = models.PositiveIntegerField("满意度调查样本量")
    survey_questions = models.TextField("调查问题(每行一题)")
    satisfaction_score = models.DecimalField("居民满意度(百分制)", max_digits=5, decimal_places=2)
    comment = models.TextField("考核意见", blank=True)
    status = fields.status_field(Status.DRAFT, max_length=12)
    created_by = fields.actor_fk()
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "街道社区年度考核"
        ordering = ["contract_id", "project_year_id", "organization__code"]
        constraints = [
            fields.unique(
                "contract", "organization", "project_year", name="assessment_one_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.organization} {self.project_year} 考核"


class EvaluationKind(models.TextChoices):
    MID_TERM = "mid", "中期评估"
    FINAL = "final", "末期评估"


class EvaluationQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "contract",
            "contract__agency",
            "contract__unit__street",
            "contract__unit__pilot_round",
            "project_year",
            "evaluator",
            "evaluator_org",
        )


class Evaluation(fields.Created):
    """One evaluator's scoring of one contract, project year and kind."""

    contract = fields.contract_fk(on_delete=models.CASCADE, related_name="evaluations")
    project_year = fields.project_year_fk()
    kind = models.CharField("评估类型", max_length=8, choices=EvaluationKind.choices)
    evaluator = fields.user_fk("评估人员")
    evaluator_org = fields.organization_fk("评估机构")
    status = fields.status_field(Status.DRAFT, max_length=12)
    total = models.DecimalField("总分", max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField("等次", max_length=12, blank=True)
    summary = models.TextField("评估意见", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "合同评估"
        ordering = ["contract__unit__code", "project_year__number", "kind", "id"]
        constraints = [
            fields.unique(
                "contract", "project_year", "kind", "evaluator", name="evaluation_one_per_evaluator"
            ),
        ]

    def __str__(self):
        return f"{self.contract.number} {self.project_year} {self.get_kind_display()}"


class EvaluationTransition(models.Model):
    """Every step of an evaluation (draft → submitted → approved / sent back), never deleted."""

    evaluation = fields.parent_fk(Evaluation, "评估", "transitions")
    from_status = models.CharField("原状态", max_length=12, choices=Status.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=Status.choices)
    reason = models.TextField("理由", blank=True)
    actor = fields.actor_fk()
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评估流转记录"
        ordering = ["evaluation_id", "at", "id"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class Score(models.Model):
    """One indicator's points in one evaluation, with the pre-filled basis and the evidence."""

    evaluation = fields.parent_fk(Evaluation, "评估", "scores")
    indicator = fields.relation(RubricIndicator, "评估指标")
    points = models.DecimalField("得分", max_digits=6, decimal_places=2)
    suggested = models.DecimalField(
        "系统建议分", max_digits=6, decimal_places=2, null=True, blank=True
    )
    basis = models.JSONField("预填依据(条款与数值)", default=list, blank=True)
    comment = models.TextField("评语", blank=True)
    evidence_links = models.TextField("证据链接(每行一个)", blank=True)
    attachment = models.FileField("附件", upload_to="evaluations/%Y/%m/", blank=True)
    shortfall_accepted = models.BooleanField("接受“原则上”不足", null=True, blank=True)
    shortfall_reason = models.TextField("接受/不接受理由", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "指标得分"
        ordering = ["evaluation_id", "indicator__dimension__order", "indicator__order"]
        constraints = [fields.unique("evaluation", "indicator", name="score_one_per_ind")]

    def __str__(self):
        return f"{self.indicator.code} {self.points}"


class VerificationSample(models.Model):
    """The records an evaluator checks on site, drawn reproducibly from a stored seed."""

    evaluation = fields.parent_fk(Evaluation, "评估", "sample", one_to_one=True)
    seed = models.BigIntegerField("随机种子")
    share = fields.ratio("抽样比例")
    minimum = models.PositiveSmallIntegerField("每社区最少")
    drawn_by = fields.actor_fk()
    drawn_at = models.DateTimeField("抽样时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "核查抽样"

    def __str__(self):
        return f"抽样(种子 {self.seed})"


class SampleItemResult(models.TextChoices):
    PENDING = "pending", "待核查"
    PASSED = "passed", "核查通过"
    FAILED = "failed", "核查不通过"


class SampleItem(models.Model):
    sample = fields.parent_fk(VerificationSample, "抽样", "items")
    record_type = models.CharField(
        "记录类型", max_length=40
    )  # "cases.case" / "community.householdarchive"
    record_id = models.PositiveIntegerField("记录编号")
    community = fields.organization_fk("社区(村)")
    result = models.CharField(
        "核查结果", max_length=8, choices=SampleItemResult.choices, default=SampleItemResult.PENDING
    )
    note = models.CharField("核查说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "抽样记录"
        ordering = ["sample_id", "community__code", "record_type", "record_id"]

    def __str__(self):
        return f"{self.record_type}#{self.record_id}"


class CoordinationScore(models.Model):
    """The evaluator's score of a street's or community's coordination and support (§六(一))."""

    evaluation = fields.parent_fk(Evaluation, "评估", "coordination")
    organization = fields.organization_fk("街道/社区")
    coordinators_named = models.DecimalField("明确试点协调员(0–25)", max_digits=5, decimal_places=2)
    meetings_held = models.DecimalField("召开联席会议(0–25)", max_digits=5, decimal_places=2)
    space_provided = models.DecimalField("提供场地设备(0–25)", max_digits=5, decimal_places=2)
    duties_kept = models.DecimalField("未转嫁自身职责(0–25)", max_digits=5, decimal_places=2)
    comment = models.TextField("评语", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "街道社区协调配合评分"
        ordering = ["evaluation_id", "organization__code"]
        constraints = [fields.unique("evaluation", "organization", name="coordination_one_per_org")]

    def __str__(self):
        return f"{self.organization} 协调配合 {self.total}"

    @property
    def total(self):
        return self.coordinators_named + self.meetings_held + self.space_provided + self.duties_kept


class EvaluationResult(models.Model):
    """The bureau's approved, consolidated result of a contract × year × kind."""

    contract = fields.contract_fk(on_delete=models.CASCADE)
    project_year = fields.project_year_fk()
    kind = models.CharField("评估类型", max_length=8, choices=EvaluationKind.choices)
    total = models.DecimalField("总分", max_digits=6, decimal_places=2)
    grade = models.CharField("等次", max_length=12)
    payment_factor = fields.ratio("付款系数")
    per_indicator = models.JSONField("各指标得分(各评估人员平均)", default=dict)
    evaluations = models.ManyToManyField(Evaluation, verbose_name="纳入的评估", related_name="+")
    approved_by = fields.actor_fk()
    approved_at = models.DateTimeField("审定时间", auto_now_add=True)
    note = models.TextField("审定意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "评估审定结果"
        ordering = ["contract_id", "project_year_id", "kind"]
        constraints = [
            fields.unique("contract", "project_year", "kind", name="result_one_per_kind"),
        ]

    def __str__(self):
        return f"{self.contract.number} {self.project_year} {self.get_kind_display()} {self.grade}"


class InstalmentStep(models.Model):
    """One step of a payment schedule: its place, name, share of the year's amount and the
    evaluation that releases it. The round's default schedule and each contract's copy of it
    carry the same terms."""

    order = models.PositiveSmallIntegerField("期次")
    name = models.CharField("名称", max_length=60)
    share = fields.ratio("占年度金额比例")
    kind = models.CharField("放款所需评估", max_length=8, choices=EvaluationKind.choices)

    class Meta:
        abstract = True


class InstalmentTemplate(InstalmentStep):
    """The round-level default schedule (the bureau edits it): share of a year's amount per step."""

    pilot_round = fields.pilot_round_fk()

    class Meta:
        verbose_name = verbose_name_plural = "默认付款计划"
        ordering = ["pilot_round_id", "order"]
        constraints = [fields.unique("pilot_round", "order", name="tmpl_unique_order")]

    def __str__(self):
        return f"{self.order} {self.name}"


class Instalment(InstalmentStep):
    """One instalment of one contract's project year, released on an approved evaluation."""

    contract = fields.contract_fk(on_delete=models.CASCADE, related_name="instalments")
    project_year = fields.project_year_fk()
    base_amount = fields.yuan("计划金额(元)")

    class Meta:
        verbose_name = verbose_name_plural = "付款期次"
        ordering = ["contract_id", "project_year__number", "order"]
        constraints = [fields.unique("contract", "project_year", "order", name="instalment_unique")]

    def __str__(self):
        return f"{self.contract.number} {self.project_year} {self.name}"


class PaidSum(models.Model):
    """When money was paid, from which year's funds, and who recorded it."""

    paid_on = models.DateField("付款日期")
    fiscal_year = models.PositiveSmallIntegerField("资金年度")
    recorded_by = fields.actor_fk()

    class Meta:
        abstract = True


class Payment(PaidSum):
    """A recorded payment of one instalment, with the explainer's steps as they were."""

    instalment = fields.relation(Instalment, "付款期次", related_name="payment", one_to_one=True)
    result = fields.relation(EvaluationResult, "依据的审定结果")
    amount = fields.yuan("实付金额(元)")
    cut_applied = fields.yuan("本期抵扣的合同扣减(元)")
    steps = models.JSONField("计算步骤", default=list)
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "付款"
        ordering = ["paid_on", "id"]
        constraints = [fields.positive("amount", name="payment_nonneg", or_zero=True)]

    def __str__(self):
        return f"{self.instalment} {self.amount}"


class EvaluatorPayment(PaidSum):
    """A payment on the evaluator's own contract, from the related costs (§五(二))."""

    evaluator_contract = fields.relation("procurement.EvaluatorContract", "监管评估合同")
    amount = fields.yuan("金额(元)")

    class Meta:
        verbose_name = verbose_name_plural = "监管评估合同付款"
        ordering = ["paid_on", "id"]

    def __str__(self):
        return f"{self.evaluator_contract} {self.amount}"


class FundingKind(models.TextChoices):
    VENTURE = "venture", "公益创投"
    SPECIAL = "special", "为民服务专项经费"
    SELF_GOVERNANCE = "self_gov", "居民自治项目"
    OTHER = "other", "其他财政资助项目"


class FundingDeclaration(models.Model):
    """The agency's §六(三) declaration that the contract overlaps no other funded project."""

    contract = fields.one_per_contract("funding_declaration")
    text = models.TextField("声明内容")
    declared_by = fields.actor_fk()
    declared_at = models.DateTimeField("声明时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "不重复资助声明"

    def __str__(self):
        return f"{self.contract} 不重复资助声明"


class OtherFundedProject(models.Model):
    """A project in the contract's area funded another way; its clients and name feed the check."""

    contract = fields.contract_fk(on_delete=models.CASCADE)
    kind = models.CharField("资助类型", max_length=12, choices=FundingKind.choices)
    name = models.CharField("项目名称", max_length=200)
    clients = models.ManyToManyField("cases.Client", verbose_name="受助对象", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "其他资助项目"
        ordering = ["contract_id", "id"]

    def __str__(self):
        return f"{self.get_kind_display()}:{self.name}"
