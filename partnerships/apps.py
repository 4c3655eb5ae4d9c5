from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    """Hubs, clusters, consortia and alliances; forming them; hub meetings and consultations."""

    name = "partnerships"

    def ready(self) -> None:
        from core import grants, home, notifications
        from partnerships import home as partnership_tiles
        from partnerships.notifications import SOURCE
        from partnerships.permissions import HUB_MANAGE, hub_chair_grants

        partnership_tiles.register_tiles(home)
        grants.register_holder("partnerships.hub_chair", hub_chair_grants)
        grants.define(HUB_MANAGE)
        notifications.register(SOURCE)
