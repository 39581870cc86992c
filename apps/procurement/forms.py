from django import forms

from apps.core.forms import DateInput, PortalForm
from apps.orgs.models import Organization

DATE = DateInput()


class TenderOpenForm(PortalForm):
    announced_on = forms.DateField(label="招标公告日期", widget=DATE)


class BidForm(PortalForm):
    bidder = forms.ModelChoiceField(
        label="投标机构", queryset=Organization.objects.filter(kind="agency").order_by("code")
    )
    submitted_on = forms.DateField(label="投标日期", widget=DATE)


class AwardForm(PortalForm):
    agency = forms.ModelChoiceField(label="中标机构", queryset=Organization.objects.none())
    awarded_on = forms.DateField(label="中标日期", widget=DATE)
    result = forms.CharField(label="招标结果说明", required=False)
    override_reason = forms.CharField(
        label="例外授予理由(仅当中标机构不符合附件2条件时填写)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, tender=None, **kwargs):
        super().__init__(*args, **kwargs)
        if tender is not None:
            self.fields["agency"].queryset = Organization.objects.filter(bids__tender=tender)


class AwardContractForm(PortalForm):
    number = forms.CharField(label="合同编号", max_length=60)
    communities = forms.ModelMultipleChoiceField(
        label="服务社区(村)",
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = forms.DateField(label="开始日期", widget=DATE)
    end_date = forms.DateField(label="结束日期", widget=DATE)

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        if unit is not None:
            self.fields["communities"].queryset = Organization.objects.filter(
                kind="community", parent=unit.street
            ).order_by("code")
            if not self.is_bound:
                self.initial.update(
                    {
                        "start_date": unit.pilot_round.service_start,
                        "end_date": unit.pilot_round.service_end,
                    }
                )


class TeamFormedForm(PortalForm):
    formed_on = forms.DateField(label="团队实际组建日期", widget=DATE)


class LatenessDecisionForm(PortalForm):
    deduct_points = forms.BooleanField(label="评估中扣分", required=False)
    amount_cut = forms.DecimalField(
        label="扣减合同金额(元)", required=False, max_digits=12, decimal_places=2
    )
    terminate = forms.BooleanField(label="解除合同", required=False)
    bad_record = forms.BooleanField(label="列入政府采购不良记录", required=False)
    reason = forms.CharField(label="决定理由", widget=forms.Textarea(attrs={"rows": 2}))
