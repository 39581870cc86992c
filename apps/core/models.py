from django.db import models

from .fields import Created, actor_fk, job_fk, status_field, user_fk


class AuditEvent(models.Model):
    """Who did what to which record; written by services in the same transaction."""

    actor = actor_fk("操作人", blank=True)
    action = models.CharField("操作", max_length=64)
    object_type = models.CharField("对象类型", max_length=64)
    object_id = models.CharField("对象编号", max_length=64)
    data = models.JSONField("详情", default=dict, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "操作记录"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class JobStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    RUNNING = "running", "进行中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"


class Job(Created):
    """Long work run in Celery (imports, metric runs, reports) with progress a page can show."""

    kind = models.CharField("类型", max_length=40)
    title = models.CharField("名称", max_length=200)
    status = status_field(JobStatus.PENDING)
    done = models.PositiveIntegerField("已处理", default=0)
    total = models.PositiveIntegerField("总数", default=0)
    message = models.CharField("进度说明", max_length=300, blank=True)
    result = models.JSONField("结果", default=dict, blank=True)
    error = models.TextField("错误", blank=True)
    created_by = actor_fk("发起人", related_name="jobs")
    result_url = models.CharField("结果页面", max_length=300, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "后台任务"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.title}({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)


class ImportStatus(models.TextChoices):
    """Where an uploaded spreadsheet stands (the target-client list's and every bulk import's)."""

    VALIDATING = "validating", "校验中"
    VALIDATED = "validated", "待确认"
    REJECTED = "rejected", "有错误,未导入"
    IMPORTING = "importing", "导入中"
    IMPORTED = "imported", "已导入"
    FAILED = "failed", "导入失败"


class UploadedSheet(models.Model):
    """What every uploaded spreadsheet keeps: the file (encrypted at rest), who, when, its
    status, counts, problems by row and column, the background job and the outcome."""

    uploaded_by = user_fk("上传人")
    original_name = models.CharField("原文件名", max_length=200)
    stored_file = models.FileField("原文件(加密保存)", upload_to="bulk/%Y/%m/")
    size = models.PositiveIntegerField("文件大小(字节)")
    status = status_field(ImportStatus.VALIDATING)
    row_count = models.PositiveIntegerField("数据行数", default=0)
    rejected_count = models.PositiveIntegerField("有错误", default=0)
    problems = models.JSONField("问题", default=list, blank=True)
    job = job_fk()
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    outcome = models.CharField("结果说明", max_length=300, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name}({self.get_status_display()})"

    @property
    def errors(self):
        return [p for p in self.problems if p.get("level") == "error"]

    @property
    def notices(self):
        return [p for p in self.problems if p.get("level") != "error"]


class BulkImport(UploadedSheet):
    """One uploaded spreadsheet of a bulk-entry kind (archives, service records, volunteers…).

    The kind is the slug an owning app registered (``apps.core.bulk.kinds``); the target is the
    object the rows go into (a contract), kept by id and label because the ground floor cannot
    point a foreign key up at the plan floor. The original file and the checked rows are stored
    encrypted (they hold names, phones, addresses).
    """

    kind = models.CharField("类型", max_length=40)
    target_id = models.PositiveIntegerField("导入对象编号")
    target_label = models.CharField("导入对象", max_length=200)
    sha256 = models.CharField("文件摘要", max_length=64, db_index=True)
    ready_count = models.PositiveIntegerField("可导入", default=0)
    created_count = models.PositiveIntegerField("已写入", default=0)

    class Meta(UploadedSheet.Meta):
        verbose_name = verbose_name_plural = "批量导入"
