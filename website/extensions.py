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
