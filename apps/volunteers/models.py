"""Volunteers (A1-T3-1): teams per community, volunteers as persons, registration, activities.

A person is one ``Volunteer`` row however many teams they join (name + phone normalised), so
C4's “≥ 50 people” counts people, not memberships.
"""

from django.db import models

from apps.core import fields
from apps.records.models import Attachable, CommunityRecord, ConsentBy, InformedConsent


class VolunteerTeam(CommunityRecord):
    name = models.CharField("队伍名称", max_length=120)
    founded_on = models.DateField("成立日期")
    governance_role = models.TextField("在社区治理中的作用")
    is_active = models.BooleanField("在册", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "志愿者队伍"
        ordering = ["community_id", "name"]
        constraints = [fields.unique("contract", "community", "name", name="team_unique_name")]

    def __str__(self):
        return self.name


class SensitiveGroup(models.TextChoices):
    NONE = "", "无"
    MENTAL = "mental", "精神障碍患者/康复者"
    PETITIONER = "petitioner", "重点信访人员"


# A volunteer consents as a client does (the same choices), under this app's name.
VolunteerConsentBy = ConsentBy


class Volunteer(InformedConsent):
    """A person who volunteers; the same person once, whichever teams they are in."""

    name = models.CharField("姓名", max_length=60)
    phone = models.CharField("手机号", max_length=20)
    person_key = models.CharField("身份键(姓名+手机)", max_length=100, unique=True, editable=False)
    registered_on = models.DateField("注册日期", null=True, blank=True)
    registration_number = models.CharField("志愿者注册编号", max_length=60, blank=True)
    birth_date = models.DateField("出生日期", null=True, blank=True)
    sensitive_group = models.CharField(
        "敏感人群", max_length=16, choices=SensitiveGroup.choices, blank=True, default=""
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "志愿者"
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def masked_phone(self) -> str:
        digits = self.phone
        return f"{digits[:3]}****{digits[-4:]}" if len(digits) >= 7 else "****"


class TeamMembership(models.Model):
    team = fields.parent_fk(VolunteerTeam, "队伍", "memberships")
    volunteer = fields.relation(Volunteer, "志愿者", related_name="memberships")
    joined_on = models.DateField("加入日期")

    class Meta:
        verbose_name = verbose_name_plural = "队伍成员"
        ordering = ["team_id", "joined_on", "pk"]
        constraints = [fields.unique("team", "volunteer", name="membership_once_per_team")]

    def __str__(self):
        return f"{self.team} · {self.volunteer}"


class VolunteerActivity(Attachable):
    team = fields.parent_fk(VolunteerTeam, "队伍", "activities")
    project_year = fields.project_year_fk()
    held_on = models.DateField("活动日期")
    title = models.CharField("活动内容", max_length=200)
    hours = models.DecimalField("每人服务时长(小时)", max_digits=5, decimal_places=1)
    participants = models.ManyToManyField(
        Volunteer, verbose_name="参与志愿者", blank=True, related_name="activities"
    )
    created_by = fields.actor_fk()

    class Meta:
        verbose_name = verbose_name_plural = "志愿服务活动"
        ordering = ["-held_on", "-pk"]
        constraints = [fields.positive("hours", name="activity_hours_positive")]

    def __str__(self):
        return f"{self.held_on} {self.title}"
