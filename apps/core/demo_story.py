"""The demo's story: who is ahead, who is behind, which community struggles (data only).

``seed_demo`` fills two project years (2018-07-01 – 2020-06-30) as they stood on
``DEMO_DATE``, well into project year 2: year 1 is closed, year 2 is under way, so
the dashboards show final values for year 1 and, for year 2, the pace of every annual quota
(on pace → amber, heading to miss → red with a warning). Each delivery app's ``demo.py`` reads
the targets of its records here, so the numbers of one street agree across apps; the engine
then counts them (nothing here decides a light, the indicator rules do).

The story (README's demo section tells it to the reader):

- ahead: 沧浪 and 唯亭 — every indicator met in year 1, most of year 2's quotas already met;
- tracking: most streets — year 1 met, year 2 on pace (amber until the quota is reached);
- behind on one thing each: 吴门桥 (too few household needs archives, C1), 娄葑 (too few
  volunteers, C4; one training short, S5), 东渚 (too few clients from the lists, S4);
- struggling: 双塔新村社区 — few archives, one small volunteer team, no research, no
  environment or neighbourhood project, its resource map not updated this year;
- near their thresholds, both sides: 平江北苑 (151 archives), 阳山南浜 (147), 金阊西街
  (50 volunteers), 斜塘东园 (49), 虎丘 (41 people served), 镇湖 (about 62 % from the lists),
  苏锦 (just over half case work), 白洋湾 (four trainings but 14 hours).

Deterministic: every random choice comes from ``rng(key)``, seeded from ``SEED`` and a key.
Ground floor: no app imports; the apps import this.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

SEED = 20180701
# The demo's "today" for the indicator engine: records are dated up to it and the final run
# computes as of it (a later nightly run, with the real date, would close year 2). 72 % of
# year 2 has passed: 3 of 4 trainings, 108 of 150 archives are on pace (amber).
DEMO_DATE = date(2020, 3, 20)
# Earlier full runs, as of these dates, give the trend chart (met_history) its points: the
# middle and end of year 1 and the middle of year 2 (each run costs seconds: three, not
# one a month).
HISTORY_DATES = [date(2018, 12, 31), date(2019, 6, 30), date(2019, 12, 31)]
YEAR1 = (date(2018, 7, 1), date(2019, 6, 30))
YEAR2 = (date(2019, 7, 1), DEMO_DATE)


def rng(*key) -> random.Random:
    """A random source of its own for ``key`` (same key, same numbers, whatever runs first)."""
    return random.Random(f"{SEED}:" + ":".join(str(k) for k in key))


def spread(r: random.Random, n: int, start: date, end: date, *, ramp: float = 1.0) -> list[date]:
    """``n`` sorted dates between ``start`` and ``end``; ``ramp`` > 1 puts more of them late
    (work starts slowly after a team enters the community)."""
    days = (end - start).days
    return sorted(start + timedelta(days=int(days * r.random() ** (1 / ramp))) for _ in range(n))


@dataclass(frozen=True)
class Community:
    """One community's records per project year (index 0: year 1, 1: year 2 to DEMO_DATE)."""

    archives: tuple[int, int] = (158, 122)
    distressed_share: float = 0.76
    volunteers: tuple[int, int] = (56, 6)  # people in year 1; joiners in year 2
    teams: int = 2
    research: tuple[bool, bool] = (True, True)  # a study finished in the year (to date)
    resource_updated: bool = True  # resource map updated in year 2
    projects: tuple[str, ...] = ("C5", "C6", "C7")  # governance projects each year
    weekly_meetings_skip: int = 0  # 0: every week; n: one week in n skipped


@dataclass(frozen=True)
class Street:
    """One street's contract: people served, where they come from, trainings."""

    label: str
    people: tuple[int, int] = (46, 40)  # served per year (year 2: to DEMO_DATE)
    carry: int = 14  # of year 2's people, cases continued from year 1
    listed_share: float = 0.74  # share of people served who are on the street's list
    case_share: float = 0.64  # individual cases or case management
    trainings: tuple[tuple[int, int], tuple[int, int]] = ((4, 16), (3, 12))  # sessions, hours
    community: Community = field(default_factory=Community)
    communities: dict = field(default_factory=dict)  # suffix → Community (overrides)


