"""E-mails of the cycle: followers told when a member's phase opens or closes, staff reminded of
their dates; each e-mail once, in the person's language, and none lost to an SMTP or broker outage."""

import socketserver
import threading
from datetime import date

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from cohorts import reminders
from cohorts.models import Cycle
from cohorts.notifications import tell_followers
from cohorts.services import PHASE_EVENT, STAFF_REMINDER, move, run_calendar, set_phase_dates
from communes.models import Follow
from tests.cycle_helpers import place
from tests.helpers import casablanca, closed_port, make_user, run_outbox, wait_for_worker
from website.notify import PERSONAL_MAIL
from website.outbox import Outbox
from website.relay import relay_once

AGADIR_AR = "أكادير"


def person(email: str, language: str = "", **fields):
    from wagtail.users.models import UserProfile

    user = make_user(email, **fields)
    if language:
        UserProfile.objects.create(user=user, preferred_language=language)
    return user


def mail_to(mailoutbox, email: str):
    found = [message for message in mailoutbox if message.to == [email]]
    assert len(found) == 1, f"{len(found)} mails to {email}"
    return found[0]


def html_of(message) -> str:
    return next(content for content, mimetype in message.alternatives if mimetype == "text/html")


@pytest.fixture
def phases(cycle_a, staff_of_a):
    """Agadir's phase one from 2 March to 15 May 2030, phase two from 20 May to 20 June 2030."""
    return set_phase_dates(cycle_a, staff_of_a, {
        "phase_one": (date(2030, 3, 2), date(2030, 5, 15)),
        "phase_two": (date(2030, 5, 20), date(2030, 6, 20)),
    }, now=casablanca(2030, 2, 1))


@pytest.fixture
def followers(member_a, member_b):
    """Followers of Agadir in French, in Arabic and of unknown language; a deleted and an inactive
    account whose follows remain; and someone who follows another member only."""
    people = {
        "fr": person("suiveuse.fr@example.org", "fr"),
        "ar": person("follower.ar@example.org", "ar"),
        "unknown": person("follower@example.org"),
        "deleted": person("deleted@example.org", "fr"),
        "inactive": person("inactive@example.org", "fr", is_active=False),
    }
    for user in people.values():
        Follow.objects.create(user=user, member=member_a)
    people["deleted"].anonymise()
    people["other"] = person("tetouan.fan@example.org", "fr")
    Follow.objects.create(user=people["other"], member=member_b)
    return people


# Followers ---------------------------------------------------------------------------------------

def test_phase_opens__one_mail_per_follower_and_none_to_deleted_or_inactive(phases, followers, mail_through_outbox,
                                                                           mailoutbox):
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    run_outbox()

    assert sorted(message.to[0] for message in mailoutbox) == [
        "follower.ar@example.org", "follower@example.org", "suiveuse.fr@example.org"]
    event = Outbox.objects.get(kind=PHASE_EVENT)
    assert event.done_at is not None
    assert sorted(Outbox.objects.filter(kind=PERSONAL_MAIL).values_list("key", flat=True)) == sorted(
        f"phase:{phases.pk}:phase_one:opens:user:{followers[who].pk}" for who in ("fr", "ar", "unknown"))
    assert not Outbox.objects.pending().exists()

    # Later passes, and a later run of the calendar, send nothing more.
    run_calendar(now=casablanca(2030, 3, 2, 0, 10))
    assert run_outbox() == 0
    assert len(mailoutbox) == 3


def test_fan_out__run_twice_writes_each_follower_row_once(phases, followers, mail_through_outbox, mailoutbox):
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    payload = Outbox.objects.get(kind=PHASE_EVENT).payload

    tell_followers(payload)
    tell_followers(payload)  # as if the event's row were carried out again
    run_outbox()
    tell_followers(payload)
    run_outbox()

    assert Outbox.objects.filter(kind=PERSONAL_MAIL).count() == 3
    assert len(mailoutbox) == 3


