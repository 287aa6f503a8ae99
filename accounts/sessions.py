"""Staff sessions end sooner than residents': after a spell without activity, and after a day.

A session that can enter the admin is marked when its user logs in (accounts.signal_handlers),
or first opens the admin, for someone who joined a member's staff while logged in. A marked
session ends when it has been idle for STAFF_SESSION_IDLE_MINUTES or has lasted
STAFF_SESSION_HOURS; residents keep Django's SESSION_COOKIE_AGE.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

SINCE = "staff_session_since"
SEEN = "staff_session_seen"
# Activity is written to the session at most this often, not on every request.
TOUCH_SECONDS = 60
ADMIN_ACCESS = "wagtailadmin.access_admin"


def _idle_seconds() -> int:
    return settings.STAFF_SESSION_IDLE_MINUTES * 60


def start_staff_session(request) -> None:
    now = time.time()
    request.session[SINCE] = request.session[SEEN] = now
    request.session.set_expiry(_idle_seconds())


def _ended(request) -> str | None:
    """Why this staff session is over, or None while it runs."""
    now = time.time()
    if now - request.session[SEEN] > _idle_seconds():
        return _("You were logged out after %(minutes)d minutes without activity. "
                 "Log in again to go on.") % {"minutes": settings.STAFF_SESSION_IDLE_MINUTES}
    if now - request.session[SINCE] > settings.STAFF_SESSION_HOURS * 3600:
        return _("A staff session lasts %(hours)d hours at most. Log in again to go on.") % {
            "hours": settings.STAFF_SESSION_HOURS}
    return None


class StaffSessionMiddleware:
    """Ends staff sessions that are idle or too old; keeps the others' activity up to date."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            session = request.session
            if SINCE not in session and request.path_info.startswith("/admin/") \
                    and user.has_perm(ADMIN_ACCESS):
                start_staff_session(request)
            if SINCE in session:
                reason = _ended(request)
                if reason:
                    logout(request)
                    messages.info(request, reason)
                elif time.time() - session[SEEN] > TOUCH_SECONDS:
                    session[SEEN] = time.time()
                    session.set_expiry(_idle_seconds())
        return self.get_response(request)
