"""Measurements of one scale, each with its floor measured in the same run on the same database.

Run by ``bench/run.py`` in a fresh process per scale (``python -m bench.measure <scale>``),
with ``DATABASE_URL`` pointing at that scale's ``bench_<scale>`` database. Writes
``bench/out/<scale>.json``.
"""

from __future__ import annotations

import io
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from http.client import HTTPConnection
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from bench.generate import (  # noqa: E402
    World,
    _make_id,
    populate,
    scale_params,
    world_from_db,
)

HERE = Path(__file__).resolve().parent
PAGE_RUNS = int(os.environ.get("BENCH_PAGE_RUNS", "3"))
HTTP_MAX_REQUESTS = int(os.environ.get("BENCH_HTTP_REQUESTS", "300"))
HTTP_MAX_SECONDS = float(os.environ.get("BENCH_HTTP_SECONDS", "15"))
HTTP_CONCURRENCY = 4
IMPORT_ROWS = 10_000


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _timed(fn, runs: int = 1):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _ratio(value, floor):
    return round(value / floor, 2) if floor else None


def _sql_floor(captured: list[dict], runs: int = 3) -> float:
    """The page's own SQL statements, replayed alone through one cursor (median seconds)."""
    statements = [
        (q["sql"], q["params"])
        for q in captured
        if not q["many"] and q["sql"].lstrip().upper().startswith("SELECT")
    ]

    def replay():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return _timed(replay, runs)[0]


class _capture:  # noqa: N801 (used like a function: ``with _capture() as q``)
    """Every statement the block runs, with its parameters (no 9,000-entry cap, DEBUG off)."""

    def __enter__(self):
        self.captured_queries = []
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __call__(self, execute, sql, params, many, context):
        self.captured_queries.append({"sql": sql, "params": params, "many": many})
        return execute(sql, params, many, context)

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)
        return False

    def __len__(self):
        return len(self.captured_queries)


def _users(world: World):
    from apps.accounts.models import User

    return {role: User.objects.get(pk=pk) for role, pk in world.users.items()}


# --- the engine ------------------------------------------------------------------------------

AGGREGATE_SQL = [
    # S1/S2 per contract and project year: counted cases (consent, assessment, a record in the
    # year), distinct clients, and those on individual/case-management cases.
    r"""
    SELECT c.contract_id, y.id, count(DISTINCT c.client_id),
           count(DISTINCT c.client_id) FILTER (WHERE c.kind IN ('individual','case_management'))
    FROM cases_case c
    JOIN procurement_projectyear y ON c.opened_on <= y."end"
         AND (c.closed_on IS NULL OR c.closed_on >= y.start)
    JOIN cases_client cl ON cl.id = c.client_id AND cl.consent_on IS NOT NULL
    WHERE c.assessment ~ '\S' {contract_filter}
      AND EXISTS (SELECT 1 FROM cases_servicerecord r
                  WHERE r.case_id = c.id AND r.date BETWEEN y.start AND y."end")
    GROUP BY 1, 2
    """,
    # C1 per community and year: archives with needs, and the distressed among them.
    r"""
    SELECT a.contract_id, a.community_id, a.project_year_id, count(*),
           count(*) FILTER (WHERE a.is_distressed)
    FROM community_householdarchive a
    WHERE a.needs::text <> '{{}}' {contract_filter_a}
    GROUP BY 1, 2, 3
    """,
    # C4 per community: active teams with a governance role, and their distinct volunteers.
    r"""
    SELECT t.contract_id, t.community_id, count(DISTINCT t.id), count(DISTINCT m.volunteer_id)
    FROM volunteers_volunteerteam t
    JOIN volunteers_teammembership m ON m.team_id = t.id
    WHERE t.is_active AND t.governance_role ~ '\S' {contract_filter_t}
    GROUP BY 1, 2
    """,
]


