"""The records behind one snapshot: those it counted and those not counted yet, with why."""

from __future__ import annotations

from django.apps import apps as django_apps

LIST_LIMIT = 500
RELATED = {"client", "household", "team", "volunteer", "item", "resource"}


def _url(obj) -> str:
    get = getattr(obj, "get_absolute_url", None)
    return get() if callable(get) else ""


def _objects(label: str, ids):
    model = django_apps.get_model(label)
    wanted = [int(i) for i in ids][:LIST_LIMIT]
    # A record's text may name its client or household: fetch those in the same query.
    related = [f.name for f in model._meta.fields if f.many_to_one and f.name in RELATED]
    rows = model.objects.filter(pk__in=wanted).select_related(*related)
    return model, {o.pk: o for o in rows}, len(ids)


# How the parts of a snapshot's value read on the page.
VALUE_LABELS = {
    "units": "服务对象(人/户)",
    "clients": "其中个人",
    "households": "其中家庭",
    "cases": "计入的个案",
    "part": "符合条件的数量",
    "whole": "总数",
    "case_kinds": "计入的服务类型",
    "categories": "服务人群类别",
    "sessions": "培训次数",
    "hours": "培训学时",
    "sessions_met": "次数达标",
    "hours_met": "学时达标",
    "count": "数量",
    "distressed": "其中困境家庭",
    "distressed_share": "困境家庭占比",
    "share_met": "困境家庭占比达标",
    "share_in_principle": "占比为“原则上”要求",
    "resources": "在册资源",
    "changes_in_period": "本期更新次数",
    "teams": "志愿者队伍",
    "people": "志愿者人数(去重)",
    "funds": "公益金个数",
    "planned": "方案已选该细项",
    "total": "公益金合计(元)",
    "items": "各大项",
}
CASE_KIND_LABELS = {
    "individual": "个案",
    "case_management": "个案管理",
    "group_work": "小组工作",
    "community_activity": "社区活动",
}


def _show(key, value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if key == "distressed_share":
        return f"{float(value) * 100:.1f}%"
    if key == "case_kinds":
        return "、".join(CASE_KIND_LABELS.get(v, v) for v in value)
    if key == "items":
        parts = []
        for row in value:
            if "implemented" in row:
                parts.append(f"{row['item']} {'已实施' if row['implemented'] else '未实施'}")
            else:
                parts.append(f"{row['item']} 已实施{row['sub_items']}个细项(要求≥{row['min']})")
        return ";".join(parts)
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "无"
    return str(value)


def value_rows(snapshot) -> list[tuple[str, str]]:
    """The parts of a snapshot's value as (label, text), in a reader's words."""
    return [
        (VALUE_LABELS.get(k, k), _show(k, v))
        for k, v in (snapshot.values or {}).items()
        if k != "by_worker"
    ]


# Records that name a person or a household: evaluators read them without the names (§7).
PERSONAL = {
    "cases.client",
    "cases.household",
    "cases.case",
    "community.householdarchive",
    "volunteers.volunteer",
}


def names_masked_for(user) -> bool:
    """Evaluators (and nobody else) read the drill-down with personal names masked."""
    from apps.accounts.gates import scope_for
    from apps.accounts.models import Role

    scope = scope_for(user)
    return scope.has_role(Role.EVALUATOR) and not scope.can_administer and len(scope.roles) == 1


def _text(label, model, obj, pk, masked) -> str:
    if obj is None:
        return f"#{pk}(计算后已删除)"
    if masked and label in PERSONAL:
        return f"{model._meta.verbose_name} #{pk}"
    return str(obj)


def snapshot_drilldown(*, snapshot, masked: bool = False) -> dict:
    """Counted and not-yet-counted records, model by model (at most LIST_LIMIT of each).

    A record deleted since the computation is shown as such, so the list always matches
    the number it explains.
    """
    counted, excluded = [], []
    for label, ids in sorted(snapshot.record_ids.items()):
        model, objects, total = _objects(label, ids)
        counted.append(
            {
                "label": model._meta.verbose_name,
                "total": total,
                "rows": [
                    {
                        "pk": pk,
                        "text": _text(label, model, objects.get(pk), pk, masked),
                        "url": _url(objects[pk]) if pk in objects else "",
                    }
                    for pk in [int(i) for i in ids][:LIST_LIMIT]
                ],
            }
        )
    for label, reasons in sorted((snapshot.excluded or {}).items()):
        model, objects, total = _objects(label, reasons.keys())
        excluded.append(
            {
                "label": model._meta.verbose_name,
                "total": total,
                "rows": [
                    {
                        "pk": int(pk),
                        "text": _text(label, model, objects.get(int(pk)), pk, masked),
                        "url": _url(objects[int(pk)]) if int(pk) in objects else "",
                        "reasons": why,
                    }
                    for pk, why in list(reasons.items())[:LIST_LIMIT]
                ],
            }
        )
    return {"counted": counted, "excluded": excluded, "values": value_rows(snapshot)}
