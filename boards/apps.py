from django.apps import AppConfig


class BoardsConfig(AppConfig):
    """Filled by a later issue; the app exists so the layout matches the design card."""

    name = "boards"
