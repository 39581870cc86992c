"""The import contract: apps stand on floors and imports only point down (design.md, "The layout").

Every module under ``apps/`` (migrations exempt) is read as source: each ``import`` and
``from … import`` anywhere in it, function-level ones included, becomes an edge of the module
graph. Modules map to apps, apps to floors, and the checker reports

(a) an import of ``apps.metrics`` from a delivery or plan app (they tell the engine through
    ``apps.core.changes``),
(b) an import pointing to a higher floor,
(c) a cycle between two or more apps (strongly connected components of the app graph, same floor
    included).

Every module is also imported with importlib, to prove that each of them imports.
"""

from __future__ import annotations

import ast
import importlib
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS_DIR = ROOT / "apps"

FLOORS = {
    "ground": ("core", "accounts", "orgs", "security"),
    "plan": ("procurement", "catalogue"),
    "delivery": ("agencies", "plans", "cases", "records", "community", "volunteers"),
    "engine": ("metrics",),
    "judging": ("evaluations", "reports"),
    "top": ("portal",),
}
FLOOR_ORDER = ["ground", "plan", "delivery", "engine", "judging", "top"]
APP_FLOOR = {app: floor for floor, apps in FLOORS.items() for app in apps}
ENGINE = "metrics"
NO_ENGINE_FLOORS = {"plan", "delivery"}

# Edges (importing module, imported module) allowed although they break the contract. Empty:
# the structural pass removed the last ones (community ⇄ volunteers now share ``apps.records``
# below both). An entry that no longer exists in the code fails
# ``test_known_violations_are_still_present``, so the list can only shrink.
KNOWN_VIOLATIONS: set[tuple[str, str]] = set()


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules(apps_dir: Path = APPS_DIR) -> dict[str, Path]:
    """Every module under ``apps/`` except migrations, by dotted name."""
    modules = {}
    for path in sorted(apps_dir.rglob("*.py")):
        if "migrations" in path.relative_to(apps_dir).parts:
            continue
        modules[module_name(path, apps_dir.parent)] = path
    return modules


def imports_of(name: str, path: Path) -> set[str]:
    """The ``apps.…`` modules (or names within them) that a module imports, anywhere in it."""
    is_package = path.name == "__init__.py"
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # ``from apps.x import views`` names the submodule apps.x.views; ``from apps.x.y
            # import f`` names apps.x.y.f, which ``build_graph`` reduces to the module apps.x.y.
            found.update(
                target if alias.name == "*" else f"{target}.{alias.name}" for alias in node.names
            )
    return {m for m in found if m.startswith("apps.")}


def build_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module → the app modules it imports (names that are not modules reduce to their module)."""
    graph = {}
    for name, path in modules.items():
        targets = set()
        for target in imports_of(name, path):
            while target not in modules and "." in target:
                target = target.rpartition(".")[0]
            if target in modules and target != name:
                targets.add(target)
        graph[name] = targets
    return graph


def app_of(module: str) -> str:
    return module.split(".")[1] if module.count(".") >= 1 else ""


def _strongly_connected(nodes, edges) -> list[list[str]]:
    """Tarjan's algorithm; returns the components with more than one node."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return result


