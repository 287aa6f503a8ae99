"""`make bench`: the Foundation's benchmarks, in one run, as ratios measured side by side.

Builds two PostgreSQL databases with the product's own commands (63 members, then a copy of it
grown to all 1,590 collectivities, timing every join), serves each with gunicorn on 127.0.0.1
(production settings, 2 workers), loads the pages with wrk, counts each page's queries, prints
a table and writes benchmarks/results/latest.md; then the coordinators' dashboard
(benchmarks/dashboard.py, benchmarks/results/dashboard.md). See benchmarks/README.md.
"""

import argparse
import http.client
import json
import os
import platform
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "benchmarks"
# Several builds can live side by side on one server: each under its own names and folder.
DATABASE_PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "remacto_bench")
WORK_DIR = ROOT / "var" / os.environ.get("BENCH_WORK_DIR", "bench")
RESULTS = BENCH_DIR / "results" / "latest.md"
PYTHON = sys.executable

POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")
SMALL, LARGE = 63, 1590
DATABASES = {SMALL: f"{DATABASE_PREFIX}_63", LARGE: f"{DATABASE_PREFIX}_1590"}
PORTS = {SMALL: int(os.environ.get("BENCH_PORT", "8201")), LARGE: int(os.environ.get("BENCH_PORT", "8201")) + 1}

# Targets of issue 2.
JOIN_TARGET_S = 0.5
ADMIN_RATIO_TARGET = 1.5
ADMIN_PAGES = {
    "explorer_home": "Explorer: the home's children",
    "explorer_member": "Explorer: own member page",
    "chooser": "Page chooser",
    "chooser_home": "Page chooser: browse into home",
}
PUBLIC_PAGES = {"member_page": "Anonymous member page", "minimal": "Minimal Django view"}
# Each page is loaded in this many slices per size, alternating sizes.
SLICES = 5
# As behind production's TLS-terminating proxy (SECURE_PROXY_SSL_HEADER): no HTTPS redirect.
PROXY_HEADER = ("X-Forwarded-Proto", "https")
# Production settings refuse to start without one; this run's servers share a throwaway key.
SECRET_KEY = f"bench-{secrets.token_urlsafe(40)}"

STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.0f} s] {message}", flush=True)


def database_url(size: int) -> str:
    return f"{POSTGRES}/{DATABASES[size]}"


