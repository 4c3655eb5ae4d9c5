"""The demo board's priorities and actions (demo.board_actions), seeded on the test board:
three priorities and actions in every RAG state, one overdue, one done, one cancelled."""

import pytest
from django.utils import timezone
from django_scopes import scope

from boards.models import BoardAction, BoardPriority
from boards.selectors.actions import open_actions
from demo.board_actions import seed_actions

pytestmark = pytest.mark.django_db


def test_the_demo_board_gets_three_priorities_and_actions_in_every_state(board):
    with scope(tenant=board.tenant):
        seed_actions(tenant=board.tenant, board=board.board, clerk=board.clerk,
                     today=timezone.localdate())
        assert BoardPriority.objects.filter(board=board.board).count() == 3
        actions = BoardAction.objects.filter(board=board.board)
        assert actions.count() == 6
        assert set(actions.values_list("rag", flat=True)) >= {"red", "amber", "green"}
        assert set(actions.values_list("status", flat=True)) == {
            "not_started", "in_progress", "done", "cancelled"}
        overdue = [row.action for row in open_actions(board=board.board) if row.is_overdue]
        assert len(overdue) == 1 and overdue[0].rag == "red"
        assert actions.filter(owner__isnull=True).exclude(owner_name="").count() == 1
