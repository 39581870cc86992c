"""Writes of community-work records: each checks its rules and audits in one transaction."""

from __future__ import annotations

import re
import secrets
import unicodedata
from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum

from apps.core.audit import audit_record
from apps.core.changes import contract_changed_on_commit
from apps.procurement.models import ProjectYear

from . import rules
from .models import (
    Attachment,
    CommunityRecord,
    FundDirection,
    FundEntry,
    GovernanceProject,
    HouseholdArchive,
    Incubation,
    Meeting,
    MeetingKind,
    QuarterlyReport,
    ResearchStudy,
    Resource,
    ResourceChange,
    ResourceKind,
    TrainingSession,
)
from .uploads import validate_upload

GRID_MAX = 20  # the sketch grid drawn by the map (a drawing size, not a round rule)
_ADDRESS_NOISE = re.compile(r"[\s\-—–_·.,,。/\\()()#]+")


# --- shared checks ----------------------------------------------------------------------------


def normalize_address(address: str) -> str:
    """One spelling per address: full-width folded, spaces and punctuation dropped."""
    folded = unicodedata.normalize("NFKC", address or "").lower()
    return _ADDRESS_NOISE.sub("", folded)


def project_year_for(contract, day: date) -> ProjectYear:
    """The project year of the contract's round that ``day`` falls in."""
    year = (
        ProjectYear.objects.filter(
            pilot_round_id=contract.unit.pilot_round_id, start__lte=day, end__gte=day
        )
        .order_by("number")
        .first()
    )
    if year is None:
        raise ValidationError(f"日期 {day:%Y-%m-%d} 不在本轮任何项目年度内。")
    if not (contract.start_date <= day <= contract.end_date):
        raise ValidationError(f"日期 {day:%Y-%m-%d} 不在合同服务期内。")
    return year


def check_community(contract, community):
    """A community record must name one of the contract's communities."""
    if community is None:
        raise ValidationError("请选择社区(村)。")
    if not contract.communities.filter(pk=community.pk).exists():
        raise ValidationError(f"{community.name}不是本合同的服务社区(村)。")


def check_sub_item(item, sub_item, *, required: bool):
    if sub_item is None:
        if required:
            raise ValidationError(f"请选择“{item.name}”的细项。")
        return
    if sub_item.item_id != item.pk:
        raise ValidationError(f"细项 {sub_item.code} 不属于大项 {item.code}。")


def _round(contract):
    return contract.unit.pilot_round


def _save(obj, *, actor, action, **data):
    obj.save()
    audit_record(actor=actor, action=action, obj=obj, **data)
    if isinstance(obj, CommunityRecord):  # a counted record: its contract recomputes
        contract_changed_on_commit(contract_id=obj.contract_id)
    return obj


# --- A1-T2-1 household needs archives ---------------------------------------------------------


@transaction.atomic
def archive_create(
    *,
    actor,
    contract,
    community,
    address: str,
    household_head: str,
    recorded_on: date,
    member_count: int = 1,
    members: list | None = None,
    needs: dict | None = None,
    is_distressed: bool = False,
    distressed_groups=(),
    client_reference: str = "",
    worker=None,
) -> HouseholdArchive:
    """One archive per household (community + normalised address) per project year."""
    check_community(contract, community)
    key = normalize_address(address)
    if not key:
        raise ValidationError("请填写家庭住址。")
    year = project_year_for(contract, recorded_on)
    groups = list(distressed_groups)
    allowed = set(rules.distressed_group_items(_round(contract)).values_list("pk", flat=True))
    if any(g.pk not in allowed for g in groups):
        raise ValidationError("困境群体只能从附件1表1的基础类服务对象中选择。")
    if is_distressed and not groups:
        raise ValidationError("困境家庭须注明所属的困境群体(附件1表1)。")
    if not is_distressed and groups:
        raise ValidationError("未标记为困境家庭时不能选择困境群体。")
    if HouseholdArchive.objects.filter(
        community=community, address_key=key, project_year=year
    ).exists():
        raise ValidationError(f"该户({address})在{year}已建立需求档案,每户每年度只建一份。")
    archive = HouseholdArchive(
        contract=contract,
        community=community,
        item=rules.catalogue_item(_round(contract), rules.ARCHIVE_ITEM),
        project_year=year,
        created_by=actor,
        address=address.strip(),
        address_key=key,
        household_head=household_head.strip(),
        member_count=member_count,
        members=members or [],
        needs=needs or {},
        is_distressed=is_distressed,
        client_reference=client_reference.strip(),
        worker=worker or actor,
        recorded_on=recorded_on,
    )
    try:
        with transaction.atomic():
            _save(archive, actor=actor, action="archive_create", address_key=key)
    except IntegrityError as exc:  # a concurrent request won the race
        raise ValidationError("该户本项目年度已建立需求档案,每户每年度只建一份。") from exc
    archive.distressed_groups.set(groups)
    return archive


