"""The action model every app reuses (core.actions), through a hub's actions built on it (a hub
is a board: boards' BoardAction)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from boards.models import Board, BoardAction, BoardActionUpdate
from core.actions import Progress, Rag, record_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(tenant_a):
    with scope(tenant=tenant_a):
        hub = Board.objects.create(tenant=tenant_a, name="Hub A")
        yield BoardAction.objects.create(tenant=tenant_a, board=hub, description="Pilot",
                                         owner_name="Ms Patel",
                                         due_date=date.today() - timedelta(days=1))


def test_an_action_past_its_date_is_overdue_until_done_or_cancelled(action, personas):
    assert action.is_overdue()
    assert not action.is_overdue(today=action.due_date)
    record_progress(action, update_model=BoardActionUpdate, actor=None, status=Progress.DONE)
    assert not action.is_overdue() and action.completed_at is not None


def test_every_update_is_kept_with_its_rating(action, personas):
    officer = personas["a"]["officer"]
    record_progress(action, update_model=BoardActionUpdate, actor=officer,
                    status=Progress.IN_PROGRESS, rag=Rag.AMBER, note="Two schools started")
    record_progress(action, update_model=BoardActionUpdate, actor=officer,
                    status=Progress.IN_PROGRESS, rag=Rag.GREEN)
    assert [(u.status, u.rag, u.note) for u in action.updates.all()] == [
        ("in_progress", "amber", "Two schools started"), ("in_progress", "green", "")]
    assert (action.status, action.rag) == ("in_progress", "green")


@pytest.mark.parametrize(("status", "rag", "note", "field"), [
    ("finished", None, "", "status"),
    (Progress.IN_PROGRESS, "purple", "", "rag"),
    (Progress.CANCELLED, None, "  ", "note"),
    (Progress.NOT_STARTED, None, "", "note"),  # nothing changed
])
def test_a_wrong_update_is_refused_naming_the_field_and_nothing_is_kept(
        action, status, rag, note, field):
    with pytest.raises(ValidationError) as refused:
        record_progress(action, update_model=BoardActionUpdate, actor=None, status=status,
                        rag=rag, note=note)
    assert field in refused.value.message_dict
    assert action.updates.count() == 0


def test_a_cancelled_action_is_final(action):
    record_progress(action, update_model=BoardActionUpdate, actor=None,
                    status=Progress.CANCELLED, note="The pilot was dropped")
    with pytest.raises(ValidationError, match="record a new one"):
        record_progress(action, update_model=BoardActionUpdate, actor=None,
                        status=Progress.IN_PROGRESS)
    assert not action.is_overdue()
