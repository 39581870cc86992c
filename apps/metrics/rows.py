"""Snapshots as light rows for the pages: the columns a page shows, never the ids behind them.

A dashboard shows thousands of current snapshots at city scale. Loading each as a ``Snapshot``
with its rule, contract, unit, street, community and project year (seven model instances a
row) and decoding its ``record_ids``/``excluded`` JSON (megabytes: the ids are for the
drill-down only) took most of a dashboard's time. Here a row is a tuple of the shown columns,
read in one query, and its rule, contract, community and project year are shared objects
looked up by id (a handful of each, loaded once). ``SnapshotRow`` has the attributes the
pages, the exports and the reports read from a ``Snapshot`` (``s.rule.name``,
``s.community.code``, ``s.project_year.number``, ``s.values``, ...), so the selectors and
templates treat both alike.

Decision: the rows are read-only views of the engine's snapshots; nothing here counts or
recounts (one number, one computation: the engine's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Case, F, IntegerField, Max, Q, When, Window
from django.db.models.functions import Coalesce

from apps.catalogue.models import IndicatorRule
from apps.procurement.models import ProjectYear

# The columns every page reads, in the order of ``SnapshotRow``'s constructor.
FIELDS = (
    "pk",
    "rule_id",
    "rule_code",
    "contract_id",
    "community_id",
    "project_year_id",
    "value",
    "met",
    "applicable",
    "expected_to_date",
    "projected",
    "will_miss",
    "computed_at",
)
COMMUNITY_FIELDS = ("community__code", "community__name", "community__parent_id")


@dataclass(slots=True, eq=False)
class SnapshotRow:
    """One current snapshot as a page shows it (see the module docstring): the ``FIELDS``
    in their order, then what ``rows`` attaches."""

    pk: int
    rule_id: int
    rule_code: str
    contract_id: int
    community_id: int | None
    project_year_id: int | None
    value: Decimal
    met: bool
    applicable: bool
    expected_to_date: Decimal | None
    projected: Decimal | None
    will_miss: bool
    computed_at: datetime
    values: dict = field(init=False, repr=False)
    thresholds: dict = field(init=False, repr=False)
    rule: object = field(init=False, repr=False)
    contract: object = field(init=False, repr=False)
    community: object = field(init=False, repr=False)
    project_year: object = field(init=False, repr=False)

    @property
    def id(self) -> int:
        return self.pk


class Place:
    """A snapshot's community as the pages name it (pk, code, name, parent)."""

    __slots__ = ("pk", "id", "code", "name", "parent_id")

    def __init__(self, pk, code, name, parent_id):
        self.pk = self.id = pk
        self.code = code
        self.name = name
        self.parent_id = parent_id

    def __str__(self):
        return self.name


def rows(queryset, *, rules: dict, contracts: dict, years: dict, detail: bool = False):
    """The snapshots of ``queryset`` (already gated) as ``SnapshotRow``s, in one query.

    ``rules``, ``contracts``, ``years``: by id, the objects rows point at (a rule version
    or project year missing from them is fetched in one more query; contracts must be given).
    Communities come from the same query (joined columns), one shared object per community.
    ``detail``: each row's ``values`` (its parts) and ``thresholds`` in full (a contract's
    page, the reports); else ``values`` holds only the per-worker counts (``by_worker``, the
    one part a dashboard shows) and rows have no ``thresholds``: at city scale decoding two
    JSON documents a row was a third of a dashboard's time.
    """
    extra = ("values", "thresholds") if detail else ("values__by_worker",)
    communities: dict[int, Place] = {}
    n = len(FIELDS)
    out = []
    for values in queryset.order_by().values_list(*FIELDS, *extra, *COMMUNITY_FIELDS):
        row = SnapshotRow(*values[:n])
        if detail:
            row.values, row.thresholds = values[n], values[n + 1]
        else:
            by_worker = values[n]
            row.values = {} if by_worker is None else {"by_worker": by_worker}
        row.contract = contracts[row.contract_id]
        if row.community_id is None:
            row.community = None
        else:
            community = communities.get(row.community_id)
            if community is None:
                community = communities[row.community_id] = Place(
                    row.community_id, *values[-len(COMMUNITY_FIELDS) :]
                )
            row.community = community
        out.append(row)
    _attach(out, "rule", IndicatorRule, rules)
    _attach(out, "project_year", ProjectYear, years)
    return out


def _attach(out, name: str, model, known: dict) -> None:
    missing = {getattr(r, f"{name}_id") for r in out} - set(known) - {None}
    if missing:
        known = {**known, **{o.pk: o for o in model.objects.filter(pk__in=missing)}}
    for r in out:
        pk = getattr(r, f"{name}_id")
        setattr(r, name, known[pk] if pk is not None else None)


def in_period(queryset, year: int | None):
    """Per (contract, rule), the snapshots of project year ``year`` if that pair has one,
    else of the latest project year it has; snapshots of the whole term always.

    The same choice as ``selectors.latest_period_snapshots``, made in the database (window
    functions over the pair), so a page reads one year's rows instead of every year's.
    """
    pair = [F("contract_id"), F("rule_code")]
    latest = Window(Max("project_year__number", output_field=IntegerField()), partition_by=pair)
    if year is None:
        shown = latest
    else:
        asked = Window(
            Max(
                Case(
                    When(project_year__number=year, then=F("project_year__number")),
                    output_field=IntegerField(),
                )
            ),
            partition_by=pair,
        )
        shown = Coalesce(asked, latest, output_field=IntegerField())
    return queryset.annotate(shown_year=shown).filter(
        Q(project_year__isnull=True) | Q(project_year__number=F("shown_year"))
    )
