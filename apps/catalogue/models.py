from django.db import models

from apps.core import fields

# Annex 1 Table 1 (基础类服务): its items are the basic groups that make a family "distressed"
# (C1, the target lists, cases' Table 1 sub-items). The one place the code "T1" is written.
BASIC_GROUPS_CATEGORY = "T1"


class Category(models.Model):
    """A category of Annex 1 (基础类, 调研类, 增能类, 治理类)."""

    pilot_round = fields.pilot_round_fk("categories")
    code = models.CharField("编码", max_length=16)
    order = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("名称", max_length=40)
    table_title = models.CharField("表题", max_length=120)
    purpose = models.TextField("服务目标", blank=True)
    partner_duties_heading = models.CharField("协作方职责栏目", max_length=60)

    class Meta:
        verbose_name = verbose_name_plural = "服务类别"
        ordering = ["pilot_round_id", "order"]
        constraints = [fields.unique("pilot_round", "code", name="category_unique_code")]

    def __str__(self):
        return self.name


class Item(models.Model):
    """A service item (大项) with its general requirement, duties and remark."""

    category = fields.parent_fk(Category, "类别", "items")
    code = models.CharField("编码", max_length=24)
    number = models.PositiveSmallIntegerField("序号")
    name = models.CharField("名称", max_length=80)
    general_requirement = models.TextField("总体要求")
    duties_preamble = models.CharField("职责引语", max_length=200, blank=True)
    partner_duties = models.JSONField("街道(镇)、社区居(村)委会职责", default=list)
    remark = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "服务大项"
        ordering = ["category__order", "number"]
        constraints = [fields.unique("category", "code", name="item_unique_code")]

    def __str__(self):
        return f"{self.code} {self.name}"


class SubItem(models.Model):
    """A sub-item (细项): the agency's duty as the annex words it."""

    item = fields.parent_fk(Item, "大项", "sub_items")
    code = models.CharField("编码", max_length=32)
    number = models.PositiveSmallIntegerField("序号")
    numbered = models.BooleanField("原文编号", default=True)
    text = models.TextField("内容")

    class Meta:
        verbose_name = verbose_name_plural = "服务细项"
        ordering = ["item__category__order", "item__number", "number"]
        constraints = [fields.unique("item", "code", name="subitem_unique_code")]

    def __str__(self):
        return f"{self.code} {self.text[:30]}"


class CatalogueRuleKind(models.TextChoices):
    MANDATORY = "mandatory", "必选大项"
    MIN_SUB_ITEMS = "min_sub_items", "最少实施细项数"
    QUOTA = "quota", "数量要求"
    EXCLUSION = "exclusion", "不重复提供"


class CatalogueRule(models.Model):
    """A rule from an item's remark, as structured data (params are read by the checks)."""

    pilot_round = fields.pilot_round_fk("catalogue_rules")
    code = models.CharField("编码", max_length=40)
    kind = models.CharField("类型", max_length=24, choices=CatalogueRuleKind.choices)
    item = fields.parent_fk(Item, "大项", "rules")
    sub_item = fields.relation(
        SubItem, "细项", on_delete=models.CASCADE, related_name="rules", null=True, blank=True
    )
    params = models.JSONField("参数", default=dict, blank=True)
    clause = models.CharField("条款", max_length=60)
    source_text = models.TextField("原文")

    class Meta:
        verbose_name = verbose_name_plural = "清单规则"
        ordering = ["pilot_round_id", "code"]
        constraints = [fields.unique("pilot_round", "code", name="catrule_unique_code")]

    def __str__(self):
        return f"{self.code} {self.get_kind_display()}"

    # Names of the districts an exclusion names, by code; filled by the catalogue selector
    # (one query for the page); without it the sentence falls back to the codes.
    area_names: dict[str, str] | None = None

    @property
    def params_sentence(self) -> str:
        """The parameters as a reader's sentence (never the raw data structure)."""
        p = self.params or {}
        parts = []
        if self.kind == CatalogueRuleKind.MIN_SUB_ITEMS and "min" in p:
            parts.append(f"本大项至少实施{p['min']}个细项")
        if self.kind == CatalogueRuleKind.QUOTA:
            if p.get("per") == "community":
                parts.append(
                    f"每个试点社区(村)至少{p.get('min_teams', 0)}支队伍、"
                    f"合计不少于{p.get('min_people', 0)}人"
                )
            elif p.get("per") == "fund" and "min_amount" in p:
                parts.append(f"每个不少于{int(p['min_amount']):,}元")
        if self.kind == CatalogueRuleKind.EXCLUSION:
            names = self.area_names or {}
            areas = "、".join(names.get(d, d) for d in p.get("districts", []))
            if areas:
                parts.append(f"{areas}不重复提供")
            if p.get("open_list"):
                parts.append("其他已开展相关服务的地区由区民政部门认定")
        return ";".join(parts)


class RuleLevel(models.TextChoices):
    STREET = "street", "街道层面"
    COMMUNITY = "community", "社区层面"


class RulePeriod(models.TextChoices):
    PROJECT_YEAR = "project_year", "每个项目年度"
    YEAR_AND_CLOSING = "year_and_closing", "每年度末及结项时"
    CONTRACT_TERM = "contract_term", "合同期内"


class IndicatorRule(models.Model):
    """A completion indicator of §三(二)/(三): thresholds and period as data, with its clause.

    Rules are versioned: a change is a new version with an effective date, so a snapshot
    computed under an earlier version keeps naming the one it used.
    """

    pilot_round = fields.pilot_round_fk("indicator_rules")
    code = models.CharField("编码", max_length=24)
    version = models.PositiveSmallIntegerField("版本", default=1)
    effective_from = models.DateField("生效日期")
    order = models.PositiveSmallIntegerField("顺序", default=0)
    name = models.CharField("指标", max_length=120)
    level = models.CharField("层面", max_length=16, choices=RuleLevel.choices)
    period = models.CharField("考核周期", max_length=24, choices=RulePeriod.choices)
    thresholds = models.JSONField("阈值", default=dict)
    threshold_text = models.CharField("阈值说明", max_length=120)
    clause = models.CharField("条款", max_length=60)
    clause_text = models.TextField("条款原文")
    notes = models.TextField("说明", blank=True)
    # What makes a record countable for this rule: a list of {"code", "label", "params"}; each
    # code names a check of the engine (apps/metrics/counting.py), the label is what an agency
    # reads when a record is not counted yet. Versioned with the rule.
    counted_when = models.JSONField("计入条件", default=list, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "完成指标规则"
        ordering = ["pilot_round_id", "order", "code", "-version"]
        constraints = [
            fields.unique("pilot_round", "code", "version", name="indrule_unique_version"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"
