"""The benchmark's steps that run inside Django, against one database (DATABASE_URL).

    python -m benchmarks.probe join N|all OUT.json        join at random up to N members,
                                                          timing each join_network call
    python -m benchmarks.probe inspect OUT.json           a staff session, the URLs to load,
                                                          and each page's query count
    python -m benchmarks.probe cohorts N                  every member into N cohorts (bulk)
    python -m benchmarks.probe inspect_dashboard OUT.json a coordinator's session, the
                                                          dashboard's URLs and query counts

benchmarks/run.py calls these in subprocesses, once per database.
"""

import json
import os
import random
import sys
import time
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")
django.setup()

from allauth.account.internal.flows.login import record_authentication  # noqa: E402
from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model, login  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import GroupPagePermission  # noqa: E402

from communes.models import JOINABLE_LEVELS, Member, MemberPage, Territory  # noqa: E402
from communes.services import join_network  # noqa: E402
from website.models import HomePage  # noqa: E402

# The staff member whose admin is measured: a demo login of seed_demo (Agadir's staff).
STAFF_EMAIL = "staff.agadir@example.org"
STAFF_MEMBER_CODE = "09.001.01.01"
# As behind the TLS-terminating proxy of production (SECURE_PROXY_SSL_HEADER).
PROXY_HEADERS = {"HTTP_X_FORWARDED_PROTO": "https"}
# The same random order on every run, like `seed_demo --members N`.
JOIN_ORDER_SEED = 2024
# PostgreSQL's autovacuum_analyze_scale_factor: statistics are refreshed once a tenth has changed.
ANALYZE_SCALE_FACTOR = 0.1


def join(target: str, out: str) -> None:
    """Join collectivities at random until the network has `target` members ("all": every
    collectivity that can join), timing each join_network call on its own."""
    joinable = Territory.objects.filter(level__in=JOINABLE_LEVELS)
    wanted = joinable.count() if target == "all" else int(target)
    candidates = list(joinable.filter(membership__isnull=True).order_by("code").values_list("code", flat=True))
    random.Random(JOIN_ORDER_SEED).shuffle(candidates)
    members = Member.objects.count()
    analyzed_at = 0  # statistics first, as autovacuum would have after load_territories
    timings = []
    for code in candidates[: max(wanted - members, 0)]:
        if members >= analyzed_at * (1 + ANALYZE_SCALE_FACTOR):
            # What autovacuum does in production; this machine's PostgreSQL runs without it, and
            # statistics of a network ten times smaller make the planner pick slow plans.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            analyzed_at = members
        started, cpu_started = time.perf_counter(), time.process_time()
        join_network(code, is_demo=True)
        members += 1
        timings.append({
            "code": code, "members": members, "seconds": time.perf_counter() - started,
            # This process's own CPU time: the part of a join that waiting for PostgreSQL or for
            # a busy machine's CPU does not inflate.
            "cpu_seconds": time.process_time() - cpu_started,
        })
    Path(out).write_text(json.dumps({"timings": timings, "members": Member.objects.count()}))


