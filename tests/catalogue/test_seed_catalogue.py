"""Annex 1 as loaded by load_pilot_seed: faithful counts, texts and structured remarks."""

import pytest
from django.core.management import call_command

from apps.catalogue.models import CatalogueRule, Category, IndicatorRule, Item, SubItem
from apps.procurement.services import pilot_round_load

# Sub-items per item as the annex publishes them (domain.md §4): 48 + 8 + 11 + 23 = 90.
SUB_ITEMS_PER_ITEM = {
    "A1-T1-1": 3, "A1-T1-2": 4, "A1-T1-3": 5, "A1-T1-4": 4, "A1-T1-5": 4,
    "A1-T1-6": 6, "A1-T1-7": 6, "A1-T1-8": 5, "A1-T1-9": 6, "A1-T1-10": 5,
    "A1-T2-1": 1, "A1-T2-2": 2, "A1-T2-3": 5,
    "A1-T3-1": 4, "A1-T3-2": 4, "A1-T3-3": 3,
    "A1-T4-1": 9, "A1-T4-2": 10, "A1-T4-3": 3, "A1-T4-4": 1,
}  # fmt: skip


@pytest.fixture
def seeded(db):
    return pilot_round_load()


def test_catalogue_counts_are_4_categories_20_items_90_sub_items(seeded):
    assert Category.objects.filter(pilot_round=seeded).count() == 4
    assert Item.objects.filter(category__pilot_round=seeded).count() == 20
    assert SubItem.objects.filter(item__category__pilot_round=seeded).count() == 90
    assert seeded.stated_sub_item_count == 91  # what the plan's text says


def test_categories_hold_10_3_3_4_items(seeded):
    counts = {c.name: c.items.count() for c in Category.objects.filter(pilot_round=seeded)}
    assert counts == {"基础类": 10, "调研类": 3, "增能类": 3, "治理类": 4}


def test_each_item_has_the_published_number_of_sub_items(seeded):
    actual = {i.code: i.sub_items.count() for i in Item.objects.all()}
    assert actual == SUB_ITEMS_PER_ITEM


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (
            "A1-T1-1-1",
            "有计划地探访社区中的困境老人,为有需要的困境老人提供关爱、心理援助等服务,"
            "并建立服务档案和跟踪服务记录",
        ),
        ("A1-T1-8-2", "建立失独家庭互动团体,开展小组工作"),
        ("A1-T1-9-1", "提供情感、婚姻咨询"),
        ("A1-T1-10-4", "“老漂族”、“新苏州人”父母关爱服务"),
        ("A1-T2-3-3", "无物业小区居民自治研究"),
        ("A1-T3-3-3", "为社区工作者提供社会工作专业技术和方法、情绪支持等督导服务"),
        ("A1-T4-1-9", "无物业小区治理等"),
        ("A1-T4-2-1", "社区公益金(每个不少于3万元)"),
        ("A1-T4-2-10", "街(镇)或社区(村)公益宣传刊物和平台等"),
        ("A1-T4-3-3", "协助开展“社区服务品牌”创新等"),
    ],
)
def test_sub_item_texts_are_verbatim(seeded, code, text):
    assert SubItem.objects.get(code=code).text == text


def test_unnumbered_paragraphs_are_single_sub_items(seeded):
    needs = SubItem.objects.get(code="A1-T2-1-1")
    assert needs.numbered is False
    assert "每个试点社区(村)每年不少于150户" in needs.text
    assert SubItem.objects.get(code="A1-T4-4-1").numbered is False


def test_items_carry_requirement_duties_and_remark(seeded):
    elderly = Item.objects.get(code="A1-T1-1")
    assert elderly.name == "困境老年人服务"
    assert elderly.general_requirement.startswith("为社区生活贫困、独居、空巢等老年人")
    assert len(elderly.partner_duties) == 4
    assert (
        Item.objects.get(code="A1-T1-8").remark
        == "对姑苏区等已开展相关人群服务的地区不重复提供此项服务"
    )
    assert Item.objects.get(code="A1-T2-1").remark == "必选大项"
    assert len(Item.objects.get(code="A1-T1-2").partner_duties) == 6


