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
    """Opening a case. The client picker lists a short, searched list (``shortlist``) while
    validation accepts any client in scope; sub-items render grouped under their items
    (``sub_item_groups``); consent can be recorded on the same form when it is missing."""

    kind = forms.ChoiceField(label="服务类型", choices=CaseKind.choices)
    community = forms.ModelChoiceField(label="服务社区", queryset=None, widget=forms.HiddenInput)
    client = forms.ModelChoiceField(label="服务对象", queryset=None, required=False)
    household = forms.ModelChoiceField(label="或:服务家庭", queryset=None, required=False)
    sub_items = SubItemChoiceField(
        label="服务细项(附件1表1)",
        queryset=SubItem.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    assessment = forms.CharField(label="需求评估", widget=forms.Textarea(attrs={"rows": 3}))
    plan = forms.CharField(label="服务计划", widget=forms.Textarea(attrs={"rows": 3}))
    assigned_worker = forms.ModelChoiceField(label="负责社工", queryset=None)
    opened_on = forms.DateField(label="开案日期", widget=DateInput, initial=today)

    consent_given_by = forms.ChoiceField(
        label="知情同意方式",
        choices=[("", "— 不在此记录 —")] + [c for c in ConsentBy.choices if c[0]],
        required=False,
    )
    consent_guardian_name = forms.CharField(label="监护人姓名", max_length=60, required=False)
    consent_on = forms.DateField(label="同意日期", widget=DateInput, required=False, initial=today)

    CONSENT_FIELDS = ("consent_given_by", "consent_guardian_name", "consent_on")

    def __init__(
        self,
        *args,
        communities,
        clients,
        households,
        sub_items,
        workers,
        shortlist=(),
        masked=False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["client"].queryset = clients
        self.fields["household"].queryset = households
        self.fields["sub_items"].queryset = sub_items
        self.fields["assigned_worker"].queryset = workers
        self.shortlist = list(shortlist)
        self.masked = masked
        self.fields["client"].widget.choices = [("", "— 请选择(可先在上方查找)—")] + [
            (c.pk, client_label(c, masked=masked)) for c in self.shortlist
        ]
        self.fields["sub_items"].widget.attrs.pop("class", None)

    def main_fields(self):
        skip = {"sub_items", "community", *self.CONSENT_FIELDS}
        return [self[name] for name in self.fields if name not in skip]

    def consent_fields(self):
        return [self[name] for name in self.CONSENT_FIELDS]

    def selected_client(self):
        """The client currently chosen (posted or initial), from the shortlist."""
        value = self["client"].value()
        return next((c for c in self.shortlist if str(c.pk) == str(value)), None)

    def consent_needed(self) -> bool:
        chosen = self.selected_client()
        return bool(chosen and not chosen.consent_by) or any(
            self[name].errors for name in self.CONSENT_FIELDS
        )

    def sub_item_groups(self):
        """[{item, options: [{pk, code, text, checked, id}], checked: n}] in catalogue order."""
        chosen = {str(v) for v in (self["sub_items"].value() or [])}
        groups: dict[int, dict] = {}
        for sub in self.fields["sub_items"].queryset:
            group = groups.setdefault(sub.item_id, {"item": sub.item, "options": [], "checked": 0})
            checked = str(sub.pk) in chosen
            group["checked"] += checked
            group["options"].append(
                {
                    "pk": sub.pk,
                    "code": sub.code,
                    "text": sub.text,
                    "checked": checked,
                    "id": f"id_sub_items_{sub.pk}",
                }
            )
        return list(groups.values())


def client_label(client, *, masked: bool) -> str:
    """How a client reads in the picker: name (masked when the reader's names are), ID tail,
    and whether consent is still missing."""
    from apps.accounts.masking import person_name

    label = person_name(client.name, masked)
    if client.id_masked:
        label += f"(…{client.id_masked[-4:]})"
    if not client.consent_by:
        label += " · 未记录知情同意"
    return label


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

    def __init__(self, *args, **kwargs):
        # Shares the case page with the service-record form, which also has a "date": its own
        # ids keep each label pointing at its own field (same field names in the POST).
        kwargs.setdefault("auto_id", "id_referral_%s")
        super().__init__(*args, **kwargs)


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