AHEAD = Community(archives=(176, 153), volunteers=(64, 8), distressed_share=0.8)
TRACKING = Street("进度正常")
LEADER = replace(TRACKING, label="领先", listed_share=0.8, community=AHEAD)
STORY: dict[str, Street] = {
    "gusu-canglang": replace(
        LEADER, people=(58, 47), carry=26, case_share=0.7, trainings=((5, 20), (4, 16))
    ),
    "sip-weiting": replace(LEADER, people=(55, 45), carry=24, trainings=((4, 18), (4, 16))),
    "gusu-wumenqiao": replace(
        TRACKING,
        label="落后:需求档案不足",
        community=Community(archives=(118, 78), distressed_share=0.7),
        communities={"c2": Community(archives=(136, 96)), "c5": Community(archives=(151, 114))},
    ),
    "sip-loufeng": replace(
        TRACKING,
        label="落后:志愿者不足",
        trainings=((3, 12), (2, 8)),
        community=Community(volunteers=(30, 2), teams=1),
        communities={"c1": Community(volunteers=(41, 3), teams=2)},
    ),
    "snd-dongzhu": replace(
        TRACKING, label="落后:名单内服务对象比例不足", people=(38, 33), listed_share=0.46
    ),
    "gusu-shuangta": replace(
        TRACKING,
        label="进度正常(新村社区困难)",
        communities={
            "c5": Community(
                archives=(64, 31),
                distressed_share=0.5,
                volunteers=(18, 0),
                teams=1,
                research=(False, False),
                resource_updated=False,
                projects=("C6",),
                weekly_meetings_skip=3,
            )
        },
    ),
    "gusu-pingjiang": replace(TRACKING, communities={"c4": Community(archives=(151, 118))}),
    "snd-yangshan": replace(TRACKING, communities={"c3": Community(archives=(147, 116))}),
    "gusu-jinchang": replace(TRACKING, communities={"c2": Community(volunteers=(50, 0))}),
    "sip-xietang": replace(TRACKING, communities={"c1": Community(volunteers=(49, 0))}),
    "gusu-huqiu": replace(TRACKING, people=(41, 34)),
    "snd-zhenhu": replace(TRACKING, listed_share=0.62),
    "gusu-sujin": replace(TRACKING, case_share=0.53),
    "gusu-baiyangwan": replace(TRACKING, trainings=((4, 14), (3, 12))),
}


def street_story(street_code: str) -> Street:
    return STORY.get(street_code, TRACKING)


def community_story(street_code: str, community_code: str) -> Community:
    """A community's targets; communities without an override vary a little around the
    street's (so no two look alike), never across a threshold the story did not choose."""
    street = street_story(street_code)
    suffix = community_code.rsplit("-", 1)[-1]
    if suffix in street.communities:
        return street.communities[suffix]
    base = street.community
    r = rng("community", community_code)
    a1, a2 = base.archives
    v1, v2 = base.volunteers
    # Year 1 above 150 stays above (+0..14); year 2 stays on the same side of its pace.
    d1 = r.randint(0, 14) if a1 >= 150 else -r.randint(0, 10)
    d2 = r.randint(0, 12) if a2 >= 109 else -r.randint(0, 10)
    dv = r.randint(0, 9) if v1 >= 50 else -r.randint(0, 6)
    return replace(
        base,
        archives=(a1 + d1, a2 + d2),
        volunteers=(v1 + dv, v2 + r.randint(0, 4)),
        distressed_share=min(0.9, base.distressed_share + r.uniform(-0.03, 0.06)),
        research=(base.research[0], base.research[1] and r.random() < 0.93),
        resource_updated=base.resource_updated and r.random() < 0.96,
    )
