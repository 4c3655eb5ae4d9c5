from django.apps import AppConfig


class BoardsConfig(AppConfig):
    """School improvement boards: terms of reference, seats, meetings, votes and minutes."""

    name = "boards"

    def ready(self) -> None:
        from boards import approvals as board_approvals
        from boards import home as board_tiles
        from boards import tasks  # noqa: F401  (registered by name)
        from boards.hub_pages import hub_page_address
        from boards.notifications import SOURCE
        from boards.permissions import BOARD_READ, BOARD_RUN, seat_grants
        from boards.receivers import on_partnerships_changed
        from core import approvals, forwarding, grants, home, notifications
        from partnerships.signals import memberships_changed, partnerships_created, roles_changed

        board_tiles.register_tiles(home)
        grants.register_holder("boards.seat", seat_grants)
        grants.define(BOARD_READ)
        grants.define(BOARD_RUN)
        notifications.register(SOURCE)
        # Funding's and categorisation's pages show the board decision behind a run or a case.
        approvals.register("funding.run", board_approvals.run_approvals)
        approvals.register("categorisation.moderation", board_approvals.case_decisions)
        # A hub is a board: it is made with its partnership and its seats follow the hub; the
        # hub pages partnerships used to serve redirect here.
        forwarding.register("partnerships.hub", hub_page_address)
        for name, hook in (("created", partnerships_created), ("members", memberships_changed),
                           ("roles", roles_changed)):
            hook.connect(on_partnerships_changed, weak=False, dispatch_uid=f"boards.hubs.{name}")
