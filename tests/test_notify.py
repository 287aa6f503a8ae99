"""Personal mail for every app (website.notify): an app names its message, fans an event out to
people, and each person's row is composed in their language and sent once."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.helpers import make_user, run_outbox
from website import notify
from website.outbox import Outbox

pytestmark = pytest.mark.django_db


@pytest.fixture
def messages(monkeypatch):
    monkeypatch.setattr(notify, "MESSAGES", {})
    return notify.MESSAGES


def test_an_apps_message_reaches_each_person_once_and_not_the_inactive(messages, mail_through_outbox, mailoutbox):
    @notify.message("test.greeting")
    def greeting(payload: dict, user) -> dict | None:
        if payload["topic"] == "nothing":
            return None
        return {"subject": f"About {payload['topic']}", "body": "…", "from_email": None, "to": [user.email]}

    reader, gone = make_user("reader@example.org"), make_user("gone@example.org")
    gone.is_active = False
    gone.save()
    people = notify.recipients(type(reader).objects.filter(pk__in=[reader.pk, gone.pk])).values_list("pk", flat=True)
    for _time in range(2):
        notify.fan_out("test:event:1", {"mail": "test.greeting", "topic": "the budget"}, people)
    notify.fan_out("test:event:2", {"mail": "test.greeting", "topic": "nothing"}, [reader.pk])
    run_outbox()

    assert [(mail.subject, mail.to) for mail in mailoutbox] == [("About the budget", ["reader@example.org"])]
    rows = Outbox.objects.filter(kind=notify.PERSONAL_MAIL).order_by("key")
    assert [(row.key, row.recipient_id, row.done_at is not None) for row in rows] == [
        (f"test:event:1:user:{reader.pk}", reader.pk, True), (f"test:event:2:user:{reader.pk}", reader.pk, True)]


def test_a_second_function_for_a_message_name_is_refused(messages):
    @notify.message("test.greeting")
    def greeting(payload: dict, user) -> None:
        return None

    def other(payload: dict, user) -> None:
        return None

    with pytest.raises(ImproperlyConfigured, match=r"'test.greeting' is already written by .*greeting; .*other needs"):
        notify.message("test.greeting")(other)
    assert messages == {"test.greeting": greeting}


def test_without_a_chosen_language_a_message_is_in_arabic_and_french(resident):
    from wagtail.users.models import UserProfile

    assert notify.languages_for(resident) == ("ar", "fr")
    profile = UserProfile.get_for_user(resident)
    profile.preferred_language = "en"
    profile.save()
    assert notify.languages_for(resident) == ("en",)
