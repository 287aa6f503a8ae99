"""What the demo adds to the pages of the apps below it, through their extension points;
registered in demo/wagtail_hooks.py."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext

from communes.demo import DEMO_PASSWORD
from communes.models import Member
from communes.roles import COORDINATORS
from website.extensions import Part


def demo_logins_notice(request) -> Part | None:
    """In demo mode (embedded demo only), the log-in page lists the demo accounts with their role."""
    if not settings.DEMO_MODE:
        return None
    return Part("demo/login_notice.html", {"accounts": demo_accounts(), "password": DEMO_PASSWORD})


def demo_accounts() -> list[dict]:
    """The demo loader's active accounts, in the order it made them, with their role."""
    users = get_user_model().objects.filter(is_demo=True, is_active=True).prefetch_related("groups").order_by("pk")
    staff_of = {m.staff_group_id: m for m in Member.objects.filter(
        staff_group__user__is_demo=True).select_related("territory")}
    accounts = []
    for user in users:
        groups = list(user.groups.all())
        members = [staff_of[g.pk] for g in groups if g.pk in staff_of]
        if any(g.name == COORDINATORS for g in groups):
            role = gettext("Network coordinator")
        elif members:
            role = gettext("Staff of %(member)s") % {"member": members[0].territory.name}
        else:
            role = gettext("Resident")
        accounts.append({"email": user.email, "role": role})
    return accounts
