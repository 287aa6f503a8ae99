from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunesConfig(AppConfig):
    name = "communes"
    verbose_name = _("Collectivities and members")

    def ready(self) -> None:
        from communes.api import MembersAPIViewSet, TerritoriesAPIViewSet
        from website.api import api_router

        api_router.register_endpoint("territories", TerritoriesAPIViewSet)
        api_router.register_endpoint("members", MembersAPIViewSet)
