"""Where the apps above plug into the cycle's pages and the coordinators' dashboard
(website.extensions; docs/architecture.md lists every hook)."""

from dataclasses import dataclass
from typing import Any

# Functions (cycle, language) -> the address of the page where residents read and comment on the
# cycle's draft programme in that language, or None (then the cohorts' consultation page serves).
CONSULTATION_PAGE = "cohorts_consultation_page"
# Functions () -> DashboardColumn(s): columns the coordinators' dashboard adds after its own.
DASHBOARD_COLUMNS = "cohorts_dashboard_columns"


@dataclass(frozen=True)
class DashboardColumn:
    """A column of the dashboard's table and exports. `values(cycles)` returns cycle id -> value
    for one page of rows, in a fixed number of queries; a cycle it leaves out shows "not recorded"."""

    key: str
    label: Any
    values: Any  # Callable[[list[Cycle]], dict[int, Any]]
    order: int = 0
