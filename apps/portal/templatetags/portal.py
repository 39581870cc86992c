"""The portal's template tags: the navigation menu (and ``yuan`` for older templates)."""

from django import template

from apps.core.templatetags.formats import yuan
from apps.portal.navigation import menu_for

register = template.Library()
register.filter("yuan", yuan)


@register.inclusion_tag("portal/_menu.html", takes_context=True)
def portal_menu(context):
    """The menu of base.html for the signed-in person."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    path = request.path if request is not None else ""
    return {"items": menu_for(user=user, path=path) if user is not None else []}
