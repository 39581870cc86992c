"""The resource map, drawn on the server as SVG (government intranets have no map service)."""

from django.utils.html import escape

from .models import ResourceKind
from .services import GRID_MAX

CELL = 30
MARGIN = 30
COLOURS = {
    ResourceKind.PLACE: "#0d6efd",
    ResourceKind.LEADER: "#d63384",
    ResourceKind.UNIT: "#198754",
    ResourceKind.CULTURE: "#fd7e14",
}
SHAPES = {ResourceKind.PLACE: "rect", ResourceKind.LEADER: "circle"}


def _positions(resources):
    """Grid positions; hand-entered lat/lng are scaled into the grid's box by their range."""
    placed, geo = [], []
    for r in resources:
        if r.grid_x is not None:
            placed.append((r, float(r.grid_x), float(r.grid_y)))
        elif r.latitude is not None:
            geo.append(r)
    if geo:
        lats = [float(r.latitude) for r in geo]
        lngs = [float(r.longitude) for r in geo]
        lat_span = (max(lats) - min(lats)) or 1.0
        lng_span = (max(lngs) - min(lngs)) or 1.0
        for r in geo:
            x = (float(r.longitude) - min(lngs)) / lng_span * GRID_MAX
            y = (max(lats) - float(r.latitude)) / lat_span * GRID_MAX  # north up
            placed.append((r, x, y))
    return placed


def resource_map_svg(*, community, resources) -> str:
    size = GRID_MAX * CELL
    width, height = size + 2 * MARGIN, size + 2 * MARGIN + 40
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(community.name)}资源图" '
        'font-family="sans-serif" font-size="11">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#fff"/>',
        f'<text x="{MARGIN}" y="20" font-size="14">{escape(community.name)} 社区资源图</text>',
    ]
    for i in range(GRID_MAX + 1):
        p = MARGIN + i * CELL
        parts.append(
            f'<line x1="{MARGIN}" y1="{p}" x2="{MARGIN + size}" y2="{p}" stroke="#eee"/>'
            f'<line x1="{p}" y1="{MARGIN}" x2="{p}" y2="{MARGIN + size}" stroke="#eee"/>'
        )
    for r, gx, gy in _positions(resources):
        cx, cy = MARGIN + gx * CELL, MARGIN + gy * CELL
        colour = COLOURS.get(r.kind, "#6c757d")
        if SHAPES.get(r.kind) == "rect":
            shape = f'<rect x="{cx - 6:.1f}" y="{cy - 6:.1f}" width="12" height="12" '
        elif SHAPES.get(r.kind) == "circle":
            shape = f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="6" '
        else:
            shape = (
                f'<polygon points="{cx:.1f},{cy - 7:.1f} {cx + 7:.1f},{cy + 6:.1f} '
                f'{cx - 7:.1f},{cy + 6:.1f}" '
            )
        parts.append(
            f'<g data-resource="{r.pk}">{shape}fill="{colour}"/>'
            f'<text x="{cx + 9:.1f}" y="{cy + 4:.1f}">{escape(r.name)}</text></g>'
        )
    y = MARGIN + size + 25
    for i, (kind, label) in enumerate(ResourceKind.choices):
        x = MARGIN + i * 140
        parts.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{COLOURS[kind]}"/>'
            f'<text x="{x + 14}" y="{y}">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
