"""The one rule of communes.permissions: whose staff a user is, and who may act for a member.

Active staff act for their member only; a switched-off account is no one's staff, moderator or
coordinator, whatever groups it is still in; moderators see their member's data but are not its
staff; coordinators and superusers act for every member without being anyone's staff.
"""

import pytest
from django.contrib.auth.models import AnonymousUser

from communes import scope
from communes.models import Member
from communes.permissions import (
    NoDeletePermissionPolicy,
    is_coordinator,
    is_staff_of,
    may_act_for,
    moderated_members,
    served_members,
    staff_members,
    staff_of,
)
from tests.helpers import make_user

pytestmark = pytest.mark.django_db


def switched_off(user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


def answers(user, member) -> dict:
    return {
        "coordinator": is_coordinator(user),
        "staff_members": list(staff_members(user)),
        "moderated": list(moderated_members(user)),
        "served": list(served_members(user)),
        "is_staff_of": is_staff_of(user, member),
        "may_act_for": may_act_for(user, member),
        "in_scope": scope.member_in_scope(user, member.pk),
    }


def test_active_staff_are_their_members_staff_and_no_one_elses(member_a, member_b, staff_of_a):
    assert answers(staff_of_a, member_a) == {
        "coordinator": False, "staff_members": [member_a], "moderated": [], "served": [member_a],
        "is_staff_of": True, "may_act_for": True, "in_scope": True,
    }
    assert not is_staff_of(staff_of_a, member_b)
    assert not may_act_for(staff_of_a, member_b)
    assert not scope.member_in_scope(staff_of_a, member_b.pk)
    assert list(staff_of(member_a)) == [staff_of_a]
    assert list(staff_of(member_b)) == []


def test_a_switched_off_account_is_no_ones_staff_moderator_or_coordinator(member_a, staff_of_a, coordinator):
    from django.contrib.auth.models import Group

    from communes.roles import COORDINATORS

    staff_of_a.groups.add(member_a.moderator_group, Group.objects.get(name=COORDINATORS))
    switched_off(staff_of_a)
    switched_off(coordinator)
    for user in (staff_of_a, coordinator):
        assert answers(user, member_a) == {
            "coordinator": False, "staff_members": [], "moderated": [], "served": [],
            "is_staff_of": False, "may_act_for": False, "in_scope": False,
        }
    assert list(staff_of(member_a)) == []


def test_moderators_see_their_members_data_but_are_not_its_staff(member_a, member_b):
    moderator = make_user("moderator.a@example.org", groups=[member_a.moderator_group])
    assert answers(moderator, member_a) == {
        "coordinator": False, "staff_members": [], "moderated": [member_a], "served": [member_a],
        "is_staff_of": False, "may_act_for": False, "in_scope": True,
    }
    assert not scope.member_in_scope(moderator, member_b.pk)
    assert list(staff_of(member_a)) == []


def test_staff_who_also_moderate_are_served_once(member_a):
    both = make_user("both.a@example.org", groups=[member_a.staff_group, member_a.moderator_group])
    assert list(served_members(both)) == [member_a]
    assert may_act_for(both, member_a)


@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_coordinators_and_superusers_act_for_every_member_and_are_no_ones_staff(role, member_a, member_b,
                                                                                 coordinator):
    user = coordinator if role == "coordinator" else make_user("root@example.org", is_superuser=True)
    for member in (member_a, member_b):
        assert answers(user, member) == {
            "coordinator": True, "staff_members": [], "moderated": [], "served": [],
            "is_staff_of": False, "may_act_for": True, "in_scope": True,
        }
    assert list(scope.members_in_scope(user).order_by("pk")) == list(Member.objects.order_by("pk"))


def test_residents_and_anonymous_visitors_hold_no_role(member_a, resident):
    for user in (resident, AnonymousUser()):
        assert answers(user, member_a) == {
            "coordinator": False, "staff_members": [], "moderated": [], "served": [],
            "is_staff_of": False, "may_act_for": False, "in_scope": False,
        }


def test_no_delete_policy_refuses_deleting_and_keeps_the_other_model_permissions(member_a, coordinator):
    policy = NoDeletePermissionPolicy(Member)
    assert policy.user_has_permission(coordinator, "change")
    assert not policy.user_has_permission(coordinator, "delete")
    assert not policy.user_has_any_permission(coordinator, ["delete"])
    assert policy.user_has_any_permission(coordinator, ["delete", "change"])
    superuser = make_user("root@example.org", is_superuser=True)
    assert not policy.user_has_permission(superuser, "delete")
