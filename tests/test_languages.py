"""The interface in four languages: language and direction of every page, the language of `/`,
Morocco's month names, Tamazight's fallback to French, and complete, compiled catalogues."""

import datetime
import gettext
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.utils import translation
from wagtail.models import Page
from wagtail.users.models import UserProfile

from tests.helpers import login_to_admin

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
LANGUAGES = ("ar", "fr", "zgh", "en")
DIRECTION = {"ar": "rtl", "fr": "ltr", "zgh": "ltr", "en": "ltr"}
HTML_TAG = re.compile(r'<html lang="([^"]*)" dir="([^"]*)"')
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")

MOROCCAN_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر",
                   "أكتوبر", "نونبر", "دجنبر"]
# Django's names; a whole word only, since يوليو is the start of يوليوز.
MASHREQ_MONTHS = re.compile("(?<![\u0600-\u06ff])(مايو|يوليو|أغسطس|سبتمبر|نوفمبر|ديسمبر)(?![\u0600-\u06ff])")
ARABIC_INDIC_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")

# What a resident meets first must be in Tamazight, not in its French fallback.
ZGH_REQUIRED = [
    "Home", "Members", "Log in", "Log out", "Language", "Arabic", "French", "Tamazight",
    "English", "Members of the network", "Find a member", "Name", "Region", "Level",
    "All regions", "All levels", "Filter", "Previous", "Next", "Page %(number)s of %(total)s",
    "Key facts", "Contact", "Member since", "News", "Meetings", "Openness programme",
    "Kingdom of Morocco · Ministry of the Interior", "Page not found", "Back to the home page",
    "Nothing has been published here yet.",
    ("No member matches these filters. Try another region or level, or part of the name in "
    "Arabic or French."),
]


# --- Catalogues, read without gettext tools (a fresh machine has none) -------------------------

@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstrs: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)


def _unquote(line: str) -> str:
    # PO strings use the escapes JSON knows (\n, \", \\, \t).
    return json.loads(line[line.index('"'):])


def read_po(path: Path) -> tuple[str, list[Entry]]:
    """The leading comment and the entries of a .po file (obsolete entries left out)."""
    comment, entries, entry, target = [], [], Entry(), None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if target is not None:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#~"):
            continue
        elif line.startswith("#"):
            if not entries and target is None:
                comment.append(line)
        elif line.startswith('"'):
            if target == "msgstr":
                entry.msgstrs[-1] += _unquote(line)
            else:
                setattr(entry, target, (getattr(entry, target) or "") + _unquote(line))
        else:
            keyword = line.split(" ", 1)[0]
            if keyword.startswith("msgstr"):
                entry.msgstrs.append(_unquote(line))
                target = "msgstr"
            else:
                target = keyword
                setattr(entry, target, _unquote(line))
    header = [entry for entry in entries if entry.msgid == "" and entry.msgctxt is None]
    return "\n".join(comment), [entry for entry in entries if entry not in header]


