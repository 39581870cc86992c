"""How an indicator's number reads on a page: shares as percentages, counts as counts."""

from html import escape

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from ..display import indicator_value
from ..selectors import STATUS_LABEL

register = template.Library()


register.filter("indicator_value", indicator_value)


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (a code's name in a header), or the key itself."""
    return mapping.get(key, key) if mapping else key


def _minute(context, value) -> str:
    """``value|date:"Y-m-d H:i"`` in the current time zone, without the template machinery
    (once per distinct time on a page: a run gives most cells the same one)."""
    if not value:
        return ""
    seen = context.render_context.setdefault("light_minutes", {})
    text = seen.get(value)
    if text is None:
        text = seen[value] = timezone.template_localtime(value).strftime("%Y-%m-%d %H:%M")
    return text


_PK = "987654321"


def _snapshot_url(context, pk) -> str:
    """The drill-down's URL: reversed once per page, then filled in for each cell."""
    pattern = context.render_context.get("snapshot_url")
    if pattern is None:
        pattern = context.render_context["snapshot_url"] = reverse("metrics:snapshot", args=[_PK])
    return pattern.replace(_PK, str(pk))


@register.simple_tag(takes_context=True)
def light_cell(context, cell, contract_url: str = "", community=None) -> str:
    """One traffic-light ``<td>``: ``cell`` a ``selectors.Cell``; a click opens the contract
    page narrowed to the cell's rule (``contract_url`` given, the page's ``year_amp`` kept)
    or else the drill-down of the cell's first snapshot; ``community`` in a per-community
    table.

    Decision: written in Python rather than as an included template. A city's dashboard
    has thousands of cells, and an ``{% include %}`` per cell (with its own context and a
    dozen filter lookups) made up most of the page's time. The markup is the one the
    former ``metrics/_light.html`` produced (same classes, titles and test ids), except
    that a pace without a projection now reads "—" as intended instead of nothing.
    """
    first = cell.first
    status = cell.status
    title = f"{STATUS_LABEL[status]};计算时间 {_minute(context, cell.computed_at)}"
    if first.expected_to_date is not None:
        projected = "—" if first.projected is None else floatformat(first.projected, "-1")
        title += f";按进度应达 {floatformat(first.expected_to_date, '-1')},预计年末 {projected}"
    testid = f"cell-{first.contract_id}-" + (f"{community.pk}-" if community else "") + cell.code
    if status == "grey":
        text = "不适用"
    elif cell.total > 1:
        text = f"{cell.met}/{cell.total}"
    else:
        text = indicator_value(first)
    if contract_url:
        href = f"{contract_url}?rule={cell.code}{context.get('year_amp', '')}"
    else:
        href = _snapshot_url(context, first.pk)
    warning = ""
    if cell.will_miss:
        warning = (
            '<span class="d-block text-danger" data-testid="will-miss">⚠ '
            f"{escape(str(context.get('will_miss_label', '')))}</span>"
        )
    return mark_safe(  # noqa: S308 (every value below is escaped)
        f'<td title="{escape(title)}" class="light-{status}" data-testid="{escape(testid)}">\n'
        f'  <a href="{escape(href)}">{escape(text)}</a>{warning}\n</td>'
    )


@register.simple_tag(takes_context=True)
def snapshot_url(context, pk) -> str:
    """``{% url 'metrics:snapshot' pk %}`` for the long tables (one row per snapshot): the
    URL is reversed once per page."""
    return _snapshot_url(context, pk)


@register.simple_tag(takes_context=True)
def minute(context, value) -> str:
    """``value|date:"Y-m-d H:i"`` for the long tables, each distinct time formatted once."""
    return _minute(context, value)
