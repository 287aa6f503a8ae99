"""One log-in with its limits, on every way in; and limits that count the real client behind a proxy.

Wagtail's front-end log-in (`/<language>/_util/login/`) used to be a plain Django view beside
allauth's: 30 wrong passwords all answered 200, the right one then logged in, and an account whose
only address was unverified logged in too. Behind the TLS proxy every visitor shared one bucket.
"""

import os
import subprocess
import sys

import pytest
import yaml
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from wagtail.models import CollectionViewRestriction, PageViewRestriction

from tests.helpers import PASSWORD, make_user, upload_document

WRONG = "not-the-password"
ATTEMPTS = 30


def every_url_pattern(patterns=None, prefix=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from every_url_pattern(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def is_limited(response) -> bool:
    """A 429, or allauth's log-in form saying too many attempts (in the page's language)."""
    if response.status_code == 429:
        return True
    with translation.override(response["Content-Language"]):
        too_many = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])
    return too_many in response.context["form"].non_field_errors()


def logged_in_as(client):
    return client.session.get("_auth_user_id")


# Log-in paths: allauth's, under /accounts/ and /admin/.
ACCOUNT_LOGIN_PATHS = ["/accounts/login/", "/admin/login/"]


def test_no_route_leads_to_djangos_plain_login_view():
    plain = [route for route, callback in every_url_pattern()
             if getattr(callback, "view_class", None) is auth_views.LoginView]
    assert plain == []


@pytest.mark.parametrize("language", ["ar", "fr", "zgh", "en"])
def test_wagtails_frontend_login_forwards_to_the_one_login_and_takes_no_password(client, resident, language):
    shown = client.get(f"/{language}/_util/login/", {"next": f"/{language}/private/"})
    posted = client.post(f"/{language}/_util/login/", {"username": resident.email, "password": PASSWORD})

    assert shown.status_code == 302
    assert shown["Location"] == f"/accounts/login/?next=%2F{language}%2Fprivate%2F"
    assert posted.status_code == 405
    assert logged_in_as(client) is None


def test_the_frontend_login_forwards_no_foreign_next(client, db):
    response = client.get("/fr/_util/login/", {"next": "https://evil.example/"})
    assert response["Location"] == "/accounts/login/"


@pytest.mark.parametrize("path", ACCOUNT_LOGIN_PATHS)
def test_thirty_wrong_passwords_reach_the_limit_then_the_right_one_is_refused(client, resident, path):
    answers = [client.post(path, {"login": resident.email, "password": WRONG}) for _ in range(ATTEMPTS)]
    right = client.post(path, {"login": resident.email, "password": PASSWORD})

    limited = [i for i, answer in enumerate(answers) if is_limited(answer)]
    # The account's own limit, 5 failures in 5 minutes: from the sixth attempt on, every one is
    # refused on the form (a 200 that says so); the 31st, the right password, meets the limit of
    # log-ins from one address, 30 a minute (a 429).
    assert limited == list(range(5, ATTEMPTS))
    assert [a.status_code for a in answers] == [200] * ATTEMPTS
    assert right.status_code == 429
    assert logged_in_as(client) is None


def test_every_frontend_login_path_reaches_the_limit(client, resident):
    """The forwarded address takes no password at all; the log-in it forwards to has the limit."""
    for _attempt in range(ATTEMPTS):
        assert client.post("/fr/_util/login/", {"username": resident.email, "password": WRONG}).status_code == 405
    forwarded_to = client.get("/fr/_util/login/")["Location"]
    answers = [client.post(forwarded_to, {"login": resident.email, "password": WRONG}) for _ in range(ATTEMPTS)]
    assert any(is_limited(answer) for answer in answers)


