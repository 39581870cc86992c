"""Reads for the reports pages: what a person may ask for, and the reports they may download."""

from django.db.models import Count

from apps.community.permissions import quarterly_reports_visible_to
from apps.plans.permissions import commissions_visible_to
from apps.procurement.selectors import current_round

from .documents import contract_evaluations_reportable_to
from .models import ReportKind
from .permissions import kinds_for, reports_visible_to


def subject_choices(*, user, kind) -> list[tuple[int, str]]:
    """(pk, label) of the objects ``user`` may ask a report of ``kind`` about."""
    if kind == ReportKind.QUARTERLY:
        rows = quarterly_reports_visible_to(user=user).select_related("contract__unit__street")
        return [
            (q.pk, f"{q.contract.unit.street.name} {q.contract.number} {q.year}年第{q.quarter}季度")
            for q in rows.order_by("contract__unit__code", "-year", "-quarter")
        ]
    if kind == ReportKind.CITY_OVERVIEW:
        pilot_round = current_round()
        if pilot_round is None:
            return []
        return [(y.pk, str(y)) for y in pilot_round.years.order_by("number")]
    if kind == ReportKind.COMMISSION:
        rows = commissions_visible_to(user=user).select_related("contract__unit__street")
        return [
            (c.pk, f"{c.contract.number} {c.organization.name}")
            for c in rows.order_by(
                "contract__unit__code", "organization__kind", "organization__code"
            )
        ]
    if kind == ReportKind.CONTRACT_EVALUATION:
        rows = contract_evaluations_reportable_to(user=user).select_related(
            "contract__unit__street", "project_year"
        )
        return [
            (
                e.pk,
                f"{e.contract.unit.street.name} {e.contract.number} 第{e.project_year.number}年度"
                f"{e.get_kind_display()}(评估{e.pk},{e.get_status_display()})",
            )
            for e in rows.order_by("contract__unit__code", "project_year__number", "kind", "pk")
        ]
    return []


def reports_page(*, user) -> dict:
    """The list page: per kind the person sees, whether they may ask and about what; then every
    report they may download, newest first, with its download count."""
    kinds = []
    for entry in kinds_for(user=user):
        spec = entry["spec"]
        kinds.append(
            {
                **entry,
                "choices": (
                    subject_choices(user=user, kind=spec.kind) if entry["can_request"] else []
                ),
            }
        )
    reports = list(
        reports_visible_to(user=user)
        .annotate(download_count=Count("downloads"))
        .order_by("-created_at", "-pk")[:200]
    )
    return {"kinds": kinds, "reports": reports}
