"""The ground-floor "contract changed" signal.

A delivery app (cases, community, plans, procurement …) that changes something a contract is
measured on calls ``contract_changed_on_commit(contract_id=…)``. It never imports the engine:
the engine (``apps.metrics``) connects a receiver to ``contract_changed`` in its AppConfig and
queues its recompute there, so the arrows point down (delivery → core ← metrics).

Semantics, kept from the engine's earlier hook:

- the signal is sent after the surrounding transaction commits, never for rolled-back work
  (Django drops the callbacks of a rolled-back block);
- a contract is announced once per commit, however many of its records changed;
- inside ``contract_changes_paused()`` (bulk loads that compute everything afterwards) nothing
  is announced.

Dedupe uses only public APIs: every call registers its own ``on_commit`` callback; the
callbacks of one commit run one after another, and a callback whose contract was already
announced in that run stays silent. A new registration means a new transaction is being
written, so it clears the set of contracts already announced.

Where the change lies (optional, added for the engine's incremental recompute, issue 15): a
caller may name the changed record's community, date and kind (``community_id``, ``on``,
``model`` as "app_label.model"). The signal then carries ``changes``: the (community id,
date, kind) triples of every call for that contract since its last announcement, or None
when any call gave no details (the whole contract). Details only ever narrow what a receiver recomputes, so a caller that cannot
name every place its change touches (a record moved between communities, a record that
counts in several years) gives none. Details of a rolled-back transaction may join the next
announcement of the same contract: that only widens it. Receivers that do not know
``changes`` take it in ``**kwargs`` and ignore it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date

from django.db import transaction
from django.dispatch import Signal

# Sent with ``contract_id`` (int) and ``changes`` (see the module doc) after the change has
# been committed.
contract_changed = Signal()

_state = threading.local()


def _announced() -> set[int]:
    if not hasattr(_state, "announced"):
        _state.announced = set()
    return _state.announced


def _pending() -> dict[int, set | None]:
    """Contract → the (community id, date) pairs not yet announced (None: the whole
    contract)."""
    if not hasattr(_state, "pending"):
        _state.pending = {}
    return _state.pending


@contextmanager
def contract_changes_paused():
    """Announce nothing inside (bulk loads that recompute everything once afterwards)."""
    previous = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = previous


def contract_changes_forget() -> None:
    """Forget the details of changes not announced yet (left by rolled-back work, which can
    only widen a later announcement): a test that checks details starts with this."""
    _pending().clear()


def changes_paused() -> bool:
    return getattr(_state, "paused", False)


class _Announce:
    def __init__(self, contract_id: int):
        self.contract_id = contract_id

    def __call__(self) -> None:
        announced = _announced()
        if self.contract_id in announced:
            return
        announced.add(self.contract_id)
        where = _pending().pop(self.contract_id, None)
        changes = None if where is None else sorted(where, key=_order)
        contract_changed.send(sender=None, contract_id=self.contract_id, changes=changes)


def _order(change):
    community_id, on, model = change
    return (community_id is None, community_id or 0, on is None, on or date.min, model or "")


def contract_changed_on_commit(
    *,
    contract_id: int | None,
    community_id: int | None = None,
    on: date | None = None,
    model: str | None = None,
) -> None:
    """Announce, after the current transaction commits, that one contract's data changed.

    ``community_id``, ``on`` and ``model``, when given, say where: the changed record's
    community (None: the contract as a whole), date and kind (see the module doc)."""
    if contract_id is None or changes_paused():
        return
    _announced().clear()
    pending = _pending()
    if community_id is None and on is None and model is None:
        pending[contract_id] = None
    elif contract_id not in pending:
        pending[contract_id] = {(community_id, on, model)}
    elif pending[contract_id] is not None:
        pending[contract_id].add((community_id, on, model))
    transaction.on_commit(_Announce(contract_id))


def contracts_changed_on_commit(contract_ids: Iterable[int | None]) -> None:
    """The same for several contracts (each announced once)."""
    for contract_id in sorted({c for c in contract_ids if c is not None}):
        contract_changed_on_commit(contract_id=contract_id)