# --- A1-T2-2 resource library ----------------------------------------------------------------


def _check_location(grid_x, grid_y, latitude, longitude):
    for value in (grid_x, grid_y):
        if value is not None and not (0 <= value <= GRID_MAX):
            raise ValidationError(f"示意图坐标须在 0–{GRID_MAX} 之间。")
    if (grid_x is None) != (grid_y is None):
        raise ValidationError("示意图坐标须同时填写横坐标和纵坐标。")
    if (latitude is None) != (longitude is None):
        raise ValidationError("经纬度须同时填写。")
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError("经纬度超出范围。")
    if grid_x is None and latitude is None:
        raise ValidationError("请填写资源位置(示意图坐标或经纬度)。")


@transaction.atomic
def resource_create(
    *,
    actor,
    contract,
    community,
    kind: str,
    name: str,
    changed_on: date,
    description: str = "",
    contact: str = "",
    grid_x=None,
    grid_y=None,
    latitude=None,
    longitude=None,
    sub_item=None,
) -> Resource:
    check_community(contract, community)
    if kind not in ResourceKind.values:
        raise ValidationError("请选择资源类型。")
    _check_location(grid_x, grid_y, latitude, longitude)
    item = rules.catalogue_item(_round(contract), rules.RESOURCE_ITEM)
    check_sub_item(item, sub_item, required=False)
    resource = _save(
        Resource(
            contract=contract,
            community=community,
            item=item,
            sub_item=sub_item,
            project_year=project_year_for(contract, changed_on),
            created_by=actor,
            kind=kind,
            name=name.strip(),
            description=description,
            contact=contact,
            grid_x=grid_x,
            grid_y=grid_y,
            latitude=latitude,
            longitude=longitude,
        ),
        actor=actor,
        action="resource_create",
    )
    ResourceChange.objects.create(
        resource=resource, changed_on=changed_on, action="created", summary="新建", actor=actor
    )
    return resource


RESOURCE_EDITABLE = (
    "name",
    "description",
    "contact",
    "grid_x",
    "grid_y",
    "latitude",
    "longitude",
    "is_active",
)


@transaction.atomic
def resource_update(*, actor, resource: Resource, changed_on: date, summary: str, **fields):
    """Change a resource and date the change: the history is what “updated” means."""
    unknown = set(fields) - set(RESOURCE_EDITABLE)
    if unknown:
        raise ValidationError(f"不能修改:{', '.join(sorted(unknown))}")
    if not summary.strip():
        raise ValidationError("请说明本次更新的内容。")
    project_year_for(resource.contract, changed_on)
    for name, value in fields.items():
        setattr(resource, name, value)
    _check_location(resource.grid_x, resource.grid_y, resource.latitude, resource.longitude)
    _save(resource, actor=actor, action="resource_update", fields=sorted(fields))
    action = "retired" if fields.get("is_active") is False else "updated"
    return ResourceChange.objects.create(
        resource=resource, changed_on=changed_on, action=action, summary=summary, actor=actor
    )


# --- A1-T2-3 research, A1-T3-2 incubation, A1-T3-3 trainings ----------------------------------


