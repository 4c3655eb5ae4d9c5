from django.apps import AppConfig


class FundingConfig(AppConfig):
    """Filled by a later issue; the app exists so the layout matches the design card."""

    name = "funding"
