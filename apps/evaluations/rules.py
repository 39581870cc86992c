"""Scoring, sampling and payment arithmetic, and the decisions the plan leaves open.

The plan (§四, §六(一), §六(三)) says the bureau pays "according to the contract, the
comprehensive evaluation and the actual completion", deducts points for a team formed more
than 15 days late and cuts the amount or ends the contract past 30 days — but gives no
formula. What this module decides (every number is rubric / schedule data the bureau edits;
the defaults below are only what ``rubric_default_create`` writes):

- **Total score.** Each indicator gets 0 … max points. Its contribution is
  ``points / max_points × weight``; the total is ``Σ contributions / Σ weights × 100``
  (a 0–100 scale whatever the weights). The default rubric's weights equal its maximum
  points (summing to 100), so there the total is simply the sum of the points.
- **Grade bands.** A total belongs to the highest band whose minimum it reaches (minimum
  included): 优秀 ≥ 90, 良好 ≥ 80, 合格 ≥ 60, 不合格 below.
- **Grade → payment.** Each band carries a payment factor applied to the instalment's planned
  amount: 优秀 1.00, 良好 1.00, 合格 0.90, 不合格 0.70.
- **Lateness (§四, "视情").** The software only proposes; the bureau's recorded
  ``LatenessDecision`` decides. A decision with "评估中扣分" (proposed past 15 days, e.g. 16)
  sets the lateness indicator's suggested points to 0 (its whole maximum is the deduction);
  without it the indicator is full. A decision with an amount cut (proposed past 30 days,
  e.g. 31) is money: the cut is subtracted from the instalments released after it, the first
  one first, until it is used up (never making a payment negative); the explainer shows it.
- **Team gaps.** The team-compliance indicator is suggested as ``max × met checks / checks``
  of Annex 2 on the evaluation day (the unit's team); a compliant team gets full points.
- **C1's "原则上" (70 % distressed).** The engine already counts such a community as met; the
  evaluator accepts or rejects the shortfall with a reason. Accepted: the community counts as
  met for the score; rejected: it counts as not met. The dashboard keeps its warning.
- **Verification sample.** Per community of the contract, separately for case files and
  household archives of the project year: ``n = min(population, max(minimum,
  ceil(share × population)))``; defaults share 10 %, minimum 3. Drawn with
  ``random.Random(seed)`` over the records sorted by id, the seed stored, so the same seed
  always gives the same records. The sample indicator is ``max × passed / checked``.
- **Several evaluators.** The bureau approves one consolidated result: per indicator the mean
  of the submitted evaluations' points; an indicator whose evaluators differ by more than the
  rubric's threshold (default 20 % of its maximum) is flagged on the comparison page.
- **Schedule.** Per project year, by default 50 % on the approved mid-term evaluation and 50 %
  on the approved final one, of the contract's annual amount.
- **Ceilings.** A payment never makes the contract's payments exceed its term amount
  (annual × years) minus recorded cuts, nor the round's payments exceed the units' budget
  (30.8 M); the evaluator's contract is paid from the related costs (2 M). Each payment
  names the funding year it is paid from (the year of its payment date).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def q2(x) -> Decimal:
    return Decimal(x).quantize(CENT, rounding=ROUND_HALF_UP)


def weighted_total(rows) -> Decimal:
    """``rows``: (points, max_points, weight). The 0–100 total described above."""
    weights = sum((Decimal(w) for _, _, w in rows), Decimal(0))
    if not weights:
        return Decimal(0)
    contrib = sum(
        (Decimal(p) / Decimal(m) * Decimal(w) for p, m, w in rows if Decimal(m) > 0), Decimal(0)
    )
    return q2(contrib / weights * HUNDRED)


def band_for(total, bands):
    """The highest band whose minimum the total reaches (``bands``: objects with min_score)."""
    for band in sorted(bands, key=lambda b: b.min_score, reverse=True):
        if Decimal(total) >= band.min_score:
            return band
    return None


def sample_size(population: int, *, share: Decimal, minimum: int) -> int:
    """The rule: min(population, max(minimum, ceil(share × population)))."""
    if population <= 0:
        return 0
    wanted = max(minimum, math.ceil(Decimal(share) * population))
    return min(population, wanted)


def draw(ids, *, seed: int, share: Decimal, minimum: int) -> list[int]:
    """The ids drawn from ``ids`` (any order) by the stored seed; same seed, same ids."""
    ordered = sorted(ids)
    n = sample_size(len(ordered), share=share, minimum=minimum)
    return sorted(random.Random(seed).sample(ordered, n))


@dataclass
class Step:
    label: str
    amount: Decimal
    clause: str
    detail: str = ""

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "amount": str(self.amount),
            "clause": self.clause,
            "detail": self.detail,
        }


@dataclass
class Explanation:
    instalment: object
    result: object | None
    steps: list[Step] = field(default_factory=list)
    amount: Decimal = Decimal(0)
    cut_applied: Decimal = Decimal(0)
    blocked: str = ""  # why nothing can be released (no approved evaluation, ceiling …)

    @property
    def releasable(self) -> bool:
        return not self.blocked
