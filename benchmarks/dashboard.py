"""The coordinators' dashboard at 1,590 members in 4 cohorts against 63 members in one.

    .venv/bin/python benchmarks/dashboard.py [--duration 10] [--rebuild]

Starts from the two networks benchmarks/run.py builds (reused when complete), copies each into a
database of its own (`<prefix>_dashboard_63`, `<prefix>_dashboard_1590`) and puts the members into
cohorts there: all 63 into cohort 1 in the small one; in the large one the same 63 into cohort 1
and the 1,527 others into cohorts 2 to 4 (bulk, through real rows: memberships, cycles at
assorted stages, their transitions, drafts and adoptions). Then, as a coordinator, it counts
each URL's queries and loads it with wrk on gunicorn (127.0.0.1), both sizes interleaved, and
writes benchmarks/results/dashboard.md. `make bench` runs it after the Foundation's benchmarks.
"""

import argparse
import json
import shutil
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run

RESULTS = run.BENCH_DIR / "results" / "dashboard.md"
SMALL, LARGE = run.SMALL, run.LARGE
COHORTS = {SMALL: 1, LARGE: 4}
PAGES = {
    "dashboard": "Dashboard, default view (the latest cohort with members)",
    "dashboard_cohort_1": "Dashboard, cohort 1 (63 members at both sizes)",
    "dashboard_late": "Dashboard, late members only, by name",
    "export_csv": "CSV export of the default view (every row)",
}


def dashboard_databases() -> dict[int, str]:
    return {size: f"{run.DATABASE_PREFIX}_dashboard_{size}" for size in (SMALL, LARGE)}


def prepare(rebuild: bool) -> dict:
    """The networks of run.py, copied and put into cohorts (kept from the last time if there)."""
    build_report = run.build(reuse=not rebuild)
    for size in (SMALL, LARGE):
        run.manage(size, "migrate", "--no-input")
    targets = dashboard_databases()
    saved = run.WORK_DIR / "dashboard-build.json"
    if not rebuild and saved.exists() and json.loads(saved.read_text()).get("built") == build_report.get("built"):
        run.say("reusing the dashboard databases of the last run")
    else:
        for size in (SMALL, LARGE):
            run.say(f"copying {run.DATABASES[size]} into {targets[size]}")
            run.admin_sql(f"DROP DATABASE IF EXISTS {targets[size]} WITH (FORCE)",
                          f"CREATE DATABASE {targets[size]} TEMPLATE {run.DATABASES[size]}")
        run.DATABASES.update(targets)
        timings = {}
        for size in (SMALL, LARGE):
            run.say(f"{size} members into {COHORTS[size]} cohort(s), in bulk")
            timings[size] = run.probe(size, "cohorts", str(COHORTS[size]))
        saved.write_text(json.dumps({"built": build_report.get("built"), "cohorts_seconds": timings}))
    run.DATABASES.update(targets)
    for size in (SMALL, LARGE):
        run.manage(size, "migrate", "--no-input")
        with psycopg.connect(run.database_url(size), autocommit=True) as connection:
            connection.execute("ANALYZE")
    return build_report


def inspect() -> dict:
    inspected = {}
    for size in (SMALL, LARGE):
        out = run.WORK_DIR / f"inspect-dashboard-{size}.json"
        run.probe(size, "inspect_dashboard", str(out))
        inspected[size] = json.loads(out.read_text())
        for name, entry in inspected[size]["queries"].items():
            if entry["status"] != 200:
                sys.exit(f"{name} answered {entry['status']} at {size} members")
    return inspected


def load(inspected: dict, duration: int) -> dict:
    measured = {}
    slice_seconds = max(1, round(duration / run.SLICES))
    for name in PAGES:
        url = inspected[SMALL]["urls"][name]
        cookies = {size: inspected[size]["session_cookie"] for size in (SMALL, LARGE)}
        for size in (SMALL, LARGE):
            run.check_and_warm(run.PORTS[size], url, cookies[size])
        run.say(f"wrk {run.SLICES} × {slice_seconds} s per size, interleaved  {url}")
        slices = {SMALL: [], LARGE: []}
        for round_ in range(run.SLICES):
            for size in (SMALL, LARGE) if round_ % 2 == 0 else (LARGE, SMALL):
                slices[size].append(run.wrk(run.PORTS[size], url, cookies[size], slice_seconds))
        measured[name] = {size: run.combine(parts) for size, parts in slices.items()}
    return measured


