"""Personal data under Morocco's law 09-08: consent, access (export) and deletion.

The export's structure is described in the README ("Personal data") and versioned by
EXPORT_FORMAT_VERSION; each list is read in one query, whatever its length.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import ModelLogEntry, PageLogEntry
from wagtail.users.models import UserProfile

from accounts.extensions import ACCOUNT_DELETION, PERSONAL_DATA_SECTIONS, PersonalDataSection
from website.extensions import gather, ordered
from website.outbox import Outbox

# Bump when the privacy notice changes in substance; consent records which version was accepted.
PRIVACY_NOTICE_VERSION = "2026-12"
# Bump when a key of the export is renamed or removed (adding one is not a new format).
EXPORT_FORMAT_VERSION = 2


def record_consent(user) -> None:
    user.privacy_consent_at = timezone.now()
    user.privacy_notice_version = PRIVACY_NOTICE_VERSION
    user.save(update_fields=["privacy_consent_at", "privacy_notice_version"])


def personal_data_sections(user, request=None) -> list[PersonalDataSection]:
    """What the apps above keep about the person (accounts.extensions.PERSONAL_DATA_SECTIONS)."""
    return ordered(gather(PERSONAL_DATA_SECTIONS, user, request))


def export_personal_data(user, request=None, sections: list[PersonalDataSection] | None = None) -> dict:
    """Everything the platform holds about a person, in one document they can download.

    Names and links follow the active language; `request` makes the links absolute. Dates are
    datetimes (the page formats them; the download writes them in ISO 8601). `sections`: the apps
    above's, if already gathered (the page shows them too).
    """
    if sections is None:
        sections = personal_data_sections(user, request)
    return {
        "format_version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now(),
        "language": get_language(),
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "joined_on": user.date_joined,
            "last_login": user.last_login,
            "privacy_notice_accepted_on": user.privacy_consent_at,
            "privacy_notice_version": user.privacy_notice_version,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "second_factor": [
            {"type": authenticator.type, "created_at": authenticator.created_at}
            for authenticator in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "roles": sorted(user.groups.values_list("name", flat=True)),
        "admin_profile": _admin_profile(user, request),
        # The apps above's sections (the members a person follows…), each under its key.
        **{section.key: section.items for section in sections},
        "mails": _mails(user),
        "admin_actions": _admin_actions(user),
    }


def _admin_profile(user, request) -> dict | None:
    """The administration's settings for this person (Wagtail's user profile), if they have one."""
    profile = UserProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    avatar = profile.avatar.url if profile.avatar else None
    return {
        "preferred_language": profile.preferred_language,
        "time_zone": profile.current_time_zone,
        "notifications": {
            "submitted": profile.submitted_notifications,
            "approved": profile.approved_notifications,
            "rejected": profile.rejected_notifications,
            "updated_comments": profile.updated_comments_notifications,
        },
        "avatar": request.build_absolute_uri(avatar) if avatar and request else avatar,
        "theme": profile.theme,
        "contrast": profile.contrast,
        "density": profile.density,
        "keyboard_shortcuts": profile.keyboard_shortcuts,
    }


def _mails(user) -> list[dict]:
    """The mails written to this person and still kept: when, their subject, whether they went.

    Only what a sent mail's row keeps is read (website.mail.sent_record), never a body."""
    exported = []
    for row in Outbox.objects.filter(recipient=user).order_by("created_at", "pk"):
        subject = row.payload.get("subject") if isinstance(row.payload, dict) else None
        if row.done_at is None:
            status = "waiting"
        else:
            # A handler that found nothing to say any more (an unfollowed member) sent nothing.
            status = "sent" if subject is not None else "not_sent"
        exported.append({
            "written_at": row.created_at,
            "sent_at": row.done_at if status == "sent" else None,
            "subject": subject,
            "status": status,
        })
    return exported


def _admin_actions(user) -> list[dict]:
    """What this person did in the administration, from Wagtail's history of pages and objects."""
    entries = [
        *PageLogEntry.objects.filter(user=user).select_related("content_type"),
        *ModelLogEntry.objects.filter(user=user).select_related("content_type"),
    ]
    entries.sort(key=lambda entry: (entry.timestamp, entry.pk))
    return [
        {
            "at": entry.timestamp,
            "action": entry.action,
            "description": str(entry.formatter.label) if entry.formatter else entry.action,
            "object": entry.label,
            "object_type": _model_name(entry.content_type),
        }
        for entry in entries
    ]


def _model_name(content_type) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name) if model else content_type.model


@transaction.atomic
def delete_personal_data(user) -> None:
    """Anonymise the account; remove its addresses, second factors, what the apps above keep
    (ACCOUNT_DELETION: the follows…), admin profile, mails (pending ones too: a password reset for
    a deleted account must not go out) and sessions."""
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    gather(ACCOUNT_DELETION, user)
    Outbox.objects.filter(recipient=user).delete()
    for profile in UserProfile.objects.filter(user=user):
        if profile.avatar:
            # The picture goes once the deletion is committed, never before.
            storage, name = profile.avatar.storage, profile.avatar.name
            transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
        profile.delete()
    user_id = str(user.pk)
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            session.delete()
    user.anonymise()
