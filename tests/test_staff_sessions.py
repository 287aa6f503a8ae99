"""Tighter sessions: staff sessions end after a spell without activity and after a working day;
residents keep theirs; a sign-up's free-text name never reaches the confirmation mail."""

import time

import pytest
from django.conf import settings

from accounts.sessions import SEEN, SINCE
from tests.helpers import PASSWORD, login_to_admin


def age_session(client, **seconds_ago) -> None:
    """Move the session's clocks back, as if that much time had passed."""
    session = client.session
    for key, ago in seconds_ago.items():
        session[key] = time.time() - ago
    session.save()


def test_staff_sessions_are_shorter_than_residents():
    assert settings.STAFF_SESSION_IDLE_MINUTES * 60 < settings.STAFF_SESSION_HOURS * 3600 < settings.SESSION_COOKIE_AGE


def test_a_staff_log_in_starts_a_staff_session(client, staff_of_a):
    login_to_admin(client, staff_of_a)

    assert client.get("/admin/").status_code == 200
    assert {SINCE, SEEN} <= set(client.session.keys())
    assert client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_MINUTES * 60


def test_an_idle_staff_session_ends_and_says_why(client, staff_of_a):
    login_to_admin(client, staff_of_a)
    age_session(client, staff_session_seen=settings.STAFF_SESSION_IDLE_MINUTES * 60 + 5)

    response = client.get("/admin/pages/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session
    shown = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert any("minutes without activity" in str(message) for message in shown.context["messages"])


def test_an_active_staff_session_ends_after_its_working_day(client, staff_of_a):
    login_to_admin(client, staff_of_a)
    age_session(client, staff_session_since=settings.STAFF_SESSION_HOURS * 3600 + 5, staff_session_seen=10)

    response = client.get("/admin/")

    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_activity_keeps_a_staff_session_going(client, staff_of_a):
    login_to_admin(client, staff_of_a)
    age_session(client, staff_session_seen=settings.STAFF_SESSION_IDLE_MINUTES * 60 - 60)

    assert client.get("/admin/").status_code == 200
    assert time.time() - client.session[SEEN] < 5


def test_a_staff_session_ends_on_public_pages_too(client, staff_of_a):
    """The cookie is what an attacker would steal: it dies wherever it is shown."""
    login_to_admin(client, staff_of_a)
    age_session(client, staff_session_seen=settings.STAFF_SESSION_IDLE_MINUTES * 60 + 5)

    client.get("/fr/")

    assert "_auth_user_id" not in client.session


def test_a_resident_session_has_no_staff_clock(client, resident):
    client.post("/accounts/login/", {"login": resident.email, "password": PASSWORD})
    client.get("/fr/")

    assert client.session.get("_auth_user_id") == str(resident.pk)
    assert SINCE not in client.session


def test_someone_made_staff_while_logged_in_gets_the_staff_clock_at_the_admin(client, resident, member_a):
    client.force_login(resident)
    resident.groups.add(member_a.staff_group)

    client.get("/admin/")

    assert SINCE in client.session


# Sign-up: the free-text name is shown on the person's contributions, never mailed to an address.

@pytest.mark.django_db
def test_the_confirmation_mail_does_not_repeat_the_name_typed_at_sign_up(client, mailoutbox):
    planted = "Your account is blocked, call +212 600 000 000"
    client.post("/accounts/signup/?lang=en", {
        "email": "amina@example.org", "password1": "une-longue-phrase-secrete",
        "password2": "une-longue-phrase-secrete", "display_name": planted, "accept_privacy": "on",
    })

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["amina@example.org"]
    assert planted not in mail.body and planted not in mail.subject
    assert "amina@example.org" in mail.body
