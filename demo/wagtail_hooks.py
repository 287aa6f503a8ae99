"""What the demo plugs into the apps below it (demo.parts)."""

from wagtail import hooks

from accounts.extensions import LOGIN_PAGE_NOTICES
from demo import parts

hooks.register(LOGIN_PAGE_NOTICES, parts.demo_logins_notice)