def test_phase_opens__french_mail_names_the_member_phase_dates_and_links(phases, followers, mail_through_outbox,
                                                                        mailoutbox):
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    run_outbox()

    message = mail_to(mailoutbox, "suiveuse.fr@example.org")
    page = phases.member.page_in("fr")
    assert "Agadir" in message.subject and AGADIR_AR not in message.subject
    assert "Agadir" in message.body
    assert "2 mars 2030" in message.body and "15 mai 2030" in message.body
    assert f"http://testserver{page.url}" in message.body
    assert f"http://testserver{page.url}#follow" in message.body  # how to stop following
    assert "http://testserver/accounts/my-data/?lang=fr" in message.body
    assert message.extra_headers["Content-Language"] == "fr"
    html = html_of(message)
    assert '<div lang="fr" dir="ltr"' in html and 'dir="rtl"' not in html
    assert f'href="http://testserver{page.url}#follow"' in html


def test_phase_opens__arabic_mail_with_moroccan_month_names(phases, followers, mail_through_outbox, mailoutbox):
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    run_outbox()

    message = mail_to(mailoutbox, "follower.ar@example.org")
    assert AGADIR_AR in message.subject and AGADIR_AR in message.body
    assert "2 مارس 2030" in message.body
    assert "15 ماي 2030" in message.body and "مايو" not in message.body
    assert phases.member.page_in("ar").url in message.body
    assert "?lang=ar" in message.body
    html = html_of(message)
    assert '<html lang="ar" dir="rtl">' in html
    assert '<div lang="ar" dir="rtl"' in html


def test_phase_opens__without_a_known_language_the_mail_is_arabic_then_french(
        phases, followers, mail_through_outbox, mailoutbox):
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    run_outbox()

    message = mail_to(mailoutbox, "follower@example.org")
    assert message.subject.index(AGADIR_AR) < message.subject.index("Agadir")
    assert "15 ماي 2030" in message.body and "15 mai 2030" in message.body
    assert message.body.index(AGADIR_AR) < message.body.index("Agadir")
    assert phases.member.page_in("ar").url in message.body and phases.member.page_in("fr").url in message.body
    html = html_of(message)
    assert '<div lang="ar" dir="rtl"' in html and '<div lang="fr" dir="ltr"' in html
    assert message.extra_headers["Content-Language"] == "ar, fr"


def test_phase_closes__says_when_it_closed_and_when_phase_two_is_planned(phases, followers, mail_through_outbox,
                                                                        mailoutbox):
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    run_outbox()
    mailoutbox.clear()

    run_calendar(now=casablanca(2030, 5, 16, 0, 5))
    run_outbox()

    message = mail_to(mailoutbox, "suiveuse.fr@example.org")
    assert "15 mai 2030" in message.body  # its last day
    assert "20 mai 2030" in message.body and "20 juin 2030" in message.body  # phase two, planned
    assert len(mailoutbox) == 3


def test_phase_closed_early__the_mail_gives_the_day_it_really_closed(phases, followers, staff_of_a,
                                                                     mail_through_outbox, mailoutbox):
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    run_outbox()
    mailoutbox.clear()

    move(phases, "close_phase_one", staff_of_a, note="Objectif atteint", now=casablanca(2030, 4, 10, 16))
    run_calendar(now=casablanca(2030, 5, 16, 0, 5))
    run_outbox()

    assert len(mailoutbox) == 3
    assert "10 avril 2030" in mail_to(mailoutbox, "suiveuse.fr@example.org").body


def test_opening_mail_held_up_until_the_phase_closed__only_the_closing_goes(phases, followers, staff_of_a,
                                                                            mail_through_outbox, mailoutbox):
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    move(phases, "close_phase_one", staff_of_a, note="Objectif atteint", now=casablanca(2030, 4, 10, 16))
    run_outbox()

    assert len(mailoutbox) == 3
    # The day in each follower's language; both where the language is not known.
    for who, days in {"fr": ["10 avril 2030"], "ar": ["10 أبريل 2030"],
                      "unknown": ["10 أبريل 2030", "10 avril 2030"]}.items():
        body = mail_to(mailoutbox, followers[who].email).body
        assert [day for day in ("10 أبريل 2030", "10 avril 2030") if day in body] == days, who
    assert not Outbox.objects.pending().exists()


