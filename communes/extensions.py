"""Where the apps above plug into the members' pages, the directory and the roles
(website.extensions; docs/architecture.md lists every hook)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from website.extensions import gather, ordered

# Functions () -> Section(s): the pages every member's space starts with, created when it joins.
MEMBER_SECTIONS = "communes_member_sections"
# Functions (request, member, page) -> website.extensions.Part(s) of a member's page, in slots
# "main" (above "Take part"), "take_part" (its cards) and "aside".
MEMBER_PAGE_PANELS = "communes_member_page_panels"
# Functions () -> DirectoryFilter(s): filters of the members directory, after region and level.
DIRECTORY_FILTERS = "communes_directory_filters"
# Functions () -> Grant(s): model permissions a role holds (coordinators; each member's staff).
ROLE_PERMISSIONS = "communes_role_permissions"


@dataclass(frozen=True)
class Section:
    """A page every member's space starts with, under its member page, in every language."""

    model: type  # a page model whose parent_page_types name communes.MemberPage
    slug: str
    title: Any  # lazy: translated at join time, in each page's language
    order: int = 0

    @property
    def label(self) -> str:
        return self.model._meta.label


def member_sections() -> list[Section]:
    return ordered(gather(MEMBER_SECTIONS))


class DirectoryFilter:
    """A filter of the members directory: a form field, how it narrows the members, and what it
    adds to each row shown."""

    name: str

    def field(self):
        """The form field (built per request: its choices may come from the database)."""
        raise NotImplementedError

    def filter(self, members: QuerySet, value) -> QuerySet:
        raise NotImplementedError

    def row_tags(self, members: list) -> dict[int, list["RowTag"]]:
        """Member id -> what the directory's row shows for this filter, for one page of rows, in a
        fixed number of queries."""
        return {}


@dataclass(frozen=True)
class RowTag:
    """A short mark on a directory row (e.g. the member's cohort)."""

    kind: str
    text: str


def directory_filters() -> list[DirectoryFilter]:
    return gather(DIRECTORY_FILTERS)


COORDINATORS_ROLE = "coordinators"
STAFF_ROLE = "staff"


@dataclass(frozen=True)
class Grant:
    """A model permission (`app_label`, `codename`) a role holds."""

    role: str
    app_label: str
    codename: str


def granted(role: str) -> list[tuple[str, str]]:
    return [(grant.app_label, grant.codename) for grant in gather(ROLE_PERMISSIONS) if grant.role == role]
