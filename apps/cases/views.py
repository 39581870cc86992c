"""Pages: form → gate → service → redirect or render. Changes only by POST."""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts.gates import CHANGE, require
from apps.accounts.masking import names_masked_for
from apps.core.pagination import GroupedRowsPaginator, RowsPaginator
from apps.core.posting import form_errors, form_page, post_form
from apps.core.upload_pages import confirm_view, upload_page
from apps.orgs.models import Organization
from apps.procurement.permissions import contract_get_for_user_or_404
from apps.procurement.selectors import current_round

from . import selectors, services
from .forms import (
    CaseForm,
    ClientForm,
    CloseForm,
    ConsentForm,
    MergeForm,
    ReasonForm,
    RecordForm,
    ReferralForm,
    ReviewForm,
    UploadForm,
)
from .models import Household, ImportStatus
from .permissions import (
    REVIEW,
    UNMASK,
    can_change_case,
    can_confirm_import,
    can_download_original,
    can_edit_client,
    can_merge,
    can_open_cases,
    can_review_case,
    can_see_access_log,
    can_unmask,
    can_upload,
    case_get_for_user_or_404,
    client_get_for_user_or_404,
    clients_visible_to,
    contracts_for_case_opening,
    import_get_for_user_or_404,
    is_area_or_bureau,
    reconciliation_communities_for,
    street_get_for_user_or_404,
    streets_for_reconciliation,
    upload_communities_for,
    upload_organizations_for,
)
from .spreadsheet import template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def index(request):
    can_open = can_open_cases(user=request.user)
    return render(
        request,
        "cases/index.html",
        {
            "can_upload": can_upload(user=request.user),
            "can_open": can_open,
            "can_register": can_open,
            "open_contracts": list(contracts_for_case_opening(user=request.user)),
            "streets": list(streets_for_reconciliation(user=request.user)[:20]),
            "recent": list(selectors.recent_records(user=request.user)),
            "can_see_access_log": can_see_access_log(user=request.user),
            "is_area": is_area_or_bureau(user=request.user),
        },
    )


# ---- client registry -------------------------------------------------------------------


@login_required
def client_list(request):
    q = request.GET.get("q", "").strip()
    page = GroupedRowsPaginator(
        selectors.client_list(user=request.user, q=q),
        50,
        rows=selectors.client_list_rows,
        group="community_id",
        group_order="community__code",
    ).get_page(request.GET.get("page"))
    return render(request, "cases/client_list.html", {"page": page, "q": q})


def _page_forms(given: dict, **blank) -> dict:
    """A page's forms: those ``given`` (sent back with their errors), and a blank one,
    ``blank[name]()``, for each of the others."""
    return {name: given.get(name) or make() for name, make in blank.items()}


def _client_page(request, client, *, revealed=None, status=200, **forms):
    ctx = selectors.client_detail_context(user=request.user, client=client)
    ctx.update(
        client=client,
        revealed=revealed,
        can_unmask=can_unmask(user=request.user, client=client),
        can_edit=can_edit_client(user=request.user, client=client),
        can_merge=can_merge(user=request.user),
        **_page_forms(
            forms, reason_form=ReasonForm, consent_form=ConsentForm, merge_form=MergeForm
        ),
    )
    return render(request, "cases/client_detail.html", ctx, status=status)


@login_required
def client_detail(request, pk):
    client = client_get_for_user_or_404(user=request.user, pk=pk)
    return _client_page(request, client)


