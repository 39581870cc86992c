"""Target-client lists, the client registry, cases and service records.

Identity numbers are never stored in clear: a Fernet ciphertext for the few who may unmask it,
a keyed hash (HMAC-SHA256) for dedupe and lookup, and the masked form everybody else sees.
The ten distressed groups are the items of Annex 1 Table 1 (catalogue.Item A1-T1-1 … -10).
"""

from django.db import models
from django.db.models import Q

from apps.core import fields
from apps.core.models import ImportStatus, UploadedSheet  # noqa: F401  (shared with bulk imports)
from apps.records.models import ConsentBy as ConsentBy  # re-exported: cases' forms and services
from apps.records.models import InformedConsent


class ClientSource(models.TextChoices):
    LIST = "list", "街道/社区名单"
    WALK_IN = "walk_in", "主动求助"
    REFERRAL = "referral", "转介"


class Sex(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class Household(fields.Created):
    """A family served as a unit (a case may be opened for a household)."""

    name = models.CharField("家庭名称", max_length=60)
    community = fields.organization_fk("所属社区")
    address = models.CharField("住址", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "家庭"
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


class Client(InformedConsent):
    """One person, one record across lists and streets (deduped by the identity-number hash)."""

    name = models.CharField("姓名", max_length=60)
    id_cipher = models.TextField("身份证号(密文)", blank=True)
    id_hash = models.CharField("身份证号摘要", max_length=64, blank=True, db_index=True)
    id_masked = models.CharField("身份证号(脱敏)", max_length=18, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    sex = models.CharField("性别", max_length=8, choices=Sex.choices, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    address = models.CharField("住址", max_length=200, blank=True)
    community = fields.organization_fk("所属社区")
    household = fields.relation(
        Household, "家庭", on_delete=models.SET_NULL, related_name="members", null=True, blank=True
    )
    groups = models.ManyToManyField(
        "catalogue.Item", verbose_name="困境人群类别", blank=True, related_name="clients"
    )
    source = models.CharField("来源", max_length=16, choices=ClientSource.choices)
    source_org = fields.organization_fk("名单提供方", null=True, blank=True)
    merged_into = fields.relation(
        "self", "已合并至", related_name="merged_from", null=True, blank=True
    )
    created_by = fields.actor_fk("登记人", blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ClientQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "服务对象"
        ordering = ["community_id", "name", "pk"]
        indexes = [
            # The client list's order within a community: a page is read from the index.
            models.Index(fields=["community", "name", "id"], name="client_community_name"),
        ]
        constraints = [
            # One live record per identity number; merged records keep theirs for history.
            fields.unique(
                "id_hash",
                name="client_one_live_record_per_id",
                condition=Q(merged_into__isnull=True) & ~Q(id_hash=""),
            ),
        ]

    def __str__(self):
        return f"{self.name}({self.id_masked or '无身份证号'})"


class ClientMerge(models.Model):
    """A merge of a duplicate record into the kept one, with what the duplicate looked like."""

    kept = fields.relation(Client, "保留记录", related_name="merges_in")
    merged = fields.relation(Client, "被合并记录", related_name="merges_out")
    snapshot = models.JSONField("合并前信息", default=dict)
    reason = models.CharField("原因", max_length=200)
    actor = fields.actor_fk("操作人", related_name=None)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "服务对象合并"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.merged_id} → {self.kept_id}"


class IdentityAccess(models.Model):
    """Each time someone sees a client's identity number unmasked: who, when, whom, why."""

    user = fields.user_fk("查看人")
    client = fields.relation(Client, "服务对象", related_name="identity_accesses")
    reason = models.CharField("查看原因", max_length=200)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "身份证号查看记录"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} 查看 {self.client_id}"


class TargetListImport(UploadedSheet):
    """One uploaded list: the original file (encrypted at rest), who, when, outcome, problems."""

    organization = fields.organization_fk("名单提供方")
    stored_file = models.FileField("原文件(加密保存)", upload_to="cases/imports/%Y/%m/")
    new_count = models.PositiveIntegerField("新增", default=0)
    known_count = models.PositiveIntegerField("已在库", default=0)
    confirmed_by = fields.user_fk("确认人", null=True, blank=True)

    class Meta(UploadedSheet.Meta):
        verbose_name = verbose_name_plural = "名单导入"


class TargetListEntry(models.Model):
    """A person on a street's/community's list (one per import row)."""

    list_import = fields.relation(TargetListImport, "名单导入", related_name="entries")
    client = fields.relation(Client, "服务对象", related_name="listings")
    community = fields.organization_fk("社区")
    street = fields.organization_fk("街道")
    groups = models.ManyToManyField("catalogue.Item", verbose_name="困境人群类别")
    row_number = models.PositiveIntegerField("行号")
    created_at = models.DateTimeField("列入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "名单条目"
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


class Case(fields.Created):
    """Work with a client or household in one of a contract's communities."""

    contract = fields.contract_fk("合同", related_name="cases")
    community = fields.organization_fk("服务社区")
    kind = models.CharField("服务类型", max_length=24, choices=CaseKind.choices)
    client = fields.relation(Client, "服务对象", related_name="cases", null=True, blank=True)
    household = fields.relation(Household, "服务家庭", related_name="cases", null=True, blank=True)
    sub_items = models.ManyToManyField(
        "catalogue.SubItem", verbose_name="服务细项", related_name="cases"
    )
    assessment = models.TextField("需求评估")
    plan = models.TextField("服务计划")
    assigned_worker = fields.user_fk("负责社工", related_name="assigned_cases")
    status = fields.status_field(CaseStatus.OPEN)
    opened_on = models.DateField("开案日期")
    closed_on = models.DateField("结案日期", null=True, blank=True)
    closing_summary = models.TextField("结案小结", blank=True)
    opened_by = fields.actor_fk("开案人", blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "个案"
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


class ServiceRecord(fields.Created):
    case = fields.parent_fk(Case, "个案", "records")
    date = models.DateField("服务日期")
    duration_minutes = models.PositiveIntegerField("时长(分钟)")
    mode = models.CharField("服务方式", max_length=16, choices=ServiceMode.choices)
    sub_item = fields.relation("catalogue.SubItem", "服务细项")
    note = models.TextField("服务记录")
    worker = fields.user_fk("记录人")

    class Meta:
        verbose_name = verbose_name_plural = "服务记录"
        ordering = ["-date", "-pk"]
        # The engine counts a contract's records per case and period from this index alone
        # (an index-only scan), never from the table (apps/metrics/counting.py).
        indexes = [models.Index(fields=["case", "date"], name="servicerecord_case_date")]
        constraints = [fields.positive("duration_minutes", name="record_positive_duration")]

    def __str__(self):
        return f"{self.date} {self.get_mode_display()}"


class Referral(fields.Created):
    case = fields.parent_fk(Case, "个案", "referrals")
    date = models.DateField("转介日期")
    to_organization = models.CharField("转介至", max_length=120)
    reason = models.TextField("转介原因")
    created_by = fields.user_fk("记录人")

    class Meta:
        verbose_name = verbose_name_plural = "转介"
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.date} → {self.to_organization}"


class ReviewDecision(models.TextChoices):
    APPROVED = "approved", "审核通过"
    RETURNED = "returned", "退回修改"


class CaseReview(models.Model):
    """The project manager's or supervisor's review of a case."""

    case = fields.parent_fk(Case, "个案", "reviews")
    reviewer = fields.user_fk("审核人")
    role = models.CharField("审核角色", max_length=32)
    decision = models.CharField("结论", max_length=16, choices=ReviewDecision.choices)
    comment = models.TextField("意见", blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "个案审核"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.case_id} {self.get_decision_display()}"
