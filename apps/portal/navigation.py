"""The portal's menu: the one place that knows every app's front page."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from apps.security.permissions import can_read_audit

from .permissions import can_open_admin


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    active: bool


# (label, URL name); each app's page decides itself what a person sees there.
MENU = [
    ("首页", "home"),
    ("服务清单", "catalogue:index"),
    ("指标规则", "catalogue:rules"),
    ("指标看板", "metrics:dashboard"),
    ("采购与合同", "portal:procurement_overview"),
    ("评估", "evaluations:index"),
    ("机构与团队", "agencies:index"),
    ("委托与方案", "plans:index"),
    ("服务对象与个案", "cases:index"),
    ("社区工作", "community:index"),
    ("志愿者", "volunteers:index"),
    ("报告", "reports:index"),
]
ADMIN_ITEM = ("管理后台", "admin:index")
AUDIT_ITEM = ("操作审计", "security:audit")


def menu_for(*, user, path: str = "") -> list[MenuItem]:
    """The menu items for a signed-in person; the current page's item is marked active."""
    if not user.is_authenticated:
        return []
    entries = MENU + ([AUDIT_ITEM] if can_read_audit(user=user) else [])
    entries += [ADMIN_ITEM] if can_open_admin(user=user) else []
    urls = [(label, reverse(name)) for label, name in entries]
    # The longest matching prefix is the current item (/catalogue/rules/ is not /catalogue/).
    matches = [url for _, url in urls if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)
    return [MenuItem(label=label, url=url, active=url == current) for label, url in urls]