def test_follower_who_stops_before_the_mail_goes_gets_nothing(phases, followers, mail_through_outbox, mailoutbox):
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    relay_once(embedded=True)  # the event fans out
    Follow.objects.filter(user=followers["fr"]).delete()
    followers["ar"].anonymise()
    run_outbox()

    assert [message.to for message in mailoutbox] == [["follower@example.org"]]
    assert not Outbox.objects.pending().exists()


def test_demo_cycle__followers_are_not_told(phases, followers, mail_through_outbox, mailoutbox):
    Cycle.objects.filter(pk=phases.pk).update(is_demo=True)
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    run_outbox()

    assert mailoutbox == []
    assert Outbox.objects.get(kind=PHASE_EVENT).done_at is not None


# Staff reminders -----------------------------------------------------------------------------------

@pytest.fixture
def staff(member_a, member_b, staff_of_a, staff_of_b):
    """Agadir's staff: one of unknown language (staff_of_a), one in French, an inactive and a
    deleted one; Tétouan's staff and a resident, who must get nothing."""
    people = {
        "unknown": staff_of_a,
        "fr": person("point.focal@example.org", "fr", groups=[member_a.staff_group]),
        "inactive": person("ancien@example.org", "fr", groups=[member_a.staff_group], is_active=False),
        "deleted": person("parti@example.org", "fr", groups=[member_a.staff_group]),
    }
    people["deleted"].anonymise()
    person("resident.agadir@example.org", "fr")
    return people


def test_reminder__one_mail_to_each_active_member_of_staff_once(phases, staff, clock, mail_through_outbox,
                                                                mailoutbox):
    for hour in (7, 8):
        clock(casablanca(2030, 2, 23, hour))
        reminders.write_reminders()
        run_outbox()

    assert sorted(message.to[0] for message in mailoutbox) == ["point.focal@example.org", "staff.a@example.org"]
    row = Outbox.objects.get(kind=STAFF_REMINDER)
    assert row.key == f"reminder:{phases.pk}:phase_one_opens:2030-03-02:7"
    assert Outbox.objects.filter(kind=PERSONAL_MAIL, key__startswith=row.key).count() == 2


def test_reminder__french_mail_says_which_phase_opens_on_which_date(phases, staff, clock, mail_through_outbox,
                                                                   mailoutbox):
    clock(casablanca(2030, 2, 23, 7))
    reminders.write_reminders()
    run_outbox()

    message = mail_to(mailoutbox, "point.focal@example.org")
    assert "Agadir" in message.subject and "2 mars 2030" in message.subject
    assert "Agadir" in message.body and "2 mars 2030" in message.body
    assert " 7 " in message.body  # in 7 days
    assert f"http://testserver/admin/cohorts/cycles/{phases.pk}/" in message.body
    bilingual = mail_to(mailoutbox, "staff.a@example.org")
    assert AGADIR_AR in bilingual.body and "2 مارس 2030" in bilingual.body and "2 mars 2030" in bilingual.body


def test_reminder__phase_two_without_a_draft_asks_for_the_draft(phases, staff, clock, mail_through_outbox,
                                                               mailoutbox):
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    run_calendar(now=casablanca(2030, 5, 16, 0, 5))
    clock(casablanca(2030, 5, 19, 7))
    reminders.write_reminders()
    run_outbox()

    message = mail_to(mailoutbox, "point.focal@example.org")
    assert "20 mai 2030" in message.body
    with translation.override("fr"):
        hint = gettext("Phase two opens only once the draft programme is published: publish the draft before then.")
    assert hint in message.body


def test_reminder__council_planned_for_september_in_arabic(cycle_a, staff, clock, mail_through_outbox, mailoutbox):
    from cohorts.models import Stage

    place(cycle_a, Stage.COUNCIL)  # where the cycle stands, as set-up
    person("majlis@example.org", "ar", groups=[cycle_a.member.staff_group])
    clock(casablanca(2030, 8, 1, 7))
    reminders.write_reminders()
    run_outbox()

    message = mail_to(mailoutbox, "majlis@example.org")
    assert "شتنبر 2030" in message.subject and "سبتمبر" not in message.body
    assert AGADIR_AR in message.body and "Test cohort" in message.body
    french = mail_to(mailoutbox, "point.focal@example.org")
    assert "septembre 2030" in french.body


