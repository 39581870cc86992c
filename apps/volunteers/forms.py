"""Forms only collect input; the rules live in services.py."""

from django import forms

from apps.core.forms import ContractForm, DateInput, PortalForm, consent_fields

from .models import SensitiveGroup, VolunteerConsentBy

DATE = DateInput()


class TeamForm(ContractForm):
    community = forms.ModelChoiceField(label="社区(村)", queryset=None)
    name = forms.CharField(label="队伍名称", max_length=120)
    founded_on = forms.DateField(label="成立日期", widget=DATE)
    governance_role = forms.CharField(
        label="在社区治理中的作用", widget=forms.Textarea(attrs={"rows": 3})
    )


class MemberForm(PortalForm):
    name = forms.CharField(label="姓名", max_length=60)
    phone = forms.CharField(label="手机号", max_length=20)
    joined_on = forms.DateField(label="加入日期", widget=DATE)
    registered_on = forms.DateField(label="志愿者注册日期(可选)", widget=DATE, required=False)
    registration_number = forms.CharField(label="注册编号(可选)", max_length=60, required=False)
    birth_date = forms.DateField(label="出生日期(可选)", widget=DATE, required=False)
    sensitive_group = forms.ChoiceField(
        label="敏感人群", choices=SensitiveGroup.choices, required=False
    )
    consent_by, guardian_name, consent_on = consent_fields(
        "知情同意(未成年人或敏感人群必填)", VolunteerConsentBy.choices
    )


class ActivityForm(PortalForm):
    held_on = forms.DateField(label="活动日期", widget=DATE)
    title = forms.CharField(label="活动内容", max_length=200)
    hours = forms.DecimalField(label="每人服务时长(小时)", max_digits=5, decimal_places=1)
    participants = forms.ModelMultipleChoiceField(
        label="参与志愿者", queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Volunteer

        self.fields["participants"].queryset = Volunteer.objects.filter(
            memberships__team=team
        ).order_by("name")
