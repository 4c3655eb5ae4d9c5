from django.apps import AppConfig


class CategorisationConfig(AppConfig):
    """Ofsted inspections and indicators (public), and each tenant's schemes and results."""

    name = "categorisation"

    def ready(self) -> None:
        # Celery's autodiscovery reads only `tasks.py`: register the import tasks too.
        from categorisation import home as category_tiles
        from categorisation import import_tasks  # noqa: F401
        from core import home

        category_tiles.register_tiles(home)
        from categorisation.recompute import schedule_recompute
        from schools.signals import school_data_changed

        def recompute_changed_schools(sender, *, tenant, urns, reason, **kwargs) -> None:
            schedule_recompute(urns=urns, reason=reason)

        school_data_changed.connect(recompute_changed_schools, weak=False,
                                    dispatch_uid="categorisation.recompute_changed_schools")
