from django.apps import AppConfig


class CategorisationConfig(AppConfig):
    """Ofsted inspections and indicators (public), and each tenant's schemes and results."""

    name = "categorisation"

    def ready(self) -> None:
        # The tasks are enqueued by name (core.tasks.enqueue_on_commit): register them in every
        # process.
        from categorisation import home as category_tiles
        from categorisation import tasks  # noqa: F401
        from categorisation.notifications import SOURCE
        from categorisation.published import school_is_outstanding
        from categorisation.recompute import schedule_recompute
        from core import home, notifications
        from schools import questions
        from schools.signals import school_data_changed

        category_tiles.register_tiles(home)
        questions.answer_with("is_outstanding", school_is_outstanding)
        notifications.register(SOURCE)
        from categorisation.permissions import (
            SCHOOL_CATEGORY_READ,
            chair_of_governors_grants,
            governed_school_grants,
        )
        from core import grants
        from schools.selectors import SCHOOL_FACTS_READ

        grants.register_holder("categorisation.chair_of_governors", chair_of_governors_grants)
        grants.register_holder("categorisation.governed_school", governed_school_grants)
        grants.define(SCHOOL_CATEGORY_READ)
        grants.define(SCHOOL_FACTS_READ)

        def recompute_changed_schools(sender, *, tenant, urns, reason, **kwargs) -> None:
            schedule_recompute(urns=urns, reason=reason)

        school_data_changed.connect(recompute_changed_schools, weak=False,
                                    dispatch_uid="categorisation.recompute_changed_schools")
