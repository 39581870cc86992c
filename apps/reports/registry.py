"""The report kinds: document-number code, subject, builder, title, and whether it is ready;
each kind's PDF template is ``reports/pdf/<kind>.html``.

Adding a report is one more entry here (``available=False`` declares a kind that is not
offered yet).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import documents
from .models import ReportKind


@dataclass(frozen=True)
class KindSpec:
    kind: ReportKind
    code: str  # the character in the document number: 苏试季〔2026〕00012号
    # True when the document may carry free text naming people: masked copies leave it out.
    personal: bool
    subject: Callable | None  # (user, pk) → the object the report is about (404 outside scope)
    build: Callable | None  # (user, report) → documents.Built
    title: Callable | None  # subject → the document's title
    available: bool = True

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def template(self) -> str:
        """Each kind's PDF template is named after it."""
        return f"reports/pdf/{self.kind.value}.html"


_SPECS = (
    KindSpec(
        kind=ReportKind.QUARTERLY,
        code="季",
        personal=True,
        subject=documents.quarterly_subject,
        build=documents.build_quarterly,
        title=documents.quarterly_title,
    ),
    KindSpec(
        kind=ReportKind.CITY_OVERVIEW,
        code="览",
        personal=False,
        subject=documents.overview_subject,
        build=documents.build_city_overview,
        title=documents.overview_title,
    ),
    KindSpec(
        kind=ReportKind.COMMISSION,
        code="委",
        personal=True,
        subject=documents.commission_subject,
        build=documents.build_commission,
        title=documents.commission_title,
    ),
    # Scores by dimension, indicators with clause/value/threshold, charts, the verification
    # sample, evidence, deductions, grade, signature and seal blocks: built on apps.evaluations.
    KindSpec(
        kind=ReportKind.CONTRACT_EVALUATION,
        code="评",
        personal=True,
        subject=documents.evaluation_subject,
        build=documents.build_contract_evaluation,
        title=documents.evaluation_title,
    ),
)
KINDS: dict[str, KindSpec] = {spec.kind: spec for spec in _SPECS}


def spec_for(kind: str) -> KindSpec | None:
    spec = KINDS.get(kind)
    return spec if spec is not None and spec.available else None


def available_kinds() -> list[KindSpec]:
    return [s for s in KINDS.values() if s.available]
