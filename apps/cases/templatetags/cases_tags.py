"""Template helpers for the cases pages: masked names (apps.accounts.masking), percentages (form styling: apps.core.forms)."""

from django import template

from apps.accounts.templatetags.privacy import person_name as privacy_person_name

register = template.Library()


# One masking decision for every page (apps.accounts.masking), re-exported for the cases
# templates that load this library.
register.filter("person_name", privacy_person_name)


@register.filter
def percent(value):
    return "—" if value is None else f"{value * 100:.1f}%"
