"""Whose staff a user is, and whether they may act for a member: one rule for every app.

- An account that is not logged in or is switched off (inactive; deleting an account switches it
  off) is no one's staff, no one's moderator and no coordinator, whatever groups it is still in.
- Coordinators are superusers and the active accounts in the network coordinators' group: they
  act for every member.
- A member's staff are the active accounts in its staff group: they act for that member (its
  pages, media, cycle, "Our cycle").
- A member's moderators are the active accounts in its moderator group. They are staff for
  moderation only: the admin shows them the member's data (`served_members`, read by
  communes.scope), but they are not its staff (`staff_members`, `is_staff_of`) and do not act
  for it (`may_act_for`).

What a user may open in the admin is derived from Wagtail's own permissions in communes.scope.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.permission_policies import ModelPermissionPolicy

from communes.models import Member
from communes.roles import COORDINATORS


def _is_someone(user) -> bool:
    """A logged-in, active account: the only kind that holds a role."""
    return user is not None and user.is_authenticated and user.is_active


def is_coordinator(user) -> bool:
    """Superusers and the network's coordinators (active accounts) act for every member."""
    if not _is_someone(user):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_is_network_coordinator", None)
    if cached is None:
        cached = user.groups.filter(name=COORDINATORS).exists()
        user._is_network_coordinator = cached
    return cached


def staff_members(user) -> QuerySet:
    """The members whose staff the user is (not those they only moderate)."""
    if not _is_someone(user):
        return Member.objects.none()
    return Member.objects.filter(staff_group__user=user)


def moderated_members(user) -> QuerySet:
    """The members whose moderators the user is."""
    if not _is_someone(user):
        return Member.objects.none()
    return Member.objects.filter(moderator_group__user=user)


def served_members(user) -> QuerySet:
    """The members the user is staff or a moderator of: those whose data the admin shows them."""
    if not _is_someone(user):
        return Member.objects.none()
    return Member.objects.filter(Q(staff_group__user=user) | Q(moderator_group__user=user)).distinct()


def is_staff_of(user, member: Member) -> bool:
    """Whether the user is on this member's staff."""
    return (_is_someone(user) and member.staff_group_id is not None
            and user.groups.filter(pk=member.staff_group_id).exists())


def may_act_for(user, member: Member) -> bool:
    """Whether the user may act for this member: a coordinator, or one of its staff."""
    return is_coordinator(user) or is_staff_of(user, member)


def staff_of(member: Member) -> QuerySet:
    """The member's staff: the active accounts in its staff group."""
    users = get_user_model().objects
    if member.staff_group_id is None:
        return users.none()
    return users.filter(groups=member.staff_group_id, is_active=True)


class NoDeletePermissionPolicy(ModelPermissionPolicy):
    """Model permissions, without deleting: a member leaves by being archived, a cohort stays on
    the record; their pages and data stay."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return super().user_has_any_permission(user, set(actions) - {"delete"})
