"""Forms: input only; the rules live in the services."""

from django import forms

from apps.catalogue.models import SubItem
from apps.core.clock import today
from apps.core.forms import DateInput, PortalForm

from .models import CaseKind, ClientSource, ConsentBy, ReviewDecision, ServiceMode


class UploadForm(PortalForm):
    organization = forms.ModelChoiceField(label="名单提供方", queryset=None, empty_label=None)
    file = forms.FileField(
        label="名单文件(.xlsx 或 .csv)",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        from apps.orgs.models import Organization

        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=[o.pk for o in organizations]
        )


class ReasonForm(PortalForm):
    reason = forms.CharField(label="查看原因", max_length=200, min_length=2)


class ConsentForm(PortalForm):
    given_by = forms.ChoiceField(label="同意方式", choices=[c for c in ConsentBy.choices if c[0]])
    guardian_name = forms.CharField(label="监护人姓名", max_length=60, required=False)
    on = forms.DateField(label="同意日期", widget=DateInput, initial=today)


class MergeForm(PortalForm):
    merged = forms.IntegerField(label="要并入本记录的重复记录编号")
    reason = forms.CharField(label="合并原因", max_length=200)


class SubItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.text[:40]}"


class SubItemField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.text[:30]}"


class CaseForm(PortalForm):
    kind = forms.ChoiceField(label="服务类型", choices=CaseKind.choices)
    community = forms.ModelChoiceField(label="服务社区", queryset=None)
    client = forms.ModelChoiceField(label="服务对象", queryset=None, required=False)
    household = forms.ModelChoiceField(label="或:服务家庭", queryset=None, required=False)
    sub_items = SubItemChoiceField(
        label="服务细项(附件1表1)",
        queryset=SubItem.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    assessment = forms.CharField(label="需求评估", widget=forms.Textarea(attrs={"rows": 3}))
    plan = forms.CharField(label="服务计划", widget=forms.Textarea(attrs={"rows": 3}))
    assigned_worker = forms.ModelChoiceField(label="负责社工", queryset=None)
    opened_on = forms.DateField(label="开案日期", widget=DateInput, initial=today)

    def __init__(self, *args, communities, clients, households, sub_items, workers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["client"].queryset = clients
        self.fields["household"].queryset = households
        self.fields["sub_items"].queryset = sub_items
        self.fields["assigned_worker"].queryset = workers


class RecordForm(PortalForm):
    date = forms.DateField(label="服务日期", widget=DateInput, initial=today)
    duration_minutes = forms.IntegerField(label="时长(分钟)", min_value=0)
    mode = forms.ChoiceField(label="服务方式", choices=ServiceMode.choices)
    sub_item = SubItemField(label="服务细项", queryset=SubItem.objects.none())
    note = forms.CharField(label="服务记录", widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, sub_items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sub_item"].queryset = sub_items


class ReferralForm(PortalForm):
    date = forms.DateField(label="转介日期", widget=DateInput, initial=today)
    to_organization = forms.CharField(label="转介至", max_length=120)
    reason = forms.CharField(label="转介原因", widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(PortalForm):
    closed_on = forms.DateField(label="结案日期", widget=DateInput, initial=today)
    summary = forms.CharField(label="结案小结", widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(PortalForm):
    decision = forms.ChoiceField(label="审核结论", choices=ReviewDecision.choices)
    comment = forms.CharField(
        label="意见", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ClientForm(PortalForm):
    name = forms.CharField(label="姓名", max_length=60)
    id_number = forms.CharField(label="身份证号", max_length=20, required=False)
    community = forms.ModelChoiceField(label="所属社区", queryset=None)
    source = forms.ChoiceField(
        label="来源", choices=[c for c in ClientSource.choices if c[0] != ClientSource.LIST]
    )
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    groups = forms.ModelMultipleChoiceField(label="困境人群类别", queryset=None, required=False)

    def __init__(self, *args, communities, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["groups"].queryset = groups
