from django.apps import AppConfig


class BoardsConfig(AppConfig):
    """Filled by a later issue; the app exists so the layout matches the design card."""

    name = "boards"

    def ready(self) -> None:
        from core import home
        from core.models import Role

        def placeholder(request):
            # Until boards land (their seats will grant these rights), a word for board members.
            return {} if request.membership.role == Role.BOARD_MEMBER else None

        home.register(home.Tile(order=40, template="boards/tiles/placeholder.html",
                                context=placeholder))
