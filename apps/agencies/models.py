"""Agency and evaluator qualifications, their staff, and the team of each contract (Annexes 2, 3)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from apps.core import fields


class RuleSubject(models.TextChoices):
    PERSON = "person", "人员定义"
    AGENCY = "agency", "承接机构投标资质"
    TEAM = "team", "项目服务团队"
    EVALUATOR = "evaluator", "监管评估机构投标资质"
    EVALUATOR_TEAM = "evaluator_team", "评估执行团队"
    COORDINATORS = "coordinators", "试点协调员"


class QualificationRule(models.Model):
    """One condition of Annex 2/3 (or §四/§六), its numbers as data, with its clause."""

    pilot_round = fields.pilot_round_fk("qualification_rules")
    code = models.CharField("编码", max_length=32)
    subject = models.CharField("适用对象", max_length=24, choices=RuleSubject.choices)
    name = models.CharField("条件", max_length=80)
    clause = models.CharField("条款", max_length=60)
    params = models.JSONField("参数", default=dict, blank=True)
    source_text = models.TextField("原文")

    class Meta:
        verbose_name = verbose_name_plural = "资质条件"
        ordering = ["pilot_round_id", "subject", "code"]
        constraints = [fields.unique("pilot_round", "code", name="qualrule_unique_code")]

    def __str__(self):
        return f"{self.code} {self.name}"


class AuthorityLevel(models.TextChoices):
    COUNTY = "county", "县级"
    CITY = "city", "市级"
    PROVINCE = "province", "省级"
    NATIONAL = "national", "全国"
    NONE = "none", "未在民政部门登记"


class LegalForm(models.TextChoices):
    PRIVATE_NON_ENTERPRISE = "private_non_enterprise", "民办非企业单位"
    SOCIAL_GROUP = "social_group", "社会团体"
    OTHER = "other", "其他"


# The profile facts the Annex 2/3 checks read (the form and the API both expose them).
PROFILE_CHECK_FIELDS = [
    "scope_covers_social_work",
    "scope_covers_evaluation",
    "legal_capacity",
    "sound_accounting",
    "good_reputation",
    "bad_credit_record",
    "tax_social_insurance_ok",
    "major_violation_recent",
    "me_practice_years",
]


class OrganizationProfile(models.Model):
    """Registration and record of an agency or evaluator; a blank answer means no evidence yet."""

    organization = fields.organization_fk(
        "机构", on_delete=models.CASCADE, related_name="qualification_profile", one_to_one=True
    )
    authority_level = models.CharField(
        "登记机关级别", max_length=16, choices=AuthorityLevel.choices, blank=True
    )
    legal_form = models.CharField("登记类型", max_length=32, choices=LegalForm.choices, blank=True)
    registration_number = models.CharField("统一社会信用代码", max_length=40, blank=True)
    business_scope = models.TextField("业务范围", blank=True)
    scope_covers_social_work = models.BooleanField(
        "业务范围有明确的社会工作服务领域", null=True, blank=True
    )
    scope_covers_evaluation = models.BooleanField(
        "宗旨、业务范围涵盖监管评估", null=True, blank=True
    )
    legal_capacity = models.BooleanField("具备独立承担法律责任的能力", null=True, blank=True)
    sound_accounting = models.BooleanField("健全的财务会计制度", null=True, blank=True)
    good_reputation = models.BooleanField("良好的商业信誉", null=True, blank=True)
    bad_credit_record = models.BooleanField("有不良诚信记录", null=True, blank=True)
    tax_social_insurance_ok = models.BooleanField(
        "依法缴纳税收和社保的良好记录", null=True, blank=True
    )
    major_violation_recent = models.BooleanField("近3年有重大违法记录", null=True, blank=True)
    me_practice_years = models.DecimalField(
        "监管评估实务年限", max_digits=4, decimal_places=1, null=True, blank=True
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "机构资质档案"

    def __str__(self):
        return f"{self.organization} 资质档案"


class Education(models.TextChoices):
    NONE = "none", "高中及以下"
    JUNIOR_COLLEGE = "junior_college", "大专"
    BACHELOR = "bachelor", "本科"
    MASTER = "master", "硕士"
    DOCTOR = "doctor", "博士"


class Major(models.TextChoices):
    SOCIAL_WORK = "social_work", "社会工作"
    SOCIOLOGY = "sociology", "社会学"
    OTHER = "other", "其他"


class CertificateLevel(models.TextChoices):
    NONE = "none", "无"
    ASSISTANT = "assistant", "助理社会工作师"
    SOCIAL_WORKER = "social_worker", "社会工作师"
    SENIOR = "senior", "高级社会工作师"


class PersonQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("organization")


class Person(fields.Created):
    """A member of an agency's or evaluator's staff (or board), with the facts Annex 2 asks for."""

    organization = fields.organization_fk("所属机构", related_name="staff")
    name = models.CharField("姓名", max_length=60)
    user = fields.actor_fk("门户账户", related_name="staff_records", blank=True)
    on_board = models.BooleanField("理事会成员", default=False)
    education = models.CharField(
        "学历", max_length=16, choices=Education.choices, default=Education.NONE
    )
    major = models.CharField("专业", max_length=16, choices=Major.choices, default=Major.OTHER)
    certificate_level = models.CharField(
        "社会工作者职业水平证书",
        max_length=16,
        choices=CertificateLevel.choices,
        default=CertificateLevel.NONE,
    )
    suzhou_trainee_supervisor = models.BooleanField("苏州市社会工作见习督导资格", default=False)
    jiangsu_registered = models.BooleanField("已在江苏省社会工作信息系统登记", default=False)
    university_teacher = models.BooleanField("高校社会工作专业教师", default=False)
    teacher_projects_led = models.PositiveSmallIntegerField("主持社工服务项目数", default=0)
    teacher_project_months = models.PositiveSmallIntegerField("主持项目合计月数", default=0)
    outside_mainland = models.BooleanField("境外社工", default=False)
    outside_proofs = models.BooleanField("境外注册及从业证明已提供", default=False)
    supervision_standard = models.BooleanField("能按督导服务规范提供督导", default=False)
    years_experience = models.DecimalField(
        "相关工作(社区服务)经验年限", max_digits=4, decimal_places=1, default=0
    )
    years_social_work_practice = models.DecimalField(
        "社会工作实务年限", max_digits=4, decimal_places=1, default=0
    )
    labour_contract_start = models.DateField("劳动合同开始", null=True, blank=True)
    labour_contract_end = models.DateField(
        "劳动合同结束", null=True, blank=True, help_text="留空表示无固定期限"
    )
    social_insurance_paid = models.BooleanField("按规定缴纳社保", default=False)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "机构人员"
        ordering = ["organization_id", "name", "id"]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.labour_contract_start
            and self.labour_contract_end
            and self.labour_contract_end <= self.labour_contract_start
        ):
            raise ValidationError({"labour_contract_end": "劳动合同结束日期必须晚于开始日期。"})


class TeamKind(models.TextChoices):
    SERVICE = "service", "项目服务团队"
    EVALUATION = "evaluation", "评估执行团队"


class TeamQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related(
            "contract",
            "contract__agency",
            "contract__unit",
            "contract__unit__street",
            "contract__unit__street__parent",
            "contract__unit__pilot_round",
            "evaluator_contract",
            "evaluator_contract__evaluator",
            "evaluator_contract__pilot_round",
        )


class Team(fields.Created):
    """The team of one service contract (Annex 2) or of the evaluator's contract (Annex 3)."""

    kind = models.CharField("类型", max_length=16, choices=TeamKind.choices)
    contract = fields.one_per_contract("team", null=True, blank=True)
    evaluator_contract = fields.relation(
        "procurement.EvaluatorContract",
        "评估合同",
        on_delete=models.CASCADE,
        related_name="team",
        null=True,
        blank=True,
        one_to_one=True,
    )

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "团队"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="service", contract__isnull=False, evaluator_contract__isnull=True)
                    | Q(kind="evaluation", contract__isnull=True, evaluator_contract__isnull=False)
                ),
                name="team_one_contract",
            ),
        ]

    def __str__(self):
        target = self.contract if self.kind == TeamKind.SERVICE else self.evaluator_contract
        return f"{target} {self.get_kind_display()}"

    @property
    def owner(self):
        """The organization whose staff make up the team."""
        if self.kind == TeamKind.SERVICE:
            return self.contract.agency
        return self.evaluator_contract.evaluator

    @property
    def pilot_round(self):
        if self.kind == TeamKind.SERVICE:
            return self.contract.unit.pilot_round
        return self.evaluator_contract.pilot_round


