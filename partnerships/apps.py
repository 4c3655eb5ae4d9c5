from django.apps import AppConfig


class PartnershipsConfig(AppConfig):
    """Hubs, clusters, consortia and alliances; forming them; hub meetings and consultations."""

    name = "partnerships"

    def ready(self) -> None:
        from core import home, notifications
        from partnerships import home as partnership_tiles
        from partnerships.notifications import SOURCE

        partnership_tiles.register_tiles(home)
        notifications.register(SOURCE)
