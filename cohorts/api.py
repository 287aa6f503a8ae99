"""Open data: /api/v2/cohorts/ (filled by the cohorts API work)."""


def register(router) -> None:
    """Add this app's endpoints to the platform's API router."""
