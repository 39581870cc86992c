"""The records behind one snapshot: those it counted and those not counted yet, with why."""

from __future__ import annotations

from django.apps import apps as django_apps

from apps.accounts.masking import names_masked_for

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


# Records that name a person or a household: listed only when the reader may open them
# (through the delivery apps' gates), the others summarised as a count; names masked for
# readers who may not read them (apps.accounts.masking, §7).
PERSONAL = {
    "cases.client",
    "cases.household",
    "cases.case",
    "community.householdarchive",
    "volunteers.volunteer",
}


def _visible_querysets(user) -> dict:
    """The gate of each personal record type: what ``user`` may open."""
    from apps.cases.permissions import (
        cases_visible_to,
        clients_visible_to,
        households_visible_to,
    )
    from apps.community.models import HouseholdArchive
    from apps.community.permissions import scoped_records
    from apps.volunteers.permissions import volunteers_visible_to

    return {
        "cases.client": lambda: clients_visible_to(user=user),
        "cases.household": lambda: households_visible_to(user=user),
        "cases.case": lambda: cases_visible_to(user=user),
        "community.householdarchive": lambda: scoped_records(
            user=user, queryset=HouseholdArchive.objects.all()
        ),
        "volunteers.volunteer": lambda: volunteers_visible_to(user=user),
    }


def visible_ids(*, user, label: str, ids) -> set[int] | None:
    """The ids among ``ids`` that ``user`` may open; None when ``label`` is not personal
    (every record of a visible snapshot may be listed)."""
    if label not in PERSONAL:
        return None
    wanted = {int(i) for i in ids}
    if not wanted:
        return set()
    gate = _visible_querysets(user)[label]()
    return set(gate.filter(pk__in=wanted).values_list("pk", flat=True))


def _text(label, model, obj, pk, masked) -> str:
    if obj is None:
        return f"#{pk}(计算后已删除)"
    if masked and label in PERSONAL:
        return f"{model._meta.verbose_name} #{pk}"
    return str(obj)


def snapshot_drilldown(*, snapshot, user=None, masked: bool = False) -> dict:
    """Counted and not-yet-counted records, model by model (at most LIST_LIMIT of each).

    With ``user``, records naming a person are listed only if the user may open them (the
    rest are counted in ``hidden``, without any personal data) and names are masked for
    readers who may not read them. A record deleted since the computation is shown as such,
    so the list always matches the number it explains.
    """
    if user is not None:
        masked = masked or names_masked_for(user)
    counted, excluded = [], []
    for label, ids in sorted(snapshot.record_ids.items()):
        allowed = visible_ids(user=user, label=label, ids=ids) if user is not None else None
        shown = [int(i) for i in ids if allowed is None or int(i) in allowed]
        model, objects, _ = _objects(label, shown)
        counted.append(
            {
                "label": model._meta.verbose_name,
                "total": len(ids),
                "hidden": len(ids) - len(shown),
                "rows": [
                    {
                        "pk": pk,
                        "text": _text(label, model, objects.get(pk), pk, masked),
                        "url": _url(objects[pk]) if pk in objects else "",
                    }
                    for pk in shown[:LIST_LIMIT]
                ],
            }
        )
    for label, reasons in sorted((snapshot.excluded or {}).items()):
        allowed = (
            visible_ids(user=user, label=label, ids=reasons.keys()) if user is not None else None
        )
        shown = {pk: why for pk, why in reasons.items() if allowed is None or int(pk) in allowed}
        model, objects, _ = _objects(label, shown.keys())
        excluded.append(
            {
                "label": model._meta.verbose_name,
                "total": len(reasons),
                "hidden": len(reasons) - len(shown),
                "rows": [
                    {
                        "pk": int(pk),
                        "text": _text(label, model, objects.get(int(pk)), pk, masked),
                        "url": _url(objects[int(pk)]) if int(pk) in objects else "",
                        "reasons": why,
                    }
                    for pk, why in list(shown.items())[:LIST_LIMIT]
                ],
            }
        )
    return {"counted": counted, "excluded": excluded, "values": value_rows(snapshot)}


def visible_record_ids(*, snapshot, user) -> tuple[dict, dict]:
    """The snapshot's stored ids and not-counted reasons, narrowed to what ``user`` may open
    (for the API, which returns them raw next to the described records)."""
    record_ids, reasons_out = {}, {}
    for label, ids in (snapshot.record_ids or {}).items():
        allowed = visible_ids(user=user, label=label, ids=ids)
        record_ids[label] = [i for i in ids if allowed is None or int(i) in allowed]
    for label, reasons in (snapshot.excluded or {}).items():
        allowed = visible_ids(user=user, label=label, ids=reasons.keys())
        reasons_out[label] = {
            pk: why for pk, why in reasons.items() if allowed is None or int(pk) in allowed
        }
    return record_ids, reasons_out
