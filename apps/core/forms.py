"""The portal's form base: Bootstrap classes on every widget and ISO dates for ``type=date``.

Browsers accept only ``YYYY-MM-DD`` in ``<input type="date">``; a localised value such as
``2026/12/02`` (zh-hans's format) is thrown away and the field shows blank. ``DateInput``
always renders ISO, whatever the active locale.
"""

from __future__ import annotations

from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """``<input type="date">`` with its value in ISO form."""

    input_type = "date"

    def __init__(self, attrs=None, format=None):  # noqa: A002 (Django's argument name)
        super().__init__(attrs=attrs, format=format or ISO_DATE)


def style_widget(widget: forms.Widget) -> None:
    """Give one widget the portal's Bootstrap class (kept if it already has one)."""
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    classes = widget.attrs.get("class", "").split()
    if css not in classes:
        widget.attrs["class"] = " ".join([*classes, css])


class PortalFormMixin:
    """Bootstrap classes on every widget, so templates stay plain."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            style_widget(field.widget)


class PortalForm(PortalFormMixin, forms.Form):
    pass


class PortalModelForm(PortalFormMixin, forms.ModelForm):
    pass


def consent_fields(label: str, choices) -> tuple[forms.Field, forms.Field, forms.Field]:
    """The optional informed-consent inputs of a record form, in the order of
    ``apps.records.models.InformedConsent``: by whom (``label``, ``choices``), the guardian's
    name, and when. Declare them as ``consent_by, guardian_name, consent_on = consent_fields(…)``;
    the services decide when they are required."""
    return (
        forms.ChoiceField(label=label, choices=choices, required=False),
        forms.CharField(label="监护人姓名", max_length=60, required=False),
        forms.DateField(label="同意日期", widget=DateInput(), required=False),
    )


class DecisionForm(PortalForm):
    """A decision on a request (team change, plan adjustment): agree or not, with a reason."""

    approve = forms.TypedChoiceField(
        label="意见",
        choices=[("1", "同意"), ("0", "不同意/退回")],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label="理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ContractForm(PortalForm):
    """A form for a record of one contract, built with ``contract=``: its ``community`` field,
    where it has one, offers the contract's communities."""

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        if "community" in self.fields:
            self.fields["community"].queryset = contract.communities.order_by("code")
