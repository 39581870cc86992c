"""Synthetic round data at two scales, reproducible from a seed, loaded with COPY.

The plan's data comes from ``load_pilot_seed`` (the 14 pilot units); the city scale adds
streets, units and contracts up to 100 streets. Organisations, users and contracts go through
the ORM (a few hundred rows); the large tables (clients, cases, service records, archives,
volunteers) are written with PostgreSQL's COPY. Names are clearly synthetic (“基准…”);
identity numbers are synthetic with correct check digits, encrypted and hashed as the app does.
"""

from __future__ import annotations

import io
import math
import os
import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.utils import timezone

SCALES = {
    # The realistic two-year pilot round.
    "pilot": {
        "streets": 14,
        "communities_per_street": 5,
        "clients": 29_848,
        "cases": 19_992,
        "records": 298_553,
        "archives_per_year": 7_520,
        "volunteers": 5_154,
    },
    # The city: 100 streets, 1,000 communities.
    "city": {
        "streets": 100,
        "communities_per_street": 10,
        "clients": 200_000,
        "cases": 130_000,
        "records": 1_000_000,
        "archives_per_year": 150_000,
        "volunteers": 30_000,
    },
}
VOLUME_KEYS = ("clients", "cases", "records", "archives_per_year", "volunteers")
WORKERS_PER_AGENCY = 6
STREETS_PER_AGENCY = 7


@dataclass
class World:
    """What the measurements need to find again: ids of typical objects and the accounts."""

    users: dict[str, int]
    contract_id: int
    community_id: int
    street_id: int
    counts: dict[str, int]


def world_from_db() -> World:
    """The ``World`` of a database ``populate`` filled earlier (``BENCH_REUSE_DB``): the same
    accounts, first contract, community and street, found again by their synthetic names."""
    from apps.accounts.models import User
    from apps.cases.models import Case, Client, ServiceRecord
    from apps.community.models import HouseholdArchive
    from apps.orgs.models import Organization
    from apps.procurement.models import Contract
    from apps.volunteers.models import Volunteer

    names = {
        "agency_manager": "bench_manager_00",
        "social_worker": "bench_worker_00_0",
        "bureau": "bench_bureau",
        "district": "bench_district",
        "street": "bench_street",
        "community": "bench_community",
        "evaluator": "bench_evaluator",
    }
    ids = dict(User.objects.filter(username__in=names.values()).values_list("username", "pk"))
    contract = Contract.objects.select_related("unit").get(number="BENCH-001")
    community = Organization.objects.get(code=f"{contract.unit.street.code}-b01")
    contracts = Contract.objects.filter(number__startswith="BENCH-")
    return World(
        users={role: ids[name] for role, name in names.items()},
        contract_id=contract.pk,
        community_id=community.pk,
        street_id=contract.unit.street_id,
        counts={
            "streets": contracts.count(),
            "communities": Contract.communities.through.objects.filter(
                contract__in=contracts
            ).count(),
            "contracts": contracts.count(),
            "clients": Client.objects.count(),
            "cases": Case.objects.count(),
            "service_records": ServiceRecord.objects.count(),
            "archives": HouseholdArchive.objects.count(),
            "volunteers": Volunteer.objects.count(),
        },
    )


# The columns every community/volunteer record starts with (apps.records' shared base).
RECORD_COLUMNS = [
    "id",
    "contract_id",
    "community_id",
    "item_id",
    "project_year_id",
    "created_at",
    "updated_at",
]


def scale_params(name: str) -> dict:
    params = dict(SCALES[name])
    fraction = float(os.environ.get(f"BENCH_{name.upper()}_FRACTION", "1"))
    if fraction != 1:
        # Everything shrinks together, streets too (never below the pilot's 14).
        for key in VOLUME_KEYS:
            params[key] = max(1, int(params[key] * fraction))
        params["streets"] = max(14, round(params["streets"] * fraction))
    params["fraction"] = fraction
    return params


