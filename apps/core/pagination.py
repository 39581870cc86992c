"""A paginator for long lists whose rows are costly: page the ids, then load that page's rows.

Django's ``Paginator`` slices the list's queryset as it is: with its joins (``select_related``)
and per-row figures (a count of records), PostgreSQL builds every row of the list before it
sorts and cuts 50 of them. ``RowsPaginator`` counts and slices a light queryset (the gated,
filtered, ordered rows, ids only) and loads the page's rows (their joins and figures) for
those ids alone, in one query: ``WHERE id IN (SELECT id … ORDER BY … LIMIT 50 OFFSET n)``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import Count, Min
from django.utils.functional import cached_property


class RowsPaginator(Paginator):
    """``object_list``: the light queryset, ordered; ``rows``: given the page's ids as a
    subquery, the queryset that loads those rows with what the page shows (sorted here in
    ``object_list``'s order). Two queries a page: the count and the rows."""

    def __init__(self, object_list, per_page, *, rows: Callable, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def bounds(self, number) -> tuple[int, int, int]:
        """The page number (checked) and the slice of rows it shows (as ``Paginator.page``)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return number, bottom, top

    def page(self, number):
        number, bottom, top = self.bounds(number)
        ids = self.object_list.values("pk")[bottom:top]
        order = self.object_list.query.order_by or self.object_list.model._meta.ordering
        return self._get_page(list(self.rows(ids).order_by(*order)), number, self)


class GroupedRowsPaginator(RowsPaginator):
    """``RowsPaginator`` for a list sorted by a group first (clients by community, then by
    name): the rows per group are counted in one grouped query (the total is their sum), and
    a page reads only the groups it spans.

    Decision: without this, PostgreSQL pages such a list by walking the groups in order and
    scanning the whole gated list once per group, until 50 rows are found (the communities
    first in code order often hold none of a person's clients: seconds at city scale).
    ``group``: the grouping field (``"community_id"``); ``group_order``: how the groups are
    sorted (``"community__code"``), the list's own first sort key.
    """

    def __init__(self, object_list, per_page, *, group: str, group_order: str, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.group = group
        # Grouped by the group alone (hashed), sorted here: grouping by the sort key too made
        # PostgreSQL sort every row of the list first.
        groups = (
            object_list.order_by()
            .values_list(group)
            .annotate(n=Count("pk"), sort_key=Min(group_order))
            .values_list(group, "n", "sort_key")
        )
        self.groups = [(key, n) for key, n, _ in sorted(groups, key=lambda g: (g[2], g[0]))]

    @cached_property
    def count(self):
        return sum(n for _, n in self.groups)

    def page(self, number):
        number, bottom, top = self.bounds(number)
        spanned, start, seen = [], None, 0
        for key, n in self.groups:
            if seen + n > bottom and seen < top:
                spanned.append(key)
                start = bottom - seen if start is None else start
            seen += n
        if not spanned:
            return self._get_page([], number, self)
        order = self.object_list.query.order_by
        ids = (
            self.object_list.filter(**{f"{self.group}__in": spanned})
            .order_by(*order)
            .values("pk")[start : start + (top - bottom)]
        )
        return self._get_page(list(self.rows(ids).order_by(*order)), number, self)
