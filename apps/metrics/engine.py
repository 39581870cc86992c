"""The indicator engine: one computation function per rule code, thresholds read from the rule.

A function gets a ``Scope`` (contract, community or None, project year or None, the rule
version in force) and returns an ``Outcome``: the value, whether the threshold is met, the
parts that make it up, and the ids of the records it counted. Which scopes a rule is computed
for follows its level and period (data, not code).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from apps.catalogue.models import IndicatorRule, RuleLevel, RulePeriod
from apps.catalogue.selectors import rule_in_force

COMPUTATIONS: dict[str, Callable[[Scope], Outcome]] = {}
# Key, in a computation's cache, of the dict shared by every contract of one run.
ROUND_CACHE = "round"
# Key, in a computation's cache, of the dict shared by the contracts computed together (one
# transaction of a run): their ids under ``CONTRACTS``, the periods (start, end) of all their
# scopes under ``PERIODS`` (a counting check that depends on the period runs once for all of
# them), and the records read for all of them at once.
BATCH = "batch"
CONTRACTS = "contracts"
PERIODS = "periods"


@dataclass(frozen=True)
class Scope:
    rule: IndicatorRule
    contract: object
    community: object | None
    project_year: object | None
    as_of: date
    # Shared by the scopes of one contract's computation: lets rules that read the same
    # records (S1–S4, the catalogue remarks) fetch them once. Never part of a result.
    cache: dict = field(default_factory=dict, compare=False, hash=False, repr=False)

    def cached(self, key, compute):
        full = (key, self.community.pk if self.community else None, self.period_bounds)
        if full not in self.cache:
            self.cache[full] = compute()
        return self.cache[full]

    def shared(self, key, compute):
        """A value computed once for the whole computation of the contract."""
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]

    @property
    def batch(self) -> dict:
        """What the contracts computed together share (see ``BATCH``)."""
        batch = self.cache.get(BATCH)
        if batch is None:
            batch = self.cache[BATCH] = {CONTRACTS: [self.contract.pk]}
        return batch

    def batched(self, key, read, empty):
        """This contract's part of a read made once for every contract computed together.

        ``read(contract_ids)`` returns {contract id: value} (e.g. all their records of one
        kind, in one query, later split by community and year in memory); a contract it
        does not name gets ``empty()``.
        """
        found = self.batch_shared(key, read).get(self.contract.pk)
        return empty() if found is None else found

    def batch_shared(self, key, read):
        """``read(contract_ids)``, once for every contract computed together (for what is
        keyed by ids unique across contracts: cases, households, teams)."""
        batch = self.batch
        if key not in batch:
            batch[key] = read(batch[CONTRACTS])
        return batch[key]

    def round_shared(self, key, compute):
        """A value of the round (rules, catalogue, years), computed once per run: a run over
        many contracts passes the same ``ROUND_CACHE`` dict to each contract's computation."""
        store = self.cache.setdefault(ROUND_CACHE, {})
        if key not in store:
            store[key] = compute()
        return store[key]

    @property
    def key(self) -> str:
        parts = [
            self.contract.pk,
            self.community.pk if self.community else "-",
            self.project_year.pk if self.project_year else "-",
            self.rule.code,
        ]
        return ":".join(str(p) for p in parts)

    @property
    def period_bounds(self) -> tuple[date, date]:
        """The dates a record must fall in to count for this scope."""
        if self.project_year is not None:
            return self.project_year.start, self.project_year.end
        return self.contract.start_date, self.contract.end_date


@dataclass
class Outcome:
    value: Decimal
    met: bool
    values: dict = field(default_factory=dict)
    record_ids: dict[str, list[int]] = field(default_factory=dict)
    # Records looked at but not counted yet, with the reasons: {"app.model": {"id": [...]}}.
    excluded: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # False when the rule does not apply to this scope (e.g. no fund chosen in the plan).
    applicable: bool = True
    # For annual count quotas: the target the pace is measured against.
    quota: Decimal | None = None


def indicator(code: str):
    """Register the computation function of rule ``code``."""

    def register(func):
        COMPUTATIONS[code] = func
        return func

    return register


def scopes_for(
    *, rules_by_code: dict, contract, communities, years, as_of: date, keep=None, cache=None
):
    """Every (rule, contract, community, year) the round's rules ask for, up to ``as_of``.

    ``keep``: when given, only the scopes it accepts (those a change can move, see
    ``services.touches``).
    """
    started = [y for y in years if y.start <= as_of]
    cache = {} if cache is None else cache
    batch = cache.setdefault(BATCH, {CONTRACTS: [contract.pk]})
    scopes = []
    for versions in rules_by_code.values():
        sample = versions[0]
        targets = list(communities) if sample.level == RuleLevel.COMMUNITY else [None]
        if sample.period == RulePeriod.PROJECT_YEAR:
            periods = started
        elif sample.period == RulePeriod.YEAR_AND_CLOSING:
            periods = [*started, None]
        else:
            periods = [None]
        for year in periods:
            on = min(as_of, year.end) if year else as_of
            rule = rule_in_force(versions, on)
            for community in targets:
                scope = Scope(rule, contract, community, year, as_of, cache)
                if keep is None or keep(scope):
                    scopes.append(scope)
    batch[PERIODS] = sorted({*batch.get(PERIODS, ()), *(s.period_bounds for s in scopes)})
    return scopes


def pace(*, scope: Scope, value: Decimal, quota: Decimal | None):
    """Expected-to-date and projected year-end for an annual quota.

    None outside a project year and after the year has ended.
    """
    if quota is None or scope.project_year is None:
        return None, None, False
    start, end = scope.project_year.start, scope.project_year.end
    if scope.as_of > end:
        return None, None, False  # the year is over: its value is final, nothing to project
    total_days = (end - start).days + 1
    elapsed = min(max((scope.as_of - start).days + 1, 0), total_days)
    if elapsed == 0:
        return Decimal(0), None, False
    fraction = Decimal(elapsed) / Decimal(total_days)
    expected = (quota * fraction).quantize(Decimal("0.01"))
    projected = (Decimal(value) / fraction).quantize(Decimal("0.01"))
    return expected, projected, projected < quota


def share(part: int, whole: int) -> Decimal:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.0001")) if whole else Decimal(0)
