"""How an indicator's number reads on a page: shares as percentages, counts as counts."""

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

register = template.Library()


def _is_share(rule) -> bool:
    return "min_share" in (rule.thresholds or {})  # S2, S4; C1's value is a count of archives


@register.filter
def indicator_value(snapshot) -> str:
    """A snapshot's value as the rule states it: ``67%`` against "不少于50%", ``12`` against a count."""
    value = snapshot.value
    if value is None:
        return "—"
    if _is_share(snapshot.rule):
        return f"{float(value) * 100:.0f}%"
    number = float(value)
    return f"{number:.0f}" if number.is_integer() else f"{number:.2f}".rstrip("0").rstrip(".")


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (a code's name in a header), or the key itself."""
    return mapping.get(key, key) if mapping else key


def _minute(value) -> str:
    """``value|date:"Y-m-d H:i"`` in the current time zone, without the template machinery."""
    return timezone.template_localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


_PK = "987654321"


def _snapshot_url(context, pk) -> str:
    """The drill-down's URL: reversed once per page, then filled in for each cell."""
    pattern = context.render_context.get("snapshot_url")
    if pattern is None:
        pattern = context.render_context["snapshot_url"] = reverse("metrics:snapshot", args=[_PK])
    return pattern.replace(_PK, str(pk))


@register.simple_tag(takes_context=True)
def light_cell(context, cell, href: str = "", community=None) -> str:
    """One traffic-light ``<td>``: ``cell`` a ``selectors.Cell``; ``href`` where a click goes
    (empty: the drill-down of the cell's first snapshot); ``community`` in a per-community
    table.

    Decision: written in Python rather than as an included template. A city's dashboard
    has thousands of cells, and an ``{% include %}`` per cell (with its own context and a
    dozen filter lookups) made up most of the page's time. The markup is the one the
    former ``metrics/_light.html`` produced (same classes, titles and test ids), except
    that a pace without a projection now reads "—" as intended instead of nothing.
    """
    first = cell.first
    title = f"{cell.label};计算时间 {_minute(cell.computed_at)}"
    if first.expected_to_date is not None:
        projected = "—" if first.projected is None else floatformat(first.projected, "-1")
        title += f";按进度应达 {floatformat(first.expected_to_date, '-1')},预计年末 {projected}"
    testid = f"cell-{first.contract_id}-" + (f"{community.pk}-" if community else "") + cell.code
    if cell.status == "grey":
        text = "不适用"
    elif cell.total > 1:
        text = f"{cell.met}/{cell.total}"
    else:
        text = indicator_value(first)
    warning = ""
    if cell.will_miss:
        warning = format_html(
            '<span class="d-block text-danger" data-testid="will-miss">⚠ {}</span>',
            context.get("will_miss_label", ""),
        )
    return format_html(
        '<td title="{}" class="light-{}" data-testid="{}">\n  <a href="{}">{}</a>{}\n</td>',
        title,
        cell.status,
        testid,
        href or _snapshot_url(context, first.pk),
        text,
        warning,
    )