@login_required
@require_POST
def client_unmask(request, pk):
    """Show the full number once, on this response only; each view is logged with its reason."""
    client = client_get_for_user_or_404(user=request.user, pk=pk, perm=UNMASK)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            value = services.client_identity_reveal(
                actor=request.user, client=client, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return _client_page(request, client, revealed=value)
    return _client_page(request, client, reason_form=form, status=400)


@login_required
@require_POST
def client_consent(request, pk):
    client = client_get_for_user_or_404(user=request.user, pk=pk, perm=CHANGE)
    return post_form(
        request,
        form=ConsentForm(request.POST),
        service=services.client_consent_record,
        done="已记录知情同意。",
        success_url=reverse("cases:client_detail", args=[client.pk]),
        invalid=lambda form: _client_page(request, client, consent_form=form, status=400),
        client=client,
    )


@login_required
@require_POST
def client_merge(request, pk):
    kept = client_get_for_user_or_404(user=request.user, pk=pk)
    require(can_merge(user=request.user), "只有市民政局工作人员可以合并服务对象记录。")
    form = MergeForm(request.POST)
    if form.is_valid():
        merged = client_get_for_user_or_404(user=request.user, pk=form.cleaned_data["merged"])
        try:
            services.client_merge(
                actor=request.user, kept=kept, merged=merged, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, "已合并,原记录保留为历史。")
            return redirect("cases:client_detail", pk=kept.pk)
    return _client_page(request, kept, merge_form=form, status=400)


@login_required
def client_new(request):
    """Register a walk-in or referred person (agency staff, in their contracts' communities)."""
    contracts = contracts_for_case_opening(user=request.user)
    require(contracts.exists(), "只有承接机构人员可以登记主动求助或转介的服务对象。")
    communities = Organization.objects.filter(pk__in=contracts.values("communities")).order_by(
        "code"
    )
    form = ClientForm(
        request.POST or None,
        communities=communities,
        groups=services.distressed_groups(pilot_round=current_round()),
    )

    def page(bound, status=200):
        return render(request, "cases/client_new.html", {"form": bound}, status=status)

    return form_page(
        request,
        form=form,
        page=page,
        invalid=lambda bound: page(bound, status=400),
        service=services.client_register,
        done="已登记;开案前请记录知情同意。",
        success_url=lambda client: reverse("cases:client_detail", args=[client.pk]),
    )


@login_required
def access_log(request):
    require(can_see_access_log(user=request.user), "仅市民政局可查看身份证号查看记录。")
    return render(request, "cases/access_log.html", {"rows": list(selectors.access_log())})


# ---- list imports ----------------------------------------------------------------------


@login_required
def import_list(request):
    page = Paginator(selectors.import_list(user=request.user), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/import_list.html",
        {"page": page, "can_upload": can_upload(user=request.user)},
    )


@login_required
def import_template(request):
    require(can_upload(user=request.user), "只有街道或社区试点协调员可以下载名单模板。")

    groups = [f"{g.code} {g.name}" for g in services.distressed_groups(pilot_round=current_round())]
    communities = [c.name for c in upload_communities_for(user=request.user)]
    response = HttpResponse(
        template_workbook(groups=groups, communities=communities), content_type=XLSX
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''target-list-template.xlsx"
    return response


@login_required
def import_upload(request):
    require(can_upload(user=request.user), "只有街道或社区试点协调员可以上传名单。")
    organizations = upload_organizations_for(user=request.user)
    form = UploadForm(request.POST or None, request.FILES or None, organizations=organizations)

    def page(status):
        return render(request, "cases/import_upload.html", {"form": form}, status=status)

    return upload_page(request, form, services.target_list_upload, "cases:import_detail", page)


@login_required
def import_detail(request, pk):
    list_import = import_get_for_user_or_404(user=request.user, pk=pk)
    problems = list_import.problems
    return render(
        request,
        "cases/import_detail.html",
        {
            "li": list_import,
            "errors": [p for p in problems if p["level"] == "error"][:1000],
            "notices": [p for p in problems if p["level"] != "error"][:1000],
            "can_confirm": can_confirm_import(user=request.user, list_import=list_import),
            "can_download": can_download_original(user=request.user, list_import=list_import),
            "reason_form": ReasonForm(),
            "show_job": list_import.job
            and list_import.status in (ImportStatus.VALIDATING, ImportStatus.IMPORTING),
        },
    )


import_confirm = confirm_view(
    partial(import_get_for_user_or_404, perm=CHANGE),
    services.target_list_confirm,
    "list_import",
    "cases:import_detail",
)


@login_required
@require_POST
def import_file(request, pk):
    """The original file as uploaded: an unmasked view of every row, so the reveal
    permission, a stated reason and one access-log row (``target_list_file_download``)."""
    list_import = import_get_for_user_or_404(user=request.user, pk=pk)
    require(
        can_download_original(user=request.user, list_import=list_import),
        "原始名单含完整身份证号,只有可查看完整身份证号的人员可以下载。",
    )
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "下载原始名单须填写原因。")
        return redirect("cases:import_detail", pk=list_import.pk)
    data = services.target_list_file_download(
        actor=request.user, list_import=list_import, reason=form.cleaned_data["reason"]
    )
    csv = list_import.original_name.lower().endswith(".csv")
    response = HttpResponse(data, content_type="text/csv" if csv else XLSX)
    ext = "csv" if csv else "xlsx"
    response["Content-Disposition"] = f"attachment; filename=list-{list_import.pk}.{ext}"
    return response


# ---- cases -----------------------------------------------------------------------------


@login_required
def case_list(request):
    status = request.GET.get("status", "")
    page = RowsPaginator(
        selectors.case_list(user=request.user, status=status), 50, rows=selectors.case_list_rows
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/case_list.html",
        {"page": page, "status": status, "can_bulk_records": can_open_cases(user=request.user)},
    )


PICKER_LIMIT = 30


def _picker_community(request, communities):
    """The community the picker searches: the posted/asked one when it is the contract's,
    else the contract's first."""
    wanted = (request.POST or request.GET).get("community", "")
    chosen = communities.filter(pk=wanted).first() if wanted.isdigit() else None
    return chosen or communities.first()


@login_required
def case_new(request, contract_pk):
    contract = contract_get_for_user_or_404(user=request.user, pk=contract_pk)
    require(
        contracts_for_case_opening(user=request.user).filter(pk=contract.pk).exists(),
        "只有承接该合同的机构人员可以开案。",
    )
    communities = contract.communities.all().order_by("code")
    community = _picker_community(request, communities)
    q = request.GET.get("q", "").strip()[:40]
    clients = clients_visible_to(user=request.user).filter(community__in=communities)
    chosen = (request.POST or request.GET).get("client", "")
    if chosen.isdigit() and "community" not in (request.POST or request.GET):
        # Arriving from a client's page: search that client's community.
        home = clients.filter(pk=chosen).values_list("community", flat=True).first()
        community = communities.filter(pk=home).first() or community
    shortlist = selectors.client_picker(
        clients=clients, community=community, q=q, chosen=chosen, limit=PICKER_LIMIT
    )
    form = CaseForm(
        request.POST or None,
        communities=communities,
        clients=clients.order_by("name"),
        households=Household.objects.filter(community__in=communities).order_by("name"),
        sub_items=services.table1_sub_items(pilot_round=contract.unit.pilot_round),
        workers=selectors.agency_workers(contract=contract),
        shortlist=shortlist,
        masked=names_masked_for(request.user),
        initial={
            "assigned_worker": request.user.pk,
            "client": chosen,
            "community": community.pk if community else None,
        },
    )

    def page(bound, status=200):
        return render(
            request,
            "cases/case_new.html",
            {
                "form": bound,
                "contract": contract,
                "communities": communities,
                "community": community,
                "q": q,
                "picker_limit": PICKER_LIMIT,
            },
            status=status,
        )

    if request.method != "POST":
        return page(form)
    picked = next((c for c in shortlist if str(c.pk) == chosen), None)
    return post_form(
        request,
        form=form,
        service=services.case_open_with_consent,
        done="已开案。",
        success_url=lambda case: reverse("cases:case_detail", args=[case.pk]),
        invalid=lambda bound: page(bound, status=400),
        contract=contract,
        may_record_consent=bool(picked and can_edit_client(user=request.user, client=picked)),
    )


def _case_page(request, case, status=200, **forms):
    ctx = selectors.case_detail_context(case=case)
    ctx.update(
        case=case,
        can_change=can_change_case(user=request.user, case=case),
        can_review=can_review_case(user=request.user, case=case),
        **_page_forms(
            forms,
            record_form=lambda: RecordForm(sub_items=case.sub_items.all()),
            referral_form=ReferralForm,
            close_form=CloseForm,
            review_form=ReviewForm,
        ),
    )
    return render(request, "cases/case_detail.html", ctx, status=status)


@login_required
def case_detail(request, pk):
    return _case_page(request, case_get_for_user_or_404(user=request.user, pk=pk))


def _case_action(perm, form_class, form_name, service, done):
    """A POST view of the case page: one form, one service, back to the case (or the page
    again, status 400, with the form's errors)."""

    @login_required
    @require_POST
    def view(request, pk):
        case = case_get_for_user_or_404(user=request.user, pk=pk, perm=perm)
        extra = {"sub_items": case.sub_items.all()} if form_class is RecordForm else {}
        return post_form(
            request,
            form=form_class(request.POST, **extra),
            service=service,
            done=done,
            success_url=reverse("cases:case_detail", args=[case.pk]),
            invalid=lambda form: _case_page(request, case, status=400, **{form_name: form}),
            case=case,
        )

    return view


record_add = _case_action(
    CHANGE, RecordForm, "record_form", services.service_record_add, "已记录本次服务。"
)
referral_add = _case_action(
    CHANGE, ReferralForm, "referral_form", services.referral_add, "已记录转介。"
)
case_close = _case_action(CHANGE, CloseForm, "close_form", services.case_close, "已结案。")
case_review = _case_action(
    REVIEW, ReviewForm, "review_form", services.case_review, "已提交审核意见。"
)


# ---- reconciliation --------------------------------------------------------------------


@login_required
def reconciliation_index(request):
    streets = list(streets_for_reconciliation(user=request.user))
    if len(streets) == 1:
        return redirect("cases:reconciliation", pk=streets[0].pk)
    return render(request, "cases/reconciliation_index.html", {"streets": streets})


@login_required
def reconciliation(request, pk):
    street = street_get_for_user_or_404(user=request.user, pk=pk)
    communities = list(reconciliation_communities_for(user=request.user, street=street))
    chosen = request.GET.get("community")
    selected = [c for c in communities if str(c.pk) == chosen] or communities
    data = selectors.reconciliation(street=street, communities=selected)
    return render(
        request,
        "cases/reconciliation.html",
        {
            "street": street,
            "communities": communities,
            "selected": selected[0] if len(selected) == 1 and chosen else None,
            "r": data,
        },
    )
