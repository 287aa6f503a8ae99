"""No 500 anywhere: a corpus of bad values sent to every GET parameter of every public page, API
listing and admin listing, one parameter and one value at a time.

Each page's parameters are what a person or a script can send it: the names of the inputs of its
GET forms, the query parameters of its links back to itself, the API's own operations and
filters, and a fixed list of common names. Every answer of 500, and every exception, is collected
into one assertion that names the URL, the parameter and the value.
"""

import json
import time
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.html import escape
from wagtail.models import Page

from tests.helpers import login_to_admin, make_user, translated, upload_document, upload_image

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Raw:
    """A value sent as written, without percent-encoding it first."""

    text: str


# The corpus: what an attacker (or a broken link) puts in a query string.
BAD_VALUES = {
    "non-numeric": "abc",
    "huge integer": "99999999999999999999",
    "negative": "-1",
    "NUL byte": "a\x00b",
    # SQLite's full-text syntax: an unbalanced quote, operators, prefix, NEAR, column filter.
    "FTS quote": '"',
    "FTS operators": 'AND a OR* NEAR(b ^c -d:e',
    # PostgreSQL's tsquery syntax.
    "tsquery syntax": "a & | ! :* <->",
    "SQL quote": "' OR '1'='1",
    "very long": "x" * 3000,
    "Arabic/RTL": "\u202eأكادير",
    "empty": "",
    "repeated": ["1", "abc"],
    "percent garbage": Raw("%zz%ff%e2%28%"),
    "impossible date": "2026-13-45",
}

# Names many views read without showing them in a form.
COMMON_PARAMETERS = (
    "q", "p", "page", "ordering", "sort", "offset", "limit", "id", "user", "locale", "type", "fields",
    "search", "order", "region", "level", "cohort", "stage", "late", "next",
)

def query_string(parameter: str, value) -> str:
    name = quote(parameter)
    if isinstance(value, list):
        return "&".join(f"{name}={quote(item)}" for item in value)
    if isinstance(value, Raw):
        return f"{name}={value.text}"
    return f"{name}={quote(value)}"


