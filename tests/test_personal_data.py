"""Law 09-08: consent at sign-up; a person sees, downloads and deletes their own data."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from tests.helpers import PASSWORD, make_user
from website.outbox import Outbox

pytestmark = pytest.mark.django_db
User = get_user_model()

SIGNUP = {"email": "amina@example.org", "password1": "une-longue-phrase-secrete", "password2": "une-longue-phrase-secrete"}


def test_sign_up_without_consent_is_refused_with_a_message_and_creates_nothing(client):
    response = client.post("/accounts/signup/?lang=fr", SIGNUP)
    assert response.status_code == 200
    assert "accept_privacy" in response.context["form"].errors
    assert not User.objects.filter(email="amina@example.org").exists()


def test_sign_up_records_consent_and_queues_the_verification_mail(client, mail_through_outbox):
    response = client.post("/accounts/signup/", {**SIGNUP, "accept_privacy": "on", "display_name": "Amina"})
    assert response.status_code == 302
    user = User.objects.get(email="amina@example.org")
    assert user.privacy_consent_at is not None and user.privacy_notice_version
    assert user.display_name == "Amina"
    mail = Outbox.objects.get(kind="email")
    assert mail.payload["to"] == ["amina@example.org"] and mail.done_at is None


def test_my_data_needs_a_login(client):
    response = client.get("/accounts/my-data/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_person_downloads_everything_kept_about_them(client):
    user = make_user("karim@example.org", display_name="Karim")
    client.force_login(user)
    page = client.get("/accounts/my-data/?lang=ar")
    assert page.status_code == 200 and "karim@example.org" in page.content.decode()
    response = client.get("/accounts/my-data/export/")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == "karim@example.org"
    assert data["account"]["name_shown_publicly"] == "Karim"
    assert data["email_addresses"] == [{"email": "karim@example.org", "verified": True, "primary": True}]


def test_deletion_needs_confirmation(client):
    user = make_user("karim@example.org")
    client.force_login(user)
    response = client.post("/accounts/my-data/delete/", {})
    assert response.status_code == 200 and response.context["form"].errors
    assert User.objects.get(pk=user.pk).email == "karim@example.org"


def test_deletion_anonymises_the_account_keeps_the_row_and_ends_the_sessions(client):
    user = make_user("karim@example.org", display_name="Karim")
    client.force_login(user)
    other_device = client.__class__()
    other_device.force_login(user)
    response = client.post("/accounts/my-data/delete/", {"confirm": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.email == f"deleted-{user.pk}@deleted.invalid"
    assert (user.display_name, user.is_active, user.has_usable_password()) == ("", False, False)
    assert user.deleted_at is not None
    assert not EmailAddress.objects.filter(user=user).exists()
    assert other_device.get("/accounts/my-data/").status_code == 302  # logged out everywhere
    assert not client.login(email="karim@example.org", password=PASSWORD)
