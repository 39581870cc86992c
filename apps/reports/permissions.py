"""Access gates for PDF reports, built on the gates of what each report is about.

Seeing a report (and downloading its file) follows its subject: a quarterly report's PDF is for
those who see that quarterly report (the agency, the district and street, the bureau, the
evaluator); a commission's for those who see the commission; a contract evaluation's for the
bureau (submitted or approved), the evaluator organization that wrote it and, once approved,
those who read the approved result (the agency of the contract, the district and street); the city-wide overview for the
city-wide roles (bureau and evaluator). Asking for a new rendering: whoever sees the subject,
except the overview, which only the bureau asks for (an evaluator gets 403). Someone who reads
with names masked (evaluators) gets, and sees, only masked copies of the kinds that may carry
personal text.
"""

from django.db.models import Q
from django.http import Http404

from apps.accounts.gates import get_in_scope_or_404, require, scope_for
from apps.accounts.masking import names_masked_for
from apps.community.permissions import quarterly_reports_visible_to
from apps.plans.permissions import commissions_visible_to

from .documents import contract_evaluations_reportable_to
from .models import Report, ReportKind
from .registry import KINDS, available_kinds, spec_for

REQUEST = "request"


def masked_for(user) -> bool:
    """The privacy decision of the portal (evaluators read without names), reused as is."""
    return names_masked_for(user)


def _sees_kind(user, kind) -> bool:
    scope = scope_for(user)
    if kind == ReportKind.CITY_OVERVIEW:
        return scope.city_wide
    return scope.authenticated


def can_request_kind(*, user, kind) -> bool:
    """May ``user`` ask for a new rendering of ``kind`` (given a subject in their scope)?"""
    scope = scope_for(user)
    if spec_for(kind) is None:
        return False
    if kind == ReportKind.CITY_OVERVIEW:
        return scope.can_administer
    return scope.authenticated


def kinds_for(*, user) -> list:
    """The kinds whose reports ``user`` may see, each with whether they may ask for one."""
    return [
        {"spec": spec, "can_request": can_request_kind(user=user, kind=spec.kind)}
        for spec in available_kinds()
        if _sees_kind(user, spec.kind)
    ]


def report_subject_get_for_user_or_404(*, user, kind, pk, perm=REQUEST):
    """The object a new report of ``kind`` would be about: 404 outside scope, 403 if the
    person sees it but may not ask for this kind."""
    spec = spec_for(kind)
    if spec is None or not _sees_kind(user, kind):
        raise Http404
    subject = spec.subject(user=user, pk=pk)
    if perm == REQUEST:
        require(can_request_kind(user=user, kind=kind), "您不能申请生成该类报告。")
    return subject


def reports_visible_to(*, user):
    """Reports whose file ``user`` may download."""
    scope = scope_for(user)
    qs = Report.objects.with_related()
    if not scope.authenticated:
        return qs.none()
    q = Q(
        kind=ReportKind.QUARTERLY,
        subject_id__in=quarterly_reports_visible_to(user=user).values("pk"),
    ) | Q(kind=ReportKind.COMMISSION, subject_id__in=commissions_visible_to(user=user).values("pk"))
    q |= Q(
        kind=ReportKind.CONTRACT_EVALUATION,
        subject_id__in=contract_evaluations_reportable_to(user=user).values("pk"),
    )
    if scope.city_wide:
        q |= Q(kind=ReportKind.CITY_OVERVIEW)
    qs = qs.filter(q)
    if masked_for(user):
        personal = [k for k, spec in KINDS.items() if spec.personal]
        qs = qs.exclude(kind__in=personal, masked=False)
    return qs


def report_get_for_user_or_404(*, user, pk) -> Report:
    return get_in_scope_or_404(reports_visible_to(user=user), pk=pk)
