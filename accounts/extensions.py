"""Where the apps above plug into a person's account: their personal data (seen, downloaded,
deleted: law 09-08) and the log-in page (website.extensions; docs/architecture.md lists every hook)."""

from dataclasses import dataclass
from typing import Any

# Functions (user, request) -> PersonalDataSection(s): what an app above keeps about the person.
# "My personal data" shows each section after the administration settings, in `order`, and the
# download writes its items under its key, in the same place. `request` may be None.
PERSONAL_DATA_SECTIONS = "accounts_personal_data_sections"
# Functions (user) -> None: erase what an app above keeps about the person. Called inside the
# account deletion's transaction, before the account is anonymised.
ACCOUNT_DELETION = "accounts_account_deletion"
# Functions (request) -> website.extensions.Part or None: a notice above the log-in form, its
# template rendered in the page's context with the part's context on top, in `order`.
LOGIN_PAGE_NOTICES = "accounts_login_page_notices"


@dataclass(frozen=True)
class PersonalDataSection:
    """One part of a person's data: `items` (plain data, written in the download under `key`), and
    on the page `title` as a heading, then `template`, rendered with `section` in its context."""

    key: str
    title: Any  # translated, or lazy
    items: list
    template: str
    order: int = 0
