from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.accounts.gates import CHANGE, get_in_scope_or_404, require, scope_for
from apps.agencies.rules import handles_missing_rules

from .forms import AwardForm, BidForm, LatenessDecisionForm, TeamFormedForm, TenderOpenForm
from .models import LatenessDecision, Tender
from .permissions import (
    contract_get_for_user_or_404,
    evaluator_contracts_visible_to,
    tenders_visible_to,
    unit_get_for_user_or_404,
)
from .selectors import PLAN_LABELS, contract_lateness, unit_contracts, unit_overview
from .services import (
    bid_record,
    contract_team_formed_record,
    lateness_decide,
    tender_award,
    tender_open,
)


def _errors(request, exc):
    for msg in exc.messages:
        messages.error(request, msg)


@login_required
@handles_missing_rules
def index(request):
    """Every unit in scope at a glance: tendered, awarded, team compliant, late, plan approved."""
    return render(
        request,
        "procurement/index.html",
        {"rows": unit_overview(user=request.user), "plan_labels": PLAN_LABELS},
    )


@login_required
def unit_detail(request, pk):
    unit = unit_get_for_user_or_404(user=request.user, pk=pk)
    tender = Tender.objects.with_related().filter(unit=unit).first()
    admin = scope_for(request.user).can_administer
    return render(
        request,
        "procurement/unit_detail.html",
        {
            "unit": unit,
            "contracts": unit_contracts(user=request.user, unit=unit),
            "tender": tender,
            "award": getattr(tender, "award", None) if tender else None,
            "can_administer": admin,
            "open_form": TenderOpenForm() if admin and tender is None else None,
            "bid_form": BidForm() if admin and tender and tender.status == "open" else None,
            "award_form": (
                AwardForm(tender=tender) if admin and tender and tender.status == "open" else None
            ),
        },
    )


@login_required
def contract_detail(request, pk):
    contract = contract_get_for_user_or_404(user=request.user, pk=pk)
    admin = scope_for(request.user).can_administer
    return render(
        request,
        "procurement/contract_detail.html",
        {
            "contract": contract,
            "lateness": contract_lateness(contract=contract),
            "decision": LatenessDecision.objects.filter(contract=contract).first(),
            "formed_form": TeamFormedForm() if admin else None,
            "decision_form": LatenessDecisionForm() if admin else None,
        },
    )


@login_required
@require_POST
def tender_open_view(request, pk):
    unit = unit_get_for_user_or_404(user=request.user, pk=pk, perm=CHANGE)
    form = TenderOpenForm(request.POST)
    if form.is_valid():
        try:
            tender_open(actor=request.user, unit=unit, **form.cleaned_data)
            messages.success(request, "已登记招标。")
        except ValidationError as exc:
            _errors(request, exc)
    return redirect("procurement:unit_detail", pk=unit.pk)


def _tender_for_change(request, pk):
    tender = get_in_scope_or_404(tenders_visible_to(user=request.user), pk=pk)
    require(scope_for(request.user).can_administer)
    return tender


@login_required
@require_POST
def bid_add(request, pk):
    tender = _tender_for_change(request, pk)
    form = BidForm(request.POST)
    if form.is_valid():
        try:
            bid_record(actor=request.user, tender=tender, **form.cleaned_data)
            messages.success(request, "已登记投标。")
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, f"表单有误:{form.errors.as_text()}")
    return redirect("procurement:unit_detail", pk=tender.unit_id)


@login_required
@require_POST
def award_add(request, pk):
    tender = _tender_for_change(request, pk)
    form = AwardForm(request.POST, tender=tender)
    if form.is_valid():
        try:
            tender_award(actor=request.user, tender=tender, **form.cleaned_data)
            messages.success(request, "已登记中标结果。")
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, f"表单有误:{form.errors.as_text()}")
    return redirect("procurement:unit_detail", pk=tender.unit_id)


@login_required
@require_POST
def team_formed(request, pk):
    contract = contract_get_for_user_or_404(user=request.user, pk=pk, perm=CHANGE)
    form = TeamFormedForm(request.POST)
    if form.is_valid():
        try:
            contract_team_formed_record(actor=request.user, contract=contract, **form.cleaned_data)
            messages.success(request, "已登记团队组建日期。")
        except ValidationError as exc:
            _errors(request, exc)
    return redirect("procurement:contract_detail", pk=contract.pk)


@login_required
@require_POST
def lateness_decision(request, pk):
    contract = contract_get_for_user_or_404(user=request.user, pk=pk, perm=CHANGE)
    form = LatenessDecisionForm(request.POST)
    if form.is_valid():
        try:
            lateness_decide(actor=request.user, contract=contract, **form.cleaned_data)
            messages.success(request, "已记录处理决定。")
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, f"表单有误:{form.errors.as_text()}")
    return redirect("procurement:contract_detail", pk=contract.pk)


@login_required
def evaluator_contracts(request):
    """The evaluator's contracts (related costs): for the bureau and evaluators; others see none."""
    from apps.agencies.models import Team  # agencies builds on procurement: import at use

    contracts = list(evaluator_contracts_visible_to(user=request.user))
    teams = {
        t.evaluator_contract_id: t for t in Team.objects.filter(evaluator_contract__in=contracts)
    }
    rows = [(c, teams.get(c.pk)) for c in contracts]
    return render(request, "procurement/evaluator_contracts.html", {"rows": rows})
