"""Pages: contracts' communities and street, progress, records, the map, attachments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts.gates import require, scope_for
from apps.orgs.models import Organization
from apps.procurement.permissions import contract_get_for_user_or_404, contracts_visible_to

from . import selectors, services
from .forms import (
    ArchiveForm,
    AttachmentForm,
    FundEntryForm,
    IncubationForm,
    MeetingForm,
    ProjectForm,
    QuarterlyForm,
    ResourceForm,
    ResourceUpdateForm,
    StudyForm,
    TrainingForm,
)
from .maps import resource_map_svg
from .models import (
    FundDirection,
    GovernanceProject,
    HouseholdArchive,
    Incubation,
    Meeting,
    MeetingKind,
    QuarterlyReport,
    ResearchStudy,
    Resource,
    TrainingSession,
)
from .permissions import (
    WRITE_MESSAGE,
    attachment_get_for_user_or_404,
    can_upload_to,
    can_write_for_contract,
    community_page_get_or_404,
    contract_for_writing_or_404,
    meeting_places_for,
    street_page_get_or_404,
)
from .records import KINDS

# What each “new record” page writes: form, service, where to go afterwards.
AGENCY_FORMS = {
    "archive": (ArchiveForm, services.archive_create, "community"),
    "resource": (ResourceForm, services.resource_create, "community"),
    "study": (StudyForm, services.study_create, "community"),
    "project": (ProjectForm, services.project_create, "community"),
    "training": (TrainingForm, services.training_create, "street"),
    "incubation": (IncubationForm, services.incubation_create, "street"),
    "quarterly": (QuarterlyForm, services.quarterly_report_create, "street"),
}
MEETING_KINDS = {"weekly": MeetingKind.WEEKLY, "monthly": MeetingKind.MONTHLY}
TITLES = {
    "archive": "新建居民家庭需求档案",
    "resource": "登记社区资源",
    "study": "登记社区社会工作研究",
    "project": "登记社区治理项目",
    "training": "登记社区工作者培训",
    "incubation": "登记社区社会组织培育",
    "quarterly": "报送季度进展报告",
    "weekly": "登记社区周联席会议",
    "monthly": "登记街道月联席会议",
}


def _errors(request, exc):
    for msg in exc.messages:
        messages.error(request, msg)


def _year(request, contract):
    years = selectors.project_years_of(contract)
    wanted = request.GET.get("year")
    for y in years:
        if str(y.number) == wanted:
            return y, years
    return selectors.year_on(contract, selectors.today()), years


@login_required
def index(request):
    """Contracts in scope, each with the communities the user may open."""
    scope = scope_for(request.user)
    contracts = list(contracts_visible_to(user=request.user).order_by("unit_id", "pk"))
    area = set()
    if scope.area_ids:
        area = set(Organization.objects.in_subtree_of(scope.area_ids).values_list("pk", flat=True))
    rows = []
    for contract in contracts:
        full = scope.city_wide or contract.agency_id in scope.agency_ids
        communities = [c for c in contract.communities.all() if full or c.pk in area]
        street = full or contract.unit.street_id in area
        if communities or street:
            rows.append({"contract": contract, "communities": communities, "street": street})
    return render(request, "community/index.html", {"rows": rows})


@login_required
def community_page(request, contract_pk, community_pk):
    contract, community = community_page_get_or_404(
        user=request.user, contract_pk=contract_pk, community_pk=community_pk
    )
    from apps.volunteers.models import VolunteerTeam
    from apps.volunteers.selectors import teams_with_counts, volunteer_progress

    year, years = _year(request, contract)
    start, end = selectors.period_to_date(
        contract=contract, project_year=year, as_of=selectors.today()
    )
    in_year = {"contract": contract, "community": community, "project_year": year}
    context = {
        "contract": contract,
        "community": community,
        "year": year,
        "years": years,
        "archives": selectors.archive_progress(
            contract=contract, project_year=year, communities=[community]
        )[0],
        "map_status": selectors.resource_map_status(
            contract=contract, community=community, project_year=year
        ),
        "counts": selectors.community_counts(
            contract=contract, community=community, project_year=year
        ),
        "volunteers": volunteer_progress(
            contract=contract, project_year=year, communities=[community]
        )[0],
        "missing_weeks": selectors.missing_weeks(
            contract=contract, community=community, start=start, end=end
        )
        if start <= end
        else [],
        "recent_archives": HouseholdArchive.objects.filter(**in_year)
        .select_related("worker")
        .order_by("-recorded_on", "-pk")[:20],
        "studies": ResearchStudy.objects.filter(**in_year).select_related("sub_item"),
        "projects": GovernanceProject.objects.filter(**in_year).select_related("item", "sub_item"),
        "resources": Resource.objects.filter(contract=contract, community=community),
        "teams": teams_with_counts(
            VolunteerTeam.objects.filter(contract=contract, community=community)
        ),
        "meetings": Meeting.objects.filter(
            contract=contract, organization=community, held_on__range=(year.start, year.end)
        )[:20],
        "can_write": can_write_for_contract(user=request.user, contract=contract),
        "can_meet": meeting_places_for(
            user=request.user, contract=contract, kind=MeetingKind.WEEKLY
        )
        .filter(pk=community.pk)
        .exists(),
    }
    return render(request, "community/community.html", context)


@login_required
def street_page(request, contract_pk):
    contract = street_page_get_or_404(user=request.user, contract_pk=contract_pk)
    year, years = _year(request, contract)
    start, end = selectors.period_to_date(
        contract=contract, project_year=year, as_of=selectors.today()
    )
    has_period = start <= end
    context = {
        "contract": contract,
        "year": year,
        "years": years,
        "training": selectors.training_progress(contract=contract, project_year=year),
        "trainings": TrainingSession.objects.filter(contract=contract, project_year=year),
        "incubations": Incubation.objects.filter(
            contract=contract, project_year=year
        ).select_related("community", "sub_item"),
        "meetings": Meeting.objects.filter(
            contract=contract, kind=MeetingKind.MONTHLY, held_on__range=(year.start, year.end)
        ),
        "reports": QuarterlyReport.objects.filter(contract=contract),
        "missing_months": selectors.missing_months(contract=contract, start=start, end=end)
        if has_period
        else [],
        "missing_quarters": selectors.missing_quarters(contract=contract, start=start, end=end)
        if has_period
        else [],
        "can_write": can_write_for_contract(user=request.user, contract=contract),
        "can_meet": meeting_places_for(
            user=request.user, contract=contract, kind=MeetingKind.MONTHLY
        ).exists(),
    }
    return render(request, "community/street.html", context)


def _back(contract, where, result):
    if where == "street":
        return reverse("community:street", args=[contract.pk])
    community = getattr(result, "community", None) or getattr(result, "organization", None)
    return reverse("community:community", args=[contract.pk, community.pk])


@login_required
def record_create(request, contract_pk, kind):
    """The “new record” page of every record type (agency work and meetings)."""
    if kind in MEETING_KINDS:
        contract = contract_get_for_user_or_404(user=request.user, pk=contract_pk)
        meeting_kind = MEETING_KINDS[kind]
        places = meeting_places_for(user=request.user, contract=contract, kind=meeting_kind)
        require(
            places.exists(),
            "只有本社区的试点协调员可以录入周联席会议。"
            if meeting_kind == MeetingKind.WEEKLY
            else "只有本街道的试点协调员可以录入月联席会议。",
        )
        form = MeetingForm(request.POST or None, places=places)
        if request.method == "POST" and form.is_valid():
            try:
                meeting = services.meeting_create(
                    actor=request.user,
                    contract=contract,
                    kind=meeting_kind,
                    **form.service_kwargs(),
                )
            except ValidationError as exc:
                _errors(request, exc)
            else:
                messages.success(request, "会议已登记。")
                where = "community" if meeting_kind == MeetingKind.WEEKLY else "street"
                return redirect(_back(contract, where, meeting))
        return _form_page(request, contract, kind, form)
    if kind not in AGENCY_FORMS:
        raise Http404
    contract = contract_for_writing_or_404(user=request.user, pk=contract_pk)
    form_class, service, where = AGENCY_FORMS[kind]
    initial = {}
    if request.GET.get("community"):
        initial["community"] = request.GET["community"]
    form = form_class(request.POST or None, contract=contract, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record = service(actor=request.user, contract=contract, **form.service_kwargs())
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "已保存。")
            if where == "community" and getattr(record, "community", None) is not None:
                return redirect(_back(contract, where, record))
            return redirect(_back(contract, "street", record))
    return _form_page(request, contract, kind, form)


def _form_page(request, contract, kind, form):
    return render(
        request,
        "community/form.html",
        {"contract": contract, "form": form, "title": TITLES[kind], "kind": kind},
    )


def _field_rows(record, names):
    rows = []
    for name in names:
        field = record._meta.get_field(name)
        value = getattr(record, name)
        display = getattr(record, f"get_{name}_display", None)
        if display is not None:
            value = display()
        elif isinstance(value, bool):
            value = "是" if value else "否"
        elif isinstance(value, dict):
            value = "; ".join(f"{k} {v}".strip() for k, v in value.items())
        elif isinstance(value, list):
            value = "; ".join(" ".join(str(x) for x in item.values() if x) for item in value)
        rows.append((field.verbose_name, "" if value is None else value))
    return rows


@login_required
def record_detail(request, kind, pk):
    spec = KINDS.get(kind)
    if spec is None or kind in ("team", "activity"):
        raise Http404
    record = spec.get_for_user_or_404(user=request.user, pk=pk)
    context = {
        "record": record,
        "spec": spec,
        "rows": _field_rows(record, spec.detail_fields),
        "attachments": record.attachments.all() if hasattr(record, "attachments") else None,
        "can_upload": can_upload_to(user=request.user, record=record),
        "upload_form": AttachmentForm(),
    }
    if isinstance(record, Resource):
        context["changes"] = record.changes.select_related("actor")
        context["update_form"] = ResourceUpdateForm(
            initial={
                f: getattr(record, f)
                for f in (
                    "name",
                    "description",
                    "contact",
                    "grid_x",
                    "grid_y",
                    "latitude",
                    "longitude",
                    "is_active",
                )
            }
        )
    if isinstance(record, HouseholdArchive):
        context["groups"] = record.distressed_groups.all()
    if isinstance(record, GovernanceProject) and record.fund_amount is not None:
        context["entries"] = record.entries.all()
        context["balance"] = services.fund_balance(record)
        context["fund_form"] = FundEntryForm()
    if isinstance(record, QuarterlyReport):
        context["figures"] = [
            (label, record.figures.get(key, "")) for key, label in services.FIGURE_LABELS.items()
        ]
    return render(request, "community/record_detail.html", context)


@login_required
@require_POST
def resource_update(request, pk):
    resource = KINDS["resource"].get_for_user_or_404(user=request.user, pk=pk)
    require(can_write_for_contract(user=request.user, contract=resource.contract), WRITE_MESSAGE)
    form = ResourceUpdateForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.resource_update(
                actor=request.user,
                resource=resource,
                changed_on=data.pop("changed_on"),
                summary=data.pop("summary"),
                **data,
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "资源已更新,变更已记录。")
    else:
        messages.error(request, "请检查填写内容。")
    return redirect("community:record", kind="resource", pk=resource.pk)


@login_required
@require_POST
def fund_entry_add(request, pk):
    project = KINDS["project"].get_for_user_or_404(user=request.user, pk=pk)
    require(can_write_for_contract(user=request.user, contract=project.contract), WRITE_MESSAGE)
    form = FundEntryForm(request.POST)
    if form.is_valid():
        try:
            services.fund_entry_add(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            label = FundDirection(form.cleaned_data["direction"]).label
            messages.success(request, f"公益金{label}已登记。")
    else:
        messages.error(request, "请检查填写内容。")
    return redirect("community:record", kind="project", pk=project.pk)


@login_required
@require_POST
def attachment_upload(request, kind, pk):
    spec = KINDS.get(kind)
    if spec is None:
        raise Http404
    record = spec.get_for_user_or_404(user=request.user, pk=pk)
    require(can_upload_to(user=request.user, record=record), "您不能为该记录上传附件。")
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user,
                record=record,
                uploaded=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "附件已上传。")
    else:
        messages.error(request, "请选择附件类型和文件。")
    if kind == "team":
        return redirect("volunteers:team", pk=record.pk)
    return redirect("community:record", kind=kind, pk=record.pk)


@login_required
def attachment_download(request, pk):
    """Files are served only through this gate, never from a public media URL."""
    attachment = attachment_get_for_user_or_404(user=request.user, pk=pk)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )


@login_required
def resource_map(request, contract_pk, community_pk):
    contract, community = community_page_get_or_404(
        user=request.user, contract_pk=contract_pk, community_pk=community_pk
    )
    year, years = _year(request, contract)
    resources = Resource.objects.filter(contract=contract, community=community, is_active=True)
    return render(
        request,
        "community/map.html",
        {
            "contract": contract,
            "community": community,
            "year": year,
            "resources": resources,
            "svg": resource_map_svg(community=community, resources=resources),
            "map_status": selectors.resource_map_status(
                contract=contract, community=community, project_year=year
            ),
        },
    )


@login_required
def resource_map_image(request, contract_pk, community_pk):
    contract, community = community_page_get_or_404(
        user=request.user, contract_pk=contract_pk, community_pk=community_pk
    )
    resources = Resource.objects.filter(contract=contract, community=community, is_active=True)
    return HttpResponse(
        resource_map_svg(community=community, resources=resources),
        content_type="image/svg+xml; charset=utf-8",
    )
