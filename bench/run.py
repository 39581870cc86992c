"""``make bench``: build each scale's database, measure it, write results.json and the table.

Databases (on the local PostgreSQL, ``BENCH_PG``, default postgres://postgres@127.0.0.1:5432):
``bench_template`` (``BENCH_DB_PREFIX`` changes the ``bench``; migrated, the plan's data loaded) and one ``bench_<scale>`` copied from it
per scale. Scales: ``BENCH_SCALES`` (default ``pilot,city``); ``BENCH_CITY_FRACTION`` scales
the city's data volumes down (the README says when it was used).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg2

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
# Database names start with this (two people benchmarking on one server keep apart).
PREFIX = os.environ.get("BENCH_DB_PREFIX", "bench")
TEMPLATE = f"{PREFIX}_template"


def _admin(sql: str) -> None:
    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
    conn.close()


def _env(database: str, var_dir: str) -> dict:
    return dict(
        os.environ,
        DATABASE_URL=f"{PG}/{database}",
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_VAR_DIR=var_dir,
        CELERY_BROKER_URL="",
        PYTHONPATH=str(ROOT),
    )


def _manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args, "-v", "0"], env=env, cwd=ROOT, check=True)


def _machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, ValueError, IndexError):
        pass
    pg = subprocess.run(
        ["psql", f"{PG}/postgres", "-tAc", "SHOW server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": mem,
        "python": platform.python_version(),
        "postgresql": pg,
        "os": platform.platform(),
    }


def main() -> None:
    started = time.perf_counter()
    scales = os.environ.get("BENCH_SCALES", "pilot,city").split(",")
    var_dir = tempfile.mkdtemp(prefix="bench-var-")
    if not os.environ.get("BENCH_REUSE_TEMPLATE"):
        _admin(f"DROP DATABASE IF EXISTS {TEMPLATE}")
        _admin(f"CREATE DATABASE {TEMPLATE}")
        env = _env(TEMPLATE, var_dir)
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_pilot_seed")
        _manage(env, "load_qualification_rules")
    print(f"template ready in {time.perf_counter() - started:.0f} s", flush=True)
    results = {
        "machine": _machine(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "scales": {},
    }
    out = HERE / "out"
    if not os.environ.get("BENCH_SKIP_DEMO"):
        # What a newcomer waits for before `make run` serves anything.
        _admin(f"DROP DATABASE IF EXISTS {PREFIX}_demo")
        _admin(f"CREATE DATABASE {PREFIX}_demo TEMPLATE {TEMPLATE}")
        env = _env(f"{PREFIX}_demo", tempfile.mkdtemp(prefix="bench-demo-"))
        t0 = time.perf_counter()
        _manage(env, "seed_demo")
        results["seed_demo"] = {"s": round(time.perf_counter() - t0, 1)}
        print(f"seed_demo in {results['seed_demo']['s']} s", flush=True)
        _admin(f"DROP DATABASE IF EXISTS {PREFIX}_demo")
    for scale in scales:
        database = f"{PREFIX}_{scale}"
        if not os.environ.get("BENCH_REUSE_DB"):
            _admin(f"DROP DATABASE IF EXISTS {database}")
            _admin(f"CREATE DATABASE {database} TEMPLATE {TEMPLATE}")
        env = _env(database, var_dir)
        if scale == "city":
            # The city's full recompute is timed on a sample of contracts (the others get
            # stand-in copies of their snapshots so the dashboards read a whole city).
            env.setdefault("BENCH_RECOMPUTE_CONTRACTS", "6")
        subprocess.run(
            [sys.executable, "-m", "bench.measure", scale],
            env=env,
            cwd=ROOT,
            check=True,
        )
        results["scales"][scale] = json.loads((out / f"{scale}.json").read_text())
    results["total_s"] = round(time.perf_counter() - started, 1)
    (HERE / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    from bench.report import write_readme

    write_readme(results)
    print(f"bench done in {results['total_s']:.0f} s", flush=True)


if __name__ == "__main__":
    main()
