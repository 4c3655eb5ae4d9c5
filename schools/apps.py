from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    """The register: national establishments and each tenant's schools."""

    name = "schools"

    def ready(self) -> None:
        from core import home, notifications, people, search
        from schools import home as school_tiles
        from schools import tasks  # noqa: F401  (enqueued by name: registered in every process)
        from schools.notifications import SOURCE
        from schools.people import HEADTEACHER_SCHOOL
        from schools.search_source import SOURCE as SEARCH_SOURCE

        people.register(HEADTEACHER_SCHOOL)
        notifications.register(SOURCE)
        school_tiles.register_tiles(home)
        search.register(SEARCH_SOURCE)
