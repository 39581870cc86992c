"""Writes: A1-T2-2 the resource library (and its sketch-map coordinates)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.records.services import RecordKind, check_community, creates, project_year_for
from apps.records.services import record_save as save

from .. import rules
from ..models import Resource, ResourceChange, ResourceKind

GRID_MAX = 20  # the sketch grid drawn by the map (a drawing size, not a round rule)


# --- A1-T2-2 resource library ----------------------------------------------------------------


def _check_location(grid_x, grid_y, latitude, longitude):
    for value in (grid_x, grid_y):
        if value is not None and not (0 <= value <= GRID_MAX):
            raise ValidationError(f"示意图坐标须在 0–{GRID_MAX} 之间。")
    if (grid_x is None) != (grid_y is None):
        raise ValidationError("示意图坐标须同时填写横坐标和纵坐标。")
    if (latitude is None) != (longitude is None):
        raise ValidationError("经纬度须同时填写。")
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError("经纬度超出范围。")
    if grid_x is None and latitude is None:
        raise ValidationError("请填写资源位置(示意图坐标或经纬度)。")


RESOURCE = RecordKind(
    Resource, rules.RESOURCE_ITEM, on="changed_on", strip=("name",), check_first=True
)


@creates(RESOURCE)
def resource_create(
    *,
    actor,
    contract,
    community,
    kind: str,
    name: str,
    changed_on: date,
    description: str = "",
    contact: str = "",
    grid_x=None,
    grid_y=None,
    latitude=None,
    longitude=None,
    sub_item=None,
) -> Resource:
    """A resource of the library, dated by the first entry of its history (``changed_on``)."""
    check_community(contract, community)
    if kind not in ResourceKind.values:
        raise ValidationError("请选择资源类型。")
    _check_location(grid_x, grid_y, latitude, longitude)
    return lambda resource: ResourceChange.objects.create(
        resource=resource, changed_on=changed_on, action="created", summary="新建", actor=actor
    )


RESOURCE_EDITABLE = (
    "name",
    "description",
    "contact",
    "grid_x",
    "grid_y",
    "latitude",
    "longitude",
    "is_active",
)


@transaction.atomic
def resource_update(*, actor, resource: Resource, changed_on: date, summary: str, **fields):
    """Change a resource and date the change: the history is what “updated” means."""
    unknown = set(fields) - set(RESOURCE_EDITABLE)
    if unknown:
        raise ValidationError(f"不能修改:{', '.join(sorted(unknown))}")
    if not summary.strip():
        raise ValidationError("请说明本次更新的内容。")
    project_year_for(resource.contract, changed_on)
    for name, value in fields.items():
        setattr(resource, name, value)
    _check_location(resource.grid_x, resource.grid_y, resource.latitude, resource.longitude)
    save(resource, actor=actor, action="resource_update", fields=sorted(fields))
    action = "retired" if fields.get("is_active") is False else "updated"
    return ResourceChange.objects.create(
        resource=resource, changed_on=changed_on, action=action, summary=summary, actor=actor
    )
