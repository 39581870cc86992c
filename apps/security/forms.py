from django import forms

from apps.core.forms import DateInput, PortalForm


class AuditFilterForm(PortalForm):
    actor = forms.CharField(label="操作人", required=False, max_length=60)
    action = forms.ChoiceField(label="操作", required=False)
    object_type = forms.ChoiceField(label="对象类型", required=False)
    date_from = forms.DateField(label="开始日期", required=False, widget=DateInput)
    date_to = forms.DateField(label="结束日期", required=False, widget=DateInput)

    def __init__(self, *args, actions=(), object_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "全部"), *actions]
        self.fields["object_type"].choices = [("", "全部"), *[(t, t) for t in object_types]]