def _aggregate(contract_ids=None) -> float:
    ids = ",".join(str(int(c)) for c in contract_ids or [])

    def where(alias):
        return f"AND {alias}.contract_id IN ({ids})" if ids else ""

    def run():
        with connection.cursor() as cursor:
            for sql in AGGREGATE_SQL:
                cursor.execute(
                    sql.format(
                        contract_filter=where("c"),
                        contract_filter_a=where("a"),
                        contract_filter_t=where("t"),
                    )
                )
                cursor.fetchall()

    return _timed(run, 3)[0]


def _clone_snapshots(sampled: list[int], rest: list[int]) -> int:
    """Stand-in snapshots for contracts not computed (city sample): each copies a computed
    contract's, community by community in code order, so dashboards read a full city."""
    from apps.metrics.models import Snapshot
    from apps.procurement.models import Contract

    def communities(contract_id):
        return list(
            Contract.objects.get(pk=contract_id)
            .communities.order_by("code")
            .values_list("pk", flat=True)
        )

    sources = {}
    for pk in sampled:
        sources[pk] = (list(Snapshot.objects.current().filter(contract_id=pk)), communities(pk))
    made = []
    for n, pk in enumerate(rest):
        snaps, source_communities = sources[sampled[n % len(sampled)]]
        mapping = dict(zip(source_communities, communities(pk), strict=False))
        for s in snaps:
            clone = Snapshot(
                **{
                    f.attname: getattr(s, f.attname)
                    for f in Snapshot._meta.concrete_fields
                    if f.attname != "id"
                }
            )
            clone.contract_id = pk
            clone.community_id = mapping.get(s.community_id) if s.community_id else None
            clone.key = ":".join(
                str(p)
                for p in (
                    pk,
                    clone.community_id or "-",
                    clone.project_year_id or "-",
                    clone.rule_code,
                )
            )
            made.append(clone)
    Snapshot.objects.bulk_create(made, batch_size=2000)
    return len(made)


def measure_recompute(world: World) -> dict:
    from apps.metrics.models import RunTrigger, Snapshot
    from apps.metrics.services import (
        contract_snapshots_compute,
        metrics_run_execute,
        metrics_run_start,
    )
    from apps.procurement.models import Contract, PilotRound

    pilot_round = PilotRound.objects.get()
    out = {}
    contracts = list(Contract.objects.order_by("pk").values_list("pk", flat=True))
    limit = int(os.environ.get("BENCH_RECOMPUTE_CONTRACTS", "0") or 0)
    sampled = contracts[:limit] if 0 < limit < len(contracts) else contracts
    for label in ("first", "again"):
        run = metrics_run_start(pilot_round=pilot_round, trigger=RunTrigger.MANUAL)

        def full(run=run):
            if sampled == contracts:
                return metrics_run_execute(run=run)
            for contract in Contract.objects.filter(pk__in=sampled).order_by("pk"):
                contract_snapshots_compute(contract=contract, run=run, as_of=run.as_of)

        with _capture() as q:
            seconds, _ = _timed(full)
        out[f"full_{label}"] = {
            "ms": _ms(seconds),
            "queries": len(q),
            "contracts": len(sampled),
            "snapshots": Snapshot.objects.current().count(),
            "peak_rss_mb": _peak_rss_mb(),
        }
    floor = _aggregate(sampled if sampled != contracts else None)
    if sampled != contracts:
        out["sampled"] = {
            "contracts": len(sampled),
            "of": len(contracts),
            "stand_in_snapshots": _clone_snapshots(sampled, contracts[len(sampled) :]),
        }
    for label in ("first", "again"):
        out[f"full_{label}"].update(
            floor_ms=_ms(floor), ratio=_ratio(out[f"full_{label}"]["ms"], _ms(floor))
        )
    # Incremental: one more service record on a case of the first contract, recomputed as the
    # record-change task does (the scopes the record can move, from what
    # ``service_record_add`` announces: its community, date and kind).
    from apps.cases.models import Case, ServiceRecord

    contract = Contract.objects.get(pk=world.contract_id)
    case = Case.objects.filter(contract=contract).order_by("pk").first()
    record = ServiceRecord.objects.create(
        case=case,
        date=case.opened_on + timedelta(days=3),
        duration_minutes=30,
        mode="phone",
        sub_item=case.sub_items.first(),
        note="基准:增量",
        worker=case.assigned_worker,
    )
    run = metrics_run_start(
        pilot_round=pilot_round, trigger=RunTrigger.RECORD_CHANGE, contract=contract
    )
    changes = [(case.community_id, record.date, "cases.servicerecord")]
    with _capture() as q:
        seconds, touched = _timed(
            lambda: contract_snapshots_compute(
                contract=contract, run=run, as_of=run.as_of, changes=changes
            )
        )
    floor = _aggregate([contract.pk])
    out["incremental"] = {
        "ms": _ms(seconds),
        "queries": len(q),
        "scopes": touched,
        "floor_ms": _ms(floor),
        "ratio": _ratio(_ms(seconds), _ms(floor)),
    }
    return out


