"""Forms only collect input; the rules live in services.py."""

from django import forms

from apps.catalogue.models import SubItem
from apps.catalogue.selectors import distressed_groups
from apps.core.forms import ContractForm, DateInput, PortalForm, consent_fields

from . import rules
from .models import ArchiveConsentBy, AttachmentKind, FundDirection, ResourceKind

NEED_AREAS = [
    "生活照料",
    "医疗健康",
    "经济困难",
    "精神慰藉",
    "教育就业",
    "法律维权",
    "邻里关系",
    "其他",
]

DATE = DateInput()


class ArchiveForm(ContractForm):
    community = forms.ModelChoiceField(label="社区(村)", queryset=None)
    address = forms.CharField(label="家庭住址", max_length=200)
    household_head = forms.CharField(label="户主/联系人", max_length=60)
    member_count = forms.IntegerField(label="家庭人数", min_value=1, max_value=30, initial=1)
    members = forms.CharField(
        label="家庭成员(每行一人:姓名 关系 年龄段)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    need_areas = forms.MultipleChoiceField(
        label="需求领域",
        choices=[(a, a) for a in NEED_AREAS],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    need_detail = forms.CharField(
        label="需求描述", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    is_distressed = forms.BooleanField(label="属于基础类困境家庭", required=False)
    distressed_groups = forms.ModelMultipleChoiceField(
        label="困境群体(附件1表1)",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    client_reference = forms.CharField(label="服务对象登记编号(可选)", required=False)
    recorded_on = forms.DateField(label="建档日期", widget=DATE)
    consent_by, guardian_name, consent_on = consent_fields(
        "知情同意(有未成年人、困境未成年人、重点信访或精障患者时必填)", ArchiveConsentBy.choices
    )

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, contract=contract, **kwargs)
        self.fields["distressed_groups"].queryset = distressed_groups(
            pilot_round=contract.unit.pilot_round
        )

    def clean(self):
        """The service's arguments: members as rows, needs by area."""
        data = super().clean()
        if self.errors:
            return data
        lines = [ln.split() for ln in data.pop("members").splitlines() if ln.strip()]
        data["members"] = [
            {"name": p[0], "relation": p[1] if len(p) > 1 else "", "age": " ".join(p[2:])}
            for p in lines
        ]
        data["needs"] = {area: data["need_detail"] for area in data.pop("need_areas")}
        data.pop("need_detail")
        return data


class LocationFields(PortalForm):
    grid_x = forms.IntegerField(label="示意图横坐标(0–20)", required=False)
    grid_y = forms.IntegerField(label="示意图纵坐标(0–20)", required=False)
    latitude = forms.DecimalField(
        label="纬度(可选)", max_digits=9, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label="经度(可选)", max_digits=9, decimal_places=6, required=False
    )


class ResourceForm(LocationFields, ContractForm):
    field_order = ["community", "kind", "name", "description", "contact"]
    community = forms.ModelChoiceField(label="社区(村)", queryset=None)
    kind = forms.ChoiceField(label="资源类型", choices=ResourceKind.choices)
    name = forms.CharField(label="名称", max_length=120)
    description = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    contact = forms.CharField(label="联系方式", required=False)
    changed_on = forms.DateField(label="登记日期", widget=DATE)


class ResourceUpdateForm(LocationFields):
    field_order = ["name", "description", "contact"]
    name = forms.CharField(label="名称", max_length=120)
    description = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    contact = forms.CharField(label="联系方式", required=False)
    is_active = forms.BooleanField(label="仍然有效", required=False)
    changed_on = forms.DateField(label="更新日期", widget=DATE)
    summary = forms.CharField(label="更新说明", max_length=300)


class SubItemForm(ContractForm):
    """A record of one catalogue item: ``sub_item`` offers that item's sub-items."""

    item: str  # the catalogue item's code (``rules``)

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, contract=contract, **kwargs)
        self.fields["sub_item"].queryset = rules.sub_items_of(contract.unit.pilot_round, self.item)


class StudyForm(SubItemForm):
    item = rules.RESEARCH_ITEM
    community = forms.ModelChoiceField(label="社区(村)", queryset=None)
    sub_item = forms.ModelChoiceField(label="研究主题(细项)", queryset=None)
    title = forms.CharField(label="研究题目", max_length=200)
    started_on = forms.DateField(label="开始日期", widget=DATE)
    finished_on = forms.DateField(label="完成日期", widget=DATE, required=False)
    summary = forms.CharField(
        label="研究摘要", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class TrainingForm(ContractForm):
    held_on = forms.DateField(label="培训日期", widget=DATE)
    topic = forms.CharField(label="培训主题", max_length=200)
    hours = forms.DecimalField(label="学时", max_digits=4, decimal_places=1, min_value=0)
    trainer = forms.CharField(label="培训讲师", max_length=120)
    attendee_count = forms.IntegerField(label="参训人数", min_value=0)
    attendees = forms.CharField(
        label="参训人员", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class IncubationForm(SubItemForm):
    item = rules.INCUBATION_ITEM
    community = forms.ModelChoiceField(label="社区(村)(可选)", queryset=None, required=False)
    sub_item = forms.ModelChoiceField(label="培育内容(细项)", queryset=None)
    organization_name = forms.CharField(label="社会组织/基地名称", max_length=120)
    started_on = forms.DateField(label="开始日期", widget=DATE)
    stage = forms.CharField(label="培育阶段", required=False)
    results = forms.CharField(
        label="培育成效", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ProjectForm(ContractForm):
    community = forms.ModelChoiceField(label="社区(村)", queryset=None)
    sub_item = forms.ModelChoiceField(label="项目类型(附件1表4细项)", queryset=None)
    title = forms.CharField(label="项目名称", max_length=200)
    started_on = forms.DateField(label="开始日期", widget=DATE)
    consultation = forms.CharField(
        label="居民协商情况", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    conventions = forms.CharField(
        label="形成的公约/规则", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    results = forms.CharField(
        label="成效", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    fund_amount = forms.DecimalField(
        label="公益金金额(元,仅社区公益金)", max_digits=12, decimal_places=2, required=False
    )

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, contract=contract, **kwargs)
        self.fields["sub_item"].queryset = SubItem.objects.filter(
            item__category__pilot_round=contract.unit.pilot_round,
            item__code__in=rules.GOVERNANCE_ITEMS,
        ).select_related("item")
        self.fields["sub_item"].label_from_instance = lambda s: f"{s.code} {s.text[:24]}"


class FundEntryForm(PortalForm):
    entry_date = forms.DateField(label="日期", widget=DATE)
    direction = forms.ChoiceField(label="收支", choices=FundDirection.choices)
    amount = forms.DecimalField(label="金额(元)", max_digits=12, decimal_places=2)
    note = forms.CharField(label="摘要", max_length=200)


class MeetingForm(PortalForm):
    organization = forms.ModelChoiceField(label="召开单位", queryset=None)
    held_on = forms.DateField(label="会议日期", widget=DATE)
    attendees = forms.CharField(label="参会人员", widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.CharField(label="会议纪要", widget=forms.Textarea(attrs={"rows": 4}))
    decisions = forms.CharField(
        label="议定事项", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = places


class QuarterlyForm(ContractForm):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="季度", coerce=int, choices=[(q, f"第{q}季度") for q in (1, 2, 3, 4)]
    )
    narrative = forms.CharField(label="进展说明", widget=forms.Textarea(attrs={"rows": 4}))
    issues = forms.CharField(
        label="问题与下步计划", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    submitted_on = forms.DateField(label="报送日期", widget=DATE)


class AttachmentForm(PortalForm):
    kind = forms.ChoiceField(label="附件类型", choices=AttachmentKind.choices)
    file = forms.FileField(label="文件(JPG、PNG、PDF、xlsx、docx)")

    def clean(self):
        data = super().clean()
        if "file" in data:
            data["uploaded"] = data.pop("file")
        return data
