"""Access gate for the catalogue and rules: published round data, readable by every signed-in role."""

from apps.accounts.gates import scope_for

from .models import Category, IndicatorRule


def categories_visible_to(*, user):
    """Annex 1 is a public document: any signed-in person of the portal may read it."""
    if not scope_for(user).authenticated:
        return Category.objects.none()
    return Category.objects.select_related("pilot_round")


def indicator_rules_visible_to(*, user):
    if not scope_for(user).authenticated:
        return IndicatorRule.objects.none()
    return IndicatorRule.objects.select_related("pilot_round")
