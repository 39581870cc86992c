"""``{% load metrics_panels %}{% indicator_panel user=… contract=… community=… year=… %}``:
the engine's numbers on a delivery app's page (template-level use, not a Python import)."""

from django import template

from ..panels import indicator_panel as build_panel

register = template.Library()


@register.inclusion_tag("metrics/_indicator_panel.html")
def indicator_panel(*, user, contract, community=None, year=None, codes=None, title=""):
    number = getattr(year, "number", year)
    return {
        "panel": build_panel(
            user=user, contract=contract, community=community, year=number, codes=codes
        ),
        "title": title,
    }
