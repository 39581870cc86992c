"""Indicator panels for pages outside the engine (community, street, volunteer team pages).

Delivery apps never import the engine; their templates load the ``metrics_panels`` tag
library, which calls ``indicator_panel`` here. It reads the current snapshots under the
snapshot gate, so a panel shows exactly the dashboard's numbers (same rows), with each
number's clause, threshold, traffic light and a link to its drill-down.
"""

from __future__ import annotations

from .drilldown import value_rows
from .permissions import snapshots_visible_to
from .selectors import STATUS_LABEL, light


def indicator_panel(*, user, contract, community=None, year=None, codes=None) -> dict:
    """The current snapshots of ``contract`` for one place and one project year.

    ``community`` None: the street-level (whole-contract) indicators. ``year`` a project year
    number (None: the latest computed; a year not computed yet shows no yearly row). ``codes``: rule codes to keep, comma separated or a
    list (None: all of the place). Whole-term snapshots are shown when no yearly one exists.
    """
    qs = snapshots_visible_to(user=user).current().filter(contract=contract)
    qs = qs.filter(community=community) if community is not None else qs.filter(community=None)
    if codes:
        wanted = [c.strip() for c in codes.split(",")] if isinstance(codes, str) else list(codes)
        qs = qs.filter(rule_code__in=wanted)
    snapshots = list(qs.order_by("rule__order", "rule_code", "project_year__number"))
    numbers = sorted({s.project_year.number for s in snapshots if s.project_year_id})
    shown = year if year is not None else (numbers[-1] if numbers else None)
    by_code: dict[str, object] = {}
    for s in snapshots:
        if s.project_year_id and s.project_year.number != shown:
            continue
        if s.project_year_id or s.rule_code not in by_code:
            by_code[s.rule_code] = s
    rows = []
    for s in by_code.values():
        status = light(s)
        rows.append(
            {
                "snapshot": s,
                "status": status,
                "status_label": STATUS_LABEL[status],
                "parts": value_rows(s),
            }
        )
    return {"rows": rows, "year": shown, "community": community}
