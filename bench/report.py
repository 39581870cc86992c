"""Writes bench/README.md from bench/results.json: each figure with its floor, ratio and target."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

INTRO = """# Benchmark (`make bench`)

`make bench` builds a synthetic round at two scales in its own PostgreSQL databases
(`bench_template`, `bench_pilot`, `bench_city`; never the portal's or the tests'), measures it,
and writes `bench/results.json` and this file. Every figure is compared with a **floor measured
in the same run on the same database**:

| measurement | floor |
|---|---|
| a page (server time through Django's test client, `DEBUG` off, median of 3) | the page's own SQL statements replayed alone through one cursor |
| full recompute of every contract; incremental recompute of one contract after one new service record | one hand-written SQL aggregate of S1/S2, C1 and C4 (all contracts; one contract) |
| 10,000-row target-list import (upload, check, confirm, in-process) | openpyxl read-only parse of the same file plus the ID check digit alone |
| HTTP: requests per second and p99 under a bounded load generator (4 threads, ≤ N requests, ≤ T s) on gunicorn with 2 workers on 127.0.0.1 | a trivial Django view on the same server |

The generator (`bench/generate.py`) is reproducible from its seed: the plan's 14 units from
`load_pilot_seed`, more streets/units/contracts for the city, then clients (encrypted and hashed
synthetic IDs), lists, cases, service records, household archives and volunteers written with
COPY. `BENCH_SCALES=pilot` runs one scale; `BENCH_CITY_FRACTION=0.5` scales the city's data
volumes (not its streets and communities) down; `BENCH_STEPS=recompute,pages` runs some steps.
`BENCH_REUSE_TEMPLATE=1` keeps the migrated template; `BENCH_REUSE_DB=1` measures the scale
databases an earlier run filled (and recomputed) as they are, without generating again: after
one `BENCH_SCALES=pilot make bench`, `BENCH_REUSE_DB=1 BENCH_REUSE_TEMPLATE=1 BENCH_STEPS=pages
BENCH_SCALES=pilot make bench` re-measures only the pages (run `manage.py migrate` on the scale
database first if the branch added migrations).
The machine is shared: other processes ran during the measurement, so absolute times are
noisy; the ratios to floors measured in the same minute are the figures to compare.
"""


def _fmt(value, unit=""):
    if value is None:
        return "—"
    if isinstance(value, float):
        value = f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{value}{unit}"


def _met(ok) -> str:
    return "met" if ok else "**not met**"


def _scale_section(name: str, data: dict, other: dict | None) -> list[str]:
    lines = [f"## {name}", ""]
    counts = data.get("counts", {})
    lines.append(
        "Data: "
        + ", ".join(f"{k.replace('_', ' ')} {v:,}" for k, v in counts.items())
        + f". Generated in {data.get('generate_s')} s"
        + (
            f" (data volumes × {data['params']['fraction']})"
            if data.get("params", {}).get("fraction", 1) != 1
            else ""
        )
        + f"; the whole scale took {data.get('total_s')} s."
    )
    lines.append("")
    for step in ("recompute", "pages", "import", "pdf", "http"):
        if isinstance(data.get(step), dict) and "error" in data[step]:
            lines += [f"**{step} failed**: `{data[step]['error']}`", ""]
    pages = data.get("pages") or {}
    if "error" in pages:
        pages = {}
    if pages:
        lines += [
            "| page | status | server ms | floor ms | ratio | queries | other scale queries | target ≤ 150 ms, ≤ 20 queries, same count |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for label, p in pages.items():
            other_q = ((other or {}).get("pages") or {}).get(label, {}).get("queries")
            same = other_q is None or other_q == p["queries"]
            ok = p["ms"] <= 150 and p["queries"] <= 20 and same
            lines.append(
                f"| {label} | {p['status']} | {_fmt(p['ms'])} | {_fmt(p['floor_ms'])} | "
                f"{_fmt(p['ratio'])} | {p['queries']} | {_fmt(other_q)} | {_met(ok)} |"
            )
        lines.append("")
    rec = data.get("recompute") or {}
    if rec and "error" not in rec:
        lines += [
            "| recompute | ms | SQL floor ms | ratio | queries | peak RSS MB | target |",
            "|---|---|---|---|---|---|---|",
        ]
        for label in ("full_first", "full_again"):
            r = rec.get(label)
            if r:
                lines.append(
                    f"| {label.replace('_', ' ')} ({r.get('contracts', '')} contracts, "
                    f"{r['snapshots']:,} current snapshots) | {_fmt(r['ms'])} | "
                    f"{_fmt(r['floor_ms'])} | {_fmt(r['ratio'])} | {r['queries']:,} | "
                    f"{_fmt(r['peak_rss_mb'])} | ≤ 3× floor: {_met(r['ratio'] <= 3)} |"
                )
        sampled = rec.get("sampled")
        inc = rec.get("incremental")
        if inc:
            lines.append(
                f"| incremental ({inc['scopes']} scopes of one contract) | {_fmt(inc['ms'])} | "
                f"{_fmt(inc['floor_ms'])} | {_fmt(inc['ratio'])} | {inc['queries']} | — | "
                f"≤ 100 ms: {_met(inc['ms'] <= 100)} |"
            )
        lines.append("")
        if sampled:
            lines += [
                f"The full recompute was timed on {sampled['contracts']} of {sampled['of']} "
                f"contracts (floor on the same contracts); the other contracts got "
                f"{sampled['stand_in_snapshots']:,} stand-in snapshots copied from them so the "
                "dashboards below read a whole city.",
                "",
            ]
    imp = data.get("import") or {}
    if imp.get("first"):
        first, again = imp["first"], imp.get("again") or {}
        lines += [
            f"| import of {imp['rows']:,} rows | ms | parse floor ms | ratio | queries | peak RSS MB | target |",
            "|---|---|---|---|---|---|---|",
            f"| first | {_fmt(first['ms'])} | {_fmt(imp['floor_ms'])} | {_fmt(first['ratio'])} | "
            f"{first['queries']} | {_fmt(first['peak_rss_mb'])} | ≤ 10 s and ≤ 5× floor: "
            f"{_met(first['ms'] <= 10_000 and first['ratio'] <= 5)} |",
        ]
        if again:
            lines.append(
                f"| again (same file) | {_fmt(again['ms'])} | {_fmt(imp['floor_ms'])} | "
                f"{_fmt(again['ratio'])} | {again['queries']} | {_fmt(again['peak_rss_mb'])} | "
                f"no slower than the first: {_met(again['ms'] <= first['ms'] * 1.1)} |"
            )
        lines += ["", f"Second import's outcome: {again.get('outcome', '')}", ""]
    pdf = data.get("pdf") or {}
    if pdf.get("rows"):
        lines += [
            "| PDF | attempt | ms (request to stored file) | WeasyPrint render ms | pages | "
            "target |",
            "|---|---|---|---|---|---|",
        ]
        for row in pdf["rows"]:
            target = (
                f"≤ 3 s warm: {_met(row['ms'] <= 3000)}"
                if row["attempt"] == "warm" and row["report"].startswith("contract")
                else ""
            )
            lines.append(
                f"| {row['report']} | {row['attempt']} | {_fmt(row['ms'])} | "
                f"{_fmt(row['render_ms'])} | {row['pages']} | {target} |"
            )
        lines.append("")
    elif pdf:
        lines += [f"PDF: {pdf.get('status')} — {pdf.get('reason', '')}", ""]
    http = data.get("http") or {}
    if http and "error" not in http:
        lines += [
            "| HTTP (gunicorn, 2 workers) | requests | errors | req/s | p99 ms | share of trivial | target |",
            "|---|---|---|---|---|---|---|",
        ]
        for label, h in http.items():
            share = h.get("share_of_trivial")
            target = ""
            if label == "case-list API":
                target = f"≥ 0.30: {_met((share or 0) >= 0.3)}"
            lines.append(
                f"| {label} | {h['requests']} | {h['errors']} | {_fmt(h['rps'])} | "
                f"{_fmt(h['p99_ms'])} | {_fmt(share)} | {target} |"
            )
        lines.append("")
    return lines


def write_readme(results: dict) -> None:
    m = results.get("machine", {})
    lines = [INTRO, "## Last run", ""]
    lines.append(
        f"{results.get('date')} on {m.get('cpu')} ({m.get('cores')} cores), {m.get('memory')} RAM, "
        f"Python {m.get('python')}, PostgreSQL {m.get('postgresql')}; `make bench` took "
        f"{results.get('total_s')} s in all."
    )
    demo = results.get("seed_demo")
    if demo:
        lines += [
            "",
            f"`seed_demo` on an empty database: {demo['s']} s (target ≤ 60 s: "
            f"{_met(demo['s'] <= 60)}).",
        ]
    lines.append("")
    scales = results.get("scales", {})
    for name, data in scales.items():
        other = next((d for n, d in scales.items() if n != name), None)
        lines += _scale_section(name, data, other)
    notes = results.get("notes")
    if notes:
        lines += ["## Notes", "", *notes, ""]
    (HERE / "README.md").write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_readme(json.loads((HERE / "results.json").read_text()))
