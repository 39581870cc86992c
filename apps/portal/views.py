"""The portal's own pages: each person's home and the overviews that join several apps."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.agencies.rules import handles_missing_rules
from apps.agencies.selectors import evaluator_teams
from apps.procurement.permissions import evaluator_contracts_visible_to
from apps.procurement.selectors import current_round

from .selectors import PLAN_LABELS, home_sections, unit_overview


@login_required
def home(request):
    """Each person's home: their own scope, one section per role they hold."""
    pilot_round = current_round()
    return render(
        request,
        "portal/home.html",
        {
            "sections": home_sections(user=request.user, pilot_round=pilot_round),
            "round": pilot_round,
        },
    )


@login_required
@handles_missing_rules
def procurement_overview(request):
    """Every unit in scope at a glance: tendered, awarded, team compliant, late, plan approved."""
    return render(
        request,
        "portal/procurement_overview.html",
        {"rows": unit_overview(user=request.user), "plan_labels": PLAN_LABELS},
    )


@login_required
def evaluator_contracts(request):
    """The evaluator's contracts (related costs): for the bureau and evaluators; others see none."""
    contracts = list(evaluator_contracts_visible_to(user=request.user))
    teams = evaluator_teams(contracts=contracts)
    rows = [(c, teams.get(c.pk)) for c in contracts]
    return render(request, "portal/evaluator_contracts.html", {"rows": rows})
