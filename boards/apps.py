from django.apps import AppConfig


class BoardsConfig(AppConfig):
    """School improvement boards: terms of reference, seats, meetings, votes and minutes."""

    name = "boards"

    def ready(self) -> None:
        from boards import approvals as board_approvals
        from boards import home as board_tiles
        from boards.notifications import SOURCE
        from boards.permissions import BOARD_READ, BOARD_RUN, seat_grants
        from core import approvals, grants, home, notifications

        board_tiles.register_tiles(home)
        grants.register_holder("boards.seat", seat_grants)
        grants.define(BOARD_READ)
        grants.define(BOARD_RUN)
        notifications.register(SOURCE)
        # Funding's and categorisation's pages show the board decision behind a run or a case.
        approvals.register("funding.run", board_approvals.run_approvals)
        approvals.register("categorisation.moderation", board_approvals.case_decisions)
