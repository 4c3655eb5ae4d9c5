from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    """Hubs, clusters, consortia and alliances; forming them; consultations. (A hub's meetings
    are boards'.)"""

    name = "partnerships"

    def ready(self) -> None:
        from core import grants, home, search
        from partnerships import home as partnership_tiles
        from partnerships.permissions import HUB_MANAGE, hub_chair_grants
        from partnerships.search_source import SOURCE as SEARCH_SOURCE

        partnership_tiles.register_tiles(home)
        grants.register_holder("partnerships.hub_chair", hub_chair_grants)
        grants.define(HUB_MANAGE)
        search.register(SEARCH_SOURCE)
