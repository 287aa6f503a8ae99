"""The public pages in a real browser: accessible, in the right direction, and the language
switcher keeps the visitor where they are."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIRECTION = {"ar": "rtl", "fr": "ltr"}
# A phone and a desktop screen, in CSS pixels.
WIDTHS = (390, 1280)


def member_path(member, language: str) -> str:
    return member.pages.get(locale__language_code=language).url


def expect_listed(page: Page, names: list[str]) -> None:
    """The directory lists exactly these members, in this order."""
    entries = page.locator(".member-list > li")
    expect(entries).to_have_count(len(names))
    expect(entries).to_contain_text(names)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_home_directory_and_member_page__accessible_and_in_the_languages_direction(
    page, check_page, member_a, member_b, language
):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in (f"/{language}/", f"/{language}/members/", member_path(member_a, language)):
            page.goto(path)
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("html")).to_have_attribute("dir", DIRECTION[language])
            expect(page.locator("h1")).to_be_visible()
            check_page()


def test_language_switcher__from_an_arabic_member_page_lands_on_its_french_page(
    page, check_page, member_a
):
    page.goto(member_path(member_a, "ar"))
    check_page()

    page.locator("a[hreflang=fr]").click()

    expect(page).to_have_url(re.compile(re.escape(member_path(member_a, "fr")) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_contain_text(member_a.territory.name_fr)
    check_page()


def test_language_switcher__keeps_the_directory_filters(page, check_page, member_a, member_b):
    region = member_a.territory.region.code
    page.goto(f"/ar/members/?region={region}&level=commune")
    check_page()
    expect_listed(page, [member_a.territory.name_ar])

    page.locator("a[hreflang=fr]").click()

    expect(page).to_have_url(re.compile(r"/fr/members/\?"))
    assert parse_qs(urlsplit(page.url).query) == {"region": [region], "level": ["commune"]}
    expect(page.locator("select[name=region]")).to_have_value(region)
    expect_listed(page, [member_a.territory.name_fr])
    check_page()


def test_directory__search_by_arabic_name_with_the_keyboard_alone(
    page, check_page, member_a, member_b
):
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/ar/members/")
        expect_listed(page, [member_a.territory.name_ar, member_b.territory.name_ar])
        search = page.locator("input[name=q]")

        # Tab from the top of the page to the name field, as a keyboard user does.
        for _ in range(50):
            page.keyboard.press("Tab")
            if search.evaluate("field => field === document.activeElement"):
                break
        else:
            pytest.fail(f"at {width}px the name field cannot be reached with the Tab key")
        page.keyboard.type(member_b.territory.name_ar)
        page.keyboard.press("Enter")

        expect(page).to_have_url(re.compile(r"/ar/members/\?.*q="))
        expect_listed(page, [member_b.territory.name_ar])
        expect(search).to_have_value(member_b.territory.name_ar)
        check_page()
