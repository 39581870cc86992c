"""The portal's menu: the one place that knows every app's front page."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from apps.accounts.gates import scope_for
from apps.accounts.models import Role
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
LABELS = dict((name, label) for label, name in MENU)

# What each role uses, in the order of its day: its to-do list first, then where the work is
# done, then what it looks things up in. A person with several roles gets the union, in the
# order of their first role. A page left out stays reachable (its own gate decides).
ROLE_MENUS = {
    Role.BUREAU_STAFF: [
        "home", "metrics:dashboard", "plans:index", "evaluations:index",
        "portal:procurement_overview", "reports:index", "agencies:index", "community:index",
        "cases:index", "volunteers:index", "catalogue:index", "catalogue:rules",
    ],
    Role.DISTRICT_STAFF: [
        "home", "plans:index", "metrics:dashboard", "portal:procurement_overview",
        "community:index", "cases:index", "reports:index", "catalogue:index",
    ],
    Role.STREET_COORDINATOR: [
        "home", "cases:index", "community:index", "plans:index", "metrics:dashboard",
        "evaluations:index", "portal:procurement_overview", "volunteers:index",
        "reports:index", "catalogue:index",
    ],
    Role.COMMUNITY_COORDINATOR: [
        "home", "community:index", "cases:index", "volunteers:index", "evaluations:index",
        "plans:index", "metrics:dashboard", "catalogue:index",
    ],
    Role.AGENCY_MANAGER: [
        "home", "cases:index", "community:index", "volunteers:index", "metrics:dashboard",
        "plans:index", "agencies:index", "reports:index", "evaluations:index",
        "catalogue:index", "catalogue:rules",
    ],
    Role.SUPERVISOR: [
        "home", "cases:index", "community:index", "volunteers:index", "metrics:dashboard",
        "agencies:index", "catalogue:index",
    ],
    Role.SOCIAL_WORKER: [
        "home", "cases:index", "community:index", "volunteers:index", "catalogue:index",
    ],
    Role.EVALUATOR: [
        "home", "evaluations:index", "metrics:dashboard", "portal:procurement_overview",
        "cases:index", "community:index", "reports:index", "catalogue:rules", "catalogue:index",
    ],
}  # fmt: skip
ADMIN_ITEM = ("管理后台", "admin:index")
AUDIT_ITEM = ("操作审计", "security:audit")


def menu_for(*, user, path: str = "") -> list[MenuItem]:
    """The menu items for a signed-in person; the current page's item is marked active."""
    if not user.is_authenticated:
        return []
    names: list[str] = []
    for m in scope_for(user).memberships:
        names += [n for n in ROLE_MENUS.get(Role(m.role), []) if n not in names]
    entries = [(LABELS[n], n) for n in names or ["home"]]
    entries += [AUDIT_ITEM] if can_read_audit(user=user) else []
    entries += [ADMIN_ITEM] if can_open_admin(user=user) else []
    urls = [(label, reverse(name)) for label, name in entries]
    # The longest matching prefix is the current item (/catalogue/rules/ is not /catalogue/).
    matches = [url for _, url in urls if path == url or (url != "/" and path.startswith(url))]
    current = max(matches, key=len, default=None)
    return [MenuItem(label=label, url=url, active=url == current) for label, url in urls]
