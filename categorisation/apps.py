from django.apps import AppConfig


class CategorisationConfig(AppConfig):
    """Ofsted inspections and indicators (public), and each tenant's schemes and results."""

    name = "categorisation"

    def ready(self) -> None:
        # Celery's autodiscovery reads only `tasks.py`: register the import tasks too.
        from categorisation import import_tasks  # noqa: F401