@transaction.atomic
def study_create(
    *,
    actor,
    contract,
    community,
    sub_item,
    title: str,
    started_on: date,
    finished_on: date | None = None,
    summary: str = "",
) -> ResearchStudy:
    check_community(contract, community)
    item = rules.catalogue_item(_round(contract), rules.RESEARCH_ITEM)
    check_sub_item(item, sub_item, required=True)
    if finished_on and finished_on < started_on:
        raise ValidationError("完成日期不能早于开始日期。")
    return _save(
        ResearchStudy(
            contract=contract,
            community=community,
            item=item,
            sub_item=sub_item,
            project_year=project_year_for(contract, started_on),
            created_by=actor,
            title=title.strip(),
            started_on=started_on,
            finished_on=finished_on,
            summary=summary,
        ),
        actor=actor,
        action="study_create",
    )


@transaction.atomic
def training_create(
    *,
    actor,
    contract,
    held_on: date,
    topic: str,
    hours: Decimal,
    trainer: str,
    attendee_count: int,
    attendees: str = "",
    sub_item=None,
) -> TrainingSession:
    """A street-level session (community left empty): S5 counts sessions and hours."""
    item = rules.catalogue_item(_round(contract), rules.TRAINING_ITEM)
    check_sub_item(item, sub_item, required=False)
    hours = Decimal(hours)
    if hours <= 0:
        raise ValidationError("学时须大于0。")
    if attendee_count < 1:
        raise ValidationError("参训人数须至少1人。")
    return _save(
        TrainingSession(
            contract=contract,
            community=None,
            item=item,
            sub_item=sub_item,
            project_year=project_year_for(contract, held_on),
            created_by=actor,
            held_on=held_on,
            topic=topic.strip(),
            hours=hours,
            trainer=trainer.strip(),
            attendee_count=attendee_count,
            attendees=attendees,
        ),
        actor=actor,
        action="training_create",
        hours=str(hours),
    )


@transaction.atomic
def incubation_create(
    *,
    actor,
    contract,
    sub_item,
    organization_name: str,
    started_on: date,
    community=None,
    stage: str = "",
    results: str = "",
) -> Incubation:
    if community is not None:
        check_community(contract, community)
    item = rules.catalogue_item(_round(contract), rules.INCUBATION_ITEM)
    check_sub_item(item, sub_item, required=True)
    return _save(
        Incubation(
            contract=contract,
            community=community,
            item=item,
            sub_item=sub_item,
            project_year=project_year_for(contract, started_on),
            created_by=actor,
            organization_name=organization_name.strip(),
            started_on=started_on,
            stage=stage,
            results=results,
        ),
        actor=actor,
        action="incubation_create",
    )


# --- A1-T4 governance projects and the public-welfare fund -----------------------------------


@transaction.atomic
def project_create(
    *,
    actor,
    contract,
    community,
    sub_item,
    title: str,
    started_on: date,
    consultation: str = "",
    conventions: str = "",
    results: str = "",
    fund_amount: Decimal | None = None,
) -> GovernanceProject:
    """A governance project; its kind is the sub-item, which names its item (A1-T4-*)."""
    check_community(contract, community)
    pilot_round = _round(contract)
    if sub_item is None:
        raise ValidationError("请选择项目类型(细项)。")
    item = sub_item.item
    if item.code not in rules.GOVERNANCE_ITEMS or item.category.pilot_round_id != pilot_round.pk:
        raise ValidationError("项目类型须是本轮附件1表4治理类的细项。")
    if sub_item.pk in rules.fund_sub_item_ids(pilot_round):
        minimum = Decimal(str(rules.rule_thresholds(pilot_round, "FUND", started_on)["min_amount"]))
        if fund_amount is None:
            raise ValidationError("社区公益金须填写金额。")
        if Decimal(fund_amount) < minimum:
            raise ValidationError(
                f"社区公益金每个不少于{minimum:,.0f}元,填写的金额为{Decimal(fund_amount):,.2f}元。"
            )
    elif fund_amount is not None:
        raise ValidationError("只有社区公益金项目填写公益金金额。")
    return _save(
        GovernanceProject(
            contract=contract,
            community=community,
            item=item,
            sub_item=sub_item,
            project_year=project_year_for(contract, started_on),
            created_by=actor,
            title=title.strip(),
            started_on=started_on,
            consultation=consultation,
            conventions=conventions,
            results=results,
            fund_amount=fund_amount,
        ),
        actor=actor,
        action="project_create",
        sub_item=sub_item.code,
    )


