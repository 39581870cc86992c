"""Pages: commissions, execution plans (checked against the catalogue rules), adjustments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts.gates import CHANGE
from apps.agencies.rules import handles_missing_rules
from apps.catalogue.models import Item, SubItem
from apps.core.forms import DecisionForm
from apps.core.posting import inline_post_view, post_and_return, post_service
from apps.orgs.models import Organization
from apps.orgs.permissions import organizations_visible_to
from apps.procurement.permissions import contracts_visible_to
from apps.procurement.selectors import current_round

from .forms import ApprovalForm, CommissionForm
from .models import ServiceCommission
from .permissions import (
    APPROVE_PLAN,
    DECIDE,
    FILE,
    adjustment_get_for_user_or_404,
    adjustments_visible_to,
    can_decide,
    can_file_adjustment,
    can_record_approval,
    can_write_plan,
    plan_community_get_for_user_or_404,
    plan_contract_get_for_user_or_404,
)
from .selectors import coordinators, current_version, plan_states, version_parts
from .services import (
    adjustment_decide,
    adjustment_file,
    adjustment_resubmit,
    commission_save,
    plan_approval_record,
    plan_save,
    version_content,
)


@login_required
@handles_missing_rules
def index(request):
    """Plans of the contracts in scope; coordinators of the streets and communities in scope."""
    contracts = list(contracts_visible_to(user=request.user).order_by("unit_id", "pk"))
    states = plan_states(contracts=contracts)
    pilot_round = current_round()
    areas = organizations_visible_to(user=request.user).filter(
        kind__in=["street", "community"], pk__in=_served_area_ids(contracts)
    )
    return render(
        request,
        "plans/index.html",
        {
            "rows": [(c, states.get(c.pk, "none")) for c in contracts],
            "coordinators": coordinators(
                organizations=areas.order_by("kind", "code"), pilot_round=pilot_round
            )
            if pilot_round
            else [],
            "adjustments": list(adjustments_visible_to(user=request.user)[:20]),
        },
    )


def _served_area_ids(contracts):
    ids = set()
    for c in contracts:
        ids.add(c.unit.street_id)
        ids.update(x.pk for x in c.communities.all())
    return ids


@login_required
@handles_missing_rules
def plan_detail(request, contract_pk):
    contract = plan_contract_get_for_user_or_404(user=request.user, pk=contract_pk)
    plan = (
        getattr(contract, "execution_plan", None) if hasattr(contract, "execution_plan") else None
    )
    version = current_version(plan) if plan else None
    parts = version_parts(version=version) if version else []
    areas = Organization.objects.filter(
        pk__in=[contract.unit.street_id, *[c.pk for c in contract.communities.all()]]
    ).order_by("kind", "code")
    user = request.user
    return render(
        request,
        "plans/plan_detail.html",
        {
            "contract": contract,
            "plan": plan,
            "version": version,
            "versions": list(plan.versions.all()) if plan else [],
            "parts": [(p, can_record_approval(user, p.part)) for p in parts],
            "approval_form": ApprovalForm(),
            "adjustments": list(plan.adjustments.all()) if plan else [],
            "commissions": list(
                ServiceCommission.objects.filter(contract=contract).select_related("organization")
            ),
            "commission_form": CommissionForm(organizations=areas)
            if can_write_plan(user, contract)
            else None,
            "coordinators": coordinators(
                organizations=areas, pilot_round=contract.unit.pilot_round
            ),
            "can_write": can_write_plan(user, contract)
            and (
                version is None
                or version.number == 1
                and not any(p.part.residents_consulted_on for p in parts)
            ),
            "can_file": plan is not None
            and version is not None
            and can_file_adjustment(user, contract),
        },
    )


def _catalogue(pilot_round):
    return list(
        Item.objects.filter(category__pilot_round=pilot_round)
        .select_related("category")
        .prefetch_related("sub_items")
        .order_by("category__order", "number")
    )


def _content_from_post(contract, post) -> dict:
    return {
        str(c.pk): {
            "sub_items": post.getlist(f"c{c.pk}"),
            "people_served": post.get(f"people_{c.pk}") or 0,
        }
        for c in contract.communities.all()
    }


def _form_rows(contract, content):
    return [
        {
            "community": c,
            "chosen": {int(s) for s in content.get(str(c.pk), {}).get("sub_items", [])},
            "people": content.get(str(c.pk), {}).get("people_served", 0),
        }
        for c in contract.communities.order_by("code")
    ]


def _serial(content):
    return {
        str(k): {"sub_items": sorted(v["sub_items"]), "people_served": v["people_served"]}
        for k, v in content.items()
    }


def _plan_form(request, *, contract, content, title, reason=None):
    """The sub-item grid for a plan or an adjustment (with a reason field for adjustments)."""
    return render(
        request,
        "plans/plan_form.html",
        {
            "contract": contract,
            "catalogue": _catalogue(contract.unit.pilot_round),
            "rows": _form_rows(contract, content),
            "title": title,
            "action": request.path,
            "with_reason": reason is not None,
            "reason": reason or "",
        },
    )


@login_required
def plan_edit(request, contract_pk):
    """The agency writes the plan's first version (a draft may be replaced until approved)."""
    contract = plan_contract_get_for_user_or_404(user=request.user, pk=contract_pk, perm=CHANGE)
    content = {}
    if request.method == "POST":
        content = _content_from_post(contract, request.POST)
        done = post_service(
            request,
            service=plan_save,
            done="执行方案已保存。",
            success_url=reverse("plans:plan_detail", args=[contract.pk]),
            contract=contract,
            content=content,
        )
        if done:
            return done
    elif hasattr(contract, "execution_plan"):
        version = current_version(contract.execution_plan)
        content = _serial(version_content(version)) if version else {}
    return _plan_form(request, contract=contract, content=content, title="编写执行方案")