def _copy(table: str, columns: list[str], rows) -> int:
    """COPY rows (tuples) into ``table``; None → NULL. Returns the number of rows."""
    buf = io.StringIO()
    n = 0
    for row in rows:
        buf.write("\t".join(_copy_value(v) for v in row))
        buf.write("\n")
        n += 1
    buf.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT text)", buf
        )
    return n


def _copy_value(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _next_ids(table: str, n: int) -> int:
    """Reserve ``n`` ids of ``table``'s sequence; returns the first."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))")
        first = cursor.fetchone()[0]
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [first + n])
    return first


def _make_id(rng: random.Random, seq: int) -> str:
    """A synthetic identity number, unique per ``seq`` below 1,000,000."""
    from apps.cases import idcard

    # Region and serial come from seq % 100,000; each block of 100,000 has its own birth years.
    block, rest = divmod(seq, 100_000)
    born = date(1930, 1, 1) + timedelta(days=block * 4_000 + rng.randrange(0, 4_000))
    first17 = f"3205{rest % 100:02d}{born:%Y%m%d}{rest // 100:03d}"
    return first17 + idcard.check_digit(first17)


def _skeleton(params: dict, rng: random.Random):
    """Streets, units, communities, agencies, accounts and contracts (ORM, a few hundred rows)."""
    from apps.accounts.models import Role, User
    from apps.accounts.services import membership_grant
    from apps.orgs.models import Organization, OrganizationKind
    from apps.procurement.models import Contract, PilotRound, ProcurementUnit

    pilot_round = PilotRound.objects.get()
    units = list(pilot_round.units.select_related("street__parent").order_by("pk"))
    districts = list(Organization.objects.filter(kind=OrganizationKind.DISTRICT).order_by("code"))
    extra = params["streets"] - len(units)
    if extra > 0:
        streets = Organization.objects.bulk_create(
            [
                Organization(
                    code=f"bench-street-{n:03d}",
                    name=f"基准街道{n:03d}",
                    kind=OrganizationKind.STREET,
                    parent=districts[n % len(districts)],
                )
                for n in range(1, extra + 1)
            ]
        )
        ProcurementUnit.objects.bulk_create(
            [
                ProcurementUnit(
                    pilot_round=pilot_round,
                    code=f"BENCH-{n:03d}",
                    street=s,
                    annual_amount=units[0].annual_amount,
                )
                for n, s in enumerate(streets, start=1)
            ]
        )
        units = list(pilot_round.units.select_related("street__parent").order_by("pk"))
    units = units[: params["streets"]]
    communities_by_street = {}
    new_communities = []
    for unit in units:
        for k in range(1, params["communities_per_street"] + 1):
            new_communities.append(
                Organization(
                    code=f"{unit.street.code}-b{k:02d}",
                    name=f"{unit.street.name}基准社区{k:02d}",
                    kind=OrganizationKind.COMMUNITY,
                    parent=unit.street,
                )
            )
    for c in Organization.objects.bulk_create(new_communities):
        communities_by_street.setdefault(c.parent_id, []).append(c)
    agencies = Organization.objects.bulk_create(
        [
            Organization(code=f"bench-agency-{n:02d}", name=f"基准社工机构{n:02d}", kind="agency")
            for n in range(math.ceil(len(units) / STREETS_PER_AGENCY))
        ]
    )
    evaluator = Organization.objects.create(
        code="bench-evaluator", name="基准评估机构", kind=OrganizationKind.EVALUATOR
    )

    def account(username, role, organization):
        user = User.objects.create(username=username, full_name=username, password="!")
        membership_grant(actor=None, user=user, role=role, organization=organization)
        return user

    workers = {}
    users = {}
    for n, agency in enumerate(agencies):
        manager = account(f"bench_manager_{n:02d}", Role.AGENCY_MANAGER, agency)
        workers[agency.pk] = [
            account(f"bench_worker_{n:02d}_{k}", Role.SOCIAL_WORKER, agency).pk
            for k in range(WORKERS_PER_AGENCY)
        ]
        if n == 0:
            users["agency_manager"] = manager.pk
            users["social_worker"] = workers[agency.pk][0]
    first_street = units[0].street
    first_community = communities_by_street[first_street.pk][0]
    users["bureau"] = account("bench_bureau", Role.BUREAU_STAFF, pilot_round.bureau).pk
    users["district"] = account("bench_district", Role.DISTRICT_STAFF, first_street.parent).pk
    users["street"] = account("bench_street", Role.STREET_COORDINATOR, first_street).pk
    users["community"] = account("bench_community", Role.COMMUNITY_COORDINATOR, first_community).pk
    users["evaluator"] = account("bench_evaluator", Role.EVALUATOR, evaluator).pk
    contracts = Contract.objects.bulk_create(
        [
            Contract(
                unit=unit,
                agency=agencies[i // STREETS_PER_AGENCY],
                number=f"BENCH-{i + 1:03d}",
                start_date=pilot_round.service_start,
                end_date=pilot_round.service_end,
                annual_amount=unit.annual_amount,
                created_at=timezone.now(),
            )
            for i, unit in enumerate(units)
        ]
    )
    through = Contract.communities.through
    through.objects.bulk_create(
        [
            through(contract_id=c.pk, organization_id=o.pk)
            for c, unit in zip(contracts, units, strict=True)
            for o in communities_by_street[unit.street_id]
        ]
    )
    return pilot_round, units, contracts, communities_by_street, workers, users


def populate(*, scale: str, seed: int = 2018) -> World:
    """Fill the (migrated, seeded) database with the scale's synthetic round."""
    from apps.cases import idcard
    from apps.catalogue.models import Item, SubItem

    params = scale_params(scale)
    rng = random.Random(seed)
    now = timezone.now().isoformat()
    with transaction.atomic():
        pilot_round, units, contracts, communities_by_street, workers, users = _skeleton(
            params, rng
        )
        years = list(pilot_round.years.order_by("number"))
        # The bulk rows are consistent by construction: the foreign-key triggers (deferred to
        # the commit, one per row) are skipped while loading, as a restore does.
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
        t1_items = list(
            Item.objects.filter(category__pilot_round=pilot_round, category__code="T1").order_by(
                "number"
            )
        )
        t1_subs = {}
        for s in SubItem.objects.filter(item__in=t1_items).order_by("pk"):
            t1_subs.setdefault(s.item_id, []).append(s.pk)
        archive_item = Item.objects.get(category__pilot_round=pilot_round, code="A1-T2-1")
        team_item = Item.objects.get(category__pilot_round=pilot_round, code="A1-T3-1")
        slots = [
            (contract, community)
            for contract, unit in zip(contracts, units, strict=True)
            for community in communities_by_street[unit.street_id]
        ]

        # Clients: encrypted and hashed identity numbers, consent on most.
        n_clients = params["clients"]
        first_client = _next_ids("cases_client", n_clients)
        client_slot = []
        client_rows = []
        client_groups = []
        start = pilot_round.service_start
        for i in range(n_clients):
            contract, community = slots[i % len(slots)]
            value = _make_id(rng, i)
            pk = first_client + i
            client_slot.append((contract, community))
            consent = start + timedelta(days=rng.randrange(0, 600)) if rng.random() < 0.9 else None
            client_rows.append(
                (
                    pk,
                    f"基准对象{i}",
                    idcard.encrypt(value),
                    idcard.id_hash(value),
                    idcard.mask(value),
                    f"{value[6:10]}-{value[10:12]}-{value[12:14]}",
                    "male" if int(value[16]) % 2 else "female",
                    "",
                    "",
                    community.pk,
                    "list" if rng.random() < 0.7 else "walk_in",
                    "self" if consent else "",
                    consent.isoformat() if consent else None,
                    "",
                    now,
                )
            )
            for item in rng.sample(t1_items, 1 + (rng.random() < 0.3)):
                client_groups.append((pk, item.pk))
        _copy(
            "cases_client",
            [
                "id",
                "name",
                "id_cipher",
                "id_hash",
                "id_masked",
                "birth_date",
                "sex",
                "phone",
                "address",
                "community_id",
                "source",
                "consent_by",
                "consent_on",
                "guardian_name",
                "created_at",
            ],
            client_rows,
        )
        del client_rows
        _copy("cases_client_groups", ["client_id", "item_id"], client_groups)

        # Target lists: one imported list per street naming the clients that came from lists.
        from apps.cases.models import ImportStatus, TargetListImport

        imports = {}
        for unit in units:
            imports[unit.street_id] = TargetListImport.objects.create(
                organization=unit.street,
                uploaded_by_id=users["street"],
                original_name="基准名单.xlsx",
                stored_file="bench/none.bin",
                size=1,
                status=ImportStatus.IMPORTED,
            ).pk
        entry_rows = []
        for i in range(n_clients):
            if i % 10 < 7:
                contract, community = client_slot[i]
                entry_rows.append(
                    (
                        imports[community.parent_id],
                        first_client + i,
                        community.pk,
                        community.parent_id,
                        i + 2,
                        now,
                    )
                )
        _copy(
            "cases_targetlistentry",
            [
                "list_import_id",
                "client_id",
                "community_id",
                "street_id",
                "row_number",
                "created_at",
            ],
            entry_rows,
        )
        del entry_rows

        # Cases, each on one Table 1 sub-item, with service records spread over the round.
        n_cases = params["cases"]
        first_case = _next_ids("cases_case", n_cases)
        kinds = ["individual", "case_management", "group_work", "community_activity"]
        case_rows, case_subs, case_meta = [], [], []
        for i in range(n_cases):
            client_index = rng.randrange(n_clients)
            contract, community = client_slot[client_index]
            worker = rng.choice(workers[contract.agency_id])
            opened = start + timedelta(days=rng.randrange(0, 700))
            item = t1_items[i % len(t1_items)]
            sub = rng.choice(t1_subs[item.pk])
            pk = first_case + i
            case_rows.append(
                (
                    pk,
                    contract.pk,
                    community.pk,
                    kinds[i % 4] if i % 7 else "individual",
                    first_client + client_index,
                    "基准:需求评估。" if rng.random() < 0.95 else "",
                    "基准:服务计划。",
                    worker,
                    "open",
                    opened.isoformat(),
                    "",
                    now,
                )
            )
            case_subs.append((pk, sub))
            case_meta.append((pk, opened, worker, sub))
        _copy(
            "cases_case",
            [
                "id",
                "contract_id",
                "community_id",
                "kind",
                "client_id",
                "assessment",
                "plan",
                "assigned_worker_id",
                "status",
                "opened_on",
                "closing_summary",
                "created_at",
            ],
            case_rows,
        )
        del case_rows
        _copy("cases_case_sub_items", ["case_id", "subitem_id"], case_subs)
        end = pilot_round.service_end
        modes = ["home_visit", "phone", "office", "other"]

        def records():
            for _ in range(params["records"]):
                pk, opened, worker, sub = case_meta[rng.randrange(n_cases)]
                day = opened + timedelta(days=rng.randrange(0, 120))
                yield (
                    pk,
                    min(day, end).isoformat(),
                    rng.choice((30, 45, 60, 90)),
                    rng.choice(modes),
                    sub,
                    "基准:服务记录。",
                    worker,
                    now,
                )

        _copy(
            "cases_servicerecord",
            [
                "case_id",
                "date",
                "duration_minutes",
                "mode",
                "sub_item_id",
                "note",
                "worker_id",
                "created_at",
            ],
            records(),
        )

        # Household needs archives: per community and year, most with needs, 70 % distressed.
        archive_rows = []
        per_slot = max(1, params["archives_per_year"] // len(slots))
        first_archive = _next_ids("community_householdarchive", per_slot * len(slots) * len(years))
        pk = first_archive
        distressed = []
        for year in years:
            for contract, community in slots:
                for k in range(per_slot):
                    needs = '{"生活照料": "基准"}' if rng.random() < 0.93 else "{}"
                    is_distressed = rng.random() < 0.72
                    archive_rows.append(
                        (
                            pk,
                            contract.pk,
                            community.pk,
                            archive_item.pk,
                            year.pk,
                            now,
                            now,
                            f"基准路{k}号",
                            f"基准路{k}号",
                            "基准户主",
                            "[]",
                            2,
                            needs,
                            is_distressed,
                            "",
                            rng.choice(workers[contract.agency_id]),
                            (year.start + timedelta(days=rng.randrange(0, 300))).isoformat(),
                            "",
                            "",
                        )
                    )
                    if is_distressed:
                        distressed.append((pk, t1_items[k % len(t1_items)].pk))
                    pk += 1
        _copy(
            "community_householdarchive",
            [
                *RECORD_COLUMNS,
                "address",
                "address_key",
                "household_head",
                "members",
                "member_count",
                "needs",
                "is_distressed",
                "client_reference",
                "worker_id",
                "recorded_on",
                "consent_by",
                "guardian_name",
            ],
            archive_rows,
        )
        del archive_rows
        _copy(
            "community_householdarchive_distressed_groups",
            ["householdarchive_id", "item_id"],
            distressed,
        )

        # Volunteer teams (two or three per community) and volunteers, each in one team.
        team_rows = []
        first_team = _next_ids("volunteers_volunteerteam", len(slots) * 3)
        teams = []
        for n, (contract, community) in enumerate(slots):
            for k in range(2 + (n % 2)):
                tid = first_team + len(team_rows)
                team_rows.append(
                    (
                        tid,
                        contract.pk,
                        community.pk,
                        team_item.pk,
                        years[0].pk,
                        now,
                        now,
                        f"基准志愿队{n}-{k}",
                        (years[0].start + timedelta(days=30 * k)).isoformat(),
                        "参与社区治理",
                        True,
                    )
                )
                teams.append((tid, years[0].start + timedelta(days=30 * k)))
        _copy(
            "volunteers_volunteerteam",
            [
                *RECORD_COLUMNS,
                "name",
                "founded_on",
                "governance_role",
                "is_active",
            ],
            team_rows,
        )
        n_vol = params["volunteers"]
        first_vol = _next_ids("volunteers_volunteer", n_vol)
        _copy(
            "volunteers_volunteer",
            [
                "id",
                "name",
                "phone",
                "person_key",
                "registration_number",
                "created_at",
                "consent_by",
                "guardian_name",
                "sensitive_group",
            ],
            (
                (
                    first_vol + i,
                    f"基准志愿者{i}",
                    f"139{i:08d}",
                    f"基准志愿者{i}|139{i:08d}",
                    "",
                    now,
                    "",
                    "",
                    "",
                )
                for i in range(n_vol)
            ),
        )
        _copy(
            "volunteers_teammembership",
            ["team_id", "volunteer_id", "joined_on"],
            (
                (teams[i % len(teams)][0], first_vol + i, teams[i % len(teams)][1].isoformat())
                for i in range(n_vol)
            ),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    first_unit = units[0]
    return World(
        users=users,
        contract_id=contracts[0].pk,
        community_id=communities_by_street[first_unit.street_id][0].pk,
        street_id=first_unit.street_id,
        counts={
            "streets": len(units),
            "communities": len(slots),
            "contracts": len(contracts),
            "clients": n_clients,
            "cases": n_cases,
            "service_records": params["records"],
            "archives": per_slot * len(slots) * len(years),
            "volunteers": n_vol,
        },
    )
