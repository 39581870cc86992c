"""Tests' view of the ground-floor "contract changed" announcements."""

from apps.core.changes import contract_changed
from apps.metrics.services import contract_changed_receiver


def announcements(callbacks) -> list[dict]:
    """Run captured on-commit callbacks as a commit would; what was sent, in order
    (``contract_id`` and ``changes``).

    The engine's receiver is set aside meanwhile, so no recompute runs; what is checked is
    what the ground floor announces (once per contract per commit, nothing when rolled back).
    """
    sent: list[dict] = []

    def capture(sender, *, signal, **kwargs):
        sent.append(kwargs)

    contract_changed.disconnect(dispatch_uid="metrics.recompute")
    contract_changed.connect(capture, weak=False, dispatch_uid="tests.capture")
    try:
        for callback in callbacks:
            callback()
    finally:
        contract_changed.disconnect(dispatch_uid="tests.capture")
        contract_changed.connect(contract_changed_receiver, dispatch_uid="metrics.recompute")
    return sent


def announced(callbacks) -> list[int]:
    """The contracts announced by the captured callbacks, sorted (see ``announcements``)."""
    sent = [kwargs["contract_id"] for kwargs in announcements(callbacks)]
    assert len(sent) == len(set(sent)), f"a contract was announced twice in one commit: {sent}"
    return sorted(sent)
