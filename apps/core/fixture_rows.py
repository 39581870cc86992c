"""How the rows of a fixture file become model rows: one declaration per model, instead of a
dictionary spelled out key by key at every load (``seed_upsert`` does the writing)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field

from .seeding import seed_upsert


@dataclass(frozen=True)
class FixtureRows:
    """A model's rows in a fixture file.

    - ``fields``: copied as they stand (the fixture must hold them);
    - ``optional``: copied when present, else their default (a fresh copy each time);
    - ``convert``: read through a function (a date or an amount written as text);
    - ``keys``: the row's fields that, with the parent given to ``seed``, find its model row.
    """

    model: type
    fields: tuple[str, ...] = ()
    optional: dict = field(default_factory=dict)
    convert: dict[str, Callable] = field(default_factory=dict)
    keys: tuple[str, ...] = ("code",)

    def values(self, row: dict) -> dict:
        values = {name: row[name] for name in self.fields}
        for name, default in self.optional.items():
            values[name] = row[name] if name in row else copy.copy(default)
        for name, convert in self.convert.items():
            values[name] = convert(row[name])
        return values

    def seed(self, row: dict, parent: dict, *, overwrite: bool, **values):
        """Create the model row of ``row`` (or, with ``overwrite``, bring it up to date) under
        ``parent``: the lookup fields the fixture row does not hold (its round, its category).
        ``values``: fields the caller works out (a row of another table)."""
        lookup = parent | {key: row[key] for key in self.keys}
        return seed_upsert(
            self.model, lookup=lookup, values=self.values(row) | values, overwrite=overwrite
        )
