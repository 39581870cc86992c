"""Target-client lists, the client registry, cases and service records.

Identity numbers are never stored in clear: a Fernet ciphertext for the few who may unmask it,
a keyed hash (HMAC-SHA256) for dedupe and lookup, and the masked form everybody else sees.
The ten distressed groups are the items of Annex 1 Table 1 (catalogue.Item A1-T1-1 … -10).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class ClientSource(models.TextChoices):
    LIST = "list", "街道/社区名单"
    WALK_IN = "walk_in", "主动求助"
    REFERRAL = "referral", "转介"


class ConsentBy(models.TextChoices):
    NONE = "", "未记录"
    SELF = "self", "本人同意"
    GUARDIAN = "guardian", "监护人同意"


class Sex(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Household(models.Model):
    """A family served as a unit (a case may be opened for a household)."""

    name = models.CharField("家庭名称", max_length=60)
    community = models.ForeignKey(
        "orgs.Organization", verbose_name="所属社区", on_delete=models.PROTECT, related_name="+"
    )
    address = models.CharField("住址", max_length=200, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "家庭"
        verbose_name_plural = "家庭"
        ordering = ["community_id", "name"]

    def __str__(self):
        return self.name


class ClientQuerySet(models.QuerySet):
    def current(self):
        """Records not merged into another (a merged record is kept for history)."""
        return self.filter(merged_into__isnull=True)

    def with_related(self):
        return self.select_related(
            "community", "community__parent", "household", "source_org"
        ).prefetch_related("groups")


class Client(models.Model):
    """One person, one record across lists and streets (deduped by the identity-number hash)."""

    name = models.CharField("姓名", max_length=60)
    id_cipher = models.TextField("身份证号(密文)", blank=True)
    id_hash = models.CharField("身份证号摘要", max_length=64, blank=True, db_index=True)
    id_masked = models.CharField("身份证号(脱敏)", max_length=18, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    sex = models.CharField("性别", max_length=8, choices=Sex.choices, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    address = models.CharField("住址", max_length=200, blank=True)
    community = models.ForeignKey(
        "orgs.Organization", verbose_name="所属社区", on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        Household,
        verbose_name="家庭",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    groups = models.ManyToManyField(
        "catalogue.Item", verbose_name="困境人群类别", blank=True, related_name="clients"
    )
    source = models.CharField("来源", max_length=16, choices=ClientSource.choices)
    source_org = models.ForeignKey(
        "orgs.Organization",
        verbose_name="名单提供方",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consent_by = models.CharField(
        "知情同意", max_length=16, choices=ConsentBy.choices, blank=True, default=""
    )
    consent_on = models.DateField("同意日期", null=True, blank=True)
    guardian_name = models.CharField("监护人姓名", max_length=60, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="已合并至",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登记人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = "服务对象"
        verbose_name_plural = "服务对象"
        ordering = ["community_id", "name", "pk"]
        indexes = [
            # The client list's order within a community: a page is read from the index.
            models.Index(fields=["community", "name", "id"], name="client_community_name"),
        ]
        constraints = [
            # One live record per identity number; merged records keep theirs for history.
            models.UniqueConstraint(
                fields=["id_hash"],
                condition=Q(merged_into__isnull=True) & ~Q(id_hash=""),
                name="client_one_live_record_per_id",
            ),
        ]

    def __str__(self):
        return f"{self.name}({self.id_masked or '无身份证号'})"


class ClientMerge(models.Model):
    """A merge of a duplicate record into the kept one, with what the duplicate looked like."""

    kept = models.ForeignKey(
        Client, verbose_name="保留记录", on_delete=models.PROTECT, related_name="merges_in"
    )
    merged = models.ForeignKey(
        Client, verbose_name="被合并记录", on_delete=models.PROTECT, related_name="merges_out"
    )
    snapshot = models.JSONField("合并前信息", default=dict)
    reason = models.CharField("原因", max_length=200)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "服务对象合并"
        verbose_name_plural = "服务对象合并"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.merged_id} → {self.kept_id}"


class IdentityAccess(models.Model):
    """Each time someone sees a client's identity number unmasked: who, when, whom, why."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="查看人", on_delete=models.PROTECT, related_name="+"
    )
    client = models.ForeignKey(
        Client, verbose_name="服务对象", on_delete=models.PROTECT, related_name="identity_accesses"
    )
    reason = models.CharField("查看原因", max_length=200)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "身份证号查看记录"
        verbose_name_plural = "身份证号查看记录"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} 查看 {self.client_id}"


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", "校验中"
    VALIDATED = "validated", "待确认"
    REJECTED = "rejected", "有错误,未导入"
    IMPORTING = "importing", "导入中"
    IMPORTED = "imported", "已导入"
    FAILED = "failed", "导入失败"


