"""Writes: A1-T2-3 research, A1-T3-2 incubation, A1-T3-3 trainings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

from apps.records.services import RecordKind, creates

from .. import rules
from ..models import Incubation, ResearchStudy, TrainingSession

# --- A1-T2-3 research, A1-T3-2 incubation, A1-T3-3 trainings ----------------------------------

STUDY = RecordKind(
    ResearchStudy, rules.RESEARCH_ITEM, on="started_on", strip=("title",), sub_item_required=True
)
TRAINING = RecordKind(
    TrainingSession,
    rules.TRAINING_ITEM,
    on="held_on",
    strip=("topic", "trainer"),
    convert={"hours": Decimal},
    community_required=False,
    audit=lambda training: {"hours": str(training.hours)},
)
INCUBATION = RecordKind(
    Incubation,
    rules.INCUBATION_ITEM,
    on="started_on",
    strip=("organization_name",),
    community_required=False,
    sub_item_required=True,
)


@creates(STUDY)
def study_create(
    *,
    actor,
    contract,
    community,
    sub_item,
    title: str,
    started_on: date,
    finished_on: date | None = None,
    summary: str = "",
) -> ResearchStudy:
    if finished_on and finished_on < started_on:
        raise ValidationError("完成日期不能早于开始日期。")


@creates(TRAINING)
def training_create(
    *,
    actor,
    contract,
    held_on: date,
    topic: str,
    hours: Decimal,
    trainer: str,
    attendee_count: int,
    attendees: str = "",
    sub_item=None,
) -> TrainingSession:
    """A street-level session (community left empty): S5 counts sessions and hours."""
    if hours <= 0:
        raise ValidationError("学时须大于0。")
    if attendee_count < 1:
        raise ValidationError("参训人数须至少1人。")


@creates(INCUBATION)
def incubation_create(
    *,
    actor,
    contract,
    sub_item,
    organization_name: str,
    started_on: date,
    community=None,
    stage: str = "",
    results: str = "",
) -> Incubation:
    """An organisation incubated for the contract (a community optional)."""
