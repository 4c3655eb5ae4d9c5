from django.apps import AppConfig


class FundingConfig(AppConfig):
    """Funding: de-delegation voted by phase (this slice); strategic funds, contributions,
    traded days and formula allocations follow (issue 11)."""

    name = "funding"

    def ready(self) -> None:
        from core import home
        from funding import home as funding_tiles

        funding_tiles.register_tiles(home)
