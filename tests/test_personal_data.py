"""Law 09-08: consent at sign-up; a person sees, downloads and deletes their own data."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.users.models import UserProfile

from communes.models import Follow
from tests.helpers import PASSWORD, make_user, run_outbox
from website.content import STANDARD_PAGES
from website.outbox import Outbox

pytestmark = pytest.mark.django_db
User = get_user_model()

SIGNUP = {"email": "amina@example.org", "password1": "une-longue-phrase-secrete",
          "password2": "une-longue-phrase-secrete"}


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
    assert data["account"]["display_name"] == "Karim"
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


# The whole of a person's data (issue: the download left out the display name, the admin profile,
# the mails sent to them and their actions in the admin, and listed follows by code only).

def test_the_download_has_the_admin_profile_the_follows_by_name_the_mails_and_the_admin_actions(
        client, mail_through_outbox, member_a):
    user = make_user("staff.a@example.org", display_name="Salma", groups=[member_a.staff_group])
    UserProfile.objects.create(user=user, preferred_language="fr", current_time_zone="Africa/Casablanca",
                               submitted_notifications=False)
    Follow.objects.create(user=user, member=member_a)
    send_mail("Réinitialisation du mot de passe", "Votre lien : https://remacto.ma/reset/SECRET-KEY-1/",
              None, ["staff.a@example.org"])
    run_outbox()
    send_mail("Réunion du comité", "Ordre du jour : https://remacto.ma/reset/SECRET-KEY-2/",
              None, ["staff.a@example.org"])  # not sent yet
    page = member_a.page_in("fr")
    log(instance=page, action="wagtail.publish", user=user)
    log(instance=member_a, action="wagtail.edit", user=user)
    client.force_login(user)

    data = json.loads(client.get("/accounts/my-data/export/?lang=fr").content)

    assert data["format_version"] == 2 and data["language"] == "fr"
    assert data["account"]["display_name"] == "Salma"
    profile = data["admin_profile"]
    assert (profile["preferred_language"], profile["time_zone"], profile["avatar"]) == ("fr", "Africa/Casablanca", None)
    assert profile["notifications"] == {
        "submitted": False, "approved": True, "rejected": True, "updated_comments": True}
    assert data["follows"] == [{
        "member": member_a.territory.code, "name": member_a.territory.name_fr,
        "url": f"http://testserver{page.url}", "since": data["follows"][0]["since"],
    }]
    assert [(mail["subject"], mail["status"]) for mail in data["mails"]] == [
        ("Réinitialisation du mot de passe", "sent"), ("Réunion du comité", "waiting")]
    assert data["mails"][0]["sent_at"] and data["mails"][1]["sent_at"] is None
    assert "SECRET-KEY" not in json.dumps(data)  # never a mail's links
    actions = [(action["action"], action["object"]) for action in data["admin_actions"]]
    labels = [PageLogEntry.objects.get(user=user).label, ModelLogEntry.objects.get(user=user).label]
    assert actions == [("wagtail.publish", labels[0]), ("wagtail.edit", labels[1])]
    assert data["admin_actions"][0]["description"] and data["admin_actions"][1]["object_type"]

    html = client.get("/accounts/my-data/?lang=fr").content.decode()
    for shown in ("Salma", member_a.territory.name_fr, f'href="http://testserver{page.url}"',
                  "Réinitialisation du mot de passe", "Réunion du comité", *labels, "Africa/Casablanca"):
        assert shown in html, shown
    assert "SECRET-KEY" not in html


def make_rows_of_every_list(user, members, count: int) -> None:
    """`count` follows, mails and admin actions for the person."""
    for member in members[:count]:
        Follow.objects.create(user=user, member=member)
        log(instance=member, action="wagtail.edit", user=user)
        log(instance=member.page_in("fr"), action="wagtail.publish", user=user)
        Outbox.enqueue("email", f"email:test:{member.pk}", {"subject": f"Message {member.pk}"}, recipient_id=user.pk)


def test_the_download_takes_as_many_queries_for_ten_of_each_as_for_one(client, db):
    from communes.models import Territory
    from communes.services import join_network

    codes = Territory.objects.filter(level="commune").order_by("code").values_list("code", flat=True)[:11]
    members = [join_network(code) for code in codes]
    one, ten = make_user("one@example.org"), make_user("ten@example.org")
    make_rows_of_every_list(one, members, 1)
    make_rows_of_every_list(ten, members[1:], 10)
    counts = {}
    for user in (one, ten):
        client.force_login(user)
        # Warmed up: the site's root paths, the session, the cached footer.
        client.get("/accounts/my-data/export/?lang=fr")
        client.get("/accounts/my-data/?lang=fr")
        with CaptureQueriesContext(connection) as queries:
            data = json.loads(client.get("/accounts/my-data/export/?lang=fr").content)
        counts[user.email] = len(queries)
        assert all(follow["url"].startswith("http://testserver/fr/") for follow in data["follows"])
        with CaptureQueriesContext(connection) as page_queries:
            assert client.get("/accounts/my-data/?lang=fr").status_code == 200
        counts[f"page {user.email}"] = len(page_queries)
    assert len(data["follows"]) == len(data["mails"]) == 10 and len(data["admin_actions"]) == 20
    assert counts["one@example.org"] == counts["ten@example.org"], counts
    assert counts["page one@example.org"] == counts["page ten@example.org"], counts


def test_deleting_the_account_erases_its_mails_pending_ones_too_and_its_admin_profile(
        client, mail_through_outbox, mailoutbox):
    user = make_user("karim@example.org")
    UserProfile.objects.create(user=user, preferred_language="ar")
    someone_else = make_user("amina@example.org")
    send_mail("Bienvenue", "Votre espace est prêt.", None, ["karim@example.org"])
    run_outbox()
    mailoutbox.clear()
    # A password reset asked for, not sent yet (the relay has not run).
    response = client.post("/accounts/password/reset/", {"email": "karim@example.org"})
    assert response.status_code == 302
    reset = Outbox.objects.get(kind="email", done_at__isnull=True)
    assert reset.recipient_id == user.pk and "/accounts/password/reset/key/" in reset.payload["body"]
    send_mail("Bienvenue", "Votre espace est prêt.", None, ["amina@example.org"])
    client.force_login(user)

    assert client.post("/accounts/my-data/delete/", {"confirm": "on"}).status_code == 302

    assert not Outbox.objects.filter(recipient=user).exists()
    assert not UserProfile.objects.filter(user=user).exists()
    run_outbox()
    assert [message.to for message in mailoutbox] == [["amina@example.org"]]  # no reset link went out
    assert Outbox.objects.get().recipient == someone_else


# The privacy notice says how long each thing is kept.

def privacy_notice(language: str) -> str:
    from website.content import fill_figures

    spec = next(spec for spec in STANDARD_PAGES if spec["role"] == "privacy")
    return fill_figures(" ".join(value for _kind, value in spec["text"][language]["body"]), language)


def test_the_privacy_notice_gives_the_mail_retention_from_the_setting_in_each_language(settings):
    settings.OUTBOX_RETENTION_DAYS = 45
    assert "45 يوما" in privacy_notice("ar")
    assert "45 jours" in privacy_notice("fr")
    assert "45 days" in privacy_notice("en")
    settings.OUTBOX_RETENTION_DAYS = 7
    assert "7 أيام" in privacy_notice("ar")
    for language in ("ar", "fr", "en"):
        assert "{" not in privacy_notice(language)


@pytest.mark.parametrize(("language", "sentences"), [
    ("ar", ["ما دام حسابكم قائما", "جلسات الأطر", "60 يوما", "متابعتكم لجماعة ترابية", "سجل التعديلات"]),
    ("fr", ["tant que votre compte existe", "sessions des équipes", "60 jours", "abonnement à une collectivité",
            "historique des modifications"]),
    ("en", ["as long as your account exists", "staff sessions", "60 days", "following a member",
            "history of changes"]),
])
def test_the_published_privacy_notice_says_how_long_each_thing_is_kept(client, settings, language, sentences):
    assert settings.OUTBOX_RETENTION_DAYS == 60  # the pages were created with the default
    html = client.get(f"/{language}/privacy/").content.decode()
    # The list of retention periods: the one that gives the server logs' 6 months.
    retention = re.search(r"<ul>(?:(?!</ul>).)*6 (?:أشهر|mois|months).*?</ul>", html, re.S).group(0)
    for sentence in sentences:
        assert sentence in retention, sentence
