"""The public face: standard pages, member page, error pages, log-in notice, self-hosted fonts."""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.helpers import make_user
from website.blocks import BodyBlock
from website.content import HOME, STANDARD_PAGES

LANGUAGES = [code for code, _name in settings.LANGUAGES]
SLUGS = {"legal": "legal-notice", "privacy": "privacy", "accessibility": "accessibility",
         "contact": "contact", "open-data": "open-data"}


class ResourceCollector(HTMLParser):
    """Every address a page makes the browser fetch (not the links a person may follow)."""

    def __init__(self):
        super().__init__()
        self.fetched: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("img", "script", "iframe", "source", "video", "audio") and attrs.get("src"):
            self.fetched.append(attrs["src"])
        if tag == "link" and attrs.get("rel") in ("stylesheet", "icon", "preload"):
            self.fetched.append(attrs["href"])


def fetched_addresses(html: str) -> list[str]:
    collector = ResourceCollector()
    collector.feed(html)
    return collector.fetched


def test_content__every_standard_page_is_written_in_every_language_with_known_blocks():
    block_types = set(BodyBlock.base_blocks)
    assert {spec["role"]: spec["slug"] for spec in STANDARD_PAGES} == SLUGS
    for spec in [*STANDARD_PAGES, {"role": "home", "text": HOME}]:
        assert set(spec["text"]) == set(LANGUAGES), spec["role"]
        for language, text in spec["text"].items():
            assert text["title"].strip(), (spec["role"], language)
            for kind, value in text.get("body", []):
                assert kind in block_types and value.strip(), (spec["role"], language, kind)


def test_content__privacy_notice_names_the_law_the_operator_and_the_cndp():
    privacy = next(spec for spec in STANDARD_PAGES if spec["role"] == "privacy")
    # Law 09-08, as each language writes its number.
    for language, law in {"ar": "09.08", "fr": "09-08", "en": "09-08"}.items():
        text = " ".join(value for _kind, value in privacy["text"][language]["body"])
        assert law in text and law in privacy["text"][language]["introduction"], language
        assert "cndp.ma" in text
    assert "DGCT" in " ".join(value for _kind, value in privacy["text"]["fr"]["body"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_standard_pages__answer_in_every_language_and_fill_the_footer(client, db, language):
    for slug in SLUGS.values():
        response = client.get(f"/{language}/{slug}/")
        assert response.status_code == 200, slug
        html = response.content.decode()
        assert f'lang="{language}"' in html
        for other in SLUGS.values():
            assert f'href="/{language}/{other}/"' in html, f"footer of /{language}/{slug}/ lacks {other}"


def test_home_page__says_what_the_network_is_in_its_language(client, db):
    html = client.get("/fr/").content.decode()
    assert "octobre 2023" in html and "Direction générale des collectivités territoriales" in html
    assert 'class="cycle' in html
    html = client.get("/ar/").content.decode()
    assert "برنامج دعم الجماعات الترابية المنفتحة" in html and 'dir="rtl"' in html


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_member_page__shows_both_names_facts_contact_and_what_comes_next(client, member_a, language):
    member_a.contact_email = "ouverture.agadir@example.org"
    member_a.save()
    territory = member_a.territory
    html = client.get(member_a.page_in(language).url).content.decode()
    assert territory.name_ar in html and territory.name_fr in html
    assert "504" in html  # population 2024 (504 768), in Western digits
    assert territory.code in html
    assert (territory.region.name_ar if language == "ar" else territory.region.name_fr) in html
    assert "mailto:ouverture.agadir@example.org" in html
    assert 'class="badge badge--demo"' in html  # an example.org address is demo data, and says so
    for section in ("programme-title", "ideas-title", "meetings-title", "cycle-title"):
        assert f'id="{section}"' in html


def test_member_page__without_a_contact_says_one_will_appear(client, member_b):
    html = client.get(member_b.page_in("fr").url).content.decode()
    assert 'id="contact-title"' in html and "mailto:" not in html
    assert 'class="badge badge--demo"' not in html


def test_public_pages__fetch_nothing_from_another_host(client, member_a):
    for path in ("/ar/", "/fr/members/", member_a.page_in("ar").url, "/fr/privacy/", "/accounts/login/"):
        addresses = fetched_addresses(client.get(path).content.decode())
        assert addresses, path
        assert all(address.startswith("/") and not address.startswith("//") for address in addresses), \
            (path, addresses)


def test_fonts_css__declares_only_vendored_files_for_each_script():
    css = (settings.BASE_DIR / "static" / "css" / "fonts.css").read_text()
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert urls and all(url.startswith("../fonts/") and url.endswith(".woff2") for url in urls)
    for url in urls:
        assert (settings.BASE_DIR / "static" / "fonts" / url.removeprefix("../fonts/")).is_file(), url
    families = set(re.findall(r'font-family: "([^"]+)"', css))
    assert families == {"Noto Sans Arabic", "Noto Sans Tifinagh", "Noto Sans"}
    assert css.count("unicode-range:") == len(urls)
    assert "U+2D30-2D7F" in css  # Tifinagh
    assert (settings.BASE_DIR / "static" / "fonts" / "README.md").is_file()


def test_unknown_api_address__answers_json_not_found(client, db):
    response = client.get("/api/v2/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": "Not found"}


def test_unknown_page__answers_the_not_found_page_in_the_visitors_language(client, db):
    response = client.get("/fr/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    html = response.content.decode()
    assert 'lang="fr"' in html and 'action="/fr/members/"' in html


def test_server_error_page__renders_without_the_database():
    # No `db` fixture: any query here would raise.
    response = server_error(RequestFactory().get("/fr/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>" in html and "/static/css/site.css" in html


def test_login_page__lists_the_demo_logins_only_in_demo_mode(client, db, settings):
    make_user("staff.demo@example.org", is_demo=True)
    settings.DEMO_MODE = True
    html = client.get("/accounts/login/?lang=en").content.decode()
    assert "staff.demo@example.org" in html and "demo-remacto-2026" in html
    assert "second factor" in html
    assert 'name="login"' in html and 'name="password"' in html  # allauth's form, unchanged

    settings.DEMO_MODE = False
    html = client.get("/accounts/login/?lang=en").content.decode()
    assert "staff.demo@example.org" not in html and "demo-remacto-2026" not in html
    assert 'name="login"' in html


def test_signup_page__uses_the_site_layout_with_labelled_fields(client, db):
    html = client.get("/accounts/signup/?lang=fr").content.decode()
    assert 'class="site-header"' in html and 'lang="fr"' in html
    for field in ("id_email", "id_password1", "id_password2"):
        assert f'<label for="{field}">' in html


def test_footer__shows_a_renamed_standard_page_on_the_next_request(client, db):
    from website.models import StandardPage

    assert "Mentions légales" in client.get("/fr/").content.decode()  # the footer is now cached
    legal = StandardPage.objects.get(role="legal", locale__language_code="fr")
    legal.title = "Mentions légales et crédits"
    legal.save_revision().publish()
    assert "Mentions légales et crédits" in client.get("/fr/").content.decode()
