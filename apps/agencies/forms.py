from django import forms

from apps.agencies.widgets import BootstrapMixin
from apps.core.forms import DateInput

from .models import (
    EVALUATION_ROLES,
    SERVICE_ROLES,
    ChangeAction,
    OrganizationProfile,
    Person,
    TeamRole,
)

DATE = DateInput()


class ProfileForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = OrganizationProfile
        fields = [
            "authority_level",
            "legal_form",
            "registration_number",
            "business_scope",
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
        widgets = {"business_scope": forms.Textarea(attrs={"rows": 2})}


class PersonForm(BootstrapMixin, forms.ModelForm):
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


class TeamMemberForm(BootstrapMixin, forms.Form):
    person = forms.ModelChoiceField(label="人员", queryset=Person.objects.none())
    role = forms.ChoiceField(label="团队角色", choices=[(r.value, r.label) for r in SERVICE_ROLES])
    local_supervisor = forms.BooleanField(label="本土督导", required=False)
    joined_on = forms.DateField(label="加入日期", widget=DATE)

    def __init__(self, *args, staff=None, roles=SERVICE_ROLES, **kwargs):
        super().__init__(*args, **kwargs)
        # Scoped to the team owner's staff: never list another organisation's people.
        self.fields["person"].queryset = staff if staff is not None else Person.objects.none()
        self.fields["role"].choices = [(r.value, r.label) for r in roles]


class MemberLeaveForm(BootstrapMixin, forms.Form):
    left_on = forms.DateField(label="离开日期", widget=DATE)


class ChangeRequestForm(BootstrapMixin, forms.Form):
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


class DecisionForm(BootstrapMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label="意见",
        choices=[("1", "同意"), ("0", "不同意/退回")],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


__all__ = ["TeamRole"]
