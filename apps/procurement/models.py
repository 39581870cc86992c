from decimal import Decimal

from django.db import models
from django.db.models import Count, Q, Sum

from apps.core import fields


class PilotRound(models.Model):
    """One round of the pilots (the 2018 plan is the second); every round-level fact is data."""

    code = models.SlugField("编码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=120)
    document_number = models.CharField("文号", max_length=60)
    document_title = models.CharField("文件标题", max_length=200)
    issued_on = models.DateField("发文日期")
    bureau = fields.organization_fk("主管部门")
    service_start = models.DateField("服务开始")
    service_end = models.DateField("服务结束")
    tender_deadline = models.DateField("招投标完成期限")
    team_deadline = models.DateField("团队组建期限")
    late_deduction_days = models.PositiveSmallIntegerField(
        "逾期扣分天数", help_text="超过团队组建期限该天数以上,评估中视情扣分(§四)"
    )
    late_termination_days = models.PositiveSmallIntegerField(
        "逾期扣减或解约天数", help_text="超过该天数,视情扣减合同金额或解除合同(§四)"
    )
    min_communities_per_street = models.PositiveSmallIntegerField(
        "每街道最少社区数", help_text="§三(三) 原则上不少于4个社区(村)"
    )
    stated_sub_item_count = models.PositiveSmallIntegerField(
        "方案正文所述细项数", help_text="方案正文称91细项;附件1实际列出的细项以数据为准"
    )
    description = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "试点轮次"
        ordering = ["-service_start"]

    def __str__(self):
        return self.name


class ProjectYear(models.Model):
    pilot_round = fields.pilot_round_fk("years")
    number = models.PositiveSmallIntegerField("项目年度")
    start = models.DateField("开始")
    end = models.DateField("结束")

    class Meta:
        verbose_name = verbose_name_plural = "项目年度"
        ordering = ["pilot_round_id", "number"]
        constraints = [
            fields.unique("pilot_round", "number", name="year_unique_number"),
            fields.ends_after("start", "end", name="year_order"),
        ]

    def __str__(self):
        return f"第{self.number}项目年度({self.start:%Y.%m}–{self.end:%Y.%m})"


class ProcurementUnitQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("pilot_round", "street", "street__parent")


class ProcurementUnit(models.Model):
    """One street/town's package of services (采购单元), §五(一)."""

    pilot_round = fields.pilot_round_fk("units")
    code = models.SlugField("编码", max_length=64)
    street = fields.organization_fk("街道(镇)", related_name="units")
    annual_amount = fields.yuan("年度金额(元)")

    objects = ProcurementUnitQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "采购单元"
        ordering = ["pilot_round_id", "id"]  # the plan's order of §二, as loaded
        constraints = [
            fields.unique("pilot_round", "street", name="unit_one_per_street"),
            fields.unique("pilot_round", "code", name="unit_unique_code"),
        ]

    def __str__(self):
        return f"{self.street.name}采购单元"

    @property
    def district(self):
        return self.street.parent


class BudgetLineKind(models.TextChoices):
    RELATED_COSTS = "related_costs", "相关费用"
    FUNDING = "funding", "经费来源"


class BudgetLine(models.Model):
    """Round-level money other than the units: related costs and the funding lines (§五)."""

    pilot_round = fields.pilot_round_fk("budget_lines")
    code = models.SlugField("编码", max_length=64)
    kind = models.CharField("类型", max_length=24, choices=BudgetLineKind.choices)
    name = models.CharField("名称", max_length=120)
    fiscal_year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    amount = fields.yuan("金额(元)", max_digits=14)
    clause = models.CharField("条款", max_length=40)

    class Meta:
        verbose_name = verbose_name_plural = "预算项"
        ordering = ["pilot_round_id", "kind", "code"]
        constraints = [fields.unique("pilot_round", "code", name="budget_unique_code")]

    def __str__(self):
        return self.name


def round_budget_totals(pilot_round, *, years: int | None = None) -> dict:
    """Units (annual × years), related costs, their sum and the funding lines' sum.

    Two aggregates (three without ``years``, the round's number of project years)."""
    if years is None:
        years = pilot_round.years.count()
    units = pilot_round.units.aggregate(s=Sum("annual_amount"), n=Count("pk"))
    annual = units["s"] or Decimal(0)
    sums = pilot_round.budget_lines.aggregate(
        related=Sum("amount", filter=Q(kind=BudgetLineKind.RELATED_COSTS)),
        funding=Sum("amount", filter=Q(kind=BudgetLineKind.FUNDING)),
    )
    related, funding = sums["related"], sums["funding"]
    units_total = annual * years
    related = related or Decimal(0)
    return {
        "unit_count": units["n"],
        "years": years,
        "units_annual": annual,
        "units_total": units_total,
        "related_costs": related,
        "total": units_total + related,
        "funding": funding or Decimal(0),
    }


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "草拟"
    ACTIVE = "active", "履行中"
    ENDED = "ended", "已结束"


class ContractQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "unit", "unit__street", "unit__street__parent", "agency", "unit__pilot_round"
        ).prefetch_related("communities")

    def for_agency(self, agency):
        return self.filter(agency=agency)