class TeamRole(models.TextChoices):
    MANAGER = "manager", "项目主管"
    SUPERVISOR = "supervisor", "专业督导"
    SOCIAL_WORKER = "social_worker", "社工"
    OTHER = "other", "其他成员"
    LEAD = "lead", "项目负责人"
    MEMBER = "member", "执行成员"
    EXPERT = "expert", "专家组成员"


SERVICE_ROLES = (TeamRole.MANAGER, TeamRole.SUPERVISOR, TeamRole.SOCIAL_WORKER, TeamRole.OTHER)
EVALUATION_ROLES = (TeamRole.LEAD, TeamRole.MEMBER, TeamRole.EXPERT)


class TeamMembershipQuerySet(models.QuerySet):
    def current(self):
        return self.filter(left_on__isnull=True)


class TeamMembership(models.Model):
    """A person on a team from ``joined_on`` until ``left_on``: changes are history, never edits."""

    team = fields.parent_fk(Team, "团队", "memberships")
    person = fields.relation(Person, "人员", related_name="team_memberships")
    role = models.CharField("团队角色", max_length=16, choices=TeamRole.choices)
    local_supervisor = models.BooleanField("本土督导", default=False)
    joined_on = models.DateField("加入日期")
    left_on = models.DateField("离开日期", null=True, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = TeamMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "团队成员"
        ordering = ["team_id", "role", "joined_on", "id"]
        constraints = [
            fields.unique(
                "team", "person", name="teammember_one_current", condition=Q(left_on__isnull=True)
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="teammember_dates_order",
            ),
        ]

    def __str__(self):
        return f"{self.person} · {self.get_role_display()}"


class ChangeAction(models.TextChoices):
    ADD = "add", "加入"
    REMOVE = "remove", "退出"


class ChangeStatus(models.TextChoices):
    PENDING = "pending", "待市民政局审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class TeamChangeRequest(models.Model):
    """An evaluator's written request to change its team (Annex 3): the bureau decides."""

    team = fields.parent_fk(Team, "团队", "change_requests")
    action = models.CharField("变更", max_length=8, choices=ChangeAction.choices)
    person = fields.relation(Person, "人员", related_name=None)
    role = models.CharField("团队角色", max_length=16, choices=TeamRole.choices, blank=True)
    effective_on = models.DateField("生效日期")
    written_request = models.TextField("书面申请")
    status = fields.status_field(ChangeStatus.PENDING, max_length=12)
    requested_by = fields.actor_fk("申请人")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = fields.actor_fk("审批人", blank=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_reason = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "团队变更申请"
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.get_action_display()} {self.person}"
