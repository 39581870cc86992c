"""seed_demo tells the README's story: who is ahead, who is behind, which community struggles.

One seed for the whole module (it costs seconds), so everything is checked in one test. In a
database shared with the persona world, whose contracts hold 沧浪's and 娄葑's units, the demo
has no contract there: the checks of those two streets then fall away, the others stay.
"""

from datetime import date

import pytest
from django.core.management import call_command

from apps.accounts.models import User
from apps.cases.idcard import age_on
from apps.cases.models import Case, ConsentBy, ServiceRecord
from apps.community.models import HouseholdArchive
from apps.community.services import SENSITIVE_GROUP_CODES
from apps.core import demo_story
from apps.metrics.models import MetricRun, Snapshot
from apps.metrics.selectors import met_history
from apps.procurement.models import Contract


def _demo(street_code):
    return Contract.objects.filter(
        unit__street__code=street_code, number__endswith="(演示)"
    ).first()


def _current(contract, **filters):
    return Snapshot.objects.current().filter(contract=contract, applicable=True, **filters)


@pytest.mark.django_db
def test_seed_demo_tells_the_story(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    call_command("load_pilot_seed", verbosity=0)
    call_command("seed_demo", verbosity=0)
    pilot_round = Contract.objects.filter(number__endswith="(演示)").first().unit.pilot_round

    # The dashboards read the run as of the demo date, well into year 2; earlier runs give
    # the trend chart its points: up through year 1, down when year 2 starts, up again.
    latest = MetricRun.objects.filter(contract__isnull=True).order_by("-started_at").first()
    assert latest.as_of == demo_story.DEMO_DATE
    history = met_history(user=User.objects.get(username="demo_bureau"), pilot_round=pilot_round)
    points = [h["percent"] for h in history]
    assert len(points) == len(demo_story.HISTORY_DATES) + 1
    assert points[0] < points[1] > points[2] < points[3]

    # Ahead: every indicator of year 1 (and of the whole term) met.
    for code in ("gusu-canglang", "sip-weiting"):
        contract = _demo(code)
        if contract is not None:
            year1 = _current(contract, project_year__number__in=[1, None])
            assert year1.exists() and not year1.filter(met=False).exists(), code
    # Behind, each on its own indicator.
    wumen = _demo("gusu-wumenqiao")
    assert _current(wumen, rule_code="C1", project_year__number=1, met=False).count() >= 3
    assert _current(wumen, rule_code="C1", project_year__number=2, will_miss=True).exists()
    loufeng = _demo("sip-loufeng")
    if loufeng is not None:
        assert _current(loufeng, rule_code="C4", project_year__number=1, met=False).exists()
        assert _current(loufeng, rule_code="S5", project_year__number=1, met=False).exists()
    dongzhu = _demo("snd-dongzhu")
    assert _current(dongzhu, rule_code="S4", project_year__isnull=False, met=True).count() == 0
    # The struggling community: most of its community indicators missed in year 1.
    shuangta = _demo("gusu-shuangta")
    struggling = shuangta.communities.get(name="双塔新村社区(演示)")
    missed = set(
        _current(shuangta, community=struggling, project_year__number=1, met=False).values_list(
            "rule_code", flat=True
        )
    )
    assert {"C1", "C3", "C4", "C5", "C7"} <= missed
    # Most streets met C1 in every community in year 1; year 2 shows pace both ways.
    demo_contracts = Contract.objects.filter(number__endswith="(演示)")
    c1_met = [
        c
        for c in demo_contracts
        if not _current(c, rule_code="C1", project_year__number=1, met=False).exists()
    ]
    assert len(c1_met) >= demo_contracts.count() - 4
    year2 = Snapshot.objects.current().filter(
        contract__in=demo_contracts, project_year__number=2, applicable=True, met=False
    )
    assert year2.filter(will_miss=False, projected__isnull=False).exists()  # on pace
    assert year2.filter(will_miss=True).exists()  # heading to miss

    # The services' invariants, kept by the bulk-created rows.
    assert not ServiceRecord.objects.filter(date__gt=demo_story.DEMO_DATE).exists()
    assert not HouseholdArchive.objects.filter(recorded_on__gt=demo_story.DEMO_DATE).exists()
    cases = Case.objects.filter(contract__in=demo_contracts).select_related("client")
    assert cases.count() > 500
    for case in cases:
        client = case.client
        assert client.consent_on is not None and client.consent_on <= case.opened_on
        if client.birth_date and age_on(client.birth_date, client.consent_on) < 14:
            assert client.consent_by == ConsentBy.GUARDIAN and client.guardian_name
    sensitive = HouseholdArchive.objects.filter(
        contract__in=demo_contracts, distressed_groups__code__in=list(SENSITIVE_GROUP_CODES)
    )
    assert sensitive.exists()
    assert not sensitive.filter(consent_on__isnull=True).exists()
    assert date(2018, 7, 1) <= min(c.opened_on for c in cases)
