"""Record kinds: each app describes its record types once (for gates, pages and API) and
registers them here in its AppConfig.ready(); readers look them up by slug or model.

The registry sits below apps.community and apps.volunteers, so the attachment gate and the
record pages of community find volunteers' kinds without importing that app.
"""

from __future__ import annotations

from dataclasses import dataclass

from .permissions import record_in_scope_or_404, scoped_records


@dataclass(frozen=True)
class RecordKind:
    slug: str
    label: str
    model: type
    related: tuple = ("contract", "community", "item", "sub_item", "project_year")
    contract_path: str = "contract"
    place_path: str | None = "community"
    detail_fields: tuple = ()
    # The record's own page (URL name taking ``pk``); None: community's generic record page.
    page: str | None = None

    def visible_to(self, *, user):
        qs = self.model.objects.select_related(*self.related)
        return scoped_records(
            user=user,
            queryset=qs,
            contract_path=self.contract_path,
            place_path=self.place_path,
        )

    def get_for_user_or_404(self, *, user, pk):
        return record_in_scope_or_404(user=user, kind=self, pk=pk)


_KINDS: dict[str, RecordKind] = {}


def register(*kinds: RecordKind) -> None:
    """Add record kinds (idempotent: registering the same slug again replaces it)."""
    for kind in kinds:
        _KINDS[kind.slug] = kind


def kind_for_slug(slug: str) -> RecordKind | None:
    return _KINDS.get(slug)


def kind_for_model(model) -> RecordKind | None:
    return next((k for k in _KINDS.values() if k.model is model), None)


def all_kinds() -> list[RecordKind]:
    return list(_KINDS.values())


# --- figures of the quarterly report ------------------------------------------------------

_FIGURES: dict[str, tuple[int, str, object]] = {}


def register_figure(key: str, *, position: int, label: str, count) -> None:
    """A number of the quarterly report: ``count(contract=…, start=…, end=…)``, shown at
    ``position`` (each app adds the figures of its own records)."""
    _FIGURES[key] = (position, label, count)


def figure_labels() -> dict[str, str]:
    return {key: label for key, (_, label, _) in sorted(_FIGURES.items(), key=lambda i: i[1][0])}


def figures_for(*, contract, start, end) -> dict:
    return {
        key: count(contract=contract, start=start, end=end)
        for key, (_, _, count) in sorted(_FIGURES.items(), key=lambda i: i[1][0])
    }
