"""Personal data under Morocco's law 09-08: consent, access (export) and deletion."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

# Bump when the privacy notice changes in substance; consent records which version was accepted.
PRIVACY_NOTICE_VERSION = "2026-11"


def record_consent(user) -> None:
    user.privacy_consent_at = timezone.now()
    user.privacy_notice_version = PRIVACY_NOTICE_VERSION
    user.save(update_fields=["privacy_consent_at", "privacy_notice_version"])


def export_personal_data(user) -> dict:
    """Everything the platform holds about a person, in one document they can download."""
    return {
        "account": {
            "email": user.email,
            "name_shown_publicly": user.display_name,
            "joined_on": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "privacy_notice_accepted_on": user.privacy_consent_at.isoformat() if user.privacy_consent_at else None,
            "privacy_notice_version": user.privacy_notice_version,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user)
        ],
        "second_factor": [
            {"type": authenticator.type, "created_at": authenticator.created_at.isoformat()}
            for authenticator in Authenticator.objects.filter(user=user)
        ],
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "follows": [
            {"member": follow.member.territory.code, "since": follow.created_at.isoformat()}
            for follow in user.follows.select_related("member__territory").order_by("created_at")
        ],
        "exported_at": timezone.now().isoformat(),
    }


@transaction.atomic
def delete_personal_data(user) -> None:
    """Anonymise the account, remove its addresses, second factors and open sessions."""
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.follows.all().delete()
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            session.delete()
    user.anonymise()