def environment(size: int) -> dict:
    """The environment of every command and server of one database: production-like settings."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    env.update({
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
        "DATABASE_URL": database_url(size),
        "REDIS_URL": REDIS_URL,
        "BENCH_CACHE_PREFIX": f"bench{size}",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
    })
    return env



def run(size: int, *args: str) -> float:
    """Run a command against one database; return its wall time."""
    started = time.perf_counter()
    completed = subprocess.run(args, cwd=ROOT, env=environment(size), capture_output=True, text=True)
    if completed.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}")
    return time.perf_counter() - started


def manage(size: int, *args: str) -> float:
    return run(size, PYTHON, "manage.py", *args)


def probe(size: int, *args: str) -> float:
    return run(size, PYTHON, "-m", "benchmarks.probe", *args)


def admin_sql(*statements: str) -> None:
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def member_count(size: int) -> int | None:
    try:
        with psycopg.connect(database_url(size), connect_timeout=5) as connection:
            return connection.execute("SELECT count(*) FROM communes_member").fetchone()[0]
    except psycopg.Error:
        return None


# --- Building the two networks -------------------------------------------------------------

def build(reuse: bool) -> dict:
    """Both databases, built with the product's commands; the timings of every join."""
    saved = WORK_DIR / "build.json"
    if reuse and saved.exists() and member_count(SMALL) == SMALL and member_count(LARGE) == LARGE:
        say("reusing the databases and join timings of the last build (--reuse)")
        report = json.loads(saved.read_text())
        report["members"] = {int(size): count for size, count in report["members"].items()}
        report.setdefault("built", datetime.fromtimestamp(saved.stat().st_mtime, UTC)
                          .strftime("%Y-%m-%d %H:%M UTC"))
        report["reused"] = True
        return report

    report = {"steps": {}}
    say(f"building {DATABASES[SMALL]}: migrate, setup_network, load_territories, seed_demo")
    admin_sql(f"DROP DATABASE IF EXISTS {DATABASES[LARGE]} WITH (FORCE)",
              f"DROP DATABASE IF EXISTS {DATABASES[SMALL]} WITH (FORCE)",
              f"CREATE DATABASE {DATABASES[SMALL]}")
    report["steps"]["migrate"] = manage(SMALL, "migrate", "--no-input")
    report["steps"]["setup_network"] = manage(SMALL, "setup_network")
    report["steps"]["load_territories"] = manage(SMALL, "load_territories")
    report["steps"]["seed_demo"] = manage(SMALL, "seed_demo")
    report["seed_demo_members"] = member_count(SMALL)

    say(f"joining members up to {SMALL}, one join_network call at a time")
    report["steps"]["join_to_63"] = probe(SMALL, "join", str(SMALL), str(WORK_DIR / "joins-small.json"))
    small = json.loads((WORK_DIR / "joins-small.json").read_text())

    say(f"building {DATABASES[LARGE]}: a copy of the {SMALL}-member network, joining every other "
        "collectivity (this is the long step)")
    admin_sql(f"CREATE DATABASE {DATABASES[LARGE]} TEMPLATE {DATABASES[SMALL]}")
    report["steps"]["join_to_1590"] = probe(LARGE, "join", "all", str(WORK_DIR / "joins-large.json"))
    large = json.loads((WORK_DIR / "joins-large.json").read_text())

    report["built"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report["joins"] = small["timings"] + large["timings"]
    report["members"] = {SMALL: small["members"], LARGE: large["members"]}
    saved.write_text(json.dumps(report))
    return report


# --- Servers and load -----------------------------------------------------------------------

@contextmanager
def servers():
    """gunicorn for each database, 2 sync workers each, on 127.0.0.1 only."""
    processes = {}
    try:
        for size in (SMALL, LARGE):
            processes[size] = subprocess.Popen(
                [PYTHON, "-m", "gunicorn", "website.wsgi:application", "--workers", "2",
                 "--bind", f"127.0.0.1:{PORTS[size]}", "--log-level", "warning",
                 "--error-logfile", str(WORK_DIR / f"gunicorn-{size}.log")],
                cwd=ROOT, env=environment(size),
            )
        for size in (SMALL, LARGE):
            wait_until_up(PORTS[size], processes[size])
        yield
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn on port {port} stopped; see {WORK_DIR}/gunicorn-*.log")
        try:
            if get(port, "/bench/minimal/", None)[0] == 200:
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"gunicorn on port {port} did not answer within 60 s")


def get(port: int, path: str, cookie: str | None) -> tuple[int, int]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = dict([PROXY_HEADER], **({"Cookie": cookie} if cookie else {}))
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, len(body)


def check_and_warm(port: int, path: str, cookie: str | None) -> None:
    """Each page must answer 200 (not a redirect to the log-in or the second factor)."""
    for _attempt in range(3):
        status, _size = get(port, path, cookie)
        if status != 200:
            sys.exit(f"http://127.0.0.1:{port}{path} answered {status}, not 200: nothing to measure")


