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


def snapshot_drilldown(*, snapshot) -> dict:
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
                    {"pk": pk, "text": str(objects[pk]), "url": _url(objects[pk])}
                    if pk in objects
                    else {"pk": pk, "text": f"#{pk}(计算后已删除)", "url": ""}
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
                        "text": str(objects[int(pk)]) if int(pk) in objects else f"#{pk}",
                        "url": _url(objects[int(pk)]) if int(pk) in objects else "",
                        "reasons": why,
                    }
                    for pk, why in list(reasons.items())[:LIST_LIMIT]
                ],
            }
        )
    return {"counted": counted, "excluded": excluded}
