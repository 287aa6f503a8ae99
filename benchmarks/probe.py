"""The benchmark's steps that run inside Django, against one database (DATABASE_URL).

    python -m benchmarks.probe join N|all OUT.json        join at random up to N members,
                                                          timing each join_network call
    python -m benchmarks.probe inspect OUT.json           a staff session, the URLs to load,
                                                          and each page's query count

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


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    {"join": join, "inspect": inspect}[command](*arguments)
