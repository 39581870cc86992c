"""Tests' view of the ground-floor "contract changed" announcements."""

from apps.core.changes import contract_changed
from apps.metrics.services import contract_changed_receiver


def announced(callbacks) -> list[int]:
    """Run captured on-commit callbacks as a commit would; the contracts announced, sorted.

    The engine's receiver is set aside meanwhile, so no recompute runs; what is checked is
    what the ground floor announces (once per contract per commit, nothing when rolled back).
    """
    sent: list[int] = []

    def capture(sender, *, contract_id, **kwargs):
        sent.append(contract_id)

    contract_changed.disconnect(dispatch_uid="metrics.recompute")
    contract_changed.connect(capture, weak=False, dispatch_uid="tests.capture")
    try:
        for callback in callbacks:
            callback()
    finally:
        contract_changed.disconnect(dispatch_uid="tests.capture")
        contract_changed.connect(contract_changed_receiver, dispatch_uid="metrics.recompute")
    assert len(sent) == len(set(sent)), f"a contract was announced twice in one commit: {sent}"
    return sorted(sent)
