"""The cohorts' admin: Wagtail loads this module; each part registers its hooks in its own module."""

from cohorts import admin_hooks, dashboard_hooks  # noqa: F401  (registering is importing)