def wrk(port: int, path: str, cookie: str | None, duration: int) -> dict:
    command = ["wrk", "-t1", "-c2", f"-d{duration}s", "--timeout", "30s",
               "-s", str(BENCH_DIR / "wrk_report.lua"), "-H", f"{PROXY_HEADER[0]}: {PROXY_HEADER[1]}"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    completed = subprocess.run([*command, f"http://127.0.0.1:{port}{path}"],
                               capture_output=True, text=True, check=True)
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    if result["not_200"] or result["socket_errors"]:
        sys.exit(f"wrk {path} on port {port}: {result['not_200']} responses other than 200, "
                 f"{result['socket_errors']} socket errors")
    return result


def load(inspected: dict, duration: int) -> dict:
    """Every page at both sizes, in SLICES interleaved slices per size (ABBA order), so that a
    change in the machine's load hits both sizes alike."""
    measured = {}
    slice_seconds = max(1, round(duration / SLICES))
    for name in [*ADMIN_PAGES, *PUBLIC_PAGES]:
        admin = name in ADMIN_PAGES
        urls = {size: (inspected[size]["admin_urls"] if admin else inspected[size]["public_urls"])[name]
                for size in (SMALL, LARGE)}
        cookies = {size: inspected[size]["session_cookie"] if admin else None for size in (SMALL, LARGE)}
        for size in (SMALL, LARGE):
            check_and_warm(PORTS[size], urls[size], cookies[size])
        say(f"wrk {SLICES} × {slice_seconds} s per size, interleaved  {urls[SMALL]}")
        slices = {SMALL: [], LARGE: []}
        for round_ in range(SLICES):
            for size in (SMALL, LARGE) if round_ % 2 == 0 else (LARGE, SMALL):
                slices[size].append(wrk(PORTS[size], urls[size], cookies[size], slice_seconds))
        measured[name] = {size: combine(parts) for size, parts in slices.items()}
    return measured


def combine(parts: list[dict]) -> dict:
    """One result from a page's slices: totals, request-weighted mean, median of the p95s."""
    requests = sum(part["requests"] for part in parts)
    seconds = sum(part["duration_us"] for part in parts) / 1e6
    return {
        "requests": requests, "rps": requests / seconds,
        "mean_us": sum(part["mean_us"] * part["requests"] for part in parts) / max(requests, 1),
        "p95_us": statistics.median(part["p95_us"] for part in parts),
    }


# --- Report ---------------------------------------------------------------------------------

def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def join_summary(build_report: dict) -> dict:
    seconds = [entry["seconds"] for entry in build_report["joins"]]
    first, last = seconds[:50], seconds[-50:]
    return {
        "count": len(seconds), "mean": statistics.mean(seconds), "p95": percentile(seconds, 0.95),
        "max": max(seconds), "total": sum(seconds), "first50": statistics.mean(first),
        "last50": statistics.mean(last), "over_target": sum(1 for s in seconds if s > JOIN_TARGET_S),
        "from_members": build_report["joins"][0]["members"],
        "cpu_mean": statistics.mean(cpu) if (cpu := [e["cpu_seconds"] for e in build_report["joins"]
                                                     if "cpu_seconds" in e]) else None,
    }


def growth(joins: list[dict], buckets: int = 4) -> list[tuple[int, int, float]]:
    """Mean join time in equal slices of the timed joins, labelled by network size."""
    size = -(-len(joins) // buckets)
    slices = [joins[start:start + size] for start in range(0, len(joins), size)]
    return [(part[0]["members"], part[-1]["members"], statistics.mean(e["seconds"] for e in part))
            for part in slices]


def verdict(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def report(build_report: dict, inspected: dict, measured: dict, duration: int, context: dict) -> str:
    joins = join_summary(build_report)
    members = build_report["members"]
    lines = [
        "# Benchmark results",
        "",
        (f"Run of {context['date']} on commit `{context['commit']}`: {context['machine']}. "
        f"Load average (1, 5, 15 min) before / after: {context['load_before']} / {context['load_after']}. "
        f"wrk: 1 thread, 2 connections, {duration} s per page and size in {SLICES} slices "
        "alternating the sizes (p95: median of the slices'); gunicorn: 2 sync workers, "
        "production settings (DEBUG off, WhiteNoise, PostgreSQL, Redis). Absolute times drift by "
        "a third on this machine: read the ratios."),
        "",
        "## a) Joining the network",
        "",
        f"{joins['count']:,} `join_network` calls timed one by one, from {joins['from_members'] - 1} to "
        f"{members[LARGE]:,} members ({build_report['seed_demo_members']} joined before by `seed_demo`, "
        f"{build_report['steps']['seed_demo']:.0f} s for the whole command)"
        + (f"; build of {build_report['built']}, kept with `--reuse`." if context["reused"] else "."),
        "",
        "| joins | mean | p95 | max | total | first 50 | last 50 | last/first | over 0.5 s |",
        "|---|---|---|---|---|---|---|---|---|",
        (f"| {joins['count']:,} | {joins['mean']:.3f} s | {joins['p95']:.3f} s | {joins['max']:.3f} s | "
        f"{joins['total']:.0f} s | {joins['first50']:.3f} s | {joins['last50']:.3f} s | "
        f"{joins['last50'] / joins['first50']:.2f}× | {joins['over_target']} |"),
        "",
        "Mean join time as the network grows: " + ", ".join(
            f"{low}–{high} members: {seconds:.2f} s" for low, high, seconds in growth(build_report["joins"])
        ) + ".",
        "",
        (f"- All {LARGE:,} collectivities joined: {verdict(members[LARGE] == LARGE)} "
        f"({members[LARGE]:,} members)."),
        (f"- Mean join ≤ {JOIN_TARGET_S} s: {verdict(joins['mean'] <= JOIN_TARGET_S)}; "
        f"p95 ≤ {JOIN_TARGET_S} s: {verdict(joins['p95'] <= JOIN_TARGET_S)}."),
        *([(f"- CPU time of the joining process: {joins['cpu_mean']:.3f} s per join on average (the "
           "rest of the wall time is spent waiting for PostgreSQL and for the CPU).")]
          if joins["cpu_mean"] is not None else []),
        "",
        f"## b) A member's staff in the admin, {SMALL} against {LARGE:,} members",
        "",
        (f"Staff of Agadir (`staff.agadir@example.org`); their groups hold "
        f"{inspected[LARGE]['staff_page_permission_rows']} page permission rows at both sizes; "
        f"all groups together hold {inspected[SMALL]['page_permission_rows']:,} at {SMALL} members and "
        f"{inspected[LARGE]['page_permission_rows']:,} at {LARGE:,}."),
        "",
        (f"| page | mean at {SMALL} | mean at {LARGE:,} | ratio | p95 at {SMALL} | p95 at {LARGE:,} | "
        f"req/s {SMALL} / {LARGE:,} | queries {SMALL} / {LARGE:,} | ≤ {ADMIN_RATIO_TARGET}× |"),
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, label in ADMIN_PAGES.items():
        small, large = measured[name][SMALL], measured[name][LARGE]
        ratio = large["mean_us"] / small["mean_us"]
        queries = inspected[SMALL]["queries"][name]["queries"], inspected[LARGE]["queries"][name]["queries"]
        lines.append(
            f"| {label} | {small['mean_us'] / 1000:.0f} ms | {large['mean_us'] / 1000:.0f} ms | "
            f"{ratio:.2f}× | {small['p95_us'] / 1000:.0f} ms | {large['p95_us'] / 1000:.0f} ms | "
            f"{small['rps']:.1f} / {large['rps']:.1f} | {queries[0]} / {queries[1]} | "
            f"{verdict(ratio <= ADMIN_RATIO_TARGET)} |"
        )
    admin_queries = [(inspected[SMALL]["queries"][name]["queries"], inspected[LARGE]["queries"][name]["queries"])
                     for name in ADMIN_PAGES]
    lines += [
        "",
        (f"- Query counts do not grow with the members: "
        f"{verdict(all(large <= small for small, large in admin_queries))}."),
        "- URLs: " + ", ".join(
            f"`{inspected[SMALL]['admin_urls'][name]}`"
            + ("" if inspected[SMALL]["admin_urls"][name] == inspected[LARGE]["admin_urls"][name]
               else f" / `{inspected[LARGE]['admin_urls'][name]}`")
            for name in ADMIN_PAGES
        ) + " (the large network is a copy of the small one: same ids).",
        "",
        "## c) An anonymous member page against a minimal Django view (same server)",
        "",
        ("| size | member page req/s | minimal view req/s | minimal / page | page mean | "
        "page queries |"),
        "|---|---|---|---|---|---|",
    ]
    for size in (SMALL, LARGE):
        page, minimal = measured["member_page"][size], measured["minimal"][size]
        lines.append(
            f"| {size} members | {page['rps']:.1f} | {minimal['rps']:.1f} | "
            f"{minimal['rps'] / page['rps']:.1f}× | {page['mean_us'] / 1000:.1f} ms | "
            f"{inspected[size]['queries']['member_page']['queries']} |"
        )
    page_small, page_large = measured["member_page"][SMALL], measured["member_page"][LARGE]
    queries_small = inspected[SMALL]["queries"]["member_page"]["queries"]
    queries_large = inspected[LARGE]["queries"]["member_page"]["queries"]
    lines += [
        "",
        (f"- Member page (`{inspected[LARGE]['public_urls']['member_page']}`) at {LARGE:,} against "
        f"{SMALL} members: {page_small['rps'] / page_large['rps']:.2f}× the time per request "
        f"(req/s {page_small['rps']:.1f} → {page_large['rps']:.1f})."),
        (f"- Query count does not grow with the members: "
        f"{verdict(queries_large <= queries_small)} ({queries_small} → {queries_large})."),
        "",
        "## Build",
        "",
        "| step | seconds |",
        "|---|---|",
        *(f"| {step} | {seconds:.0f} |" for step, seconds in build_report["steps"].items()),
        f"| whole run | {context['elapsed']:.0f} |",
        "",
    ]
    return "\n".join(lines)


def git_commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return (git("rev-parse", "--short", "HEAD") or "unknown") + (" with uncommitted changes" if dirty else "")


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds of wrk per page and size (10)")
    parser.add_argument("--reuse", action="store_true",
                        help="keep the databases (and join timings) of the last build if complete")
    arguments = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install -y wrk")
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    context = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "commit": git_commit(),
               "machine": f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
               "load_before": load_average()}

    build_report = build(arguments.reuse)
    context["reused"] = build_report.get("reused", False)
    say("migrate (migrations added since the build) and ANALYZE both databases (fresh planner "
        "statistics, as autovacuum keeps them in production)")
    for size in (SMALL, LARGE):
        manage(size, "migrate", "--no-input")
        with psycopg.connect(database_url(size), autocommit=True) as connection:
            connection.execute("ANALYZE")
    say("collectstatic (the benchmark's own STATIC_ROOT)")
    manage(SMALL, "collectstatic", "--no-input", "--clear", "-v0")
    inspected = {}
    for size in (SMALL, LARGE):
        say(f"staff session and query counts at {size} members")
        out = WORK_DIR / f"inspect-{size}.json"
        probe(size, "inspect", str(out))
        inspected[size] = json.loads(out.read_text())
        for name, entry in inspected[size]["queries"].items():
            if entry["status"] != 200:
                sys.exit(f"{name} answered {entry['status']} at {size} members")
    with servers():
        measured = load(inspected, arguments.duration)
    context["load_after"] = load_average()
    context["elapsed"] = time.monotonic() - STARTED
    text = report(build_report, inspected, measured, arguments.duration, context)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(text)
    print()
    print(text)
    say(f"written to {RESULTS.relative_to(ROOT)}")

    # The coordinators' dashboard, on copies of these two networks put into cohorts.
    import dashboard

    dashboard.run_dashboard(arguments.duration)


if __name__ == "__main__":
    main()
