"""Every date field of every form renders a value a browser keeps.

``<input type="date">`` accepts only ``YYYY-MM-DD``; zh-hans's localised ``2026/12/02`` is
thrown away and a required field then blocks the form with the browser's own message.
The test walks every form class of the project (every ``forms.BaseForm`` subclass defined
under ``apps``), renders each date field's widget under the portal's locale, with a fixed
date and with the field's initial value, and checks the value parses as ISO.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from datetime import date, datetime

from django import forms
from django.utils import translation

import apps

VALUE = re.compile(r'value="([^"]*)"')


def _import_all() -> None:
    for module in pkgutil.walk_packages(apps.__path__, "apps."):
        if ".migrations" in module.name or ".tests" in module.name:
            continue
        importlib.import_module(module.name)


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def project_forms() -> list[type[forms.BaseForm]]:
    _import_all()
    found = {c for c in _subclasses(forms.BaseForm) if c.__module__.startswith("apps.")}
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def date_problems(form_class) -> list[str]:
    """What is wrong with the form's date inputs (empty when every value parses)."""
    problems = []
    for name, field in form_class.base_fields.items():
        if not isinstance(field, forms.DateField) or isinstance(field, forms.DateTimeField):
            continue
        where = f"{form_class.__module__}.{form_class.__qualname__}.{name}"
        if getattr(field.widget, "input_type", None) != "date":
            problems.append(f"{where}: not an <input type=date> (no date picker on a phone)")
            continue
        samples = [date(2026, 12, 2)]
        initial = field.initial() if callable(field.initial) else field.initial
        if initial is not None:
            samples.append(initial)
        with translation.override("zh-hans"):
            for sample in samples:
                html = field.widget.render(name, sample)
                match = VALUE.search(html)
                value = match.group(1) if match else ""
                try:
                    parsed = date.fromisoformat(value)
                except ValueError:
                    problems.append(f"{where}: renders {sample!r} as {value!r}, not YYYY-MM-DD")
                    continue
                expected = sample.date() if isinstance(sample, datetime) else sample
                if parsed != expected:
                    problems.append(f"{where}: renders {sample!r} as {value!r}")
    return problems


def test_the_walk_finds_the_project_forms():
    names = {c.__qualname__ for c in project_forms()}
    # A few forms every release has: if the walk found none of them, it checks nothing.
    assert {"ConsentForm", "RecordForm", "CaseForm"} <= names, sorted(names)


def test_every_date_input_renders_an_iso_value():
    checked = [
        c
        for c in project_forms()
        if any(isinstance(f, forms.DateField) for f in c.base_fields.values())
    ]
    assert len(checked) >= 10, "expected the project's dated forms to be found"
    problems = [p for c in checked for p in date_problems(c)]
    assert problems == []


def test_the_check_catches_a_localised_date_widget():
    """The proof that the test can fail: Django's plain DateInput with type=date."""

    class Broken(forms.Form):
        on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), initial=date.today)

    Broken.__module__ = "apps.example"
    problems = date_problems(Broken)
    assert problems and "not YYYY-MM-DD" in problems[0]


def test_a_text_date_field_is_reported():
    class Plain(forms.Form):
        on = forms.DateField()

    assert "not an <input type=date>" in date_problems(Plain)[0]
