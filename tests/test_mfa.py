"""Staff enter the admin with a second factor; log-in and sign-up are rate-limited.

Every flow here is allauth's real one (forms, codes, session records), driven over HTTP.
"""

import os
import subprocess
import sys

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.conf import settings
from django.core.cache import cache, caches

from tests.conftest import require
from tests.helpers import PASSWORD, add_totp, login_to_admin, make_user, totp_code


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in the cache: each test starts from none."""
    cache.clear()
    yield
    cache.clear()


def log_in(client, email: str, next_url: str = "/admin/"):
    return client.post(f"/accounts/login/?next={next_url}", {"login": email, "password": PASSWORD})


def code_now(secret: str) -> str:
    import time

    from allauth.mfa import app_settings

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD))


def test_staff_without_totp_are_sent_to_set_it_up(client, staff_of_a):
    log_in(client, staff_of_a.email)

    response = client.get("/admin/pages/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")


@pytest.mark.django_db(transaction=True)  # allauth signals the activation once it is committed
def test_after_activating_totp_the_session_enters_the_admin(client, staff_of_a):
    """Typing a valid code to activate TOTP counts as the second factor: no second prompt, no loop.

    allauth asks for the password once more before a second factor is added (a session taken
    over by someone else cannot bind their device): that is the only extra step.
    """
    log_in(client, staff_of_a.email)
    to_setup = client.get("/admin/")["Location"]
    to_password = client.get(to_setup)
    assert to_password["Location"].startswith("/accounts/reauthenticate/")
    back_to_setup = client.post(to_password["Location"], {"password": PASSWORD})
    assert back_to_setup["Location"].startswith("/accounts/2fa/totp/activate/")
    assert client.get(back_to_setup["Location"]).status_code == 200
    secret = client.session[SECRET_SESSION_KEY]

    activated = client.post("/accounts/2fa/totp/activate/", {"code": code_now(secret)})

    assert activated.status_code == 302
    assert Authenticator.objects.filter(user=staff_of_a, type=Authenticator.Type.TOTP).exists()
    assert client.get("/admin/").status_code == 200


def test_staff_with_totp_log_in_with_password_then_code(client, staff_of_a):
    authenticator = add_totp(staff_of_a)

    after_password = log_in(client, staff_of_a.email, "/admin/pages/")
    assert after_password.status_code == 302
    assert after_password["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/admin/").status_code == 302  # not logged in yet: the code is missing

    after_code = client.post("/accounts/2fa/authenticate/", {"code": totp_code(authenticator)})

    assert after_code.status_code == 302
    assert after_code["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_a_wrong_code_does_not_open_the_admin(client, staff_of_a):
    add_totp(staff_of_a)
    log_in(client, staff_of_a.email)

    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})

    assert response.status_code == 200  # the form again, with its error
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")


def test_a_session_opened_without_the_code_is_asked_for_it(client, staff_of_a):
    """E.g. logged in as a resident, then added to a member's staff: the code, then the admin."""
    authenticator = add_totp(staff_of_a)
    client.force_login(staff_of_a)  # a session with no record of the second factor

    refused = client.get("/admin/pages/")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/accounts/2fa/reauthenticate/")
    assert "next=%2Fadmin%2Fpages%2F" in refused["Location"]

    answered = client.post(refused["Location"], {"code": totp_code(authenticator)})

    assert answered["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_the_test_helper_records_the_second_factor_as_allauth_does(client, staff_of_a):
    login_to_admin(client, staff_of_a)
    assert client.get("/admin/").status_code == 200


def test_demo_logins_skip_the_second_factor_only_in_demo_mode(client, settings, member_a):
    demo_staff = make_user("demo.staff@example.org", groups=[member_a.staff_group], is_demo=True)
    client.force_login(demo_staff)
    assert client.get("/admin/").status_code == 302  # DEMO_MODE is off in tests

    settings.DEMO_MODE = True
    assert client.get("/admin/").status_code == 200


def test_in_demo_mode_real_staff_still_need_the_second_factor(client, settings, staff_of_a):
    settings.DEMO_MODE = True
    client.force_login(staff_of_a)
    assert client.get("/admin/")["Location"].startswith("/accounts/2fa/totp/activate/")


def test_residents_never_meet_the_second_factor(client, resident):
    logged_in = log_in(client, resident.email, "/")
    assert logged_in.status_code == 302
    assert "/2fa/" not in logged_in["Location"]

    response = client.get("/admin/")

    assert response.status_code == 302
    assert "/2fa/" not in response["Location"] and not response["Location"].startswith("/admin/")


def test_production_settings_force_the_second_factor():
    env = {
        **os.environ, "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "remacto.example",
        "DEMO_MODE": "true", "ADMIN_MFA_REQUIRED": "false",
    }
    code = "import website.settings.production as p; print(p.DEMO_MODE, p.ADMIN_MFA_REQUIRED)"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                            cwd=settings.BASE_DIR, check=True)
    assert result.stdout.split() == ["False", "True"]


# Rate limits (settings.ACCOUNT_RATE_LIMITS).

def test_failed_log_ins_are_limited_per_account(client, resident):
    """After 5 failures for one address in 5 minutes, even the right password is refused."""
    for _attempt in range(5):
        wrong = client.post("/accounts/login/", {"login": resident.email, "password": "not-it"})
        assert wrong.status_code == 200
    right = client.post("/accounts/login/", {"login": resident.email, "password": PASSWORD})

    assert right.status_code == 200
    assert "_auth_user_id" not in client.session
    assert right.context["form"].errors  # "Too many failed login attempts. Try again later."


def test_log_in_attempts_beyond_the_limit_get_429(client, db):
    limit = int(settings.ACCOUNT_RATE_LIMITS["login"].split("/")[0])
    statuses = [
        client.post("/accounts/login/", {"login": f"nobody{i}@example.org", "password": "x"}).status_code
        for i in range(limit + 1)
    ]
    assert statuses[-1] == 429
    assert set(statuses[:-1]) == {200}
    page = client.post("/accounts/login/", {"login": "nobody@example.org", "password": "x"})
    assert page.status_code == 429
    assert "429.html" in [template.name for template in page.templates]  # the site's page


def test_sign_ups_beyond_the_limit_get_429(client, db):
    limit = int(settings.ACCOUNT_RATE_LIMITS["signup"].split("/")[0])
    statuses = [
        client.post("/accounts/signup/", {
            "email": f"new{i}@example.org", "password1": "a-long-pass-phrase-9", "password2": "x",
        }).status_code
        for i in range(limit + 1)
    ]
    assert statuses[-1] == 429
    assert 500 not in statuses


def test_rate_limits_are_kept_in_redis_when_it_is_configured(client, resident):
    require(bool(settings.REDIS_URL), "REDIS_URL is not set")
    import redis

    from website.cache import ResilientRedisCache

    assert isinstance(caches["default"], ResilientRedisCache)
    client.post("/accounts/login/", {"login": resident.email, "password": "not-it"})

    keys = redis.Redis.from_url(settings.REDIS_URL).keys("*allauth:rl:*")
    assert any(b"login_failed" in key for key in keys)
