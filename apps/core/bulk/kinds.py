"""The registry of bulk-entry kinds: each owning app declares what it imports, in its
``AppConfig.ready``, so the ground floor runs every kind without importing any of them.

A kind's functions (all keyword-only):

- ``targets_for(user)``: the objects (contracts) the person may import into, a QuerySet
  built on the owning app's permissions module; empty → the pages answer 403;
- ``help_lines(user)``: the 填写说明 lines of the template (codes, names the person may use);
- ``match(rows, target, actor, problems)``: the registry-match step — ONE query per lookup
  table for all rows, then dictionary reads; adds row problems (an object outside the
  person's scope reads exactly like one that does not exist);
- ``apply(rows, target, actor)``: writes every row through the owning app's services (called
  inside one transaction with the engine's announcements paused) and returns the ids of the
  contracts it changed; a service's ``ValidationError`` is reported against its row via
  ``RowError``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.http import Http404

from .columns import Column


class RowError(ValidationError):
    """A row refused while writing: the import rolls back and shows this against the row."""

    def __init__(self, row: int, column: str, messages: list[str]):
        super().__init__(messages)
        self.row, self.column = row, column


def apply_rows(rows: list[dict], write: Callable[[dict], None], *, column: str = "") -> int:
    """Call ``write`` for each row; a ``ValidationError`` becomes the row's ``RowError``."""
    for row in rows:
        try:
            write(row)
        except ValidationError as exc:
            raise RowError(row["row"], column, exc.messages) from exc
    return len(rows)


@dataclass(frozen=True)
class BulkKind:
    slug: str
    title: str  # what one row is, e.g. "居民家庭需求档案"; also the template's data sheet
    columns: tuple[Column, ...]
    targets_for: Callable
    help_lines: Callable
    match: Callable
    apply: Callable[..., Iterable[int]]
    target_label: Callable = str
    target_noun: str = "合同"
    back_url_name: str = ""  # the list page the upload pages link back to
    back_label: str = ""

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self.columns]

    @property
    def required_labels(self) -> list[str]:
        return [c.label for c in self.columns if c.required]


_KINDS: dict[str, BulkKind] = {}


def register(kind: BulkKind) -> None:
    _KINDS[kind.slug] = kind


def get_kind(slug: str) -> BulkKind:
    try:
        return _KINDS[slug]
    except KeyError as exc:
        raise Http404 from exc


def all_kinds() -> list[BulkKind]:
    return list(_KINDS.values())
