"""Bulk-entry kinds whose rows go into a contract of the person's agency (archives, service
records, volunteers): the target picker and its gate, shared, so each kind declares only its
rows (``apps.core.bulk``)."""

from __future__ import annotations

from apps.core.bulk.kinds import BulkKind

from .permissions import contract_choice_label, contracts_for_writing


def contract_kind(**fields) -> BulkKind:
    """A kind imported into one of the contracts the person may record on (agency staff)."""
    return BulkKind(targets_for=contracts_for_writing, target_label=contract_choice_label, **fields)
