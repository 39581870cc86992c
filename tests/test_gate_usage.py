"""Access is decided in the permissions modules (issue 10, design.md rule 5).

Pages, API endpoints, forms and template tags ask a gate (``can_…``, ``…_visible_to``,
``…_get_for_user_or_404``); they never work a right out for themselves from the user's scope or
memberships. This test reads every such module outside the accounts app and fails on

- a call of ``scope_for`` (the raw scope the gates are built from),
- a use of the accounts app's ``Role`` enum, or
- a comparison with, or a ``role…=`` filter on, the stored value of a portal role
  (``"bureau_staff"``, …); the same word as a field or key name (``"evaluator"``) is not one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from apps.accounts.models import Role

ROOT = Path(__file__).resolve().parent.parent
APPS_DIR = ROOT / "apps"
ROLE_VALUES = {str(value) for value in Role.values}


def _caller_modules() -> list[Path]:
    """Views, API modules, forms and template tags of every app but accounts."""
    found = set()
    for pattern in (
        "*/views.py",
        "*/views/*.py",
        "*/api/*.py",
        "*/forms.py",
        "*/templatetags/*.py",
    ):
        found.update(APPS_DIR.glob(pattern))
    return sorted(p for p in found if p.relative_to(APPS_DIR).parts[0] != "accounts")


def gate_bypasses(source: str) -> list[str]:
    """Where ``source`` decides access itself: ``scope_for`` calls, ``Role`` and role strings."""
    tree = ast.parse(source)
    role_names = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("apps.accounts")
        for alias in node.names
        if alias.name == "Role"
    }
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name == "scope_for":
                problems.append(f"line {node.lineno}: scope_for() outside the gates")
        elif isinstance(node, ast.Name) and node.id in role_names:
            problems.append(f"line {node.lineno}: {node.id} (the portal's roles) outside the gates")
        elif isinstance(node, ast.Compare):
            problems += [
                f"line {node.lineno}: compares with the role literal {c.value!r}"
                for c in ast.walk(node)
                if isinstance(c, ast.Constant) and c.value in ROLE_VALUES
            ]
        elif isinstance(node, ast.keyword) and (node.arg or "").startswith("role"):
            problems += [
                f"line {node.value.lineno}: filters on the role literal {c.value!r}"
                for c in ast.walk(node.value)
                if isinstance(c, ast.Constant) and c.value in ROLE_VALUES
            ]
    return problems


def test_the_scan_covers_the_callers():
    modules = {str(p.relative_to(APPS_DIR)) for p in _caller_modules()}
    assert {"cases/views.py", "evaluations/views.py", "evaluations/api/views.py"} <= modules
    assert not any(m.startswith("accounts/") for m in modules)


@pytest.mark.parametrize(
    "source",
    [
        "from apps.accounts.gates import scope_for\nok = scope_for(user).can_administer\n",
        "from apps.accounts import gates\nok = gates.scope_for(user).authenticated\n",
        "from apps.accounts.models import Role\nok = m.role == Role.BUREAU_STAFF\n",
        "ok = membership.role == 'social_worker'\n",
        "ok = m.role in ('bureau_staff', 'district_staff')\n",
        "rows = RoleMembership.objects.filter(role__in=['evaluator'])\n",
    ],
)
def test_a_bypass_is_caught(source):
    assert gate_bypasses(source)


def test_a_gate_call_is_not_a_bypass():
    source = (
        "from .permissions import can_administer, cases_visible_to\n"
        "ok = can_administer(user)\nrows = cases_visible_to(user=user)\n"
        "fields = ['id', 'evaluator']\nevaluator = is_evaluator(user)\n"
    )
    assert gate_bypasses(source) == []


def test_callers_ask_the_gates():
    problems = {
        str(path.relative_to(ROOT)): found
        for path in _caller_modules()
        if (found := gate_bypasses(path.read_text(encoding="utf-8")))
    }
    assert problems == {}
