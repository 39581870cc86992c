"""Template helpers for the cases pages: masked names for evaluators, percentages (form styling: apps.core.forms)."""

from django import template

from apps.accounts.models import Role

register = template.Library()


@register.filter
def person_name(name, scope):
    """Evaluators read personal identifiers masked (domain §7): 张三丰 → 张**."""
    if scope is None or not name:
        return name
    if scope.has_role(Role.EVALUATOR) and not scope.can_administer and len(scope.roles) == 1:
        return name[0] + "*" * (len(name) - 1)
    return name


@register.filter
def percent(value):
    return "—" if value is None else f"{value * 100:.1f}%"
