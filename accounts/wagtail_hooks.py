"""What accounts adds to the site's pages (website.extensions): "My data" in the navigation of a
logged-in person."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from website.extensions import NAVIGATION, Link


@hooks.register(NAVIGATION)
def my_data_link() -> Link:
    return Link("my_data", _("My data"), order=10, current_for=("my_data",), group="account")
