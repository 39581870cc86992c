"""SVG charts made on the server: the same markup serves the page and the PDF (no JavaScript)."""

from django.utils.html import escape

GREEN, AMBER, RED, GREY = "#198754", "#e0a100", "#dc3545", "#adb5bd"
BLUE = "#0d6efd"  # a quantity against its maximum, where falling short is not a failure
TONES = {"green": GREEN, "amber": AMBER, "red": RED, "grey": GREY, "blue": BLUE}


def street_tone(statuses) -> str:
    """A street's bar: red if any indicator is red, amber if none is but one is still on its
    way (amber), green if every applicable one is met; grey when nothing applies."""
    statuses = [s for s in statuses if s != "grey"]
    if not statuses:
        return "grey"
    for tone in ("red", "amber"):
        if tone in statuses:
            return tone
    return "green"


def bar_chart_svg(
    items: list[tuple],
    *,
    title: str,
    unit: str = "",
    width: int = 640,
    bar_height: int = 22,
    threshold_label: str = "",
) -> str:
    """Horizontal bars: (label, value, threshold[, tone]); without a tone a bar is green when
    it reaches its threshold and red otherwise; a tone ("green", "amber", "red", "grey") says
    it instead (a street with nothing red but a quota still on its way is amber, not red).

    The threshold is a dashed line on each bar; ``threshold_label`` says what it means in a
    legend under the title (a chart must read without the page around it, as in a PDF).
    """
    label_w, pad = 150, 8
    top = 48 if threshold_label else 30
    height = top + len(items) * (bar_height + pad) + pad
    peak = max([item[1] for item in items] + [item[2] or 0 for item in items] + [1])
    scale = (width - label_w - 70) / peak
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" font-size="12" '
        f'font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif">',
        f'<text x="0" y="18" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    if threshold_label:
        parts.append(
            f'<line x1="{label_w}" y1="34" x2="{label_w + 24}" y2="34" stroke="#212529" '
            f'stroke-dasharray="3,2"/><text x="{label_w + 30}" y="38">'
            f"{escape(threshold_label)}</text>"
        )
    for i, (label, value, threshold, *tone) in enumerate(items):
        y = top + i * (bar_height + pad)
        if tone:
            colour = TONES[tone[0]]
        else:
            colour = GREY if threshold is None else (GREEN if value >= threshold else RED)
        w = max(value * scale, 1)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_height * 0.7:.1f}" '
            f'text-anchor="end">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{label_w + w + 4:.1f}" y="{y + bar_height * 0.7:.1f}">'
            f"{escape(_fmt(value))}{escape(unit)}</text>"
        )
        if threshold is not None:
            x = label_w + threshold * scale
            parts.append(
                f'<line x1="{x:.1f}" y1="{y - 2}" x2="{x:.1f}" y2="{y + bar_height + 2}" '
                f'stroke="#212529" stroke-dasharray="3,2"/>'
            )
    parts.append("</svg>")
    return "".join(parts)


def line_chart_svg(
    points: list[tuple[str, float | None]],
    *,
    title: str,
    unit: str = "%",
    peak: float = 100.0,
    width: int = 640,
    height: int = 240,
) -> str:
    """A line over time: (label, value) in order; a None value leaves a gap in the line.

    The y axis runs from 0 to ``peak`` (100 for shares in per cent), with guides at a
    quarter each; every point carries its value, so the chart reads without colour.
    """
    left, right, top, bottom = 44, 16, 34, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points) - 1, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" font-size="12" '
        f'font-family="WenQuanYi Micro Hei, Noto Sans CJK SC, sans-serif">',
        f'<text x="0" y="18" font-size="14" font-weight="bold">{escape(title)}</text>',
    ]
    for i in range(5):
        y = top + plot_h - plot_h * i / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="#dee2e6"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{escape(_fmt(peak * i / 4))}{escape(unit)}</text>"
        )
    coords = []
    for i, (label, value) in enumerate(points):
        x = left + (i * step if len(points) > 1 else plot_w / 2)
        parts.append(
            f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="middle">'
            f"{escape(label)}</text>"
        )
        coords.append(None if value is None else (x, top + plot_h - plot_h * value / peak))
    segment: list[str] = []
    for point in [*coords, None]:
        if point is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" '
                    f'stroke="{GREEN}" stroke-width="2"/>'
                )
            segment = []
        else:
            segment.append(f"{point[0]:.1f},{point[1]:.1f}")
    for (_, value), point in zip(points, coords, strict=True):
        if point is not None:
            x, y = point
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{GREEN}"/>'
                f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle">'
                f"{escape(_fmt(value))}{escape(unit)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _fmt(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
