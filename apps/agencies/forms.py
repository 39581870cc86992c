from django import forms

from apps.core.forms import DateInput, PortalForm, PortalModelForm

from .models import (
    EVALUATION_ROLES,
    PROFILE_CHECK_FIELDS,
    SERVICE_ROLES,
    ChangeAction,
    OrganizationProfile,
    Person,
    TeamRole,
)

DATE = DateInput()


class ProfileForm(PortalModelForm):
    class Meta:
        model = OrganizationProfile
        fields = [
            "authority_level",
            "legal_form",
            "registration_number",
            "business_scope",
            *PROFILE_CHECK_FIELDS,
        ]
        widgets = {"business_scope": forms.Textarea(attrs={"rows": 2})}


class PersonForm(PortalModelForm):
    class Meta:
        model = Person
        fields = [
            "name",
            "on_board",
            "education",
            "major",
            "certificate_level",
            "suzhou_trainee_supervisor",
            "jiangsu_registered",
            "university_teacher",
            "teacher_projects_led",
            "teacher_project_months",
            "outside_mainland",
            "outside_proofs",
            "supervision_standard",
            "years_experience",
            "years_social_work_practice",
            "labour_contract_start",
            "labour_contract_end",
            "social_insurance_paid",
        ]
        widgets = {"labour_contract_start": DATE, "labour_contract_end": DATE}


class TeamMemberForm(PortalForm):
    person = forms.ModelChoiceField(label="人员", queryset=Person.objects.none())
    role = forms.ChoiceField(label="团队角色", choices=[(r.value, r.label) for r in SERVICE_ROLES])
    local_supervisor = forms.BooleanField(label="本土督导", required=False)
    joined_on = forms.DateField(label="加入日期", widget=DATE)

    def __init__(self, *args, staff=None, roles=SERVICE_ROLES, **kwargs):
        super().__init__(*args, **kwargs)
        # Scoped to the team owner's staff: never list another organisation's people.
        self.fields["person"].queryset = staff if staff is not None else Person.objects.none()
        self.fields["role"].choices = [(r.value, r.label) for r in roles]


class MemberLeaveForm(PortalForm):
    left_on = forms.DateField(label="离开日期", widget=DATE)


class ChangeRequestForm(PortalForm):
    action = forms.ChoiceField(label="变更", choices=ChangeAction.choices)
    person = forms.ModelChoiceField(label="人员", queryset=Person.objects.none())
    role = forms.ChoiceField(
        label="团队角色(加入时)",
        choices=[("", "—")] + [(r.value, r.label) for r in EVALUATION_ROLES],
        required=False,
    )
    effective_on = forms.DateField(label="生效日期", widget=DATE)
    written_request = forms.CharField(label="书面申请", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = staff if staff is not None else Person.objects.none()


__all__ = ["TeamRole"]