class GetParameters(HTMLParser):
    """Names a page takes, by form: the fields of each GET form, the query keys of links to itself."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self.forms: list[set[str]] = []
        self.links: set[str] = set()
        self.form: set[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self.form = set()
            self.forms.append(self.form)
        elif tag in ("input", "select", "textarea", "button") and self.form is not None and attrs.get("name"):
            self.form.add(attrs["name"])
        elif tag == "a" and attrs.get("href"):
            link = urlsplit(attrs["href"])
            if link.query and (not link.path or link.path.rstrip("/").removesuffix("/results") ==
                               self.path.rstrip("/").removesuffix("/results")):
                self.links.update(key for key, _value in parse_qsl(link.query, keep_blank_values=True))

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None


def parameter_groups(response, path: str, extra=()) -> list[list[str]]:
    """The page's parameters, grouped: the fields of one form together (a form is valid or not as
    a whole, so one bad field can hide what another does), every other name on its own."""
    parser = GetParameters(path)
    content_type = response.get("Content-Type", "")
    if response.status_code == 200 and ("html" in content_type or "json" in content_type):
        text = response.content.decode(errors="replace")
        if "json" in content_type:
            try:
                text = str(json.loads(text).get("html", ""))
            except (ValueError, AttributeError):
                text = ""
        parser.feed(text)
    groups, seen = [], set()
    for names in sorted(parser.forms, key=len, reverse=True):
        if names - seen:
            groups.append(sorted(names - seen))
            seen |= names
    for name in sorted((parser.links | set(extra) | set(COMMON_PARAMETERS)) - seen):
        groups.append([name])
    return groups


@dataclass
class Tally:
    """What the corpus sent and what broke."""

    urls: int = 0
    parameters: int = 0
    requests: int = 0
    failures: list = field(default_factory=list)
    seconds: dict = field(default_factory=dict)


@cache
def refusals() -> set[str]:
    """The control-character refusal in every language: a request refused before any view ran."""
    from django.conf import settings
    from django.utils import translation

    from website.bad_requests import CONTROL_CHARACTER_REFUSED

    refused = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            refused |= {str(CONTROL_CHARACTER_REFUSED), escape(str(CONTROL_CHARACTER_REFUSED))}  # JSON, HTML
    return refused


def answer(client, path: str, pairs) -> int | str:
    """The status of GET path?pairs, or the exception it raised, named; "refused" when the
    control-character check refused it before any view could read a parameter."""
    query = "&".join(query_string(parameter, value) if parameter else value for parameter, value in pairs)
    try:
        # A savepoint each: a database error in one request must not abort the others.
        with transaction.atomic():
            response = client.get(f"{path}?{query}" if query else path)
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc)[:120]}"
    if response.status_code == 400 and any(text in response.content.decode() for text in refusals()):
        return "refused"
    return response.status_code


def is_broken(status) -> bool:
    return status == 500 or (isinstance(status, str) and status != "refused")


def record(tally: Tally, path: str, parameter: str, label: str, status) -> None:
    """A 500 or an exception is a finding."""
    if is_broken(status):
        tally.failures.append((path, parameter, label, status))


def send_together(client, tally, path, fixed_pairs, parameters, label, value, vouching=(200,)) -> None:
    """The value in all these parameters at once. Only a plain success (or a refusal before any
    view ran) vouches for them all; any other answer and the set is halved and each half sent
    again, down to single parameters, so that neither a refusal of one (400, 404) nor a 500 of
    one hides a 500 of another, and every 500 is named by its own parameter."""
    tally.requests += 1
    status = answer(client, path, [*fixed_pairs, *((parameter, value) for parameter in parameters)])
    if status == "refused" or (isinstance(status, int) and (status < 400 or status in vouching)):
        return
    if len(parameters) == 1:
        record(tally, path, parameters[0], label, status)
        return
    middle = len(parameters) // 2
    for half in (parameters[:middle], parameters[middle:]):
        send_together(client, tally, path, fixed_pairs, half, label, value, vouching)


def api_known_parameters(path: str) -> set[str] | None:
    """The names an API endpoint (ours or the admin's) knows; None for a page."""
    if not path.startswith(("/api/", "/admin/api/")):
        return None
    view_class = getattr(resolve(path).func, "cls", None)
    return set(view_class().known_query_parameters) if view_class else None


def send_corpus(client, url: str, tally: Tally, values: dict = BAD_VALUES) -> None:
    """Every bad value to every parameter of the URL.

    For speed, one request carries one parameter of each group (see parameter_groups) with the
    same value, checked as send_together says. An API gets its own names one at a time; it refuses
    the names it does not know, all at once, before it answers: those go together, and their
    refusal (400) vouches for them.
    """
    started = time.monotonic()
    path, _sep, fixed = url.partition("?")
    fixed_pairs = [(None, fixed)] if fixed else []
    known = api_known_parameters(path)
    with transaction.atomic():
        first = client.get(url)
    if known is None:
        groups, unknown = parameter_groups(first, path), []
    else:
        groups, unknown = [[name] for name in sorted(known)], sorted(set(COMMON_PARAMETERS) - known)
    tally.urls += 1
    tally.parameters += sum(len(group) for group in groups) + len(unknown)
    for label, value in values.items():
        if known is not None:
            # An API checks each of its own names, and refuses most bad values: one at a time.
            turns = groups
        else:
            turns = [[group[turn] for group in groups if turn < len(group)]
                     for turn in range(max(len(group) for group in groups))]
        for together in turns:
            send_together(client, tally, path, fixed_pairs, together, label, value)
        if unknown:
            send_together(client, tally, path, fixed_pairs, unknown, label, value, vouching=(400,))
    tally.seconds[url] = time.monotonic() - started


def assert_no_500(tally: Tally, started: float) -> None:
    print(f"\n{tally.urls} URLs, {tally.parameters} parameters, {tally.requests} requests, "
          f"{len(tally.failures)} failures, {time.monotonic() - started:.1f}s; slowest: "
          + ", ".join(f"{url} {seconds:.1f}s"
                      for url, seconds in sorted(tally.seconds.items(), key=lambda item: -item[1])[:5]))
    assert tally.requests > tally.urls
    assert tally.failures == [], "500s and exceptions:\n" + "\n".join(
        f"{path}?{parameter}= [{label}] -> {status}" for path, parameter, label, status in tally.failures)


# The network: two members, a cohort with a cycle, objects in the admin, people in roles -----------

@dataclass
class World:
    member_a: object
    cohort: object
    staff_of_a: object
    coordinator: object
    resident: object


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, rolled back at its end; each test runs in a savepoint of it."""
    from datetime import date

    from django.contrib.auth.models import Group

    from cohorts.models import Cohort, PlannedStage, Stage
    from cohorts.services import admit
    from communes.roles import COORDINATORS
    from communes.services import join_network

    with django_db_blocker.unblock(), transaction.atomic():
        member_a, member_b = join_network("09.001.01.01"), join_network("01.571.01.11")
        cohort = Cohort.objects.create(number=7, name="Test cohort", intake_year=2030,
                                       call_opens_on=date(2029, 10, 1), call_closes_on=date(2029, 11, 30))
        PlannedStage.objects.create(cohort=cohort, stage=Stage.PHASE_ONE,
                                    starts_in=date(2030, 3, 1), ends_in=date(2030, 5, 1))
        admit(cohort, member_a.territory.code, joined_on=date(2030, 1, 15))
        for member in (member_a, member_b):
            upload_image(member, f"Photo of {member.territory.name_fr}")
            upload_document(member, f"Minutes of {member.territory.name_fr}")
        yield World(
            member_a=member_a, cohort=cohort,
            staff_of_a=make_user("staff.a@example.org", groups=[member_a.staff_group]),
            coordinator=make_user("coordinator@example.org", groups=[Group.objects.get(name=COORDINATORS)]),
            resident=make_user("resident@example.org"),
        )
        transaction.set_rollback(True)


# The URLs ---------------------------------------------------------------------------------------

def public_urls(world) -> list[str]:
    """Home, standard pages, the member's pages, the directory, the cohorts, in two languages."""
    urls = []
    for language in ("ar", "fr"):
        pages = [*Page.objects.live().filter(locale__language_code=language, depth__lte=3),
                 *Page.objects.live().descendant_of(world.member_a.page_in(language))]
        # One page of each type: pages of a type share their template and their code.
        by_type = {}
        for page in pages:
            by_type.setdefault(page.content_type_id, page.url)
        urls += sorted(url for url in by_type.values() if url)
        urls += [f"/{language}/members/", f"/{language}/cohorts/", f"/{language}/cohorts/{world.cohort.number}/"]
    assert world.member_a.page_in("ar").url in urls
    return urls


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern


def is_listing(view) -> bool:
    # Imported here: importing Wagtail's admin views at collection time would open a connection
    # to the database before the test database exists.
    from wagtail.admin.views.generic.base import BaseListingView
    from wagtail.admin.views.generic.chooser import BaseChooseView

    view_class = getattr(view, "view_class", None) or getattr(view, "cls", None)
    if view_class is None:
        return False
    names = {cls.__name__ for cls in view_class.__mro__}
    return (issubclass(view_class, (BaseListingView, BaseChooseView))
            or bool(names & {"BrowseView", "SearchView", "ChosenMultipleView"})
            or any(name.endswith("APIViewSet") for name in names)
            or "ReportView" in names or "ChosenMultipleViewMixin" in names)


def admin_listing_urls(world) -> list[str]:
    """Admin routes without arguments whose view lists something, and the explorer's pages."""
    urls = []
    for route, pattern in walk(get_resolver().url_patterns):
        # The admin API's find/ only redirects to a detail: its listing is the one to try.
        if (route.startswith("admin/") and "<" not in route and "(" not in route and not route.endswith("find/")
                and is_listing(pattern.callback)):
            urls.append("/" + route.replace("^", "").replace("$", ""))
    # A listing's /results/ view is the same view, rendering part of the page: the page suffices.
    urls = [url for url in urls if not (url.endswith("/results/") and url.removesuffix("results/") in urls)]
    # The explorer inside the member's tree (the root explorer, /admin/pages/, is listed above).
    urls += ["/admin/", f"/admin/pages/{world.member_a.page_in('ar').pk}/", "/admin/cohorts/dashboard/"]
    return sorted(set(urls))


def api_urls(world) -> list[str]:
    """Each API endpoint's listing, find and detail."""
    from website.api import api_router

    objects = {"territories": world.member_a.territory.pk, "members": world.member_a.pk,
               "cohorts": world.cohort.pk}
    return [url for name in api_router._endpoints
            for url in (f"/api/v2/{name}/", f"/api/v2/{name}/find/", f"/api/v2/{name}/{objects.get(name, 1)}/")]


# The tests --------------------------------------------------------------------------------------

def test_public_pages_answer_bad_values_without_500(client, world):
    started, tally = time.monotonic(), Tally()
    for url in public_urls(world):
        send_corpus(client, url, tally)
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        send_corpus(client, url, tally)
    client.force_login(world.resident)
    for url in ("/accounts/my-data/", "/accounts/my-data/delete/"):
        send_corpus(client, url, tally)
    assert_no_500(tally, started)


def test_api_answers_bad_values_without_500(client, world):
    started, tally = time.monotonic(), Tally()
    for url in api_urls(world):
        send_corpus(client, url, tally)
    assert_no_500(tally, started)


# The admin's own kinds of bad value: what reaches a filter, a search box or an id. (The rest of
# the corpus is text that a filter takes or refuses as any other text, and costs minutes here.)
ADMIN_VALUES = ("non-numeric", "huge integer", "negative", "NUL byte", "FTS quote", "FTS operators",
                "tsquery syntax", "very long", "impossible date")


def test_admin_listings_answer_bad_values_without_500(client, world):
    """As a member's staff on every listing they can open, then as a coordinator on the listings
    only coordinators open (the others run the same code, less the scoping already tried)."""
    started, tally = time.monotonic(), Tally()
    values = {label: BAD_VALUES[label] for label in ADMIN_VALUES}
    login_to_admin(client, world.staff_of_a)
    staff_opens = set()
    for url in admin_listing_urls(world):
        with transaction.atomic():
            if client.get(url).status_code != 200:
                continue
        staff_opens.add(url)
        send_corpus(client, url, tally, values)
    login_to_admin(client, world.coordinator)
    for url in sorted(set(admin_listing_urls(world)) - staff_opens):
        send_corpus(client, url, tally, values)
    assert len(staff_opens) > 20 and tally.urls > len(staff_opens)
    assert_no_500(tally, started)


# The causes, one by one ---------------------------------------------------------------------------

def refused_in(language: str) -> str:
    from website.bad_requests import CONTROL_CHARACTER_REFUSED

    return translated(language, CONTROL_CHARACTER_REFUSED)


@pytest.mark.parametrize("query", ["q=a%00b", "q=a%1Bb", "a%00=1"])
def test_a_control_character_on_a_public_page_is_a_400_in_the_visitors_language(client, world, query):
    response = client.get(f"/fr/members/?{query}")
    assert response.status_code == 400
    assert "400.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert escape(refused_in("fr")) in html and 'lang="fr"' in html


def test_a_control_character_in_the_api_is_a_json_400_in_the_requests_language(client, world):
    response = client.get("/api/v2/territories/?search=a%00b&lang=fr")
    assert response.status_code == 400
    assert response.json() == {"message": refused_in("fr")}


def test_a_control_character_in_the_admin_is_a_400_in_the_users_admin_language(client, world):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(world.staff_of_a)
    profile.preferred_language = "fr"
    profile.save()
    login_to_admin(client, world.staff_of_a)
    for url in ("/admin/pages/search/?q=a%00b", "/admin/images/?q=%00", "/admin/members/?q=a%00"):
        response = client.get(url + "&lang=ar")
        assert response.status_code == 400, url
        assert escape(refused_in("fr")) in response.content.decode(), url


def test_a_nul_in_a_posted_form_is_a_400(client, world):
    client.force_login(world.resident)
    response = client.post(f"/accounts/follow/{world.member_a.pk}/?lang=fr", {"next": "/fr/\x00"})
    assert response.status_code == 400
    assert escape(refused_in("fr")) in response.content.decode()


def test_tabs_and_line_breaks_are_not_control_characters_here(client, world):
    assert client.get("/fr/members/?q=a%09b%0D%0Ac").status_code == 200


@pytest.mark.parametrize("query, message", [
    ("offset=99999999999999999999", "offset cannot be higher than 1000000"),
    ("offset=1000001", "offset cannot be higher than 1000000"),
])
def test_an_api_offset_past_what_a_database_counts_is_a_400(client, world, query, message):
    for endpoint in ("territories", "members", "cohorts"):
        response = client.get(f"/api/v2/{endpoint}/?{query}&lang=en")
        assert response.status_code == 400, endpoint
        assert response.json() == {"message": translated("en", message)}, endpoint
    assert client.get("/api/v2/territories/?offset=1000000").json()["items"] == []


@pytest.mark.parametrize("offset", ["99999999999999999999", "١١١١١١١١١١١١١١١١١١١١", "1_000_001"])
def test_the_admin_apis_offset_past_what_a_database_counts_is_a_400_too(client, world, offset):
    login_to_admin(client, world.staff_of_a)
    for endpoint in ("pages", "images", "documents"):
        response = client.get(f"/admin/api/main/{endpoint}/", {"offset": offset})
        assert response.status_code == 400, endpoint
        assert "1000000" in response.json()["message"], endpoint
    assert client.get("/admin/api/main/images/", {"offset": "0"}).status_code == 200


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "١", "99999999999999999999"])
def test_the_collectivity_choosers_ids_that_are_not_numbers_are_a_400(client, world, value):
    login_to_admin(client, world.coordinator)
    refused = client.get("/admin/territory_chooser/chosen-multiple/", {"id": ["1", value]})
    chosen = client.get("/admin/territory_chooser/chosen-multiple/", {"id": [world.member_a.territory.pk]})

    assert refused.status_code == 400
    assert refused.content.decode() == translated(refused["Content-Language"],
                                                  "Collectivities are chosen from the list, by their numbers.")
    assert chosen.status_code == 200 and chosen.json()["step"] == "chosen"


