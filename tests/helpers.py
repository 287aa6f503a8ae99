"""Small named helpers the tests share: people, files, times in Casablanca and the outbox's worker."""

import socket
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

PASSWORD = "a-long-test-password-42"
CASABLANCA = ZoneInfo("Africa/Casablanca")


def make_user(email: str, *, groups=(), **fields):
    """A user with a verified e-mail address, in the given groups."""
    user = get_user_model().objects.create_user(email=email, password=PASSWORD, **fields)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    user.groups.add(*groups)
    return user


def add_totp(user):
    """Give the user a TOTP authenticator through allauth's own API; returns it."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    return TOTP.activate(user, generate_totp_secret()).instance


def totp_code(authenticator, offset_periods: int = 0) -> str:
    """The code the user's authenticator app shows now (or `offset_periods` periods away)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    counter = int(time.time()) // app_settings.TOTP_PERIOD + offset_periods
    return format_hotp_value(hotp_value(decrypt(authenticator.data["secret"]), counter))


def login_to_admin(client, user):
    """Log the user in as after password and TOTP code: allauth's records of both in the session.

    The real log-in form and code step are tested in tests/test_mfa.py; this keeps the many other
    admin tests clear of the log-in rate limits.
    """
    from allauth.account.internal.flows.login import record_authentication
    from allauth.mfa.models import Authenticator
    from django.test import RequestFactory

    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    authenticator = authenticator or add_totp(user)
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, "password", email=user.email)
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
    return client


def png_bytes(size: tuple[int, int] = (8, 8), colour: str = "#006233") -> bytes:
    """A real PNG image, as Wagtail's image model wants one."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def upload_image(member, title: str):
    """An image in the member's collection."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.images import get_image_model

    return get_image_model().objects.create(
        title=title, collection=member.collection,
        file=SimpleUploadedFile(f"{member.territory.slug}.png", png_bytes(), content_type="image/png"),
    )


def pdf_bytes(padding: int = 0) -> bytes:
    """A real one-page PDF (the demo's); `padding` bytes of comment after it."""
    from cohorts.demo import demo_pdf

    pdf = demo_pdf("Minutes of the council")
    return pdf + (b"%" + b"x" * (padding - 2) + b"\n" if padding else b"")


def pdf_upload(name: str = "deliberation.pdf", content: bytes | None = None):
    """A PDF as a form's file field receives it (`content` to send other bytes under that name)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, content_type="application/pdf")


def upload_pdf(member, title: str = "Deliberation", *, name: str = "deliberation.pdf", content: bytes | None = None):
    """A document in the member's collection: a real PDF unless told otherwise."""
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(title=title, collection=member.collection,
                                               file=pdf_upload(name, content))


def upload_document(member, title: str):
    """A small text document in the member's collection."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(
        title=title, collection=member.collection,
        file=SimpleUploadedFile(f"{member.territory.slug}.txt", b"Minutes of the council.\n"),
    )


def translated(language: str, text, **values) -> str:
    """An interface string as a page in that language shows it (tests read what people read): a
    message id or a lazy string of the code, its placeholders filled with `values` (a callable
    value is called in that language)."""
    from django.utils import translation

    with translation.override(language):
        shown = translation.gettext(text) if isinstance(text, str) else str(text)
        if not values:
            return shown
        return shown % {name: value() if callable(value) else value for name, value in values.items()}


def casablanca(year, month, day, hour=12, minute=0, second=0) -> datetime:
    """An aware datetime in Africa/Casablanca (Morocco's offset changes during Ramadan): what the
    tests pass as a service's `now`."""
    return datetime(year, month, day, hour, minute, second, tzinfo=CASABLANCA)


def today(days: int = 0) -> date:
    """Today in Casablanca (the site's time zone), or the day `days` away from it."""
    from django.utils import timezone

    return timezone.localdate() + timedelta(days=days)


def first_of_month(months: int = 0, day: date | None = None) -> date:
    """The first day of the month `months` away from `day`'s (today's unless given)."""
    day = day or today()
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


# The outbox's worker -----------------------------------------------------------------------------

def run_outbox(**options) -> int:
    """Carry out the outbox in this process, as the embedded relay does, pass after pass until
    nothing is left to do now (a row's handler may write more rows); returns how many were done."""
    from website.relay import relay_once

    total = 0
    for _ in range(10):
        done = relay_once(embedded=True, **options)
        if not done:
            return total
        total += done
    raise AssertionError("the relay never went quiet")


def closed_port() -> int:
    """A local port nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(url) and redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def database_url_for_subprocess() -> str:
    """The URL of the test database this process uses, for a worker or relay started beside it."""
    from urllib.parse import quote

    from django.db import connection

    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def wait_for_worker(worker, log, done, *, relay: bool = False, seconds: int = 90) -> None:
    """Wait until `done()` holds while the real worker (the `celery_worker_process` fixture) works,
    relaying published rows on each turn if `relay`; fails with the worker's log if it stops."""
    import time

    from website.relay import relay_once

    deadline = time.monotonic() + seconds
    while not done() and time.monotonic() < deadline:
        assert worker.poll() is None, f"the worker stopped:\n{log.read_text()}"
        if relay:
            relay_once(embedded=False)
        time.sleep(0.2)
    assert done(), f"the worker did not finish in {seconds} s:\n{log.read_text()}"
