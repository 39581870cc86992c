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
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import transaction
from django.dispatch import Signal

# Sent with ``contract_id`` (int) after the change has been committed.
contract_changed = Signal()

_state = threading.local()


def _announced() -> set[int]:
    if not hasattr(_state, "announced"):
        _state.announced = set()
    return _state.announced


@contextmanager
def contract_changes_paused():
    """Announce nothing inside (bulk loads that recompute everything once afterwards)."""
    previous = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = previous


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
        contract_changed.send(sender=None, contract_id=self.contract_id)


def contract_changed_on_commit(*, contract_id: int | None) -> None:
    """Announce, after the current transaction commits, that one contract's data changed."""
    if contract_id is None or changes_paused():
        return
    _announced().clear()
    transaction.on_commit(_Announce(contract_id))


def contracts_changed_on_commit(contract_ids: Iterable[int | None]) -> None:
    """The same for several contracts (each announced once)."""
    for contract_id in sorted({c for c in contract_ids if c is not None}):
        contract_changed_on_commit(contract_id=contract_id)