# --- pages -----------------------------------------------------------------------------------


def _page_targets(world: World) -> list[tuple[str, str, str]]:
    from apps.cases.models import Case
    from apps.metrics.models import Snapshot

    snapshot = (
        Snapshot.objects.current()
        .filter(contract_id=world.contract_id, rule_code="S1")
        .order_by("pk")
        .first()
    )
    case = Case.objects.filter(contract_id=world.contract_id).order_by("pk").first()
    targets = []
    for role in (
        "bureau",
        "district",
        "street",
        "community",
        "agency_manager",
        "social_worker",
        "evaluator",
    ):
        targets.append((f"home · {role}", role, "/"))
        targets.append((f"dashboard · {role}", role, "/metrics/"))
    targets += [
        ("contract page · bureau", "bureau", f"/metrics/contracts/{world.contract_id}/"),
        (
            "drill-down · bureau",
            "bureau",
            f"/metrics/snapshots/{snapshot.pk}/" if snapshot else "/",
        ),
        ("case list · bureau", "bureau", "/cases/list/"),
        ("case list · agency_manager", "agency_manager", "/cases/list/"),
        ("client list · bureau", "bureau", "/cases/clients/"),
        ("client list · street", "street", "/cases/clients/"),
        ("case API list · bureau", "bureau", "/api/v1/cases/"),
        ("case API detail · bureau", "bureau", f"/api/v1/cases/{case.pk}/"),
    ]
    return targets


def measure_pages(world: World) -> dict:
    users = _users(world)
    clients = {}
    out = {}
    for label, role, url in _page_targets(world):
        client = clients.get(role)
        if client is None:
            client = clients[role] = Client()
            client.force_login(users[role])
        response = client.get(url)  # warm
        with _capture() as q:
            client.get(url)
        seconds, response = _timed(lambda c=client, u=url: c.get(u), PAGE_RUNS)
        floor = _sql_floor(q.captured_queries)
        out[label] = {
            "url": url,
            "status": response.status_code,
            "ms": _ms(seconds),
            "queries": len(q),
            "floor_ms": _ms(floor),
            "ratio": _ratio(seconds, floor),
        }
    return out


# --- the import ------------------------------------------------------------------------------


def _import_file(world: World) -> bytes:
    from openpyxl import Workbook

    from apps.cases.spreadsheet import COLUMNS
    from apps.orgs.models import Organization

    names = list(
        Organization.objects.communities()
        .filter(parent_id=world.street_id)
        .order_by("code")
        .values_list("name", flat=True)
    )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(COLUMNS)
    import random

    rng = random.Random(10_000)
    for i in range(IMPORT_ROWS):
        ws.append(
            [
                f"导入对象{i}",
                _make_id(rng, 500_000 + i),
                f"139{i:08d}",
                "困境老年人、残障人士" if i % 3 == 0 else "困境老年人",
                names[i % len(names)],
                "基准地址",
                "",
            ]
        )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _parse_floor(data: bytes) -> float:
    from openpyxl import load_workbook

    from apps.cases import idcard

    def parse():
        wb = load_workbook(io.BytesIO(data), read_only=True)
        ok = 0
        for row in wb.worksheets[0].iter_rows(min_row=2, values_only=True):
            value = str(row[1])
            ok += idcard.check_digit(value[:17]) == value[17]
        wb.close()
        return ok

    return _timed(parse, 3)[0]


