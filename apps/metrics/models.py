from django.db import models

from apps.core import fields


class RunTrigger(models.TextChoices):
    MANUAL = "manual", "手动全量计算"
    NIGHTLY = "nightly", "夜间定时计算"
    RECORD_CHANGE = "record_change", "记录变更后重算"


class MetricRun(models.Model):
    """One computation pass: the whole round or one contract."""

    pilot_round = fields.pilot_round_fk()
    contract = fields.contract_fk(
        "合同", on_delete=models.CASCADE, related_name="metric_runs", null=True, blank=True
    )
    trigger = models.CharField("触发方式", max_length=16, choices=RunTrigger.choices)
    as_of = models.DateField("计算基准日")
    job = fields.job_fk()
    created_by = fields.actor_fk(blank=True)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    snapshot_count = models.PositiveIntegerField("快照数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "指标计算"
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.get_trigger_display()} {self.started_at:%Y-%m-%d %H:%M}"


class SnapshotQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)

    def with_related(self):
        return self.select_related(
            "rule", "contract", "contract__unit__street", "community", "project_year"
        )


class Snapshot(models.Model):
    """An indicator's value for one contract (and community, and project year) at one moment.

    Names the rule version it used, so changing a rule never rewrites a past evaluation; keeps
    the ids of the records it counted, so every number links to its records.
    """

    run = fields.parent_fk(MetricRun, verbose_name=None, related_name="snapshots")
    rule = fields.relation("catalogue.IndicatorRule", "规则(版本)", related_name=None)
    rule_code = models.CharField("指标", max_length=24, db_index=True)
    contract = fields.contract_fk("合同", on_delete=models.CASCADE)
    community = fields.organization_fk("社区(村)", on_delete=models.CASCADE, null=True, blank=True)
    project_year = fields.project_year_fk(on_delete=models.CASCADE, null=True, blank=True)
    value = models.DecimalField("数值", max_digits=14, decimal_places=4)
    values = models.JSONField("各项数值", default=dict)
    thresholds = models.JSONField("阈值(计算时)", default=dict)
    met = models.BooleanField("达标")
    record_ids = models.JSONField("计入的记录", default=dict)
    # Records looked at but not counted yet: {"app.model": {"id": ["reason", ...]}}.
    excluded = models.JSONField("未计入的记录及原因", default=dict)
    applicable = models.BooleanField("适用", default=True)
    expected_to_date = models.DecimalField(
        "按进度应达", max_digits=14, decimal_places=4, null=True, blank=True
    )
    projected = models.DecimalField(
        "按当前进度预计年末", max_digits=14, decimal_places=4, null=True, blank=True
    )
    will_miss = models.BooleanField("预计未达标", default=False)
    computed_at = models.DateTimeField("计算时间")
    is_current = models.BooleanField("当前", default=True)
    # contract:community:year:code ("-" for none): one current snapshot per key, portably.
    key = models.CharField("键", max_length=80)

    objects = SnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "指标快照"
        ordering = ["rule__order", "contract_id", "community_id", "project_year_id"]
        indexes = [models.Index(fields=["contract", "is_current"])]
        constraints = [
            fields.unique("key", name="snapshot_one_current", condition=models.Q(is_current=True)),
        ]

    def __str__(self):
        return f"{self.rule_code} {self.value}"
