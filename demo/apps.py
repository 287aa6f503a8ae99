from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo network, above every other app: `seed_demo` runs each app's demo (communes.demo,
    cohorts.demo…) in order, and the log-in page lists the demo's accounts in demo mode."""

    name = "demo"