def fund_balance(project: GovernanceProject) -> Decimal:
    sums = project.entries.aggregate(
        ins=Sum("amount", filter=Q(direction=FundDirection.INCOME)),
        outs=Sum("amount", filter=Q(direction=FundDirection.EXPENSE)),
    )
    return (project.fund_amount or 0) + (sums["ins"] or 0) - (sums["outs"] or 0)


@transaction.atomic
def fund_entry_add(
    *, actor, project: GovernanceProject, entry_date: date, direction: str, amount, note: str
) -> FundEntry:
    """An income or expense of the fund; an expense may not overdraw it."""
    if project.fund_amount is None:
        raise ValidationError("只有社区公益金项目可以登记收支。")
    GovernanceProject.objects.select_for_update().filter(pk=project.pk).first()
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError("金额须大于0。")
    if direction not in FundDirection.values:
        raise ValidationError("请选择收入或支出。")
    if entry_date < project.started_on:
        raise ValidationError("收支日期不能早于公益金设立日期。")
    if direction == FundDirection.EXPENSE and amount > fund_balance(project):
        raise ValidationError(f"支出超过公益金余额({fund_balance(project):,.2f}元)。")
    entry = FundEntry.objects.create(
        project=project,
        entry_date=entry_date,
        direction=direction,
        amount=amount,
        note=note.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor, action="fund_entry_add", obj=project, direction=direction, amount=str(amount)
    )
    contract_changed_on_commit(contract_id=project.contract_id)
    return entry


# --- §六(二) meetings and quarterly reports ----------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor,
    contract,
    kind: str,
    organization,
    held_on: date,
    attendees: str,
    minutes: str,
    decisions: str = "",
) -> Meeting:
    """Weekly meetings are a community's, monthly ones the contract's street's."""
    if kind == MeetingKind.WEEKLY:
        check_community(contract, organization)
    elif kind == MeetingKind.MONTHLY:
        if organization.pk != contract.unit.street_id:
            raise ValidationError("街道月联席会议须由本合同所在街道召开。")
    else:
        raise ValidationError("请选择会议类型。")
    if not attendees.strip() or not minutes.strip():
        raise ValidationError("请填写参会人员和会议纪要。")
    return _save(
        Meeting(
            contract=contract,
            kind=kind,
            organization=organization,
            project_year=project_year_for(contract, held_on),
            held_on=held_on,
            attendees=attendees,
            minutes=minutes,
            decisions=decisions,
            created_by=actor,
        ),
        actor=actor,
        action="meeting_create",
        kind=kind,
    )


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    if quarter not in (1, 2, 3, 4):
        raise ValidationError("季度须为1–4。")
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def quarterly_figures(*, contract, year: int, quarter: int) -> dict:
    """The quarter's numbers, counted from the portal's own records of the contract."""
    from apps.volunteers.models import TeamMembership, VolunteerActivity, VolunteerTeam

    start, end = quarter_bounds(year, quarter)
    archives = HouseholdArchive.objects.filter(contract=contract, recorded_on__range=(start, end))
    trainings = TrainingSession.objects.filter(contract=contract, held_on__range=(start, end))
    meetings = Meeting.objects.filter(contract=contract, held_on__range=(start, end))
    return {
        "archives": archives.count(),
        "archives_distressed": archives.filter(is_distressed=True).count(),
        "resource_changes": ResourceChange.objects.filter(
            resource__contract=contract, changed_on__range=(start, end)
        ).count(),
        "studies": ResearchStudy.objects.filter(
            contract=contract, started_on__range=(start, end)
        ).count(),
        "trainings": trainings.count(),
        "training_hours": str(trainings.aggregate(s=Sum("hours"))["s"] or Decimal(0)),
        "incubations": Incubation.objects.filter(
            contract=contract, started_on__range=(start, end)
        ).count(),
        "governance_projects": GovernanceProject.objects.filter(
            contract=contract, started_on__range=(start, end)
        ).count(),
        "volunteer_teams": VolunteerTeam.objects.filter(
            contract=contract, founded_on__range=(start, end)
        ).count(),
        "volunteers_joined": TeamMembership.objects.filter(
            team__contract=contract, joined_on__range=(start, end)
        )
        .values("volunteer")
        .distinct()
        .count(),
        "volunteer_activities": VolunteerActivity.objects.filter(
            team__contract=contract, held_on__range=(start, end)
        ).count(),
        "weekly_meetings": meetings.filter(kind=MeetingKind.WEEKLY).count(),
        "monthly_meetings": meetings.filter(kind=MeetingKind.MONTHLY).count(),
    }


