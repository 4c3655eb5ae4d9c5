"""Visit notes: the officer's part with RAG fields, the school's part, the optional quality
check, release, and the headteacher's answer (issue 13 item 3)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope

from core.models import Role
from support.models import NoteStatus, Response
from support.selectors.dashboard import rag_summary
from support.services import notes as services
from support.services.settings import support_settings_update
from tests.factories import MembershipFactory, SchoolFactory, UserFactory
from tests.support.conftest import done_visit, released_note, template, written_note

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(in_a, school):
    return done_visit(in_a, school)


def test_a_note_is_released_at_once_when_the_tenant_does_not_check_notes(in_a, visit,
                                                                         officer):
    note = released_note(in_a, visit, officer)
    assert note.released_at is not None


def test_with_the_quality_check_on_a_note_waits_for_a_senior_officer(in_a, visit, officer,
                                                                     personas):
    support_settings_update(tenant=in_a, actor=personas["a"][Role.ADMIN],
                            notes_quality_check=True)
    note = services.note_submit(tenant=in_a, actor=officer,
                                note=written_note(in_a, visit, officer))
    assert (note.status, note.released_at) == (NoteStatus.AWAITING_CHECK, None)
    with pytest.raises(PermissionDenied):
        services.note_check(tenant=in_a, actor=officer, note=note, approve=True)
    note = services.note_check(tenant=in_a, actor=personas["a"][Role.ADMIN], note=note,
                               approve=True)
    assert note.is_released


def test_nobody_checks_a_note_they_wrote(in_a, visit, personas):
    admin = personas["a"][Role.ADMIN]
    support_settings_update(tenant=in_a, actor=admin, notes_quality_check=True)
    note = services.note_submit(tenant=in_a, actor=admin, note=written_note(in_a, visit, admin))
    with pytest.raises(PermissionDenied):
        services.note_check(tenant=in_a, actor=admin, note=note, approve=True)


def test_a_note_returned_by_the_check_needs_a_comment_and_goes_back_to_draft(
        in_a, visit, officer, personas):
    admin = personas["a"][Role.ADMIN]
    support_settings_update(tenant=in_a, actor=admin, notes_quality_check=True)
    note = services.note_submit(tenant=in_a, actor=officer,
                                note=written_note(in_a, visit, officer))
    with pytest.raises(ValidationError) as refused:
        services.note_check(tenant=in_a, actor=admin, note=note, approve=False, comment="")
    assert "comment" in refused.value.message_dict
    note = services.note_check(tenant=in_a, actor=admin, note=note, approve=False,
                               comment="Name the evidence for the amber rating.")
    assert note.status == NoteStatus.DRAFT and note.released_at is None


def test_a_note_is_not_submitted_before_the_visit_is_recorded(in_a, school, officer):
    from support.services.visits import visit_create
    from tests.support.conftest import TODAY

    visit = visit_create(tenant=in_a, actor=officer, school=school, label="Visit",
                         planned_on=TODAY)
    with pytest.raises(ValidationError):
        services.note_submit(tenant=in_a, actor=officer,
                             note=written_note(in_a, visit, officer))


def test_a_note_is_not_submitted_until_every_field_is_rated(in_a, visit, officer):
    note = services.note_start(tenant=in_a, actor=officer, visit=visit,
                               template=template(in_a, "officer"))
    note = services.note_write(tenant=in_a, actor=officer, note=note, commentary={},
                               ratings={}, summary="Done.")
    with pytest.raises(ValidationError) as refused:
        services.note_submit(tenant=in_a, actor=officer, note=note)
    assert "Progress since the last visit" in str(refused.value.message_dict["ratings"])


@pytest.mark.parametrize("ratings", [{"progress": "purple"}, {"unknown_field": "red"}])
def test_ratings_are_red_amber_or_green_for_the_templates_fields(in_a, visit, officer,
                                                                 ratings):
    note = services.note_start(tenant=in_a, actor=officer, visit=visit,
                               template=template(in_a, "officer"))
    with pytest.raises(ValidationError) as refused:
        services.note_write(tenant=in_a, actor=officer, note=note, commentary={},
                            ratings=ratings)
    assert "ratings" in refused.value.message_dict


def test_the_school_part_is_completed_by_that_schools_head_only(in_a, visit, officer, head):
    note = services.note_start(tenant=in_a, actor=officer, visit=visit,
                               template=template(in_a, "officer"))
    with pytest.raises(PermissionDenied):
        services.note_school_part_save(tenant=in_a, actor=officer, note=note,
                                       answers={"to_raise": "Staffing"})
    note = services.note_school_part_save(tenant=in_a, actor=head, note=note,
                                          answers={"to_raise": "Staffing"})
    assert note.school_answers == {"to_raise": "Staffing"} and note.school_completed_at


def test_only_that_schools_head_may_respond(in_a, visit, officer):
    note = released_note(in_a, visit, officer)
    other_head = MembershipFactory(tenant=in_a, role=Role.HEADTEACHER,
                                   user=UserFactory(email="other.head@example.org"),
                                   school=SchoolFactory(tenant=in_a)).user
    for someone in (officer, other_head):
        with pytest.raises(PermissionDenied):
            services.note_respond(tenant=in_a, actor=someone, note=note,
                                  response=Response.ACCURATE)


def test_marking_a_note_inaccurate_needs_a_comment(in_a, visit, officer, head):
    note = released_note(in_a, visit, officer)
    with pytest.raises(ValidationError) as refused:
        services.note_respond(tenant=in_a, actor=head, note=note,
                              response=Response.INACCURATE, comment=" ")
    assert "comment" in refused.value.message_dict
    note = services.note_respond(tenant=in_a, actor=head, note=note,
                                 response=Response.INACCURATE,
                                 comment="Year 6 data were last year's.")
    assert (note.response, note.responded_by) == (Response.INACCURATE, head)


def test_a_head_answers_a_note_once(in_a, visit, officer, head):
    note = released_note(in_a, visit, officer)
    note = services.note_respond(tenant=in_a, actor=head, note=note,
                                 response=Response.ACCURATE)
    with pytest.raises(ValidationError):
        services.note_respond(tenant=in_a, actor=head, note=note,
                              response=Response.INACCURATE, comment="Changed my mind")


def test_a_head_cannot_answer_a_note_not_yet_released(in_a, visit, officer, head):
    note = written_note(in_a, visit, officer)
    with pytest.raises(ValidationError):
        services.note_respond(tenant=in_a, actor=head, note=note, response=Response.ACCURATE)


def test_the_rag_dashboard_counts_released_notes_only(in_a, school, officer):
    released_note(in_a, done_visit(in_a, school), officer, rating="red")
    released_note(in_a, done_visit(in_a, school), officer, rating="red")
    written_note(in_a, done_visit(in_a, school), officer, rating="green")
    [row] = rag_summary()
    assert (row.field_label, row.red, row.amber, row.green) == (
        "Progress since the last visit", 2, 0, 0)


def test_a_visit_of_another_tenant_gets_no_note(in_a, personas, officer):
    with scope(tenant=personas["b"]["school"].tenant):
        other = done_visit(personas["b"]["school"].tenant, personas["b"]["school"])
    with pytest.raises(ValidationError) as refused:
        services.note_start(tenant=in_a, actor=officer, visit=other,
                            template=template(in_a, "officer"))
    assert "visit" in refused.value.message_dict
