"""A street's bar on the dashboard: red only when something is missed, amber while on its way."""

from apps.metrics.charts import AMBER, GREEN, RED, bar_chart_svg, street_tone


def test_a_street_is_red_amber_or_green_by_its_worst_applicable_indicator():
    assert street_tone(["green", "green", "grey"]) == "green"
    assert street_tone(["green", "amber", "grey"]) == "amber"
    assert street_tone(["amber", "red", "green"]) == "red"
    assert street_tone(["grey"]) == "grey"


def test_a_bar_takes_its_tone_when_given_and_its_threshold_otherwise():
    svg = bar_chart_svg([("甲", 14, 16, "amber"), ("乙", 16, 16), ("丙", 12, 16)], title="t")
    fills = [part.split('fill="')[1][:7] for part in svg.split("<rect")[1:]]
    assert fills == [AMBER, GREEN, RED]