def measure_import(world: World) -> dict:
    from apps.cases.models import ImportStatus
    from apps.cases.services import target_list_confirm, target_list_upload
    from apps.core.changes import contract_changes_paused

    users = _users(world)
    street_user = users["street"]
    data = _import_file(world)
    floor = _parse_floor(data)
    out = {"rows": IMPORT_ROWS, "floor_ms": _ms(floor)}
    from apps.orgs.models import Organization

    street = Organization.objects.get(pk=world.street_id)
    for label in ("first", "again"):

        def run():
            li = target_list_upload(
                actor=street_user, organization=street, name="基准导入.xlsx", data=data
            )
            assert li.status == ImportStatus.VALIDATED, li.problems[:3]
            target_list_confirm(actor=street_user, list_import=li)
            li.refresh_from_db()
            assert li.status == ImportStatus.IMPORTED, li.outcome
            return li

        # The embedded path (no worker): checked and imported in-process. Recomputes the list
        # triggers are paused here: they are the engine's cost, measured above.
        with (
            override_settings(IMPORT_ASYNC_ROWS=10 * IMPORT_ROWS),
            contract_changes_paused(),
            _capture() as q,
        ):
            seconds, li = _timed(run)
        out[label] = {
            "ms": _ms(seconds),
            "queries": len(q),
            "ratio": _ratio(seconds, floor),
            "outcome": li.outcome,
            "peak_rss_mb": _peak_rss_mb(),
        }
    return out


# --- PDF -------------------------------------------------------------------------------------


def measure_pdf(world: World) -> dict:
    """The contract evaluation report (a mid-term evaluation of the first contract, started
    here if the data has none) and the city overview of project year 1, each rendered twice in
    this process: "first" pays for fonts and templates, "warm" is what every later request
    costs. Through ``report_request`` as the page asks (tasks run in-process here), timed from
    the request to the stored PDF; the render time WeasyPrint alone took is kept beside it."""
    from apps.evaluations.models import Evaluation, EvaluationKind
    from apps.evaluations.permissions import evaluator_org_of
    from apps.evaluations.services import (
        evaluation_start,
        evaluation_submit,
        rubric_default_create,
        shortfall_decide,
    )
    from apps.procurement.models import Contract, ProjectYear
    from apps.reports.models import Report
    from apps.reports.services import report_request

    users = _users(world)
    contract = Contract.objects.select_related("unit__pilot_round").get(pk=world.contract_id)
    pilot_round = contract.unit.pilot_round
    year = ProjectYear.objects.filter(pilot_round=pilot_round).order_by("number").first()
    rubric_default_create(actor=users["bureau"], pilot_round=pilot_round)
    evaluation = Evaluation.objects.filter(contract=contract, project_year=year).first()
    if evaluation is None:
        evaluation = evaluation_start(
            actor=users["evaluator"],
            contract=contract,
            project_year=year,
            kind=EvaluationKind.MID_TERM,
            evaluator_org=evaluator_org_of(users["evaluator"]),
        )
    if evaluation.status == "draft":
        # Submitted (the bureau may then ask for its report) with the pre-filled scores; C1's
        # "原则上" shortfalls decided first, as the evaluator must.
        c1 = evaluation.scores.filter(indicator__code="C1").first()
        for community_id in {
            r["community_id"] for r in (c1.basis if c1 else []) or [] if r.get("shortfall")
        }:
            shortfall_decide(
                actor=users["evaluator"],
                evaluation=evaluation,
                community_id=community_id,
                accept=True,
                reason="基准测试",
            )
        evaluation = evaluation_submit(actor=users["evaluator"], evaluation=evaluation)
    out = {"status": "measured", "rows": []}
    for label, kind, subject in (
        ("contract evaluation report", "contract_evaluation", evaluation),
        ("city overview", "city_overview", year),
    ):
        for attempt in ("first", "warm"):
            start = time.perf_counter()
            report = report_request(actor=users["bureau"], kind=kind, subject=subject)
            ms = (time.perf_counter() - start) * 1000
            report = Report.objects.get(pk=report.pk)
            if report.status != "ready":
                raise RuntimeError(f"{label}: {report.status} {report.error}")
            out["rows"].append(
                {
                    "report": label,
                    "attempt": attempt,
                    "ms": round(ms, 1),
                    "render_ms": round(float(report.render_seconds or 0) * 1000, 1),
                    "pages": report.pages,
                    "status": report.status,
                }
            )
    return out


