"""Pages of units and contracts: tenders, bids, awards, team formation and lateness (§四)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts.gates import CHANGE
from apps.core.posting import PageForms, inline_post_view, post_and_return

from .forms import (
    AwardContractForm,
    AwardForm,
    BidForm,
    LatenessDecisionForm,
    TeamFormedForm,
    TenderOpenForm,
)
from .models import LatenessDecision, Tender
from .permissions import (
    can_manage_procurement,
    contract_get_for_user_or_404,
    tender_get_for_user_or_404,
    unit_get_for_user_or_404,
)
from .selectors import contract_lateness, unit_contracts
from .services import (
    award_contract_create,
    bid_record,
    contract_team_formed_record,
    lateness_decide,
    tender_award,
    tender_open,
)


@login_required
def unit_detail(request, pk):
    unit = unit_get_for_user_or_404(user=request.user, pk=pk)
    tender = Tender.objects.with_related().filter(unit=unit).first()
    admin = can_manage_procurement(user=request.user)
    is_open = admin and tender is not None and tender.status == "open"
    award = getattr(tender, "award", None) if tender else None
    return render(
        request,
        "procurement/unit_detail.html",
        {
            "unit": unit,
            "contracts": unit_contracts(user=request.user, unit=unit),
            "tender": tender,
            "award": award,
            "can_administer": admin,
            "open_form": TenderOpenForm() if admin and tender is None else None,
            "bid_form": BidForm() if is_open else None,
            "award_form": AwardForm(tender=tender) if is_open else None,
            # The award's contract is signed here once the winner is recorded.
            "contract_form": (
                AwardContractForm(unit=unit) if admin and award and not award.contract_id else None
            ),
        },
    )


@login_required
def contract_detail(request, pk):
    contract = contract_get_for_user_or_404(user=request.user, pk=pk)
    admin = can_manage_procurement(user=request.user)
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


def _unit_page(unit_id) -> str:
    return reverse("procurement:unit_detail", args=[unit_id])


tender_open_view = inline_post_view(
    unit_get_for_user_or_404,
    CHANGE,
    TenderOpenForm,
    tender_open,
    "已登记招标。",
    lambda unit: _unit_page(unit.pk),
    "unit",
)

# The forms of a unit's page that act on its tender.
_tender_forms = PageForms(
    tender_get_for_user_or_404, CHANGE, "tender", lambda tender: _unit_page(tender.unit_id)
)
bid_add = _tender_forms.view(BidForm, bid_record, "已登记投标。")
# Award with the Annex 2 check: a failing winner is refused (the failures are the page's
# message) unless an override reason is given.
award_add = _tender_forms.view(
    AwardForm, tender_award, "已登记中标结果。", form_kwargs=lambda tender: {"tender": tender}
)


@login_required
@require_POST
def award_contract(request, pk):
    """The bureau signs the award's contract in the portal."""
    tender = tender_get_for_user_or_404(user=request.user, pk=pk, perm=CHANGE)
    award = getattr(tender, "award", None)
    if award is None:
        raise Http404
    return post_and_return(
        request,
        form=AwardContractForm(request.POST, unit=tender.unit),
        service=award_contract_create,
        done="已签订服务合同。",
        back=_unit_page(tender.unit_id),
        award=award,
    )


# The forms of a contract's page.
_contract_forms = PageForms(
    contract_get_for_user_or_404, CHANGE, "contract", "procurement:contract_detail"
)
team_formed = _contract_forms.view(
    TeamFormedForm, contract_team_formed_record, "已登记团队组建日期。"
)
lateness_decision = _contract_forms.view(LatenessDecisionForm, lateness_decide, "已记录处理决定。")
