"""Pages: contracts' communities and street, progress, records, the map, attachments."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts.gates import require
from apps.accounts.masking import mask_members, names_masked_for, person_name
from apps.core.clock import today
from apps.core.posting import form_page
from apps.procurement.permissions import contract_get_for_user_or_404
from apps.records.kinds import figure_labels
from apps.records.permissions import is_agency_staff
from apps.records.views import post_and_return

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
    MeetingKind,
    QuarterlyReport,
    Resource,
)
from .permissions import (
    WRITE_MESSAGE,
    attachment_get_for_user_or_404,
    can_upload_to,
    can_write_for_contract,
    community_page_get_or_404,
    community_pages_for,
    contract_for_writing_or_404,
    meeting_places_for,
    record_kind_or_404,
    street_page_get_or_404,
)

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
# Record kinds with a page of their own (apps.volunteers'), not the generic record page.
OWN_PAGES = ("team", "activity")
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


def _year(request, contract):
    years = selectors.project_years_of(contract)
    wanted = request.GET.get("year")
    for y in years:
        if str(y.number) == wanted:
            return y, years
    return selectors.year_on(contract, today()), years


@login_required
def index(request):
    """Contracts in scope, each with the communities the user may open."""
    return render(
        request,
        "community/index.html",
        {
            "rows": community_pages_for(user=request.user),
            "can_bulk": is_agency_staff(user=request.user),
        },
    )


@login_required
def community_page(request, contract_pk, community_pk):
    """A community's work for one project year; its indicators come from the engine's
    snapshots (the template's ``indicator_panel``), never counted here."""
    contract, community = community_page_get_or_404(
        user=request.user, contract_pk=contract_pk, community_pk=community_pk
    )
    year, years = _year(request, contract)
    start, end = selectors.period_to_date(contract=contract, project_year=year, as_of=today())
    context = {
        "contract": contract,
        "community": community,
        "year": year,
        "years": years,
        "map_status": selectors.resource_map_status(contract=contract, community=community),
        "missing_weeks": selectors.missing_weeks(
            contract=contract, community=community, start=start, end=end
        )
        if start <= end
        else [],
        **selectors.community_records(contract=contract, community=community, project_year=year),
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
    start, end = selectors.period_to_date(contract=contract, project_year=year, as_of=today())
    has_period = start <= end
    context = {
        "contract": contract,
        "year": year,
        "years": years,
        **selectors.street_records(contract=contract, project_year=year),
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
        return _meeting_create(request, contract_pk, MEETING_KINDS[kind], kind)
    if kind not in AGENCY_FORMS:
        raise Http404
    contract = contract_for_writing_or_404(user=request.user, pk=contract_pk)
    form_class, service, where = AGENCY_FORMS[kind]
    initial = {}
    if request.GET.get("community"):
        initial["community"] = request.GET["community"]
    form = form_class(request.POST or None, contract=contract, initial=initial)

    def back(record):
        if where == "community" and getattr(record, "community", None) is not None:
            return _back(contract, where, record)
        return _back(contract, "street", record)

    return form_page(
        request,
        form=form,
        page=lambda bound: _form_page(request, contract, kind, bound),
        service=service,
        done="已保存。",
        success_url=back,
        contract=contract,
    )


def _meeting_create(request, contract_pk, meeting_kind, kind):
    contract = contract_get_for_user_or_404(user=request.user, pk=contract_pk)
    places = meeting_places_for(user=request.user, contract=contract, kind=meeting_kind)
    weekly = meeting_kind == MeetingKind.WEEKLY
    require(
        places.exists(),
        "只有本社区的试点协调员可以录入周联席会议。"
        if weekly
        else "只有本街道的试点协调员可以录入月联席会议。",
    )
    return form_page(
        request,
        form=MeetingForm(request.POST or None, places=places),
        page=lambda bound: _form_page(request, contract, kind, bound),
        service=services.meeting_create,
        done="会议已登记。",
        success_url=lambda meeting: _back(contract, "community" if weekly else "street", meeting),
        contract=contract,
        kind=meeting_kind,
    )


def _form_page(request, contract, kind, form):
    return render(
        request,
        "community/form.html",
        {"contract": contract, "form": form, "title": TITLES[kind], "kind": kind},
    )


# Fields that hold a served person's name (masked for readers who may not read names).
PERSON_NAME_FIELDS = {"household_head"}


def _field_rows(record, names, *, masked=False):
    rows = []
    for name in names:
        field = record._meta.get_field(name)
        value = getattr(record, name)
        if name in PERSON_NAME_FIELDS:
            value = person_name(value, masked)
        elif name == "members":
            value = mask_members(value, masked)
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
    spec = record_kind_or_404(kind, exclude=OWN_PAGES)
    record = spec.get_for_user_or_404(user=request.user, pk=pk)
    masked = names_masked_for(request.user)
    title = str(record)
    if isinstance(record, HouseholdArchive):
        title = f"{record.address}({person_name(record.household_head, masked)})"
    context = {
        "record": record,
        "record_title": title,
        "spec": spec,
        "rows": _field_rows(record, spec.detail_fields, masked=masked),
        "attachments": record.attachments.all() if hasattr(record, "attachments") else None,
        "can_upload": can_upload_to(user=request.user, record=record),
        "upload_form": AttachmentForm(),
    }
    if isinstance(record, Resource):
        context["changes"] = record.changes.select_related("actor")
        context["update_form"] = ResourceUpdateForm(
            initial={f: getattr(record, f) for f in services.RESOURCE_EDITABLE}
        )
    if isinstance(record, HouseholdArchive):
        context["groups"] = record.distressed_groups.all()
    if isinstance(record, GovernanceProject) and record.fund_amount is not None:
        context["entries"] = record.entries.all()
        context["balance"] = selectors.fund_balance(record)
        context["fund_form"] = FundEntryForm()
    if isinstance(record, QuarterlyReport):
        context["figures"] = [
            (label, record.figures.get(key, "")) for key, label in figure_labels().items()
        ]
    return render(request, "community/record_detail.html", context)


@login_required
@require_POST
def resource_update(request, pk):
    resource = record_kind_or_404("resource").get_for_user_or_404(user=request.user, pk=pk)
    require(can_write_for_contract(user=request.user, contract=resource.contract), WRITE_MESSAGE)
    return post_and_return(
        request,
        form=ResourceUpdateForm(request.POST),
        service=services.resource_update,
        done="资源已更新,变更已记录。",
        back=reverse("community:record", args=["resource", resource.pk]),
        invalid_message="请检查填写内容。",
        resource=resource,
    )


@login_required
@require_POST
def fund_entry_add(request, pk):
    project = record_kind_or_404("project").get_for_user_or_404(user=request.user, pk=pk)
    require(can_write_for_contract(user=request.user, contract=project.contract), WRITE_MESSAGE)
    label = dict(FundDirection.choices).get(request.POST.get("direction"), "")
    return post_and_return(
        request,
        form=FundEntryForm(request.POST),
        service=services.fund_entry_add,
        done=f"公益金{label}已登记。",
        back=reverse("community:record", args=["project", project.pk]),
        invalid_message="请检查填写内容。",
        project=project,
    )


@login_required
@require_POST
def attachment_upload(request, kind, pk):
    spec = record_kind_or_404(kind)
    record = spec.get_for_user_or_404(user=request.user, pk=pk)
    require(can_upload_to(user=request.user, record=record), "您不能为该记录上传附件。")
    back = (
        reverse(spec.page, args=[record.pk])
        if spec.page
        else reverse("community:record", args=[kind, record.pk])
    )
    return post_and_return(
        request,
        form=AttachmentForm(request.POST, request.FILES),
        service=services.attachment_add,
        done="附件已上传。",
        back=back,
        invalid_message="请选择附件类型和文件。",
        record=record,
    )


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
    resources = selectors.active_resources(contract=contract, community=community)
    return render(
        request,
        "community/map.html",
        {
            "contract": contract,
            "community": community,
            "year": year,
            "resources": resources,
            "svg": resource_map_svg(community=community, resources=resources),
            "map_status": selectors.resource_map_status(contract=contract, community=community),
        },
    )


@login_required
def resource_map_image(request, contract_pk, community_pk):
    contract, community = community_page_get_or_404(
        user=request.user, contract_pk=contract_pk, community_pk=community_pk
    )
    resources = selectors.active_resources(contract=contract, community=community)
    return HttpResponse(
        resource_map_svg(community=community, resources=resources),
        content_type="image/svg+xml; charset=utf-8",
    )
