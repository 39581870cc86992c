from django import forms

from apps.core.forms import DateInput, PortalForm, PortalModelForm

from .models import COMMISSION_TERMS, ServiceCommission

DATE = DateInput()


class CommissionForm(PortalModelForm):
    class Meta:
        model = ServiceCommission
        fields = COMMISSION_TERMS
        widgets = {
            "term_start": DATE,
            "term_end": DATE,
            "signed_on": DATE,
            "client_groups": forms.Textarea(attrs={"rows": 2}),
            "methods": forms.Textarea(attrs={"rows": 2}),
            "team": forms.Textarea(attrs={"rows": 2}),
            "indicators": forms.Textarea(attrs={"rows": 2}),
            "deliverables": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the contract's street and communities, never another area's.
        self.fields["organization"].queryset = organizations


class ApprovalForm(PortalForm):
    step = forms.ChoiceField(
        label="环节",
        choices=[
            ("residents_consulted_on", "居民代表协商"),
            ("committee_approved_on", "居(村)委会审定"),
            ("filed_with_street_on", "报街道(镇)备案"),
        ],
    )
    on = forms.DateField(label="日期", widget=DATE)