def catalogue(language: str) -> list[Entry]:
    return read_po(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")[1]


# --- Every page says its language and direction ------------------------------------------------

def html_language(response) -> tuple[str, str]:
    match = HTML_TAG.search(response.content.decode())
    assert match, f"{response.request['PATH_INFO']}: no <html lang dir>"
    return match.groups()


@pytest.mark.django_db
def test_every_public_page_declares_its_language_and_direction(client, member_a):
    pages = Page.objects.live().public().filter(depth__gt=1).select_related("locale").specific()
    checked = set()
    for page in pages:
        url = page.get_url()
        response = client.get(url)
        assert response.status_code == 200, url
        language = page.locale.language_code
        assert html_language(response) == (language, DIRECTION[language]), url
        checked.add(language)
    assert checked == set(LANGUAGES)
    assert pages.count() >= 4 * 10  # home, five standard pages, the member and its four sections


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_directory_login_signup_and_404_declare_their_language_and_direction(client, language):
    urls = [f"/{language}/members/", f"/accounts/login/?lang={language}",
            f"/accounts/signup/?lang={language}"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert html_language(response) == (language, DIRECTION[language]), url
    missing = client.get(f"/{language}/no-such-page/")
    assert missing.status_code == 404
    assert html_language(missing) == (language, DIRECTION[language])


# --- The language of `/` and Tamazight's own prefix ---------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize(("accept_language", "expected"), [
    ("fr-MA,fr;q=0.9,ar;q=0.8", "/fr/"),
    ("en-GB,en;q=0.9", "/en/"),
    ("zgh", "/zgh/"),
    ("ar-MA,ar;q=0.9", "/ar/"),
    ("de-DE,de;q=0.9", "/ar/"),
    (None, "/ar/"),
])
def test_root_sends_the_visitor_to_their_language_else_arabic(accept_language, expected):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = Client().get("/", **headers)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.django_db
def test_tamazight_home_answers_itself_instead_of_redirecting(client):
    # Without a compiled zgh catalogue Django treats zgh as unknown and redirects to /fr/zgh/.
    response = client.get("/zgh/")
    assert response.status_code == 200
    assert html_language(response) == ("zgh", "ltr")


# --- Dates: Morocco's month names, Western digits ----------------------------------------------

def test_arabic_dates_use_moroccan_month_names_in_every_format():
    template = Template('{{ d|date:"j F Y" }}|{{ d|date:"DATE_FORMAT" }}|{{ d|date:"E" }}|'
                        '{{ d|date:"N" }}|{{ d|date:"b" }}')
    with translation.override("ar"):
        for month, name in enumerate(MOROCCAN_MONTHS, start=1):
            rendered = template.render(Context({"d": datetime.date(2026, month, 14)}))
            long_form, default_form, alt, abbreviated, short = rendered.split("|")
            assert long_form == f"14 {name} 2026"
            assert default_form == f"14 {name} 2026"
            assert alt == abbreviated == short == name
            assert not MASHREQ_MONTHS.search(rendered)
            assert not ARABIC_INDIC_DIGITS.search(rendered)


@pytest.mark.django_db
@pytest.mark.parametrize(("month", "name"), [(5, "ماي"), (7, "يوليوز"), (8, "غشت"), (9, "شتنبر"),
                                             (11, "نونبر"), (12, "دجنبر")])
def test_member_page_in_arabic_writes_moroccan_months_and_western_digits(client, member_a,
                                                                       month, name):
    member_a.joined_on = datetime.date(2023, month, 7)
    member_a.save(update_fields=["joined_on"])
    page = member_a.pages.get(locale__language_code="ar")
    html = client.get(page.get_url()).content.decode()
    assert f"7 {name} 2023" in html
    assert not MASHREQ_MONTHS.search(html)
    assert not ARABIC_INDIC_DIGITS.search(html)


# --- Tamazight falls back to French -------------------------------------------------------------

def test_untranslated_tamazight_strings_fall_back_to_french():
    french = {entry.key: entry for entry in catalogue("fr")}
    untranslated = [entry for entry in catalogue("zgh") if not any(entry.msgstrs)]
    assert untranslated, "every string is in Tamazight: pick another way to test the fallback"
    for entry in untranslated:
        expected = french[entry.key].msgstrs[0]
        with translation.override("zgh"):
            if entry.msgid_plural:
                shown = translation.ngettext(entry.msgid, entry.msgid_plural, 1)
            elif entry.msgctxt:
                shown = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                shown = translation.gettext(entry.msgid)
        assert shown == expected, entry.msgid


