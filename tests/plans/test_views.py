"""Through the pages: file an adjustment, district sends back, street refiles, both approve."""

from django.urls import reverse

from apps.plans.models import AdjustmentStage, PlanAdjustment
from apps.plans.services import plan_save
from tests.agencies.builders import load_rules
from tests.plans.builders import REQUIRED, content, sub_ids


def _post_content(contract, codes, people):
    ids = sub_ids(contract.unit.pilot_round, codes)
    data = {}
    for c in contract.communities.all():
        data[f"c{c.pk}"] = [str(i) for i in ids]
        data[f"people_{c.pk}"] = str(people)
    return data


def test_adjustment_workflow_through_the_pages(world, client_for):
    plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    street = client_for("street")
    url = reverse("plans:adjustment_new", args=[world.contract_a.pk])
    form = street.get(url).content.decode()
    assert "checked" in form  # prefilled with the current version
    data = _post_content(world.contract_a, [*REQUIRED, "A1-T1-1-1", "A1-T1-3-1"], 45)
    response = street.post(url, data | {"reason": "增加残疾人服务"})
    assert response.status_code == 302
    adj = PlanAdjustment.objects.get()
    assert adj.stage == AdjustmentStage.DISTRICT
    decide = reverse("plans:adjustment_decide", args=[adj.pk])
    # The bureau cannot act before the district.
    assert client_for("bureau").post(decide, {"approve": "1"}).status_code == 403
    client_for("district").post(decide, {"approve": "0", "reason": "请说明依据"})
    adj.refresh_from_db()
    assert adj.stage == AdjustmentStage.SENT_BACK
    detail = street.get(reverse("plans:adjustment_detail", args=[adj.pk])).content.decode()
    assert "请说明依据" in detail
    street.post(
        reverse("plans:adjustment_resubmit", args=[adj.pk]), data | {"reason": "已补充依据"}
    )
    client_for("district").post(decide, {"approve": "1"})
    client_for("bureau").post(decide, {"approve": "1"})
    adj.refresh_from_db()
    assert adj.stage == AdjustmentStage.APPROVED
    assert world.contract_a.execution_plan.versions.count() == 2


def test_a_reducing_adjustment_is_refused_on_the_page(world, client_for):
    plan_save(actor=None, contract=world.contract_a, content=content(world.contract_a))
    url = reverse("plans:adjustment_new", args=[world.contract_a.pk])
    data = _post_content(world.contract_a, REQUIRED, 30)
    response = client_for("street").post(url, data | {"reason": "精简"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "不得减少服务大项" in text and "不得减少服务人数" in text
    assert not PlanAdjustment.objects.exists()


def test_manager_writes_the_plan_and_a_broken_one_is_explained(world, client_for):
    load_rules(world)
    client = client_for("agency_manager")
    url = reverse("plans:plan_edit", args=[world.contract_a.pk])
    bad = _post_content(world.contract_a, REQUIRED[1:], 40)
    response = client.post(url, bad)
    assert response.status_code == 200 and "必选大项" in response.content.decode()
    good = _post_content(world.contract_a, REQUIRED, 40)
    assert client.post(url, good).status_code == 302
    page = client.get(reverse("plans:plan_detail", args=[world.contract_a.pk])).content.decode()
    assert "清单规则全部符合" in page