FIGURE_LABELS = {
    "archives": "居民家庭需求档案(份)",
    "archives_distressed": "其中困境家庭(份)",
    "resource_changes": "资源库新增/更新(条)",
    "studies": "社区研究(项)",
    "trainings": "社区工作者培训(次)",
    "training_hours": "培训学时",
    "incubations": "社会组织培育(个)",
    "governance_projects": "治理类项目(个)",
    "volunteer_teams": "新建志愿者队伍(支)",
    "volunteers_joined": "新加入志愿者(人)",
    "volunteer_activities": "志愿服务活动(次)",
    "weekly_meetings": "社区周联席会议(次)",
    "monthly_meetings": "街道月联席会议(次)",
}


@transaction.atomic
def quarterly_report_create(
    *,
    actor,
    contract,
    year: int,
    quarter: int,
    narrative: str,
    submitted_on: date,
    issues: str = "",
) -> QuarterlyReport:
    start, end = quarter_bounds(year, quarter)
    if end < contract.start_date or start > contract.end_date:
        raise ValidationError("该季度不在合同服务期内。")
    if submitted_on < start:
        raise ValidationError("报送日期不能早于季度开始。")
    if QuarterlyReport.objects.filter(contract=contract, year=year, quarter=quarter).exists():
        raise ValidationError(f"{year}年第{quarter}季度的进展报告已报送。")
    if not narrative.strip():
        raise ValidationError("请填写进展说明。")
    return _save(
        QuarterlyReport(
            contract=contract,
            year=year,
            quarter=quarter,
            period_start=start,
            period_end=end,
            figures=quarterly_figures(contract=contract, year=year, quarter=quarter),
            narrative=narrative,
            issues=issues,
            submitted_on=submitted_on,
            created_by=actor,
        ),
        actor=actor,
        action="quarterly_report_create",
        year=year,
        quarter=quarter,
    )


# --- attachments ---------------------------------------------------------------------------


@transaction.atomic
def attachment_add(*, actor, record, uploaded, kind: str) -> Attachment:
    """Store an allowed file under MEDIA_ROOT for ``record`` (of this app or apps.volunteers)."""
    from .models import AttachmentKind

    if kind not in AttachmentKind.values:
        raise ValidationError("请选择附件类型。")
    extension = validate_upload(uploaded)
    contract = record.contract if hasattr(record, "contract") else record.team.contract
    attachment = Attachment(
        contract=contract,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        kind=kind,
        token=secrets.token_hex(16),
        extension=extension,
        original_name=(uploaded.name or "")[-200:],
        size=uploaded.size,
        uploaded_by=actor,
    )
    attachment.file.save(attachment_path_name(attachment), uploaded, save=False)
    return _save(attachment, actor=actor, action="attachment_add", record=str(record.pk))


def attachment_path_name(attachment) -> str:
    return f"{attachment.token}{attachment.extension}"