@pytest.mark.django_db
def test_tamazight_page_shows_french_where_tamazight_is_missing_never_english(client):
    html = client.get("/zgh/members/").content.decode()
    zgh = {entry.msgid: entry for entry in catalogue("zgh")}
    fr = {entry.msgid: entry for entry in catalogue("fr")}
    lead = ("Regions, prefectures, provinces and communes that have joined the network. Open a "
            "member's page to see its openness programme and take part.")
    shown = zgh[lead].msgstrs[0] or fr[lead].msgstrs[0]
    assert shown in html.replace("&#x27;", "'")
    assert lead.replace("'", "&#x27;") not in html
    assert zgh["Members of the network"].msgstrs[0] in html


@pytest.mark.parametrize("msgid", ZGH_REQUIRED)
def test_what_a_resident_meets_first_is_in_tamazight(msgid):
    entries = {entry.msgid: entry for entry in catalogue("zgh") if entry.msgctxt is None}
    assert all(entries[msgid].msgstrs), msgid


def test_tamazight_catalogue_says_it_is_provisional_and_copies_no_english():
    comment, entries = read_po(LOCALE_DIR / "zgh" / "LC_MESSAGES" / "django.po")
    assert comment.startswith("# PROVISIONAL: written without a native speaker")
    copied = [entry.msgid for entry in entries if entry.msgid in entry.msgstrs]
    assert copied == []


# --- Complete, consistent and compiled catalogues ------------------------------------------------

@pytest.mark.parametrize("language", ["ar", "fr", "en"])
def test_arabic_french_and_english_catalogues_translate_every_string(language):
    entries = catalogue(language)
    assert len(entries) > 250
    untranslated = [entry.msgid for entry in entries if not all(entry.msgstrs)]
    assert untranslated == [], f"run `make messages` and translate these in {language}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalogues_have_no_fuzzy_entries_and_keep_every_placeholder(language):
    for entry in catalogue(language):
        assert "fuzzy" not in entry.flags, entry.msgid
        expected = set(PLACEHOLDER.findall(entry.msgid))
        for msgstr in filter(None, entry.msgstrs):
            assert set(PLACEHOLDER.findall(msgstr)) == expected, (language, entry.msgid)


def test_arabic_catalogue_has_djangos_six_plural_forms():
    plurals = [entry for entry in catalogue("ar") if entry.msgid_plural]
    assert plurals and all(len(entry.msgstrs) == 6 for entry in plurals)
    with translation.override("ar"):
        counts = {n: translation.ngettext("%(counter)s member", "%(counter)s members", n)
                  % {"counter": n} for n in (2, 5, 11, 100)}
    assert counts == {2: "2 عضوان", 5: "5 أعضاء", 11: "11 عضواً", 100: "100 عضو"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_holds_exactly_the_translated_strings(language):
    """The committed .mo is what runs: it must be compiled from the current .po."""
    with open(LOCALE_DIR / language / "LC_MESSAGES" / "django.mo", "rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)._catalog
    expected = {}
    for entry in catalogue(language):
        if not any(entry.msgstrs):
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural:
            expected.update({(key, n): msgstr for n, msgstr in enumerate(entry.msgstrs)})
        else:
            expected[key] = entry.msgstrs[0]
    compiled = {key: value for key, value in compiled.items() if key != ""}
    assert compiled == expected, "run `make messages` and commit the .mo files"


# --- The admin in Arabic -------------------------------------------------------------------------

@pytest.mark.django_db
def test_wagtail_admin_in_arabic_is_right_to_left(client, coordinator):
    login_to_admin(client, coordinator)
    UserProfile.get_for_user(coordinator)
    UserProfile.objects.filter(user=coordinator).update(preferred_language="ar")
    response = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert html_language(response) == ("ar", "rtl")


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("fr", "ltr"), ("en", "ltr")])
def test_wagtail_admin_follows_the_visitors_language_without_a_preference(client, coordinator,
                                                                         language, direction):
    login_to_admin(client, coordinator)
    response = client.get(f"/admin/?lang={language}")
    assert response.status_code == 200
    assert html_language(response) == (language, direction)
