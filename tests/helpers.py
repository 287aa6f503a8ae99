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
