"""Demo: volunteer teams in 沧浪 — c1 past C4 (2 teams, 52 people, one in both), c2 close
(2 teams, 48 people), c3 one team. Idempotent; people and memberships bulk-created."""

from datetime import timedelta

from apps.procurement.models import Contract
from apps.records.services import catalogue_item

from .models import TeamMembership, Volunteer, VolunteerTeam
from .services import VOLUNTEER_ITEM, activity_create, person_key, team_create

PLAN = [
    ("c1", [("环境守护队", 27), ("邻里助老队", 26)]),
    ("c2", [("楼道美化队", 24), ("四点半课堂队", 25)]),
    ("c3", [("平安巡逻队", 12)]),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"


def demo_extend(*, pilot_round) -> None:
    contract = (
        Contract.objects.filter(unit__street__code="gusu-canglang", unit__pilot_round=pilot_round)
        .select_related("unit__pilot_round")
        .first()
    )
    if contract is None or VolunteerTeam.objects.filter(contract=contract).exists():
        return
    catalogue_item(pilot_round, VOLUNTEER_ITEM)
    year = pilot_round.years.order_by("-number").first()
    communities = {c.code.rsplit("-", 1)[-1]: c for c in contract.communities.all()}
    serial = 0
    for suffix, teams in PLAN:
        community = communities.get(suffix)
        if community is None:
            continue
        shared = None
        for t, (name, size) in enumerate(teams):
            team = team_create(
                actor=None,
                contract=contract,
                community=community,
                name=name,
                founded_on=year.start + timedelta(days=10),
                governance_role="参与居民议事会,协助推进社区治理项目,开展日常巡查与探访。",
            )
            people = []
            for _ in range(size):
                serial += 1
                name_ = f"{SURNAMES[serial % len(SURNAMES)]}志愿{serial:03d}"
                phone = f"1391234{serial:04d}"
                people.append(
                    Volunteer(name=name_, phone=phone, person_key=person_key(name_, phone))
                )
            people = Volunteer.objects.bulk_create(people)
            if t == 0:
                shared = people[0]
            elif shared is not None:
                people.append(shared)  # the same person in two teams, counted once
            TeamMembership.objects.bulk_create(
                TeamMembership(team=team, volunteer=v, joined_on=team.founded_on) for v in people
            )
            activity_create(
                actor=None,
                team=team,
                held_on=team.founded_on + timedelta(days=7),
                title="首次集体服务",
                hours="2",
                participants=people[:8],
            )
