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


class RowsPaginator(Paginator):
    """``object_list``: the light queryset, ordered; ``rows``: given the page's ids as a
    subquery, the queryset that loads those rows with what the page shows (sorted here in
    ``object_list``'s order). Two queries a page: the count and the rows."""

    def __init__(self, object_list, per_page, *, rows: Callable, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        order = self.object_list.query.order_by or self.object_list.model._meta.ordering
        return self._get_page(list(self.rows(ids).order_by(*order)), number, self)