@pytest.mark.parametrize("path", ACCOUNT_LOGIN_PATHS)
def test_an_unverified_address_does_not_open_a_session(client, db, path):
    person = make_user("unverified@example.org")
    EmailAddress.objects.filter(user=person).update(verified=False)

    response = client.post(path, {"login": person.email, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/confirm-email/")
    assert logged_in_as(client) is None
    assert client.get("/accounts/my-data/")["Location"].startswith("/accounts/login/")


# Private pages and documents send visitors to the one log-in.

@pytest.fixture
def private_news(member_a):
    from communes.models import NewsIndexPage, NewsPage

    news_index = NewsIndexPage.objects.child_of(member_a.page_in("fr")).get()
    news = news_index.add_child(instance=NewsPage(title="Council minutes, members only", slug="private"))
    news.save_revision().publish()
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    return news


def test_a_private_page_sends_visitors_to_allauths_login(client, private_news):
    response = client.get(private_news.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_a_private_document_sends_visitors_to_allauths_login(client, member_a):
    document = upload_document(member_a, "Minutes, members only")
    CollectionViewRestriction.objects.create(collection=member_a.collection,
                                             restriction_type=CollectionViewRestriction.LOGIN)

    response = client.get(document.url)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


# Shared passwords of pages and collections: as few tries as an account's password.

def test_a_pages_shared_password_is_rate_limited(client, private_news):
    restriction = PageViewRestriction.objects.get(page=private_news)
    restriction.restriction_type, restriction.password = PageViewRestriction.PASSWORD, "council-2026"
    restriction.save()
    url = f"/fr/_util/authenticate_with_password/{restriction.pk}/{private_news.pk}/"
    form = {"return_url": private_news.url}

    answers = [client.post(url, {**form, "password": WRONG}).status_code for _ in range(ATTEMPTS)]
    right = client.post(url, {**form, "password": "council-2026"})

    assert answers[0] == 200 and 429 in answers
    assert right.status_code == 429
    assert client.get(private_news.url).status_code == 200  # the form again, not the page
    assert "Council minutes" not in client.get(private_news.url).content.decode()


def test_a_collections_shared_password_is_rate_limited(client, member_a):
    document = upload_document(member_a, "Minutes, members only")
    restriction = CollectionViewRestriction.objects.create(
        collection=member_a.collection, restriction_type=CollectionViewRestriction.PASSWORD,
        password="council-2026")
    url = f"/documents/authenticate_with_password/{restriction.pk}/"
    form = {"return_url": document.url}

    answers = [client.post(url, {**form, "password": WRONG}).status_code for _ in range(ATTEMPTS)]
    right = client.post(url, {**form, "password": "council-2026"})

    assert 429 in answers
    assert right.status_code == 429
    assert client.get(document.url).status_code == 200
    assert client.get(document.url).get("Content-Disposition") is None  # the password form, not the file


# Behind the TLS proxy: the limits count the address the proxy saw (ALLAUTH_TRUSTED_PROXY_COUNT).

PROXY = "10.0.0.2"  # what the application sees as its peer


def through_proxy(client, path, data, *, client_ip: str, forged: str = ""):
    """A post as the proxy passes it on: it appends the address it received the request from."""
    forwarded = f"{forged}, {client_ip}" if forged else client_ip
    return client.post(path, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def fill_the_ip_bucket(client, *, client_ip: str, forged: str = "") -> list[int]:
    limit = int(settings.ACCOUNT_RATE_LIMITS["login"].split("/")[0])
    return [through_proxy(client, "/accounts/login/", {"login": f"nobody{i}@example.org", "password": WRONG},
                          client_ip=client_ip, forged=forged).status_code for i in range(limit + 1)]


@pytest.mark.parametrize("trusted, others_locked_out", [(0, True), (1, False)])
def test_behind_the_proxy_one_visitors_failures_lock_out_the_others_only_if_no_proxy_is_trusted(
        client, settings, resident, trusted, others_locked_out):
    """With no proxy trusted (the default before), every visitor shares the proxy's bucket."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = trusted
    assert fill_the_ip_bucket(client, client_ip="203.0.113.1")[-1] == 429

    another = client.__class__()
    response = through_proxy(another, "/accounts/login/", {"login": resident.email, "password": PASSWORD},
                             client_ip="203.0.113.2")

    assert (response.status_code == 429) is others_locked_out
    assert (another.session.get("_auth_user_id") == str(resident.pk)) is not others_locked_out


def test_the_trusted_proxies_come_from_the_environment():
    env = {**os.environ, "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "remacto.example", "TRUSTED_PROXY_COUNT": "1"}
    code = "import website.settings.production as p; print(p.ALLAUTH_TRUSTED_PROXY_COUNT)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            cwd=settings.BASE_DIR, check=True)
    assert result.stdout.strip() == "1"


def test_behind_the_proxy_a_forged_forwarded_for_buys_no_fresh_bucket(client, settings, db):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert fill_the_ip_bucket(client, client_ip="203.0.113.1", forged="198.51.100.1")[-1] == 429

    again = through_proxy(client, "/accounts/login/", {"login": "nobody@example.org", "password": WRONG},
                          client_ip="203.0.113.1", forged="198.51.100.99")

    assert again.status_code == 429


def test_without_a_trusted_proxy_the_forwarded_for_header_is_ignored(client, settings, db):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    statuses = [client.post("/accounts/login/", {"login": f"nobody{i}@example.org", "password": WRONG},
                            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}").status_code for i in range(31)]
    assert statuses[-1] == 429


def test_fewer_forwarded_addresses_than_trusted_proxies_count_against_the_peer(client, settings, db):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    response = through_proxy(client, "/accounts/login/", {"login": "nobody@example.org", "password": WRONG},
                             client_ip="203.0.113.1")
    assert response.status_code == 200  # the form with its error, not a 500


def test_the_compose_stack_trusts_its_one_proxy_and_publishes_the_app_to_it_only():
    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())
    web = compose["services"]["web"]  # its environment comes from the shared platform block

    assert web["environment"]["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"
    assert web["ports"] and all(port.startswith("127.0.0.1:") for port in web["ports"])
