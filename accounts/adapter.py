"""allauth, adapted: the client's address behind proxies, and no free text of a person in mail."""

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import ImproperlyConfigured


def account_address(user) -> str:
    """How allauth names a person (ACCOUNT_USER_DISPLAY): by the address they log in with.

    The public name is free text typed at sign-up; printed into the confirmation mail sent to
    an address, it would let anyone write a line of their choosing into a stranger's inbox.
    """
    return user.email


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request) -> str:
        """The address the rate limits count (ALLAUTH_TRUSTED_PROXY_COUNT).

        A request with fewer forwarded addresses than trusted proxies did not come through all
        of them: count it against the peer that sent it, instead of failing with a 500.
        """
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            return request.META["REMOTE_ADDR"]
