from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import catalogue_counts, catalogue_round, catalogue_tree, current_indicator_rules


@login_required
def index(request):
    """Annex 1 as data: categories → items → sub-items, duties, remarks and their rules."""
    pilot_round = catalogue_round()
    tree = catalogue_tree(user=request.user, pilot_round=pilot_round) if pilot_round else []
    return render(
        request,
        "catalogue/index.html",
        {"round": pilot_round, "tree": tree, "counts": catalogue_counts(tree)},
    )


@login_required
def rules(request):
    """The completion indicators with their clauses, thresholds and periods."""
    pilot_round = catalogue_round()
    rules = (
        current_indicator_rules(user=request.user, pilot_round=pilot_round) if pilot_round else []
    )
    return render(request, "catalogue/rules.html", {"round": pilot_round, "rules": rules})
