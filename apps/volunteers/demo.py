"""Demo: volunteer teams in every community of every demo contract, as many people as the
story asks (apps/core/demo_story.py): most communities past C4 (2 teams, 50+ people, one
person in both teams, counted once), 娄葑's short of people, one struggling community with a
single small team, a few right at the threshold.

Teams, people and memberships are bulk-created (about 4,000 people): ``team_create`` and
``volunteer_find_or_create`` check one row at a time. The rows keep what they enforce: a
team names its governance role and is unique by name in its community; a person is one row
per name + phone (``person_key``); nobody joins before the team is founded or after the demo
date. One first activity per team of 沧浪 goes through ``activity_create``. Idempotent: a
contract with teams is left as it is.
"""

from datetime import date, timedelta

from apps.catalogue.models import Item
from apps.core import demo_story
from apps.procurement.models import Contract

from .models import TeamMembership, Volunteer, VolunteerTeam
from .services import VOLUNTEER_ITEM, activity_create, person_key

TEAM_NAMES = ["环境守护队", "邻里助老队", "楼道美化队", "四点半课堂队", "平安巡逻队"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
ROLE = "参与居民议事会,协助推进社区治理项目,开展日常巡查与探访。"


def _teams_of(contract, community, story, item, years, r, serial):
    """Unsaved teams with ``_people`` [(volunteer, joined_on)]; returns the next serial."""
    v1, v2 = story.volunteers
    founded = [date(2018, 7, 20) + timedelta(days=r.randint(0, 40))]
    if story.teams > 1:
        founded.append(date(2018, 10, 8) + timedelta(days=r.randint(0, 60)))
    teams = []
    for t, on in enumerate(founded):
        name = TEAM_NAMES[(r.randint(0, 9) + t) % len(TEAM_NAMES)]
        if teams and name == teams[0].name:
            name = TEAM_NAMES[(TEAM_NAMES.index(name) + 1) % len(TEAM_NAMES)]
        team = VolunteerTeam(
            contract=contract,
            community=community,
            item=item,
            project_year=next(y for y in years if y.start <= on <= y.end),
            name=name,
            founded_on=on,
            governance_role=ROLE,
        )
        team._people = []
        teams.append(team)
    # Year 1's people split between the teams; year 2's joiners go to the first team.
    for k in range(v1 + v2):
        serial += 1
        name = f"{SURNAMES[serial % len(SURNAMES)]}志愿{serial:04d}"
        phone = f"139{serial:08d}"
        person = Volunteer(name=name, phone=phone, person_key=person_key(name, phone))
        team = teams[k % len(teams)] if k < v1 else teams[0]
        start, end = (team.founded_on, demo_story.YEAR1[1]) if k < v1 else demo_story.YEAR2
        team._people.append((person, start + timedelta(days=r.randint(0, (end - start).days))))
    if len(teams) > 1 and teams[0]._people:
        # The same person in both teams: counted once by C4.
        person, joined = teams[0]._people[0]
        teams[1]._people.append((person, max(joined, teams[1].founded_on)))
    return teams, serial


def demo_extend(*, pilot_round) -> None:
    contracts = (
        Contract.objects.filter(unit__pilot_round=pilot_round, number__endswith="(演示)")
        .select_related("unit__street", "unit__pilot_round")
        .prefetch_related("communities")
        .order_by("pk")
    )
    item = Item.objects.get(category__pilot_round=pilot_round, code=VOLUNTEER_ITEM)
    years = list(pilot_round.years.order_by("number"))
    # People already in the database (another run, other data) keep their numbers.
    serial = Volunteer.objects.count()
    teams = []
    for contract in contracts:
        if VolunteerTeam.objects.filter(contract=contract).exists():
            continue
        street = contract.unit.street.code
        for community in sorted(contract.communities.all(), key=lambda c: c.code):
            story = demo_story.community_story(street, community.code)
            r = demo_story.rng("volunteers", community.code)
            made, serial = _teams_of(contract, community, story, item, years, r, serial)
            teams += made
    if not teams:
        return
    VolunteerTeam.objects.bulk_create(teams, batch_size=500)
    people = {p.person_key: p for t in teams for p, _ in t._people}
    Volunteer.objects.bulk_create(list(people.values()), batch_size=1000)
    TeamMembership.objects.bulk_create(
        [TeamMembership(team=t, volunteer=p, joined_on=on) for t in teams for p, on in t._people],
        batch_size=2000,
    )
    for team in teams:
        if team.contract.unit.street.code == "gusu-canglang":
            first = team._people[:8]
            activity_create(
                actor=None,
                team=team,
                held_on=min(max(on for _, on in first) + timedelta(days=3), demo_story.DEMO_DATE),
                title="首次集体服务",
                hours="2",
                participants=[p for p, _ in first],
            )
