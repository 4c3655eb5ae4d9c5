from django.apps import AppConfig


class SupportConfig(AppConfig):
    """Support: visits planned from the category's entitlement and recorded with structured
    notes the headteacher answers (issue 13); system leaders, brokering, RISE cases, peer review
    and programmes follow."""

    name = "support"

    def ready(self) -> None:
        from categorisation.signals import categories_changed
        from core import grants, home, notifications, school_panels
        from support import home as support_tiles
        from support import (  # noqa: F401  (tasks: registered by name)
            panels,
            peer_review_notifications,
            receivers,
            tasks,
        )
        from support.notes_access import SCHOOL_NOTES_READ, notes_grants
        from support.notifications import SOURCE
        from support.peer_review_access import PEER_REVIEW, peer_review_grants

        support_tiles.register_tiles(home)
        panels.register_panels(school_panels)
        notifications.register(SOURCE)
        notifications.register(peer_review_notifications.SOURCE)
        grants.register_holder("support.peer_review", peer_review_grants)
        grants.define(PEER_REVIEW)
        grants.register_holder("support.notes_grant", notes_grants)
        grants.define(SCHOOL_NOTES_READ)
        categories_changed.connect(receivers.on_categories_changed,
                                   dispatch_uid="support.on_categories_changed")
