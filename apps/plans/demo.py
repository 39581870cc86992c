"""Demo: commissions and an approved plan for 沧浪, a draft plan for 吴门桥, and an adjustment
waiting for the district, so each role sees its step. Idempotent."""

from datetime import date

from apps.accounts.models import User
from apps.catalogue.models import SubItem
from apps.procurement.models import Contract

from .models import ExecutionPlan, PlanAdjustment
from .services import adjustment_file, commission_save, plan_approval_record, plan_save

REQUIRED = [
    "A1-T2-1-1",
    "A1-T2-2-1",
    "A1-T3-3-1",
    "A1-T2-3-1",
    "A1-T4-1-1",
    "A1-T4-2-1",
    "A1-T4-3-1",
]
BASIC = ["A1-T1-1-1", "A1-T1-1-2", "A1-T1-2-1"]


def _content(contract, codes, people):
    ids = list(
        SubItem.objects.filter(
            item__category__pilot_round=contract.unit.pilot_round, code__in=codes
        ).values_list("pk", flat=True)
    )
    return {
        str(c.pk): {"sub_items": ids, "people_served": people} for c in contract.communities.all()
    }


def commission_sign(contract, organization, *, actor=None):
    """The commission of ``organization`` (the street or a community of ``contract``) for the
    contract's whole term, with sample terms: the demo signs one per organization, the report
    tests print one."""
    return commission_save(
        actor=actor,
        contract=contract,
        organization=organization,
        term_start=contract.start_date,
        term_end=contract.end_date,
        client_groups="困境老年人、困境儿童、残疾人等困境人群(附件1表1)",
        methods="个案、小组、社区活动,入户探访",
        team="项目主管1名、专业督导1名、社工5名、其他成员2名",
        indicators="§三(二) 街道层面S1–S5、社区层面C1–C7",
        deliverables="居民家庭需求档案、社区资源库和资源地图、调研报告、年度总结",
        signed_on=date(2018, 7, 5),
    )


def _commissions(contract):
    for org in [contract.unit.street, *contract.communities.order_by("code")]:
        commission_sign(contract, org)


def demo_extend(*, pilot_round) -> None:
    contracts = {
        c.unit.street.code: c
        for c in Contract.objects.filter(unit__pilot_round=pilot_round).select_related(
            "unit__street"
        )
    }
    canglang = contracts.get("gusu-canglang")
    if canglang and not ExecutionPlan.objects.filter(contract=canglang).exists():
        _commissions(canglang)
        version = plan_save(
            actor=None, contract=canglang, content=_content(canglang, REQUIRED + BASIC, 40)
        )
        for part in version.communities.all():
            for step, day in [
                ("residents_consulted_on", 10),
                ("committee_approved_on", 12),
                ("filed_with_street_on", 15),
            ]:
                plan_approval_record(
                    actor=None, plan_community=part, step=step, on=date(2018, 7, day)
                )
    if canglang and not PlanAdjustment.objects.filter(plan__contract=canglang).exists():
        street_user = User.objects.filter(username="demo_street").first()
        adjustment_file(
            actor=street_user,
            plan=canglang.execution_plan,
            reason="居民需求调查显示残疾人服务需求较大,增加残疾人服务细项并提高服务人数",
            proposal=_content(canglang, [*REQUIRED, *BASIC, "A1-T1-3-1"], 45),
        )
    wumen = contracts.get("gusu-wumenqiao")
    if wumen and not ExecutionPlan.objects.filter(contract=wumen).exists():
        plan_save(actor=None, contract=wumen, content=_content(wumen, REQUIRED + BASIC[:1], 40))
