"""Demo data on top of the plan's data: communities, agencies, an evaluator, contracts, accounts.

Every demo organization is marked ``is_demo`` and named with “(演示)” so nobody mistakes it
for real data. Idempotent: running it twice leaves what running it once left.
"""

import importlib
import importlib.util
import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import transaction

from apps.accounts.models import Role, User
from apps.accounts.services import membership_grant, user_create
from apps.core.changes import contract_changes_paused
from apps.core.seeding import DEMO_PASSWORD, demo_password_hash
from apps.orgs.models import Organization, OrganizationKind
from apps.orgs.services import organization_create
from apps.procurement.models import Contract, PilotRound
from apps.procurement.services import contract_create

# Each app adds its own demo records through ``<app>.demo.demo_extend(pilot_round=…)``, run in
# this order (floor by floor) after the base world (organizations, contracts, accounts) exists.
# An app that is not installed, or has no demo module, is skipped: adding an app's demo is one
# line here and one ``demo.py`` there.
DEMO_EXTENSIONS = [
    "apps.agencies",
    "apps.plans",
    "apps.cases",
    "apps.community",
    "apps.volunteers",
    "apps.metrics",  # computes the indicators from everything above
    "apps.evaluations",  # judging: reads the engine's snapshots
    "apps.reports",
]
COMMUNITY_NAMES = ["东园", "西街", "南浜", "北苑", "新村"]
# One account per role (README's table): username, name, role, the organization it is held in.
DEMO_ACCOUNTS = [
    ("demo_bureau", "王敏(市民政局)", Role.BUREAU_STAFF, "bureau"),
    ("demo_district", "李强(姑苏区民政)", Role.DISTRICT_STAFF, "gusu"),
    ("demo_street", "张丽(沧浪街道协调员)", Role.STREET_COORDINATOR, "canglang"),
    ("demo_community", "陈静(社区协调员)", Role.COMMUNITY_COORDINATOR, "community"),
    ("demo_manager_a", "刘洋(阳光项目主管)", Role.AGENCY_MANAGER, "agency_a"),
    ("demo_supervisor_a", "赵华(阳光督导)", Role.SUPERVISOR, "agency_a"),
    ("demo_worker_a", "孙悦(阳光社工)", Role.SOCIAL_WORKER, "agency_a"),
    ("demo_manager_b", "周杰(新邻里项目主管)", Role.AGENCY_MANAGER, "agency_b"),
    ("demo_worker_b", "吴芳(新邻里社工)", Role.SOCIAL_WORKER, "agency_b"),
    ("demo_evaluator", "郑伟(评估机构)", Role.EVALUATOR, "evaluator"),
]


def _org(*, code, name, kind, parent=None):
    existing = Organization.objects.filter(code=code).first()
    if existing:
        return existing
    return organization_create(
        actor=None, code=code, name=name, kind=kind, parent=parent, is_demo=True
    )


def _account(*, username, full_name, role, organization):
    user = User.objects.filter(username=username).first()
    if user is None:
        # Created without a usable password, then given the demo password's hash computed
        # once (apps.core.seeding): the same password, without hashing it per account.
        user = user_create(actor=None, username=username, password=None, full_name=full_name)
        user.password = demo_password_hash()
        user.save(update_fields=["password"])
    membership_grant(actor=None, user=user, role=role, organization=organization)
    return {
        "username": username,
        "password": DEMO_PASSWORD,
        "name": full_name,
        "role": Role(role).label,
        "role_code": role,
        "scope": organization.name,
    }


@transaction.atomic
@contract_changes_paused()  # the metrics extension computes everything once at the end
def demo_seed(*, pilot_round: PilotRound, communities_per_street: int = 5) -> list[dict]:
    """Create the demo world for ``pilot_round`` and return the accounts table."""
    units = list(pilot_round.units.select_related("street", "street__parent").order_by("pk"))
    for unit in units:
        for n, label in enumerate(COMMUNITY_NAMES[:communities_per_street], start=1):
            _org(
                code=f"{unit.street.code}-c{n}",
                name=f"{unit.street.name.removesuffix('街道')}{label}社区(演示)",
                kind=OrganizationKind.COMMUNITY,
                parent=unit.street,
            )
    agency_a = _org(code="demo-agency-a", name="姑苏阳光社会工作服务中心(演示)", kind="agency")
    agency_b = _org(code="demo-agency-b", name="苏州新邻里社工事务所(演示)", kind="agency")
    evaluator = _org(code="demo-evaluator", name="苏州明鉴社会服务评估中心(演示)", kind="evaluator")
    for i, unit in enumerate(units, start=1):
        if Contract.objects.filter(unit=unit).exists():
            continue
        agency = agency_a if unit.street.parent.code == "gusu" else agency_b
        contract_create(
            actor=None,
            unit=unit,
            agency=agency,
            number=f"SZMZ-2018-{i:02d}(演示)",
            communities=list(Organization.objects.communities().filter(parent=unit.street)),
            start_date=pilot_round.service_start,
            end_date=pilot_round.service_end,
        )

    holders = {
        "bureau": pilot_round.bureau,
        "gusu": Organization.objects.get(code="gusu"),
        "canglang": Organization.objects.get(code="gusu-canglang"),
        "community": Organization.objects.get(code="gusu-canglang-c1"),
        "agency_a": agency_a,
        "agency_b": agency_b,
        "evaluator": evaluator,
    }
    accounts = [
        _account(username=username, full_name=name, role=role, organization=holders[holder])
        for username, name, role, holder in DEMO_ACCOUNTS
    ]
    demo_extensions_run(pilot_round=pilot_round)
    return accounts


def demo_extensions_run(*, pilot_round: PilotRound, names=DEMO_EXTENSIONS) -> list[str]:
    """Call ``demo_extend`` of each installed app's demo module, in order; return those run."""
    ran = []
    for app in names:
        if not apps.is_installed(app) or importlib.util.find_spec(f"{app}.demo") is None:
            continue
        importlib.import_module(f"{app}.demo").demo_extend(pilot_round=pilot_round)
        ran.append(f"{app}.demo")
    return ran


def demo_accounts_write(accounts: list[dict], path: Path | None = None) -> Path:
    path = path or Path(settings.VAR_DIR) / "demo_accounts.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(accounts, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