def report(inspected: dict, measured: dict, duration: int, context: dict) -> str:
    small, large = inspected[SMALL], inspected[LARGE]
    lines = [
        "# Benchmark: the coordinators' dashboard",
        "",
        (f"Run of {context['date']} on commit `{context['commit']}`: {context['machine']}. Load average "
        f"(1, 5, 15 min) before / after: {context['load_before']} / {context['load_after']}. wrk: 1 thread, "
        f"2 connections, {duration} s per URL and size in {run.SLICES} slices alternating the sizes; "
        "gunicorn: 2 sync workers, production settings. Logged in as a coordinator "
        f"(`{'coordinator@example.org'}`, password and TOTP session). Absolute times drift on this "
        "machine: read the ratios."),
        "",
        f"- Small network: {small['members']} members, cohorts and their members: "
        + ", ".join(f"{number}: {count}" for number, count in small["cohorts"].items())
        + f"; the default view shows cohort {small['default_cohort']}.",
        f"- Large network: {large['members']:,} members, cohorts and their members: "
        + ", ".join(f"{number}: {count}" for number, count in large["cohorts"].items())
        + f"; the default view shows cohort {large['default_cohort']} (paged by 50 rows; the export "
        "holds every row).",
        "",
        (f"| URL | mean at {SMALL} | mean at {LARGE:,} | ratio | p95 at {SMALL} | p95 at {LARGE:,} | "
        f"req/s {SMALL} / {LARGE:,} | queries {SMALL} / {LARGE:,} |"),
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, label in PAGES.items():
        at_small, at_large = measured[name][SMALL], measured[name][LARGE]
        ratio = at_large["mean_us"] / at_small["mean_us"]
        lines.append(
            f"| {label} (`{small['urls'][name]}`) | {at_small['mean_us'] / 1000:.0f} ms | "
            f"{at_large['mean_us'] / 1000:.0f} ms | {ratio:.2f}× | {at_small['p95_us'] / 1000:.0f} ms | "
            f"{at_large['p95_us'] / 1000:.0f} ms | {at_small['rps']:.1f} / {at_large['rps']:.1f} | "
            f"{small['queries'][name]['queries']} / {large['queries'][name]['queries']} |"
        )
    same = all(small["queries"][name]["queries"] == large["queries"][name]["queries"] for name in PAGES)
    ratio = measured["dashboard"][LARGE]["mean_us"] / measured["dashboard"][SMALL]["mean_us"]
    cohort_1 = measured["dashboard_cohort_1"]
    lines += [
        "",
        f"- Query counts are the same at both sizes for every URL: {run.verdict(same)}.",
        (f"- Default view at {LARGE:,} members in 4 cohorts against {SMALL} in one: {ratio:.2f}× the time "
        f"per request. It shows a cohort of {large['cohorts'][str(large['default_cohort'])]} members against one "
        f"of {small['cohorts'][str(small['default_cohort'])]}: the late flags and the order are worked out for "
        "every member of the cohort before a page of 50 rows is drawn, so the time follows the cohort's "
        "size, not the network's (cohort 1, the same 63 members in both networks: "
        f"{cohort_1[LARGE]['mean_us'] / cohort_1[SMALL]['mean_us']:.2f}×)."),
        "- The CSV export writes every row of the cohort: its time grows with the rows it holds.",
        "",
    ]
    return "\n".join(lines)


def run_dashboard(duration: int, rebuild: bool = False) -> None:
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    run.WORK_DIR.mkdir(parents=True, exist_ok=True)
    context = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "commit": run.git_commit(),
               "machine": f"{run.os.cpu_count()} CPUs, Python {run.platform.python_version()}",
               "load_before": run.load_average()}
    prepare(rebuild)
    run.say("collectstatic (the benchmark's own STATIC_ROOT)")
    run.manage(SMALL, "collectstatic", "--no-input", "--clear", "-v0")
    run.say("coordinator session and query counts at both sizes")
    inspected = inspect()
    with run.servers():
        measured = load(inspected, duration)
    (run.WORK_DIR / "dashboard-load.json").write_text(json.dumps(measured))
    context["load_after"] = run.load_average()
    text = report(inspected, measured, duration, context)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)
    print()
    print(text)
    run.say(f"written to {RESULTS.relative_to(run.ROOT)} in {time.monotonic() - run.STARTED:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per URL and size (10)")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the networks and the cohorts")
    arguments = parser.parse_args()
    run_dashboard(arguments.duration, arguments.rebuild)


if __name__ == "__main__":
    main()
