from django.apps import AppConfig


class CategorisationConfig(AppConfig):
    """Ofsted inspections and indicators (public), and each tenant's schemes and results."""

    name = "categorisation"
