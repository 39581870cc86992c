"""Stored PDF reports: what was asked, by whom, from which snapshots, and every download.

A report row is one rendering. Asking again for the same subject adds a new version and
keeps the earlier ones (a document that was filed, signed or forwarded must stay findable).
"""

from django.db import models

from apps.core import fields


class ReportKind(models.TextChoices):
    CONTRACT_EVALUATION = "contract_evaluation", "合同评估报告"
    QUARTERLY = "quarterly", "季度进展报告"
    CITY_OVERVIEW = "city_overview", "全市试点情况总览"
    COMMISSION = "commission", "服务委托书"


class ReportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "生成中"
    READY = "ready", "已生成"
    FAILED = "failed", "生成失败"


def report_path(instance, filename):
    # Never a name derived from the content: the path carries no personal data.
    return f"reports/{instance.kind}/{instance.pk}-v{instance.version}.pdf"


class ReportQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("requested_by", "contract", "contract__unit__street", "job")

    def ready(self):
        return self.filter(status=ReportStatus.READY)


class Report(models.Model):
    """One rendering of one report; its file is downloaded only through the gate."""

    kind = models.CharField("报告类型", max_length=32, choices=ReportKind.choices)
    title = models.CharField("标题", max_length=200)
    document_number = models.CharField("文档编号", max_length=60, blank=True)
    params = models.JSONField("参数", default=dict)
    # The kind's subject (a quarterly report, a commission, a project year…): what the gate checks.
    subject_id = models.PositiveBigIntegerField("对象编号", null=True, blank=True)
    subject_key = models.CharField("版本组", max_length=120, db_index=True)
    version = models.PositiveSmallIntegerField("版本", default=1)
    contract = fields.contract_fk(null=True, blank=True)
    # A copy made for someone who reads with names masked (evaluators) never names a person.
    masked = models.BooleanField("脱敏副本", default=False)
    status = fields.status_field(ReportStatus.PENDING)
    file = models.FileField("文件", upload_to=report_path, blank=True)
    size = models.PositiveIntegerField("大小(字节)", default=0)
    pages = models.PositiveSmallIntegerField("页数", default=0)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    snapshot_at = models.DateTimeField("所用指标快照时间", null=True, blank=True)
    render_seconds = models.FloatField("生成耗时(秒)", null=True, blank=True)
    error = models.TextField("错误", blank=True)
    requested_by = fields.actor_fk("申请人")
    job = fields.job_fk()
    created_at = models.DateTimeField("申请时间", auto_now_add=True)
    rendered_at = models.DateTimeField("生成时间", null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "PDF 报告"
        ordering = ["-created_at", "-pk"]
        constraints = [fields.unique("subject_key", "version", name="report_one_row_per_version")]

    def __str__(self):
        return f"{self.title}(第{self.version}版)"


class ReportDownload(models.Model):
    """Each download of a report file: these documents may carry personal data."""

    report = fields.parent_fk(Report, "报告", "downloads")
    user = fields.actor_fk("下载人")
    downloaded_at = models.DateTimeField("下载时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "报告下载记录"
        ordering = ["-downloaded_at", "-pk"]

    def __str__(self):
        return f"{self.report} · {self.user} · {self.downloaded_at:%Y-%m-%d %H:%M}"