def test_reminder__whose_date_changed_before_it_went_out_is_not_sent(phases, staff, staff_of_a, clock,
                                                                    mail_through_outbox, mailoutbox):
    clock(casablanca(2030, 2, 23, 7))
    reminders.write_reminders()
    set_phase_dates(phases, staff_of_a, {"phase_one": (date(2030, 3, 9), date(2030, 5, 15))})

    assert run_outbox() == 1  # the reminder's row, carried out: it writes no mail
    assert mailoutbox == []
    assert Outbox.objects.get(kind=STAFF_REMINDER).done_at is not None


def test_reminder__held_up_past_its_date_is_dropped(phases, staff, clock, mail_through_outbox, mailoutbox):
    clock(casablanca(2030, 2, 23, 7))
    reminders.write_reminders()
    clock(casablanca(2030, 3, 3, 9))  # an outage kept it until after the phase opened

    run_outbox()

    assert mailoutbox == []
    assert not Outbox.objects.pending().exists()


# Outages -----------------------------------------------------------------------------------------

class SMTPSink(socketserver.ThreadingTCPServer):
    """A minimal SMTP server on a local port, keeping what it receives: the mail service, back."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port: int):
        self.received: list[tuple[list[str], bytes]] = []
        super().__init__(("127.0.0.1", port), SMTPSession)


class SMTPSession(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 sink ESMTP")
        recipients: list[str] = []
        while line := self.rfile.readline():
            command = line.decode("ascii", "replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                self.server.received.append((recipients, data))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


def test_smtp_outage__mails_wait_with_their_error_and_go_out_once_it_is_back(phases, followers, settings):
    port = closed_port()
    settings.OUTBOX_EMAIL_DELIVERY = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                      "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": port}
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))

    run_outbox()

    waiting = Outbox.objects.filter(kind=PERSONAL_MAIL)
    assert waiting.count() == 3
    for row in waiting:
        assert row.done_at is None and row.attempts == 1
        assert "ConnectionRefusedError" in row.last_error
    assert relay_once(embedded=True) == 0  # not due again before its turn

    sink = SMTPSink(port)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    try:
        waiting.update(available_at=timezone.now())  # their turn comes
        run_outbox()
        run_outbox()
    finally:
        sink.shutdown()
        sink.server_close()

    assert sorted(recipients[0] for recipients, _data in sink.received) == [
        "follower.ar@example.org", "follower@example.org", "suiveuse.fr@example.org"]
    assert not Outbox.objects.pending().exists()
    assert set(Outbox.objects.filter(kind=PERSONAL_MAIL).values_list("attempts", flat=True)) == {2}


def test_broker_outage__rows_wait_unpublished(phases, followers, settings):
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))

    assert relay_once(embedded=False) == 0

    row = Outbox.objects.get(kind=PHASE_EVENT)
    assert row.done_at is None and row.published_at is None
    assert Outbox.objects.due().filter(pk=row.pk).exists()  # taken again on the next pass


@pytest.mark.django_db(transaction=True)
def test_broker_back__a_real_worker_sends_each_follower_one_mail(
        celery_worker_process, cohort, member_a, staff_of_a, settings):
    from cohorts.services import admit
    from cohorts.standing import current_cycle

    worker, log = celery_worker_process
    broker = settings.CELERY_BROKER_URL
    admit(cohort, member_a.territory.code, joined_on=date(2030, 1, 15))
    cycle = set_phase_dates(current_cycle(member_a), staff_of_a, {
        "phase_one": (date(2030, 3, 2), date(2030, 5, 15))}, now=casablanca(2030, 2, 1))
    for email in ("un@example.org", "deux@example.org"):
        Follow.objects.create(user=person(email, "fr"), member=member_a)

    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{closed_port()}/0"  # the broker is down
    run_calendar(now=casablanca(2030, 3, 2, 0, 5))
    assert relay_once(embedded=False) == 0
    settings.CELERY_BROKER_URL = broker  # and back

    wait_for_worker(worker, log, lambda: not Outbox.objects.pending().exists(), relay=True)
    sent = log.read_text()
    assert sent.count("To: un@example.org") == 1
    assert sent.count("To: deux@example.org") == 1
    assert cycle.pk == Outbox.objects.get(kind=PHASE_EVENT).payload["cycle"]