def test_remarks_are_structured_rules(seeded):
    rules = CatalogueRule.objects.filter(pilot_round=seeded)
    mandatory = set(rules.filter(kind="mandatory").values_list("item__code", flat=True))
    assert mandatory == {"A1-T2-1", "A1-T2-2", "A1-T3-3"}
    minimums = {r.item.code: r.params["min"] for r in rules.filter(kind="min_sub_items")}
    assert minimums == {"A1-T2-3": 1, "A1-T4-1": 1, "A1-T4-2": 1, "A1-T4-3": 1}
    volunteers = rules.get(kind="quota", item__code="A1-T3-1")
    assert volunteers.params["min_teams"] == 2 and volunteers.params["min_people"] == 50
    fund = rules.get(kind="quota", sub_item__code="A1-T4-2-1")
    assert fund.params["min_amount"] == 30000
    exclusion = rules.get(kind="exclusion")
    assert exclusion.item.code == "A1-T1-8" and exclusion.params["districts"] == ["gusu"]
    assert all(r.clause and r.source_text for r in rules)


EXPECTED_RULES = {
    "S1": ("§三(二)", {"min_count": 40}),
    "S2": ("§三(二)", {"min_share": 0.5}),
    "S3": ("§三(二)", {"min_count": 2}),
    "S4": ("§三(二)", {"min_share": 0.6}),
    "S5": ("§三(二)", {"min_sessions": 4, "min_hours": 16}),
    "C1": ("§三(二)1", {"min_count": 150, "min_share_distressed": 0.7}),
    "C2": ("§三(二)1", {"updated_in_period": True}),
    "C3": ("§三(二)1", {"min_count": 1}),
    "C4": ("§三(二)2", {"min_teams": 2, "min_people": 50}),
    "C5": ("§三(二)3", {"min_count": 1}),
    "C6": ("§三(二)3", {"min_count": 1}),
    "C7": ("§三(二)3", {"min_count": 1}),
    "COMMUNITIES": ("§三(三)", {"min_count": 4}),
    "FUND": ("附件1表4第2项 细项1", {"min_amount": 30000}),
    "MANDATORY": ("附件1备注", {"catalogue_rule_kind": "mandatory"}),
    "MIN_SUB_ITEMS": ("附件1备注", {"catalogue_rule_kind": "min_sub_items"}),
}


def test_every_indicator_rule_carries_its_clause_threshold_and_period(seeded):
    rules = {r.code: r for r in IndicatorRule.objects.filter(pilot_round=seeded)}
    assert set(rules) == set(EXPECTED_RULES)
    for code, (clause, thresholds) in EXPECTED_RULES.items():
        rule = rules[code]
        assert rule.clause == clause, code
        assert {k: rule.thresholds[k] for k in thresholds} == thresholds, code
        assert rule.clause_text and rule.threshold_text and rule.period, code
        for check in rule.counted_when:  # what counts is data, each check with its label
            assert check["code"] and check["label"], code
    assert [c["code"] for c in rules["C1"].counted_when] == ["archive_needs"]
    assert rules["S5"].period == "project_year"
    assert rules["C1"].level == "community" and rules["S1"].level == "street"


def _snapshot():
    models = [Category, Item, SubItem, CatalogueRule, IndicatorRule]
    return {m.__name__: sorted(m.objects.values_list("pk", flat=True)) for m in models}


def test_loading_twice_equals_loading_once(seeded):
    before = _snapshot()
    call_command("load_pilot_seed", verbosity=0)
    assert _snapshot() == before


def test_reseed_keeps_the_bureaus_edits_unless_overwrite(seeded):
    rule = IndicatorRule.objects.get(code="S1")
    rule.threshold_text = "市民政局修改"
    rule.save(update_fields=["threshold_text"])
    call_command("load_pilot_seed", verbosity=0)
    assert IndicatorRule.objects.get(code="S1").threshold_text == "市民政局修改"
    call_command("load_pilot_seed", "--overwrite", verbosity=0)
    assert IndicatorRule.objects.get(code="S1").threshold_text == "不少于40个"


def test_catalogue_page_computes_counts_and_notes_the_91(seeded, client):
    from tests.factories import make_person

    user = make_person("reader", "bureau_staff", seeded.bureau)
    client.force_login(user)
    body = client.get("/catalogue/").content.decode()
    assert "<strong>4</strong> 大类、<strong>20</strong> 大项、<strong>90</strong> 细项" in body
    assert "91细项" in body
    assert "社区公益金(每个不少于3万元)" in body
    assert "必选大项" in body


def test_rules_page_names_each_clause(seeded, client):
    from tests.factories import make_person

    client.force_login(make_person("reader", "bureau_staff", seeded.bureau))
    body = client.get("/catalogue/rules/").content.decode()
    for code, (clause, _) in EXPECTED_RULES.items():
        assert f'data-testid="rule-{code}"' in body
        assert clause in body
