"""The permission matrix checks content (issue 14): for every URL pattern and every persona,
no name, identity number or phone of a person outside the reader's scope appears in the
response, evaluators read no name or phone at all, and no full identity number is ever
printed. Every pattern must declare its policy (``tests/content_policy.py``)."""

import io
import json
from datetime import date
from types import SimpleNamespace

from django.urls import path, reverse
from openpyxl import load_workbook

from apps.cases.services import client_consent_record, client_register, target_list_upload
from apps.community.services import archive_create
from apps.core.bulk.kinds import get_kind
from apps.core.bulk.services import bulk_upload
from apps.core.jobs import job_create
from apps.metrics.models import Snapshot
from apps.metrics.services import metrics_run_execute, metrics_run_start
from apps.volunteers.services import member_add, team_create
from tests.cases.conftest import open_case
from tests.cases.helpers import adult_birth, make_id, row, xlsx_bytes
from tests.content_policy import POLICIES, undeclared, url_patterns
from tests.core.bulk_helpers import xlsx_bytes as bulk_xlsx
from tests.factories import PERSONAS

SIDE_A_PERSONAS = {"district", "street", "agency_manager", "supervisor", "social_worker"}


def _person(name, seq, phone):
    return SimpleNamespace(name=name, id_number=make_id(adult_birth(66), seq), phone=phone)


# Distinctive people: in the community coordinator's own community (A), in another
# community of the same contract (NEAR), and on the other side of the city (B).
PEOPLE = {
    "A": _person("甲内闵某某", 971, "13700000001"),
    "NEAR": _person("甲邻闻某某", 972, "13700000002"),
    "B": _person("乙方阚某某", 973, "13700000003"),
}
HEADS = {"A": "甲内户主阎某", "NEAR": "甲邻户主阙某", "B": "乙方户主隗某"}
MEMBERS = {"A": "甲内成员邝某", "NEAR": "甲邻成员仉某", "B": "乙方成员甄某"}
VOLUNTEERS = {
    "A": ("甲内志愿者敖某", "13700000011"),
    "NEAR": ("甲邻志愿者巢某", "13700000012"),
    "B": ("乙方志愿者郏某", "13700000013"),
}
# Which planted sides each persona may not see.
OUT_OF_SCOPE = {
    "bureau": set(),
    "evaluator": set(),
    "community": {"NEAR", "B"},
    "other_social_worker": {"A", "NEAR"},
    **{p: {"B"} for p in SIDE_A_PERSONAS},
}


class Planted(SimpleNamespace):
    """Sample objects by name; one not planted is None (its URLs are not built)."""

    def __getattr__(self, name):
        return None


def _plant(world):
    """The planted world: the three sides' people with cases, archives, volunteers."""
    near = world.contract_a.communities.exclude(pk=world.community_a.pk).order_by("code").first()
    sides = {
        "A": (world.contract_a, world.community_a, world.users["social_worker"]),
        "NEAR": (world.contract_a, near, world.users["social_worker"]),
        "B": (world.contract_b, world.community_b, world.users["other_social_worker"]),
    }
    p = Planted(
        contract_a=world.contract_a.pk,
        community_a=world.community_a.pk,
        unit_a=world.unit_a.pk,
        agency_a=world.agency_a.pk,
        street_a=world.unit_a.street_id,
    )
    for side, (contract, community, worker) in sides.items():
        who = PEOPLE[side]
        client = client_register(
            actor=worker,
            name=who.name,
            community=community,
            source="walk_in",
            id_number=who.id_number,
            phone=who.phone,
        )
        client_consent_record(actor=worker, client=client, given_by="self", on=date(2019, 2, 1))
        client.refresh_from_db()
        who.id_masked = client.id_masked
        case = open_case(world, client, contract, community, worker)
        archive = archive_create(
            actor=worker,
            contract=contract,
            community=community,
            address=f"{side}路1号",
            household_head=HEADS[side],
            members=[{"name": MEMBERS[side], "relation": "子女", "age": "10"}],
            recorded_on=date(2019, 3, 1),
            # A child in the household: the guardian's consent (the head) is required.
            consent_by="guardian",
            guardian_name=HEADS[side],
            consent_on=date(2019, 3, 1),
            needs={"养老": "助餐"},
            worker=worker,
        )
        team = team_create(
            actor=worker,
            contract=contract,
            community=community,
            name=f"{side}志愿队",
            founded_on=date(2019, 1, 1),
            governance_role="议事",
        )
        name, phone = VOLUNTEERS[side]
        membership = member_add(
            actor=worker, team=team, name=name, phone=phone, joined_on=date(2019, 1, 2)
        )
        if side == "A":
            p.client_a, p.case_a, p.archive_a = client.pk, case.pk, archive.pk
            p.volunteer_team_a, p.volunteer_a = team.pk, membership.volunteer_id
    p.import_a = target_list_upload(
        actor=world.users["street"],
        organization=world.unit_a.street,
        name="名单.xlsx",
        data=xlsx_bytes(
            [row(PEOPLE["A"].name, PEOPLE["A"].id_number, "困境老年人服务", world.community_a.name)]
        ),
    ).pk
    # A bulk upload naming agency A's volunteer: its preview is its uploader's only.
    name, phone = VOLUNTEERS["A"]
    p.bulk_a = bulk_upload(
        actor=world.users["social_worker"],
        kind=get_kind("volunteers"),
        target=world.contract_a,
        name="志愿者.xlsx",
        data=bulk_xlsx(
            ["社区(村)", "队伍名称", "姓名", "手机号", "加入日期"],
            [[world.community_a.name, "A志愿队", name, phone, "2019-01-03"]],
        ),
    ).pk
    run = metrics_run_start(pilot_round=world.pilot_round, trigger="manual", as_of=date(2019, 3, 1))
    metrics_run_execute(run=run)
    p.snapshot_a = (
        Snapshot.objects.current()
        .get(contract=world.contract_a, community=None, rule_code="S1", project_year__number=1)
        .pk
    )
    p.job = job_create(actor=world.users["street"], kind="test", title="t").pk
    p.category = world.pilot_round.categories.order_by("pk").first().pk
    return p


