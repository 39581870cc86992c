"""Writes: A1-T2-3 research, A1-T3-2 incubation, A1-T3-3 trainings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.records.services import (
    record_base,
)
from apps.records.services import record_save as save

from .. import rules
from ..models import Incubation, ResearchStudy, TrainingSession

# --- A1-T2-3 research, A1-T3-2 incubation, A1-T3-3 trainings ----------------------------------


@transaction.atomic
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
    base = record_base(
        actor=actor,
        contract=contract,
        item_code=rules.RESEARCH_ITEM,
        on=started_on,
        community=community,
        sub_item=sub_item,
        sub_item_required=True,
    )
    if finished_on and finished_on < started_on:
        raise ValidationError("完成日期不能早于开始日期。")
    return save(
        ResearchStudy(
            **base,
            title=title.strip(),
            started_on=started_on,
            finished_on=finished_on,
            summary=summary,
        ),
        actor=actor,
        action="study_create",
    )


@transaction.atomic
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
    base = record_base(
        actor=actor,
        contract=contract,
        item_code=rules.TRAINING_ITEM,
        on=held_on,
        sub_item=sub_item,
        community_required=False,
    )
    hours = Decimal(hours)
    if hours <= 0:
        raise ValidationError("学时须大于0。")
    if attendee_count < 1:
        raise ValidationError("参训人数须至少1人。")
    return save(
        TrainingSession(
            **base,
            held_on=held_on,
            topic=topic.strip(),
            hours=hours,
            trainer=trainer.strip(),
            attendee_count=attendee_count,
            attendees=attendees,
        ),
        actor=actor,
        action="training_create",
        hours=str(hours),
    )


@transaction.atomic
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
    base = record_base(
        actor=actor,
        contract=contract,
        item_code=rules.INCUBATION_ITEM,
        on=started_on,
        community=community,
        sub_item=sub_item,
        community_required=False,
        sub_item_required=True,
    )
    return save(
        Incubation(
            **base,
            organization_name=organization_name.strip(),
            started_on=started_on,
            stage=stage,
            results=results,
        ),
        actor=actor,
        action="incubation_create",
    )