def _shortest_loop(component: list[str], edges) -> list[str]:
    """The shortest loop from the component's first app back to it (breadth first)."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        app = queue.pop(0)
        for nxt in sorted(edges.get(app, ())):
            if nxt == start:
                return [*paths[app], start]
            if nxt in members and nxt not in paths:
                paths[nxt] = [*paths[app], nxt]
                queue.append(nxt)
    return component  # unreachable for a strongly connected component


def check(graph: dict[str, set[str]], allowed: set[tuple[str, str]] = frozenset()) -> list[str]:
    """Readable violations of the contract, one line each: ``kind: module → imported``."""
    problems = []
    app_edges: dict[str, set[str]] = defaultdict(set)
    edge_examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for source, targets in sorted(graph.items()):
        src_app = app_of(source)
        for target in sorted(targets):
            if (source, target) in allowed:
                continue
            dst_app = app_of(target)
            if src_app == dst_app:
                continue
            src_floor, dst_floor = APP_FLOOR.get(src_app), APP_FLOOR.get(dst_app)
            if src_floor is None or dst_floor is None:
                problems.append(f"app without a floor: {source} → {target}")
                continue
            if dst_app == ENGINE and src_floor in NO_ENGINE_FLOORS:
                problems.append(f"engine imported from {src_floor}: {source} → {target}")
            elif FLOOR_ORDER.index(dst_floor) > FLOOR_ORDER.index(src_floor):
                problems.append(f"upward ({src_floor} → {dst_floor}): {source} → {target}")
            app_edges[src_app].add(dst_app)
            edge_examples[(src_app, dst_app)].append(f"{source} → {target}")
    nodes = set(app_edges) | {a for targets in app_edges.values() for a in targets}
    for component in _strongly_connected(nodes, app_edges):
        loop = _shortest_loop(component, app_edges)
        steps = "; ".join(
            f"{edge_examples[(a, b)][0]}"
            + (
                f" (+{len(edge_examples[(a, b)]) - 1} more)"
                if len(edge_examples[(a, b)]) > 1
                else ""
            )
            for a, b in zip(loop, loop[1:], strict=False)
        )
        problems.append(f"cycle between apps {' ⇄ '.join(component)}: {' → '.join(loop)}: {steps}")
    return problems


@pytest.fixture(scope="module")
def modules():
    return app_modules()


def test_every_app_module_imports(modules):
    failures = []
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 (report every module that fails, with why)
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
    assert not failures, "modules that do not import:\n" + "\n".join(failures)


def test_every_app_has_a_floor(modules):
    apps = {app_of(name) for name in modules if name != "apps"}
    assert apps - set(APP_FLOOR) == set()


def test_imports_point_down_and_apps_form_no_cycle(modules):
    problems = check(build_graph(modules), allowed=KNOWN_VIOLATIONS)
    assert not problems, "import contract broken:\n" + "\n".join(problems)


def test_known_violations_are_still_present(modules):
    graph = build_graph(modules)
    stale = sorted(f"{a} → {b}" for a, b in KNOWN_VIOLATIONS if b not in graph.get(a, ()))
    assert not stale, "remove from KNOWN_VIOLATIONS (fixed):\n" + "\n".join(stale)


def test_checker_reports_engine_imports_upward_imports_and_cycles():
    """The proof that the contract can fail: a synthetic graph with each kind of violation."""
    graph = {
        "apps.cases.views": {"apps.metrics.selectors", "apps.orgs.models"},
        "apps.metrics.selectors": {"apps.cases.models"},
        "apps.cases.models": set(),
        "apps.community.records": {"apps.volunteers.models"},
        "apps.volunteers.models": {"apps.community.records"},
        "apps.orgs.models": set(),
        "apps.accounts.services": {"apps.portal.demo"},
        "apps.portal.demo": set(),
    }
    problems = check(graph)
    assert "engine imported from delivery: apps.cases.views → apps.metrics.selectors" in problems
    assert "upward (ground → top): apps.accounts.services → apps.portal.demo" in problems
    assert (
        "cycle between apps community ⇄ volunteers: community → volunteers → community: "
        "apps.community.records → apps.volunteers.models; "
        "apps.volunteers.models → apps.community.records"
    ) in problems
    # cases → metrics → cases is a cycle too (besides the forbidden engine import)
    assert any(p.startswith("cycle between apps cases ⇄ metrics") for p in problems)
    assert len(problems) == 4


def test_checker_reads_function_level_and_relative_imports(tmp_path):
    package = tmp_path / "apps" / "cases"
    package.mkdir(parents=True)
    (tmp_path / "apps" / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "models.py").write_text("")
    (package / "views.py").write_text(
        "from . import models\n\ndef page():\n    from apps.metrics import engine\n"
    )
    (tmp_path / "apps" / "metrics").mkdir()
    (tmp_path / "apps" / "metrics" / "__init__.py").write_text("")
    (tmp_path / "apps" / "metrics" / "engine.py").write_text("")
    graph = build_graph(app_modules(tmp_path / "apps"))
    assert graph["apps.cases.views"] == {"apps.cases.models", "apps.metrics.engine"}
    assert check(graph) == ["engine imported from delivery: apps.cases.views → apps.metrics.engine"]
