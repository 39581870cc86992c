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

from django.db.models import Case, F, IntegerField, Max, Q, When, Window
from django.db.models.functions import Coalesce

from apps.catalogue.models import IndicatorRule
from apps.orgs.models import Organization
from apps.procurement.models import ProjectYear

# The columns a page reads, in the order of ``SnapshotRow``'s own fields.
FIELDS = (
    "pk",
    "rule_id",
    "rule_code",
    "contract_id",
    "community_id",
    "project_year_id",
    "value",
    "values",
    "thresholds",
    "met",
    "applicable",
    "expected_to_date",
    "projected",
    "will_miss",
    "computed_at",
)
COMMUNITY_FIELDS = ("community__code", "community__name", "community__parent_id")


class SnapshotRow:
    """One current snapshot as a page shows it (see the module docstring)."""

    __slots__ = (*FIELDS, "id", "rule", "contract", "community", "project_year")

    def __repr__(self):
        return f"<SnapshotRow {self.pk} {self.rule_code}>"


def rows(queryset, *, rules: dict, contracts: dict, years: dict) -> list[SnapshotRow]:
    """The snapshots of ``queryset`` (already gated) as ``SnapshotRow``s, in one query.

    ``rules``, ``contracts``, ``years``: by id, the objects rows point at (a rule version
    or project year missing from them is fetched in one more query; contracts must be given).
    Communities come from the same query (joined columns), one shared object per community.
    """
    communities: dict[int, Organization] = {}
    out = []
    for values in queryset.order_by().values_list(*FIELDS, *COMMUNITY_FIELDS):
        row = SnapshotRow()
        for name, value in zip(FIELDS, values, strict=False):
            setattr(row, name, value)
        row.id = row.pk
        row.contract = contracts[row.contract_id]
        if row.community_id is None:
            row.community = None
        else:
            community = communities.get(row.community_id)
            if community is None:
                code, name, parent_id = values[len(FIELDS) :]
                community = communities[row.community_id] = Organization(
                    pk=row.community_id, code=code, name=name, parent_id=parent_id
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
