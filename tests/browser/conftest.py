"""Browser fixtures: Debian's Chromium driven by Playwright against the live server.

Every page a test looks at goes through `check_page`: axe-core finds no serious or critical
violation, no request leaves the site, and a screenshot is kept under test-artifacts/.
Browser tests mark themselves `django_db(transaction=True)`: the live server only sees committed
rows. tests/conftest.py puts the skeleton and territories back after each one's flush.
"""

import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import require

# Debian's package; Playwright's own browser download is not used.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# As root Chromium needs --no-sandbox; the rest stops it calling hosts it cannot reach.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
BROWSER_LOCALES = {"ar": "ar-MA", "fr": "fr-MA", "zgh": "zgh-MA", "en": "en-GB"}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
BLOCKING_IMPACTS = ("critical", "serious")
# Playwright waits this long for an element or a navigation before failing the test.
TIMEOUT_MS = 15_000

REPORTS = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, so the `page` fixture knows a test failed."""
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    require(Path(CHROMIUM).is_file(), f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    # Playwright's sync API runs an event loop in this thread; the test settings allow the ORM
    # beside it, or every later database call would raise SynchronousOnlyOperation.
    assert os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE"), "set by website.settings.test"
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)  # the artifacts of this run only
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def language() -> str:
    """The visitor's language; tests parametrize it."""
    return "ar"


@pytest.fixture
def width() -> int:
    """The viewport's width in CSS pixels; tests parametrize it."""
    return 1280


@dataclass
class Traffic:
    """What the page asked of the network beyond the live server, and what failed."""

    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture
def page(request, browser, live_server, language, width) -> Iterator[Page]:
    """A fresh browser context per test, in the visitor's language, at the given width."""
    context = browser.new_context(
        base_url=live_server.url, locale=BROWSER_LOCALES[language],
        viewport={"width": width, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    reports = request.node.stash.get(REPORTS, {})
    if any(report.failed for report in reports.values()):
        _screenshot(tab, f"{_test_name(request)}--FAILED--{language}--{width}px")
    context.close()


@pytest.fixture
def traffic(page, live_server) -> Traffic:
    """Requests to another host (none allowed: fonts and assets are self-hosted) and errors."""
    seen = Traffic()
    site = _origin(live_server.url)
    page.on("request",
            lambda r: _origin(r.url) not in (site, "data:") and seen.foreign.append(r.url))
    page.on("response", lambda r: r.status >= 400 and seen.failed.append(f"{r.status} {r.url}"))
    return seen


@pytest.fixture
def check_page(request, page, traffic) -> Callable[[], None]:
    """Check the page on screen (axe-core, its requests) and keep a screenshot of it."""
    taken: dict[str, int] = {}

    def check() -> None:
        page.wait_for_load_state("load")
        language = page.locator("html").get_attribute("lang")
        width = page.viewport_size["width"]
        name = f"{_test_name(request)}--{language}--{width}px--{_path_slug(page.url)}"
        taken[name] = taken.get(name, 0) + 1
        _screenshot(page, name if taken[name] == 1 else f"{name}-{taken[name]}")
        axe_check(page)
        assert not traffic.foreign, f"requests to another host: {traffic.foreign}"
        assert not traffic.failed, f"failed requests: {traffic.failed}"

    return check


def axe_check(tab: Page) -> None:
    """Run axe-core on the page; fail listing every serious or critical violation."""
    results = Axe().run(tab)
    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"axe-core on {tab.url}:"]
        for violation in blocking:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            lines.append(
                f"- {violation['id']} ({violation['impact']}): {violation['help']} → {targets}")
        pytest.fail("\n".join(lines), pytrace=False)


def _screenshot(tab: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else f"{parts.scheme}:"


def _test_name(request) -> str:
    return re.sub(r"[^\w-]+", "-", request.node.originalname).strip("-")


def _path_slug(url: str) -> str:
    """/ar/members/?q=x → members-filtered; /fr/ → home."""
    parts = urlsplit(url)
    steps = [step for step in parts.path.split("/") if step][1:]  # without the language prefix
    slug = "-".join(steps) or "home"
    return f"{slug}-filtered" if parts.query else slug