class Contract(fields.Created):
    """An agency's service contract for one procurement unit (the full life comes later)."""

    unit = fields.relation(ProcurementUnit, "采购单元", related_name="contracts")
    agency = fields.organization_fk("承接机构", related_name="contracts")
    number = models.CharField("合同编号", max_length=60, unique=True)
    communities = models.ManyToManyField(
        "orgs.Organization", verbose_name="服务社区(村)", related_name="served_by_contracts"
    )
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    annual_amount = fields.yuan("年度金额(元)")
    status = fields.status_field(ContractStatus.ACTIVE)
    team_formed_on = models.DateField(
        "团队实际组建日期",
        null=True,
        blank=True,
        help_text="与轮次的团队组建期限比较,计算逾期天数(§四)",
    )

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "服务合同"
        ordering = ["unit__code"]
        constraints = [fields.ends_after("start_date", "end_date", name="contract_term_order")]

    def __str__(self):
        return f"{self.number} {self.agency.name}"


class TenderStatus(models.TextChoices):
    OPEN = "open", "招标中"
    AWARDED = "awarded", "已中标"
    FAILED = "failed", "流标"


class TenderQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "unit", "unit__street", "unit__street__parent", "purchaser_district", "purchaser_street"
        ).prefetch_related("bids__bidder")


class Tender(models.Model):
    """The tender of one unit: the bureau with the district and street as purchasers (§二(一))."""

    unit = fields.parent_fk(ProcurementUnit, "采购单元", "tender", one_to_one=True)
    purchaser_district = fields.organization_fk("采购人(区)")
    purchaser_street = fields.organization_fk("采购人(街道)")
    announced_on = models.DateField("招标公告日期")
    opened_on = models.DateField("开标日期", null=True, blank=True)
    status = fields.status_field(TenderStatus.OPEN, max_length=12)
    result = models.TextField("招标结果", blank=True)

    objects = TenderQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "招标"
        ordering = ["unit_id"]

    def __str__(self):
        return f"{self.unit} 招标"


class Bid(models.Model):
    tender = fields.parent_fk(Tender, "招标", "bids")
    bidder = fields.organization_fk("投标机构", related_name="bids")
    submitted_on = models.DateField("投标日期")

    class Meta:
        verbose_name = verbose_name_plural = "投标"
        ordering = ["tender_id", "submitted_on", "id"]
        constraints = [fields.unique("tender", "bidder", name="bid_one_per_bidder")]

    def __str__(self):
        return f"{self.bidder} 投标"


class Award(models.Model):
    """The result of a tender: the winning agency, and the contract signed on it."""

    tender = fields.parent_fk(Tender, "招标", "award", one_to_one=True)
    agency = fields.organization_fk("中标机构")
    awarded_on = models.DateField("中标日期")
    contract = fields.contract_fk(
        on_delete=models.SET_NULL, related_name="award", null=True, blank=True, one_to_one=True
    )
    # Annex 2 as checked when awarding; a winner failing it needs a recorded override.
    qualification_problems = models.JSONField("资质核查未通过项", default=list, blank=True)
    override_reason = models.TextField("资质例外授予理由", blank=True)
    override_by = fields.actor_fk("例外授予决定人", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "中标"

    def __str__(self):
        return f"{self.tender.unit} 中标:{self.agency}"


class LatenessLevel(models.TextChoices):
    NONE = "none", "未逾期或逾期未超过扣分天数"
    DEDUCTION = "deduction", "建议评估中扣分"
    TERMINATION = "termination", "建议扣减合同金额或解除合同,并列入不良记录"


class LatenessDecision(models.Model):
    """The bureau's decision on a late team (视情, §四), kept apart from the computed proposal."""

    contract = fields.one_per_contract("lateness_decision")
    days_late = models.PositiveSmallIntegerField("决定时逾期天数")
    proposed_level = models.CharField("系统建议", max_length=16, choices=LatenessLevel.choices)
    deduct_points = models.BooleanField("评估中扣分", default=False)
    amount_cut = fields.yuan("扣减合同金额(元)", null=True, blank=True)
    terminate = models.BooleanField("解除合同", default=False)
    bad_record = models.BooleanField("列入政府采购不良记录", default=False)
    reason = models.TextField("决定理由")
    decided_by = fields.actor_fk("决定人")
    decided_at = models.DateTimeField("决定时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "逾期处理决定"

    def __str__(self):
        return f"{self.contract} 逾期处理决定"


class EvaluatorContract(models.Model):
    """The supervision-and-evaluation agency's contract, paid from the related costs (§五(二))."""

    pilot_round = fields.pilot_round_fk("evaluator_contracts")
    evaluator = fields.organization_fk("监管评估机构", related_name="evaluator_contracts")
    number = models.CharField("合同编号", max_length=60, unique=True)
    budget_line = fields.relation(BudgetLine, "经费来源(相关费用)", null=True, blank=True)
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    amount = fields.yuan("合同金额(元)")

    class Meta:
        verbose_name = verbose_name_plural = "监管评估合同"
        ordering = ["number"]
        constraints = [fields.ends_after("start_date", "end_date", name="evalcontract_term_order")]

    def __str__(self):
        return f"{self.number} {self.evaluator.name}"