def staff_session(user) -> str:
    """A session as allauth leaves it after a log-in with password and TOTP code: production
    settings keep the admin closed to any other (accounts.middleware)."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        authenticator = TOTP.activate(user, generate_totp_secret()).instance
    request = RequestFactory().get("/")
    request.session = SessionStore()
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
    return request.session.session_key


def query_count(client: Client, url: str) -> tuple[int, int]:
    """Status and number of queries of `url`, once caches are warm (the second request)."""
    client.get(url, **PROXY_HEADERS)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **PROXY_HEADERS)
    return response.status_code, len(captured.captured_queries)


def inspect(out: str) -> None:
    user = get_user_model().objects.get(email=STAFF_EMAIL)
    home = HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    member_pages = MemberPage.objects.filter(member__territory__code=STAFF_MEMBER_CODE)
    own_page = member_pages.get(locale__language_code=settings.LANGUAGE_CODE)
    public_page = member_pages.get(locale__language_code="fr")
    admin_urls = {
        "explorer_home": f"/admin/pages/{home.pk}/",
        "explorer_member": f"/admin/pages/{own_page.pk}/",
        "chooser": "/admin/choose-page/",
        "chooser_home": f"/admin/choose-page/{home.pk}/",
    }
    public_urls = {"member_page": public_page.url, "minimal": "/bench/minimal/"}
    session_key = staff_session(user)

    staff = Client(HTTP_HOST="127.0.0.1")
    staff.cookies[settings.SESSION_COOKIE_NAME] = session_key
    anonymous = Client(HTTP_HOST="127.0.0.1")
    queries = {}
    for name, url in admin_urls.items():
        status, count = query_count(staff, url)
        queries[name] = {"status": status, "queries": count}
    for name, url in public_urls.items():
        status, count = query_count(anonymous, url)
        queries[name] = {"status": status, "queries": count}

    result = {
        "members": Member.objects.count(),
        "page_permission_rows": GroupPagePermission.objects.count(),
        "staff_page_permission_rows": GroupPagePermission.objects.filter(group__user=user).count(),
        "session_cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}",
        "admin_urls": admin_urls,
        "public_urls": public_urls,
        "queries": queries,
    }
    Path(out).write_text(json.dumps(result, indent=2))




# --- The coordinators' dashboard (benchmarks/dashboard.py) ----------------------------------

COORDINATOR_EMAIL = "coordinator@example.org"
# Intake years of the plan's four cohorts (commitment 12).
INTAKE_YEARS = {1: 2022, 2: 2024, 3: 2025, 4: 2026}
# Stages the members are spread over, each with the moves that led there.
BENCH_STAGES = ["joined", "training", "phase_one", "drafting", "phase_two", "council", "adopted", "implementation"]
MOVE_INTO = {"training": "start_training", "phase_one": "open_phase_one", "drafting": "close_phase_one",
             "phase_two": "open_phase_two", "council": "close_phase_two", "adopted": "adopt",
             "implementation": "start_implementation"}


def cohorts(count: str) -> None:
    """Put every member into `count` cohorts, in bulk but through real rows: a membership, a cycle
    at an assorted stage, the transitions that led there, drafts and adoptions. The first 63
    members (by id, the same in both databases) form cohort 1; the others share the rest."""
    from datetime import date, timedelta

    from django.core.files.base import ContentFile
    from django.db import transaction
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from cohorts.models import Adoption, Cohort, CohortMembership, Cycle, PlannedStage, ProgrammeVersion, Transition

    count = int(count)
    members = list(Member.objects.select_related("territory").order_by("pk"))
    with transaction.atomic():
        cohort_list = []
        for number in range(1, count + 1):
            cohort, _created = Cohort.objects.get_or_create(
                number=number, defaults={"intake_year": INTAKE_YEARS.get(number, 2026)})
            if not cohort.planned_stages.exists():
                year = cohort.intake_year
                for offset, stage in enumerate(["joined", "training", "phase_one", "drafting", "phase_two",
                                                "council"]):
                    first = date(year + (offset * 2) // 12, (offset * 2) % 12 + 1, 1)
                    last = date(year + (offset * 2 + 1) // 12, (offset * 2 + 1) % 12 + 1, 1)
                    PlannedStage.objects.create(cohort=cohort, stage=stage, starts_in=first, ends_in=last)
            cohort_list.append(cohort)
        # Members seed_demo already placed in a cohort keep their place.
        placed = set(CohortMembership.objects.exclude(status="withdrawn").values_list("territory_id", flat=True))
        with_cycle = set(Cycle.objects.values_list("member_id", flat=True))
        members = [member for member in members if member.territory_id not in placed and member.pk not in with_cycle]
        groups = [members[:63]]
        rest = members[63:]
        if count > 1:
            share = -(-len(rest) // (count - 1))
            groups += [rest[i:i + share] for i in range(0, len(rest), share)]
        document = get_document_model().objects.create(
            title="Benchmark deliberation", collection=Collection.get_first_root_node(),
            file=ContentFile(b"%PDF-1.4\n%benchmark\n", name="benchmark-deliberation.pdf"))
        for cohort, group in zip(cohort_list, groups, strict=False):
            start = date(cohort.intake_year, 1, 15)
            CohortMembership.objects.bulk_create([
                CohortMembership(cohort=cohort, territory=member.territory, member=member, status="active",
                                 joined_on=start) for member in group])
            cycles = Cycle.objects.bulk_create([
                Cycle(member=member, cohort=cohort, number=1, stage=BENCH_STAGES[index % len(BENCH_STAGES)],
                      stage_since=start) for index, member in enumerate(group)])
            transitions, drafts, adopted = [], [], []
            for cycle in cycles:
                reached = BENCH_STAGES[1:BENCH_STAGES.index(cycle.stage) + 1]
                previous = "joined"
                for step, stage in enumerate(reached, start=1):
                    transitions.append(Transition(
                        cycle=cycle, name=MOVE_INTO[stage], from_stage=previous, to_stage=stage,
                        happened_on=start + timedelta(days=45 * step), actor="coordinator"))
                    previous = stage
                if reached:
                    cycle.stage_since = start + timedelta(days=45 * len(reached))
                if "phase_two" in reached:
                    drafts.append(ProgrammeVersion(cycle=cycle, kind="draft", title="Programme"))
                if "adopted" in reached:
                    adopted.append(cycle)
            Cycle.objects.bulk_update(cycles, ["stage_since"])
            Transition.objects.bulk_create(transitions)
            ProgrammeVersion.objects.bulk_create(drafts)
            Adoption.objects.bulk_create([
                Adoption(cycle=cycle, session_date=cycle.stage_since, deliberation_number=f"{cycle.pk}/bench",
                         votes_for=20, document=document) for cycle in adopted])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def inspect_dashboard(out: str) -> None:
    """A coordinator's session, the dashboard's URLs, their query counts and row counts."""
    from cohorts import dashboard
    from cohorts.models import Cohort

    user = get_user_model().objects.get(email=COORDINATOR_EMAIL)
    session_key = staff_session(user)
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    default = dashboard.default_cohort(dashboard.cohorts_with_counts())
    urls = {
        "dashboard": "/admin/cohorts/dashboard/",
        "dashboard_cohort_1": "/admin/cohorts/dashboard/?cohort=1",
        "dashboard_late": "/admin/cohorts/dashboard/?late=1&sort=name",
        "export_csv": "/admin/cohorts/dashboard/export.csv",
    }
    queries = {}
    for name, url in urls.items():
        status, count = query_count(client, url)
        queries[name] = {"status": status, "queries": count}
    result = {
        "members": Member.objects.count(),
        "cohorts": {cohort.number: cohort.members for cohort in dashboard.cohorts_with_counts()},
        "default_cohort": default.number if default else None,
        "cohort_1_members": Cohort.objects.get(number=1).memberships.count(),
        "session_cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}",
        "urls": urls,
        "queries": queries,
    }
    Path(out).write_text(json.dumps(result, indent=2))


COMMANDS = {"join": join, "inspect": inspect, "cohorts": cohorts, "inspect_dashboard": inspect_dashboard}


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    COMMANDS[command](*arguments)
