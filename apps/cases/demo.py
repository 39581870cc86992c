"""Demo data: a target list per pilot street, some cases and service records per contract.

Names are clearly fake (“演示对象…”), identity numbers synthetic with correct check digits.
Everything goes through the real services (upload → check → confirm; consent; open; log).
Idempotent: a street that already has its demo list, a contract that already has cases, is
left as it is.
"""

from datetime import date, timedelta

from django.db import transaction

from apps.accounts.models import Role, RoleMembership, User
from apps.accounts.services import membership_grant, user_create
from apps.core.seeding import DEMO_PASSWORD
from apps.orgs.models import Organization

from . import idcard
from .models import (
    Case,
    CaseKind,
    Client,
    ConsentBy,
    ImportStatus,
    ServiceMode,
    TargetListImport,
)
from .services import (
    case_open,
    client_consent_record,
    client_register,
    distressed_groups,
    service_record_add,
    table1_sub_items,
    target_list_apply,
    target_list_upload,
    target_list_validate,
)
from .spreadsheet import COLUMNS

DEMO_LIST_NAME = "演示名单.xlsx"
ROWS_PER_STREET = 30
CASES_PER_CONTRACT = 8
REGION = {"gusu": "320508", "sip": "320571", "snd": "320505"}


def _id(region: str, born: date, seq: int) -> str:
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    return first17 + idcard.check_digit(first17)


def _coordinator(street) -> User:
    """The street's coordinator: demo_street for 沧浪, a demo account for the others."""
    existing = (
        RoleMembership.objects.active()
        .filter(role=Role.STREET_COORDINATOR, organization=street)
        .select_related("user")
        .first()
    )
    if existing:
        return existing.user
    username = f"demo_coord_{street.code}".replace("-", "_")
    user = User.objects.filter(username=username).first() or user_create(
        actor=None,
        username=username,
        password=DEMO_PASSWORD,
        full_name=f"{street.name}协调员(演示)",
    )
    membership_grant(actor=None, user=user, role=Role.STREET_COORDINATOR, organization=street)
    return user


def _xlsx(rows) -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _street_list(*, street, index: int, groups) -> None:
    if TargetListImport.objects.filter(organization=street, original_name=DEMO_LIST_NAME).exists():
        return
    communities = list(Organization.objects.communities().filter(parent=street).order_by("code"))
    if not communities:
        return
    region = REGION.get(street.parent.code, "320500")
    short = street.name.removesuffix("街道").removesuffix("镇")
    rows = []
    for i in range(ROWS_PER_STREET):
        # Ages spread over the groups: older people, children, adults.
        years = (75, 10, 45, 68, 50, 38, 42, 60, 35, 28)[i % 10]
        born = date(2018 - years, 1 + i % 12, 1 + (i * 3) % 28)
        group = groups[i % len(groups)]
        rows.append(
            [
                f"演示{short}{i + 1:02d}",
                _id(region, born, index * 40 + i),
                f"139{index:02d}{i:06d}",
                group.name,
                communities[i % len(communities)].name,
                "演示地址",
                "",
            ]
        )
    coordinator = _coordinator(street)
    list_import = target_list_upload(
        actor=coordinator, organization=street, name=DEMO_LIST_NAME, data=_xlsx(rows)
    )
    # In-process whatever IMPORT_ASYNC_ROWS says: the demo runs inside one transaction, where a
    # list queued for Celery would still be waiting when it is confirmed.
    if list_import.status == ImportStatus.VALIDATING:
        target_list_validate(list_import=list_import)
    target_list_apply(actor=coordinator, list_import=list_import)


def _worker(contract) -> User | None:
    membership = (
        RoleMembership.objects.active()
        .filter(organization=contract.agency, role=Role.SOCIAL_WORKER)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return membership.user if membership else None


def _contract_cases(*, contract, sub_items_by_group) -> None:
    if Case.objects.filter(contract=contract).exists():
        return
    worker = _worker(contract)
    if worker is None:
        return
    communities = list(contract.communities.order_by("code"))
    clients = list(
        Client.objects.current()
        .filter(community__in=communities, source="list")
        .prefetch_related("groups")
        .order_by("pk")[: CASES_PER_CONTRACT - 2]
    )
    start = max(contract.start_date, date(2019, 3, 1))
    for n in range(2):
        born = date(1950 + n * 20, 5, 5)
        region = REGION.get(contract.unit.street.parent.code, "320500")
        clients.append(
            client_register(
                actor=worker,
                name=f"演示求助者{contract.pk}-{n + 1}",
                community=communities[n % len(communities)],
                source="walk_in",
                id_number=_id(region, born, 900 + contract.pk % 90 + n),
            )
        )
    kinds = [CaseKind.INDIVIDUAL, CaseKind.CASE_MANAGEMENT, CaseKind.GROUP_WORK]
    modes = [ServiceMode.HOME_VISIT, ServiceMode.PHONE, ServiceMode.OFFICE]
    for i, client in enumerate(clients):
        age = idcard.age_on(client.birth_date, start) if client.birth_date else 30
        if age < 14:
            client_consent_record(
                actor=worker,
                client=client,
                given_by=ConsentBy.GUARDIAN,
                on=start,
                guardian_name="演示监护人",
            )
        else:
            client_consent_record(actor=worker, client=client, given_by=ConsentBy.SELF, on=start)
        group = next(iter(client.groups.all()), None)
        options = sub_items_by_group.get(group.pk if group else None) or sub_items_by_group["any"]
        opened = start + timedelta(days=i * 3)
        case = case_open(
            actor=worker,
            contract=contract,
            community=client.community if client.community in communities else communities[0],
            kind=kinds[i % len(kinds)],
            client=client,
            sub_items=options[:2],
            assessment="演示:需求评估(入户了解家庭状况、支持网络与主要困难)。",
            plan="演示:每月入户探访两次,链接社区资源。",
            assigned_worker=worker,
            opened_on=opened,
        )
        if i % 4 == 3:
            continue  # some listed people are on a case but not yet contacted
        for k in range(2):
            service_record_add(
                actor=worker,
                case=case,
                date=opened + timedelta(days=7 * (k + 1)),
                duration_minutes=45 + 15 * k,
                mode=modes[(i + k) % len(modes)],
                sub_item=options[0],
                note="演示:探访记录。",
            )


@transaction.atomic
def demo_extend(*, pilot_round) -> None:
    groups = list(distressed_groups(pilot_round=pilot_round))
    if not groups:
        return
    sub_items_by_group = {"any": []}
    for s in table1_sub_items(pilot_round=pilot_round).order_by("item__number", "number"):
        sub_items_by_group.setdefault(s.item_id, []).append(s)
        sub_items_by_group["any"].append(s)
    units = pilot_round.units.select_related("street", "street__parent").order_by("pk")
    for index, unit in enumerate(units, start=1):
        _street_list(street=unit.street, index=index, groups=groups)
    for unit in units:
        for contract in unit.contracts.select_related("agency", "unit__street__parent"):
            _contract_cases(contract=contract, sub_items_by_group=sub_items_by_group)
