from django import forms

from apps.agencies.widgets import BootstrapMixin
from apps.core.forms import DateInput

from .models import ServiceCommission

DATE = DateInput()


class CommissionForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ServiceCommission
        fields = [
            "organization",
            "term_start",
            "term_end",
            "client_groups",
            "methods",
            "team",
            "indicators",
            "deliverables",
            "signed_on",
        ]
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


class ApprovalForm(BootstrapMixin, forms.Form):
    step = forms.ChoiceField(
        label="环节",
        choices=[
            ("residents_consulted_on", "居民代表协商"),
            ("committee_approved_on", "居(村)委会审定"),
            ("filed_with_street_on", "报街道(镇)备案"),
        ],
    )
    on = forms.DateField(label="日期", widget=DATE)


class DecisionForm(BootstrapMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label="意见", choices=[("1", "同意"), ("0", "退回")], coerce=lambda v: v == "1"
    )
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
