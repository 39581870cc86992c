"""How an indicator's number reads, wherever it is shown: shares as percentages, counts as
counts (``63%`` against "不少于50%", ``152`` against a count). The pages' template filter, the
reports and the evaluator's scoring page all print a snapshot's value through here."""

from __future__ import annotations


def is_share(rule) -> bool:
    """A rule whose value is a share (S2, S4); C1's value is a count of archives."""
    return "min_share" in (rule.thresholds or {})


def indicator_value(snapshot) -> str:
    """A snapshot's value as the rule states it: ``67%`` for a share, ``12`` or ``2.5`` else."""
    value = snapshot.value
    if value is None:
        return "—"
    if is_share(snapshot.rule):
        return f"{float(value) * 100:.0f}%"
    number = float(value)
    return f"{number:.0f}" if number.is_integer() else f"{number:.2f}".rstrip("0").rstrip(".")
