"""Security headers: public pages run nothing inline and load nothing from another host."""

import pytest

pytestmark = pytest.mark.django_db


def _directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("url", ["/ar/", "/fr/members/", "/accounts/login/"])
def test_public_pages_allow_no_inline_script_and_no_other_host(client, url):
    directives = _directives(client.get(url))
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'self'"]


def test_the_admin_alone_may_run_its_inline_scripts(client):
    directives = _directives(client.get("/admin/login/"))
    assert "'unsafe-inline'" in directives["script-src"]


def test_the_admin_allows_no_inline_style_and_no_plugin(client):
    directives = _directives(client.get("/admin/login/"))
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]


@pytest.mark.parametrize("url", ["/fr/", "/admin/login/", "/api/v2/territories/", "/health/"])
def test_every_answer_keeps_powerful_browser_features_off(client, url):
    policy = dict(part.strip().split("=", 1) for part in client.get(url)["Permissions-Policy"].split(","))
    assert policy["camera"] == policy["microphone"] == policy["geolocation"] == policy["payment"] == "()"
