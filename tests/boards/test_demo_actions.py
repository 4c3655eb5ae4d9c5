"""The demo board's priorities and actions (demo.board_actions), seeded on the test board:
three priorities this year (one last year's, ended) and actions in every RAG state, one
overdue, one done, one cancelled."""

import pytest
from django.utils import timezone
from django_scopes import scope

from boards.models import BoardAction, BoardPriority
from boards.selectors.actions import open_actions
from core.years import AcademicYear
from demo.board_actions import seed_actions

pytestmark = pytest.mark.django_db


def test_the_demo_board_gets_three_priorities_and_actions_in_every_state(board):
    with scope(tenant=board.tenant):
        seed_actions(tenant=board.tenant, board=board.board, clerk=board.clerk,
                     today=timezone.localdate())
        this_year = AcademicYear.of(timezone.localdate()).start_year
        assert BoardPriority.objects.filter(board=board.board,
                                            academic_year=this_year).count() == 3
        # Last year's, achieved and ended, shown on request.
        assert BoardPriority.objects.get(board=board.board,
                                         academic_year=this_year - 1).end_reason
        actions = BoardAction.objects.filter(board=board.board)
        assert actions.count() == 6
        assert set(actions.values_list("rag", flat=True)) >= {"red", "amber", "green"}
        assert set(actions.values_list("status", flat=True)) == {
            "not_started", "in_progress", "done", "cancelled"}
        overdue = [row.action for row in open_actions(board=board.board) if row.is_overdue]
        assert len(overdue) == 1 and overdue[0].rag == "red"
        assert actions.filter(owner__isnull=True).exclude(owner_name="").count() == 1