def _proposal_page(request, *, contract, title, reason, initial, service, done, success_url, **kw):
    """An adjustment's proposal form (filed or resubmitted): a POST sends the proposal read from
    the form and its reason to ``service``; a refusal shows the page again with what was typed.
    ``initial()`` gives the proposal a GET starts from."""
    if request.method == "POST":
        content = _content_from_post(contract, request.POST)
        reason = request.POST.get("reason", "")
        response = post_service(
            request,
            service=service,
            done=done,
            success_url=success_url,
            reason=reason,
            proposal=content,
            **kw,
        )
        if response:
            return response
    else:
        content = initial()
    return _plan_form(request, contract=contract, content=content, title=title, reason=reason)


@login_required
def adjustment_new(request, contract_pk):
    """Street coordinator or agency asks to change items or numbers (§三(三))."""
    contract = plan_contract_get_for_user_or_404(user=request.user, pk=contract_pk, perm=FILE)
    plan = (
        getattr(contract, "execution_plan", None) if hasattr(contract, "execution_plan") else None
    )
    if plan is None or current_version(plan) is None:
        messages.error(request, "尚无执行方案,无法申请调整。")
        return redirect("plans:plan_detail", contract_pk=contract.pk)
    return _proposal_page(
        request,
        contract=contract,
        title="申请调整执行方案",
        reason="",
        initial=lambda: _serial(version_content(current_version(plan))),
        service=adjustment_file,
        done=lambda adj: f"调整申请已提交:{adj.get_stage_display()}。",
        success_url=lambda adj: reverse("plans:adjustment_detail", args=[adj.pk]),
        plan=plan,
    )


@login_required
def adjustment_resubmit_view(request, pk):
    adj = adjustment_get_for_user_or_404(user=request.user, pk=pk, perm=FILE)
    return _proposal_page(
        request,
        contract=adj.plan.contract,
        title="修改并重新提交调整申请",
        reason=adj.reason,
        initial=lambda: adj.proposal,
        service=adjustment_resubmit,
        done="已重新提交。",
        success_url=reverse("plans:adjustment_detail", args=[adj.pk]),
        adjustment=adj,
    )


@login_required
def adjustment_detail(request, pk):
    adj = adjustment_get_for_user_or_404(user=request.user, pk=pk)
    contract = adj.plan.contract
    base = version_content(adj.base_version)
    names = {c.pk: c.name for c in contract.communities.all()}
    ids = {int(s) for v in adj.proposal.values() for s in v["sub_items"]} | {
        s for v in base.values() for s in v["sub_items"]
    }
    subs = {s.pk: s for s in SubItem.objects.filter(pk__in=ids)}
    diff = []
    for cid, new in adj.proposal.items():
        old = base.get(int(cid), {"sub_items": set(), "people_served": 0})
        new_ids = {int(s) for s in new["sub_items"]}
        diff.append(
            {
                "community": names.get(int(cid), cid),
                "added": [subs[s] for s in sorted(new_ids - old["sub_items"])],
                "removed": [subs[s] for s in sorted(old["sub_items"] - new_ids)],
                "people": (old["people_served"], new["people_served"]),
            }
        )
    return render(
        request,
        "plans/adjustment_detail.html",
        {
            "adj": adj,
            "diff": diff,
            "steps": list(adj.steps.select_related("actor")),
            "decision_form": DecisionForm() if can_decide(request.user, adj) else None,
            "can_resubmit": adj.stage == "sent_back"
            and can_file_adjustment(request.user, contract),
        },
    )


adjustment_decide_view = inline_post_view(
    adjustment_get_for_user_or_404,
    DECIDE,
    DecisionForm,
    adjustment_decide,
    lambda decided: f"已提交意见,当前状态:{decided.get_stage_display()}。",
    lambda adj: reverse("plans:adjustment_detail", args=[adj.pk]),
    "adjustment",
)


approval_record = inline_post_view(
    plan_community_get_for_user_or_404,
    APPROVE_PLAN,
    ApprovalForm,
    plan_approval_record,
    "已登记。",
    lambda pc: reverse("plans:plan_detail", args=[pc.version.plan.contract_id]),
    "plan_community",
)


@login_required
@require_POST
def commission_save_view(request, contract_pk):
    contract = plan_contract_get_for_user_or_404(user=request.user, pk=contract_pk, perm=CHANGE)
    areas = Organization.objects.filter(
        pk__in=[contract.unit.street_id, *[c.pk for c in contract.communities.all()]]
    )
    return post_and_return(
        request,
        form=CommissionForm(request.POST, organizations=areas),
        service=commission_save,
        done="服务委托书已保存。",
        back=reverse("plans:plan_detail", args=[contract.pk]),
        contract=contract,
    )