# --- HTTP under load -------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _load(port: int, path: str, cookie: str) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + HTTP_MAX_SECONDS
    budget = [HTTP_MAX_REQUESTS]

    def worker():
        while time.perf_counter() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            start = time.perf_counter()
            try:
                conn = HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                conn.close()
                ok = response.status == 200
            except OSError:
                ok = False
            with lock:
                if ok:
                    latencies.append(time.perf_counter() - start)
                else:
                    errors[0] += 1

    begin = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(HTTP_CONCURRENCY)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - begin
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] if latencies else None
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "seconds": round(elapsed, 2),
        "rps": round(len(latencies) / elapsed, 2) if elapsed else 0,
        "p99_ms": _ms(p99) if p99 else None,
    }


def measure_http(world: World) -> dict:
    users = _users(world)
    client = Client()
    client.force_login(users["bureau"])
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    port = _free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench.settings")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "suzhou_pilot.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=str(HERE.parent),
    )
    try:
        for _ in range(100):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        out = {}
        for label, path in (
            ("trivial view", "/bench/trivial/"),
            ("case-list API", "/api/v1/cases/"),
            ("bureau dashboard", "/metrics/"),
        ):
            for _ in range(2 * HTTP_CONCURRENCY):  # warm both workers
                conn = HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
                conn.getresponse().read()
                conn.close()
            out[label] = _load(port, path, cookie)
        floor = out["trivial view"]["rps"]
        for label in ("case-list API", "bureau dashboard"):
            out[label]["share_of_trivial"] = _ratio(out[label]["rps"], floor)
        return out
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(scale: str) -> None:
    started = time.perf_counter()
    results = {"scale": scale, "params": scale_params(scale)}
    if os.environ.get("BENCH_REUSE_DB"):
        # Measure the database an earlier run filled (and recomputed) as it is.
        seconds, world = 0, world_from_db()
    else:
        seconds, world = _timed(lambda: populate(scale=scale))
    results["generate_s"] = round(seconds, 1)
    results["counts"] = world.counts
    print(f"[{scale}] generated in {seconds:.0f} s: {world.counts}", flush=True)
    steps = [
        ("recompute", measure_recompute),
        ("pages", measure_pages),
        ("import", measure_import),
        ("pdf", measure_pdf),
        ("http", measure_http),
    ]
    only = os.environ.get("BENCH_STEPS")
    for name, fn in steps:
        if only and name not in only.split(","):
            continue
        t0 = time.perf_counter()
        try:
            results[name] = fn(world)
        except Exception as exc:  # one broken step must not lose the others' figures
            import traceback

            traceback.print_exc()
            results[name] = {"error": f"{type(exc).__name__}: {exc}"[:500]}
        print(f"[{scale}] {name} in {time.perf_counter() - t0:.0f} s", flush=True)
        _write(scale, results)
    results["total_s"] = round(time.perf_counter() - started, 1)
    _write(scale, results)


def _write(scale: str, results: dict) -> None:
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    (out / f"{scale}.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