class TargetListImport(models.Model):
    """One uploaded list: the original file (encrypted at rest), who, when, outcome, problems."""

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name="名单提供方",
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    original_name = models.CharField("原文件名", max_length=200)
    stored_file = models.FileField("原文件(加密保存)", upload_to="cases/imports/%Y/%m/")
    size = models.PositiveIntegerField("文件大小(字节)")
    status = models.CharField(
        "状态", max_length=16, choices=ImportStatus.choices, default=ImportStatus.VALIDATING
    )
    row_count = models.PositiveIntegerField("数据行数", default=0)
    new_count = models.PositiveIntegerField("新增", default=0)
    known_count = models.PositiveIntegerField("已在库", default=0)
    rejected_count = models.PositiveIntegerField("有错误", default=0)
    problems = models.JSONField("问题", default=list, blank=True)
    job = models.ForeignKey(
        "core.Job", verbose_name="后台任务", null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    outcome = models.CharField("结果说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "名单导入"
        verbose_name_plural = "名单导入"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.original_name}({self.get_status_display()})"

    @property
    def errors(self):
        return [p for p in self.problems if p.get("level") == "error"]

    @property
    def notices(self):
        return [p for p in self.problems if p.get("level") != "error"]


class TargetListEntry(models.Model):
    """A person on a street's/community's list (one per import row)."""

    list_import = models.ForeignKey(
        TargetListImport, verbose_name="名单导入", on_delete=models.PROTECT, related_name="entries"
    )
    client = models.ForeignKey(
        Client, verbose_name="服务对象", on_delete=models.PROTECT, related_name="listings"
    )
    community = models.ForeignKey(
        "orgs.Organization", verbose_name="社区", on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        "orgs.Organization", verbose_name="街道", on_delete=models.PROTECT, related_name="+"
    )
    groups = models.ManyToManyField("catalogue.Item", verbose_name="困境人群类别")
    row_number = models.PositiveIntegerField("行号")
    created_at = models.DateTimeField("列入时间", auto_now_add=True)

    class Meta:
        verbose_name = "名单条目"
        verbose_name_plural = "名单条目"
        ordering = ["list_import_id", "row_number"]

    def __str__(self):
        return f"{self.list_import_id}#{self.row_number}"


class CaseKind(models.TextChoices):
    INDIVIDUAL = "individual", "个案"
    CASE_MANAGEMENT = "case_management", "个案管理"
    GROUP_WORK = "group_work", "小组工作"
    COMMUNITY_ACTIVITY = "community_activity", "社区活动"


class CaseStatus(models.TextChoices):
    OPEN = "open", "服务中"
    CLOSED = "closed", "已结案"


class CaseQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "contract",
            "contract__unit__street",
            "community",
            "client",
            "household",
            "assigned_worker",
        )

    def open(self):
        return self.filter(status=CaseStatus.OPEN)

    def for_contract(self, contract):
        return self.filter(contract=contract)


class Case(models.Model):
    """Work with a client or household in one of a contract's communities."""

    contract = models.ForeignKey(
        "procurement.Contract", verbose_name="合同", on_delete=models.PROTECT, related_name="cases"
    )
    community = models.ForeignKey(
        "orgs.Organization", verbose_name="服务社区", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("服务类型", max_length=24, choices=CaseKind.choices)
    client = models.ForeignKey(
        Client,
        verbose_name="服务对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    household = models.ForeignKey(
        Household,
        verbose_name="服务家庭",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    sub_items = models.ManyToManyField(
        "catalogue.SubItem", verbose_name="服务细项", related_name="cases"
    )
    assessment = models.TextField("需求评估")
    plan = models.TextField("服务计划")
    assigned_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="负责社工",
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    status = models.CharField(
        "状态", max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    opened_on = models.DateField("开案日期")
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_summary = models.TextField("结案小结", blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="开案人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = "个案"
        verbose_name_plural = "个案"
        ordering = ["-opened_on", "-pk"]
        indexes = [
            # The case lists' order: a page of the newest cases is read from the index.
            models.Index(fields=["-opened_on", "-id"], name="case_newest_first"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(client__isnull=False) | Q(household__isnull=False),
                name="case_has_client_or_household",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | Q(closed_on__isnull=False),
                name="case_closed_has_date",
            ),
        ]

    def __str__(self):
        who = self.client.name if self.client_id else self.household.name
        return f"{self.get_kind_display()} · {who}"


class ServiceMode(models.TextChoices):
    HOME_VISIT = "home_visit", "入户探访"
    PHONE = "phone", "电话"
    OFFICE = "office", "办公室"
    OTHER = "other", "其他"


class ServiceRecord(models.Model):
    case = models.ForeignKey(
        Case, verbose_name="个案", on_delete=models.CASCADE, related_name="records"
    )
    date = models.DateField("服务日期")
    duration_minutes = models.PositiveIntegerField("时长(分钟)")
    mode = models.CharField("服务方式", max_length=16, choices=ServiceMode.choices)
    sub_item = models.ForeignKey(
        "catalogue.SubItem", verbose_name="服务细项", on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField("服务记录")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "服务记录"
        verbose_name_plural = "服务记录"
        ordering = ["-date", "-pk"]
        indexes = [
            # A case's latest record (visits due) and its records in a period, from the index.
            models.Index(fields=["case", "date"], name="record_case_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="record_positive_duration"
            ),
        ]

    def __str__(self):
        return f"{self.date} {self.get_mode_display()}"


class Referral(models.Model):
    case = models.ForeignKey(
        Case, verbose_name="个案", on_delete=models.CASCADE, related_name="referrals"
    )
    date = models.DateField("转介日期")
    to_organization = models.CharField("转介至", max_length=120)
    reason = models.TextField("转介原因")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "转介"
        verbose_name_plural = "转介"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date} → {self.to_organization}"


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", "审核通过"
    RETURNED = "returned", "退回修改"


class CaseReview(models.Model):
    """The project manager's or supervisor's review of a case."""

    case = models.ForeignKey(
        Case, verbose_name="个案", on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="审核人", on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField("审核角色", max_length=32)
    decision = models.CharField("结论", max_length=16, choices=ReviewDecision.choices)
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "个案审核"
        verbose_name_plural = "个案审核"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.case_id} {self.get_decision_display()}"
