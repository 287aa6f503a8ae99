"""Small named helpers the tests share."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

PASSWORD = "a-long-test-password-42"


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


def upload_document(member, title: str):
    """A small text document in the member's collection."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from wagtail.documents import get_document_model

    return get_document_model().objects.create(
        title=title, collection=member.collection,
        file=SimpleUploadedFile(f"{member.territory.slug}.txt", b"Minutes of the council.\n"),
    )


def translated(language: str, text: str) -> str:
    """An interface string as a page in that language shows it (tests read what people read)."""
    from django.utils import translation

    with translation.override(language):
        return translation.gettext(text)