def _forbidden(persona) -> set[str]:
    words = {who.id_number for who in PEOPLE.values()}  # never printed in full
    for side in OUT_OF_SCOPE[persona]:
        who = PEOPLE[side]
        words |= {who.name, who.phone, who.id_masked, HEADS[side], MEMBERS[side]}
        words |= set(VOLUNTEERS[side])
    if persona == "evaluator":  # read-only, identifiers masked (§7)
        for side, who in PEOPLE.items():
            words |= {who.name, who.phone, HEADS[side], MEMBERS[side], *VOLUNTEERS[side]}
    return words


def _body(response) -> str:
    kind = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if kind.startswith("application/json"):
        return json.dumps(json.loads(content or b"null"), ensure_ascii=False)
    if "spreadsheetml" in kind:
        wb = load_workbook(io.BytesIO(content), read_only=True)
        return " ".join(
            str(v) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for v in r
        )
    return content.decode("utf-8", errors="replace")


def _urls(planted):
    """One URL per declared pattern (format-suffix duplicates and the admin skipped)."""
    urls, missing = {}, []
    for name, route, _ in url_patterns():
        if name not in POLICIES or "format" in route or route.startswith("admin/"):
            continue
        policy = POLICIES[name]
        kwargs = policy.kwargs(planted) if policy.kwargs else {}
        if kwargs is None:
            missing.append(name)
            continue
        urls[name] = (reverse(name, kwargs=kwargs), policy)
    return urls, missing


def test_every_url_pattern_declares_a_policy():
    assert undeclared() == []


def test_a_view_without_a_policy_is_reported():
    def dummy(request):  # pragma: no cover - never called
        raise AssertionError

    extra = [path("dummy-undeclared/", dummy, name="dummy_undeclared")]
    assert undeclared(extra) == ["dummy_undeclared dummy-undeclared/"]


def test_no_person_outside_the_reader_s_scope_appears_anywhere(
    world, client_for, tmp_path, settings
):
    settings.MEDIA_ROOT = str(tmp_path)
    planted = _plant(world)
    urls, not_built = _urls(planted)
    assert len(urls) >= 100, sorted(urls)
    leaks, wrong_access = [], []
    for persona in PERSONAS:
        http = client_for(persona)
        forbidden = _forbidden(persona) if persona != "anonymous" else set()
        for name, (url, policy) in urls.items():
            response = http.get(url)
            if persona == "anonymous":
                if policy.kind != "public" and response.status_code == 200:
                    wrong_access.append((persona, name, response.status_code))
                continue
            if policy.kind == "bureau" and persona != "bureau" and response.status_code == 200:
                wrong_access.append((persona, name, response.status_code))
            body = _body(response)
            leaks += [(persona, name, word) for word in forbidden if word and word in body]
    assert wrong_access == []
    assert leaks == []
    # The planted people do show where they belong (the check can see them at all).
    body = _body(client_for("bureau").get(reverse("cases:client_list")))
    assert all(who.name in body for who in PEOPLE.values())
    body = _body(
        client_for("community").get(reverse("metrics:snapshot", args=[planted.snapshot_a]))
    )
    assert PEOPLE["A"].name in body
