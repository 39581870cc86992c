from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .permissions import contract_get_for_user_or_404, unit_get_for_user_or_404
from .selectors import unit_contracts


@login_required
def unit_detail(request, pk):
    unit = unit_get_for_user_or_404(user=request.user, pk=pk)
    return render(
        request,
        "procurement/unit_detail.html",
        {"unit": unit, "contracts": unit_contracts(user=request.user, unit=unit)},
    )


@login_required
def contract_detail(request, pk):
    contract = contract_get_for_user_or_404(user=request.user, pk=pk)
    return render(request, "procurement/contract_detail.html", {"contract": contract})
