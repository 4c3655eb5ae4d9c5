from django.apps import AppConfig


class FundingConfig(AppConfig):
    """Funding: de-delegation voted by phase, and formula allocations to partnerships from
    confirmed categories (issue 11); strategic funds, contributions and traded days follow."""

    name = "funding"

    def ready(self) -> None:
        from categorisation.signals import categories_changed
        from core import home, notifications
        from funding import home as funding_tiles
        from funding import receivers, tasks  # noqa: F401  (tasks: registered by name)
        from funding.notifications import SOURCE

        funding_tiles.register_tiles(home)
        notifications.register(SOURCE)
        categories_changed.connect(receivers.on_categories_changed,
                                   dispatch_uid="funding.on_categories_changed")
