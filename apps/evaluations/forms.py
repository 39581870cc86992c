from django import forms

from apps.core.forms import DateInput, PortalForm
from apps.procurement.models import Contract, ProjectYear

from .models import EvaluationKind, FundingKind, SampleItemResult


class StartForm(PortalForm):
    contract = forms.ModelChoiceField(label="服务合同", queryset=Contract.objects.none())
    project_year = forms.ModelChoiceField(label="项目年度", queryset=ProjectYear.objects.none())
    kind = forms.ChoiceField(label="评估类型", choices=EvaluationKind.choices)

    def __init__(self, *args, contracts=None, pilot_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contracts is not None:
            self.fields["contract"].queryset = contracts
        if pilot_round is not None:
            self.fields["project_year"].queryset = pilot_round.years.all()


class ScoreForm(PortalForm):
    points = forms.DecimalField(label="得分", max_digits=6, decimal_places=2, min_value=0)
    comment = forms.CharField(
        label="评语", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence_links = forms.CharField(
        label="证据链接(每行一个)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = forms.FileField(label="附件", required=False)


class ShortfallForm(PortalForm):
    community_id = forms.IntegerField(widget=forms.HiddenInput)
    accept = forms.TypedChoiceField(
        label="决定",
        choices=[("1", "接受比例不足"), ("0", "不接受")],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}))


class SubmitForm(PortalForm):
    summary = forms.CharField(
        label="评估意见", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(PortalForm):
    reason = forms.CharField(label="退回理由", widget=forms.Textarea(attrs={"rows": 2}))


class ApproveForm(PortalForm):
    note = forms.CharField(
        label="审定意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DrawForm(PortalForm):
    seed = forms.IntegerField(
        label="随机种子(留空由系统生成)", required=False, min_value=0, max_value=2**62
    )


class ItemCheckForm(PortalForm):
    result = forms.ChoiceField(label="核查结果", choices=SampleItemResult.choices)
    note = forms.CharField(label="说明", required=False, max_length=200)


class CoordinationForm(PortalForm):
    organization = forms.IntegerField(widget=forms.HiddenInput)
    coordinators_named = forms.DecimalField(label="明确试点协调员", min_value=0, max_value=25)
    meetings_held = forms.DecimalField(label="召开联席会议", min_value=0, max_value=25)
    space_provided = forms.DecimalField(label="提供场地设备", min_value=0, max_value=25)
    duties_kept = forms.DecimalField(label="未转嫁自身职责", min_value=0, max_value=25)
    comment = forms.CharField(label="评语", required=False)


class IndicatorForm(PortalForm):
    name = forms.CharField(label="名称", max_length=120)
    weight = forms.DecimalField(label="权重", max_digits=6, decimal_places=2, min_value=0)
    max_points = forms.DecimalField(label="满分", max_digits=6, decimal_places=2, min_value=0)


class BandForm(PortalForm):
    min_score = forms.DecimalField(label="最低分", max_digits=6, decimal_places=2)
    payment_factor = forms.DecimalField(label="付款系数", max_digits=4, decimal_places=3)


class TemplateForm(PortalForm):
    name = forms.CharField(label="名称", max_length=60)
    share = forms.DecimalField(label="比例", max_digits=4, decimal_places=3, min_value=0)
    kind = forms.ChoiceField(label="放款所需评估", choices=EvaluationKind.choices)


class PayForm(PortalForm):
    paid_on = forms.DateField(label="付款日期", widget=DateInput())


class _AssessmentKeyForm(PortalForm):
    """Which assessment: the contract, the assessing organization and the project year, each
    limited to what the person may choose."""

    contract = forms.ModelChoiceField(label="服务合同", queryset=Contract.objects.none())
    organization = forms.ModelChoiceField(label="考核单位", queryset=None)
    project_year = forms.ModelChoiceField(label="项目年度", queryset=ProjectYear.objects.none())

    def __init__(self, *args, contracts=None, organizations=None, pilot_round=None, **kwargs):
        super().__init__(*args, **kwargs)
        if contracts is not None:
            self.fields["contract"].queryset = contracts
        self.fields["organization"].queryset = organizations
        if pilot_round is not None:
            self.fields["project_year"].queryset = pilot_round.years.all()


class AssessmentForm(_AssessmentKeyForm):
    progress_score = forms.DecimalField(label="项目进度(百分制)", min_value=0, max_value=100)
    effectiveness_score = forms.DecimalField(label="项目成效(百分制)", min_value=0, max_value=100)
    survey_sample_size = forms.IntegerField(label="满意度调查样本量", min_value=1)
    survey_questions = forms.CharField(
        label="调查问题(每行一题)", widget=forms.Textarea(attrs={"rows": 3})
    )
    satisfaction_score = forms.DecimalField(label="居民满意度(百分制)", min_value=0, max_value=100)
    comment = forms.CharField(
        label="考核意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssessmentImportForm(_AssessmentKeyForm):
    upload = forms.FileField(label="Excel文件(xlsx)")


class DeclarationForm(PortalForm):
    text = forms.CharField(
        label="声明内容",
        widget=forms.Textarea(attrs={"rows": 3}),
        initial="本项目未与公益创投、为民服务专项经费、居民自治项目等其他资助项目重复(§六(三))。",
    )


class OtherFundedForm(PortalForm):
    kind = forms.ChoiceField(label="资助类型", choices=FundingKind.choices)
    name = forms.CharField(label="项目名称", max_length=200)
