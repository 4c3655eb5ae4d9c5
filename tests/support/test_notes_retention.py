"""Retention of visit notes that name staff (issue 13 item 2): the officer flags the note; the
nightly task redacts each flagged note once the tenant's retention period (months from the
visit) has passed, with an audit record saying which note and why; the rest are kept."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django_scopes import scope, scopes_disabled

from core.models import AuditEvent, Role
from support import tasks
from support.models import NoteRating, VisitNote
from support.services import retention
from support.services.settings import support_settings_update
from tests.support.conftest import done_visit, released_note

pytestmark = pytest.mark.django_db
VISITED = date(2024, 3, 15)


@pytest.fixture
def note(tenant_a, school, officer):
    with scope(tenant=tenant_a):
        visit = done_visit(tenant_a, school, on=VISITED)
        found = released_note(tenant_a, visit, officer)
        return retention.note_names_staff_set(tenant=tenant_a, actor=officer, note=found,
                                              names_staff=True)


def apply(tenant, today):
    with scope(tenant=tenant):
        return retention.notes_retention_apply(tenant=tenant, today=today)


def test_a_note_naming_staff_is_kept_until_the_retention_period_ends(tenant_a, note):
    # The default period is 24 months from the visit: kept until 15 March 2026.
    assert apply(tenant_a, date(2026, 3, 14)) == []
    with scopes_disabled():
        assert VisitNote.objects.get().summary == "Steady progress."


def test_a_note_naming_staff_is_redacted_on_the_day_its_period_ends_and_audited(tenant_a,
                                                                                note):
    assert [n.pk for n in apply(tenant_a, date(2026, 3, 15))] == [note.pk]
    with scopes_disabled():
        redacted = VisitNote.objects.get()
        assert redacted.summary == retention.REDACTED
        assert redacted.commentary["findings"] == retention.REDACTED
        assert set(redacted.commentary.values()) == {retention.REDACTED}
        assert redacted.redacted_at is not None
        assert "kept 24 months from the visit, until 15 March 2026" in redacted.redaction_reason
        # The ratings name nobody: the dashboard still counts them.
        assert NoteRating.objects.filter(note=redacted).count() == 1
        event = AuditEvent.objects.get(action="support.note_redacted")
        assert "it named staff" in event.summary and "24 months" in event.summary


def test_the_tenants_own_period_applies(tenant_a, personas, note):
    with scope(tenant=tenant_a):
        support_settings_update(tenant=tenant_a, actor=personas["a"][Role.ADMIN],
                                staff_notes_retention_months=6)
    assert apply(tenant_a, date(2024, 9, 14)) == []
    assert len(apply(tenant_a, date(2024, 9, 15))) == 1


def test_a_note_not_naming_staff_is_kept_whatever_its_age(tenant_a, officer, note):
    with scope(tenant=tenant_a):
        retention.note_names_staff_set(tenant=tenant_a, actor=officer, note=note,
                                       names_staff=False)
    assert apply(tenant_a, date(2040, 1, 1)) == []


def test_running_it_twice_redacts_and_audits_once(tenant_a, note):
    apply(tenant_a, date(2026, 6, 1))
    assert apply(tenant_a, date(2026, 6, 2)) == []
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="support.note_redacted").count() == 1


def test_the_nightly_sweep_runs_the_task_for_each_tenant(tenant_a, note, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: date(2026, 4, 1))
    with scopes_disabled():
        assert tasks.notes_retention_sweep.apply().get() >= 1
        assert VisitNote.objects.get().redacted_at is not None


def test_the_redacted_note_says_so_on_its_page(client_for, tenant_a, officer, note):
    apply(tenant_a, date(2026, 6, 1))
    page = client_for(officer).get(f"/t/{tenant_a.slug}/support/visits/{note.visit_id}/")
    html = page.content.decode()
    assert "text was redacted" in html and "Steady progress." not in html


def test_an_officer_flags_a_note_from_the_page(client_for, tenant_a, officer, note):
    url = f"/t/{tenant_a.slug}/support/visits/{note.visit_id}/note/names-staff/"
    assert client_for(officer).post(url, {}).status_code == 302
    with scopes_disabled():
        assert VisitNote.objects.get().names_staff is False
    assert client_for(officer).post(url, {"names_staff": "on"}).status_code == 302
    with scopes_disabled():
        assert VisitNote.objects.get().names_staff is True


def test_a_headteacher_cannot_flag_a_note(tenant_a, head, note):
    with scope(tenant=tenant_a), pytest.raises(PermissionDenied):
        retention.note_names_staff_set(tenant=tenant_a, actor=head, note=note,
                                       names_staff=False)
