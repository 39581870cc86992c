"""Number formats shared by every page (ground floor: knows no app)."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def yuan(value):
    """Money in whole yuan with thousands separators (zh-hans has none by default): 32,800,000."""
    if value in (None, ""):
        return ""
    try:
        return f"{Decimal(value):,.0f}"
    except (InvalidOperation, TypeError, ValueError):
        return value
