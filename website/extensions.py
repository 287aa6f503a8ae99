"""How an app plugs into the pages and services of the apps below it.

A lower app never names a higher one (docs/architecture.md). Where it needs parts from above (a
section of the member page, a column of the dashboard, a permission of a role), it declares a hook
name in its own `extensions.py` and gathers what the apps above register under that name in their
`wagtail_hooks.py`, with Wagtail's hook registry:

    # cohorts/wagtail_hooks.py
    @hooks.register(communes.extensions.MEMBER_PAGE_PANELS)
    def cycle_panels(context): ...

Every hook name is listed, with what its functions take and return, in docs/architecture.md.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from wagtail import hooks


def gather(name: str, *args, **kwargs) -> list[Any]:
    """What the functions registered under `name` return, in their registration order.

    A function may return one part, an iterable of parts, or None (nothing to add this time).
    """
    parts: list[Any] = []
    for function in hooks.get_hooks(name):
        result = function(*args, **kwargs)
        if result is None:
            continue
        if isinstance(result, Iterable) and not isinstance(result, str | bytes | dict):
            parts.extend(result)
        else:
            parts.append(result)
    return parts


def ordered(parts: Iterable[Any]) -> list[Any]:
    """Parts sorted by their `order` attribute (stable: equal orders keep registration order)."""
    return sorted(parts, key=lambda part: getattr(part, "order", 0))


@dataclass(frozen=True)
class Part:
    """A piece of a page that an app above adds: its template, rendered in the page's context
    with `context` on top, in a named `slot` of the page, sorted by `order`."""

    template: str
    context: dict = field(default_factory=dict)
    slot: str = "main"
    order: int = 0


@dataclass(frozen=True)
class Link:
    """An entry of the site's main navigation: a URL name, its label, and the view names for which
    it is the current page. Group "main" is shown to everyone after "Home"; group "account" to a
    logged-in person, before "Log out"."""

    url_name: str
    label: str
    order: int = 0
    current_for: tuple[str, ...] = ()
    group: str = "main"


# Hooks of the site's own pages (docs/architecture.md lists every hook).
# Functions () -> Link(s): entries of the main navigation (group "main", after "Home"; group
# "account", for a logged-in person).
NAVIGATION = "website_navigation"
# Functions (request, page) -> Part(s) of the network's home page, in slots "actions" (the hero's
# buttons), "before_body" and "after_body" (around the page's own text).
HOME_PAGE_PARTS = "website_home_page_parts"
# Functions (request) -> Part(s) of the "page not found" page, under its explanation.
NOT_FOUND_PARTS = "website_not_found_parts"


def parts_by_slot(parts: Iterable[Part]) -> dict[str, list[Part]]:
    slots: dict[str, list[Part]] = {}
    for part in ordered(parts):
        slots.setdefault(part.slot, []).append(part)
    return slots
