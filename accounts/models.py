"""People on the platform: residents, members' staff and moderators, network coordinators."""

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EmailUserManager(UserManager):
    """Creates users identified by their e-mail address."""

    use_in_migrations = True

    def _create_user(self, username, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra_fields)

    def create_superuser(self, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in with an e-mail address; no user name."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("name shown publicly"), max_length=150, blank=True)
    # Accounts made by the demo loader; the embedded demo may let them skip the second factor.
    is_demo = models.BooleanField(default=False, editable=False)
    # Law 09-08: when the person accepted the privacy notice, and which version of it.
    privacy_consent_at = models.DateTimeField(_("privacy notice accepted on"), null=True, blank=True)
    privacy_notice_version = models.CharField(max_length=20, blank=True)
    # Deletion anonymises the row and keeps it (contributions keep their author's place).
    deleted_at = models.DateTimeField(_("deleted on"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name or super().get_full_name() or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email

    def anonymise(self) -> None:
        """Erase what identifies the person; keep the row so that references stay valid."""
        self.email = f"deleted-{self.pk}@deleted.invalid"
        self.display_name = self.first_name = self.last_name = ""
        self.privacy_consent_at = None
        self.privacy_notice_version = ""
        self.is_active = self.is_staff = self.is_superuser = False
        self.deleted_at = timezone.now()
        self.set_unusable_password()
        self.save()
        self.groups.clear()
        self.user_permissions.clear()

