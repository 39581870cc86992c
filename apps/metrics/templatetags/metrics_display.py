"""How an indicator's number reads on a page: shares as percentages, counts as counts."""

from django import template

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