@pytest.mark.parametrize("value", ["abc", "", "-1", "1.5", "١"])
def test_an_api_find_by_an_id_that_is_not_a_number_is_a_400(client, world, value):
    for endpoint in ("territories", "members", "cohorts"):
        response = client.get(f"/api/v2/{endpoint}/find/?id={quote(value)}&lang=en")
        assert response.status_code == 400, endpoint
        assert response.json() == {"message": translated("en", "id must be a whole number")}, endpoint


def test_an_api_find_by_id_still_finds(client, world):
    response = client.get(f"/api/v2/members/find/?id={world.member_a.pk}")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == f"/api/v2/members/{world.member_a.pk}/"
    assert client.get("/api/v2/members/find/?id=99999999999999999999").status_code == 404


@pytest.mark.parametrize("next_url", ["foo", "foo/bar", "//evil.example.com/", "/\\evil.example.com", "https:foo"])
def test_following_with_a_next_that_is_not_a_path_of_this_site_returns_to_the_member_page(client, world, next_url):
    client.force_login(world.resident)
    response = client.post(f"/accounts/follow/{world.member_a.pk}/?lang=fr", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == world.member_a.page_in().url


def test_following_with_a_path_of_this_site_returns_there(client, world):
    client.force_login(world.resident)
    response = client.post(f"/accounts/follow/{world.member_a.pk}/?lang=fr", {"next": "/fr/members/?q=a"})
    assert response.status_code == 302 and response["Location"] == "/fr/members/?q=a"


ADMIN_SEARCH_BOXES = (
    "/admin/pages/search/", "/admin/images/", "/admin/documents/", "/admin/members/", "/admin/cohorts/",
    "/admin/choose-page/search/", "/admin/images/chooser/results/", "/admin/documents/chooser/results/",
    "/admin/users/", "/admin/groups/", "/admin/reports/site-history/", "/admin/territory_chooser/results/",
)
FULL_TEXT_SYNTAX = ('"', 'a"b', "AND", "OR", "NOT", "*", "a*", "NEAR(", "NEAR(a b)", "^a", "a:b", "-a", "+",
                    "(", ")", "a & b", "!", "<->", "'", "\\", "%", "_")


@pytest.mark.parametrize("role", ["staff_of_a", "coordinator"])
def test_admin_search_boxes_take_full_text_syntax_as_words(client, world, role):
    """Typed into a search box, `"`, AND, *, NEAR( or ^ are words to look for, not a query language
    (SQLite's full-text engine, in the embedded default, reads them as operators)."""
    login_to_admin(client, getattr(world, role))
    answers = {}
    for url in ADMIN_SEARCH_BOXES:
        for text in FULL_TEXT_SYNTAX:
            status = answer(client, url, [("q", text)])
            if not isinstance(status, int) or status >= 500:
                answers[url, text] = status
    assert answers == {}
    html = client.get("/admin/images/", {"q": 'Photo "Agadir'}).content.decode()
    assert "Photo of Agadir" in html
