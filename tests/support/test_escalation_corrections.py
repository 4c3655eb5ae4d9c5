"""Correcting an escalation step (issue 13 item 9): an officer corrects a step's date, kind or
evidence with a reason; what it said before is kept and shown; the corrected step holds the
same rule as a new one (a kind open to the council for the school on its date)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope, scopes_disabled

from core.models import AuditEvent
from support.models import EscalationStep, EscalationStepRevision
from support.services import escalation as services
from tests.support.test_escalation import BEFORE, FROM, escalate, school_in_support, step

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalation(tenant_a, officer):
    return escalate(tenant_a, officer, school_in_support(tenant_a, officer))


def correct(tenant, actor, found, *, kind=None, on=None, note=None, reason="Wrong date."):
    with scope(tenant=tenant):
        return services.escalation_step_correct(
            tenant=tenant, actor=actor, step=found, kind=kind or found.kind,
            taken_on=on or found.taken_on, note=note if note is not None else found.note,
            reason=reason)


def test_a_corrected_step_keeps_what_it_said_before_and_why(tenant_a, officer, escalation):
    found = step(tenant_a, officer, escalation, "warning_notice", date(2026, 5, 10))
    correct(tenant_a, officer, found, on=date(2026, 5, 12),
            note="Warning notice given by letter.", reason="The letter is dated 12 May.")
    with scopes_disabled():
        corrected = EscalationStep.objects.get()
        assert (corrected.taken_on, corrected.note) == (date(2026, 5, 12),
                                                        "Warning notice given by letter.")
        before = EscalationStepRevision.objects.get()
        assert (before.taken_on, before.note, before.reason) == (
            date(2026, 5, 10), "Done, see letter.", "The letter is dated 12 May.")
        event = AuditEvent.objects.get(action="support.escalation_step_corrected")
        assert event.changes["taken_on"] == ["2026-05-10", "2026-05-12"]


def test_a_duty_moved_past_the_repeal_is_refused_with_the_rule(tenant_a, officer, escalation):
    found = step(tenant_a, officer, escalation, "academy_order_duty", BEFORE)
    with pytest.raises(ValidationError, match="repealed from 29 June 2026") as refused:
        correct(tenant_a, officer, found, on=FROM)
    assert "kind" in refused.value.message_dict
    with scopes_disabled():
        assert EscalationStep.objects.get().taken_on == BEFORE
        assert not EscalationStepRevision.objects.exists()


def test_a_duty_moved_past_the_repeal_may_be_corrected_to_the_power(tenant_a, officer,
                                                                     escalation):
    found = step(tenant_a, officer, escalation, "academy_order_duty", BEFORE)
    corrected = correct(tenant_a, officer, found, kind="academy_order_power", on=FROM)
    assert corrected.kind == "academy_order_power"


def test_a_correction_needs_a_reason_and_a_change(tenant_a, officer, escalation):
    found = step(tenant_a, officer, escalation, "evidence", date(2026, 5, 10))
    with pytest.raises(ValidationError, match="Say why"):
        correct(tenant_a, officer, found, on=date(2026, 5, 11), reason=" ")
    with pytest.raises(ValidationError, match="Nothing changed"):
        correct(tenant_a, officer, found)


def test_a_step_cannot_be_moved_before_the_escalation(tenant_a, officer, escalation):
    found = step(tenant_a, officer, escalation, "evidence", date(2026, 5, 10))
    with pytest.raises(ValidationError, match="cannot be before the escalation"):
        correct(tenant_a, officer, found, on=date(2026, 4, 1))


def test_a_headteacher_cannot_correct_a_step(tenant_a, officer, head, escalation):
    found = step(tenant_a, officer, escalation, "evidence", date(2026, 5, 10))
    with pytest.raises(PermissionDenied):
        correct(tenant_a, head, found, on=date(2026, 5, 11))


def test_the_page_corrects_a_step_and_shows_its_history(tenant_a, client_for, officer,
                                                        escalation):
    found = step(tenant_a, officer, escalation, "evidence", date(2026, 5, 10))
    url = f"/t/{tenant_a.slug}/support/escalation-steps/{found.pk}/correct/"
    refused = client_for(officer).post(url, {"kind": "evidence", "taken_on": "2026-05-11",
                                             "note": "Meeting missed."})
    assert refused.status_code == 400
    response = client_for(officer).post(url, {"kind": "evidence", "taken_on": "2026-05-11",
                                              "note": "Meeting missed.",
                                              "reason": "Typed the wrong day."})
    assert response.status_code == 302
    page = client_for(officer).get(f"/t/{tenant_a.slug}/support/escalations/{escalation.pk}/")
    html = page.content.decode()
    assert "Corrected 1 time" in html and "Typed the wrong day." in html
    assert "Done, see letter." in html
