"""Interests: the standing register per member, declarations per member per item, the vote
bar for a disclosable pecuniary interest (lifted by a dispensation), the pages and the API."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from boards.models import Declaration, InterestKind, RegisteredInterest
from boards.services import decisions as decision_services
from boards.services import interests as services
from boards.services import meetings as meeting_services
from tests.boards.conftest import ALLIANCES, hold_meeting, person

pytestmark = pytest.mark.django_db

EVERYONE = ["Independent chair", *[f"{a} alliance" for a in ALLIANCES], "Local authority"]
DPI = InterestKind.DISCLOSABLE_PECUNIARY


@pytest.fixture
def item(board):
    meeting = hold_meeting(board, present=EVERYONE)
    return meeting_services.agenda_item_create(
        tenant=board.tenant, actor=board.actor, meeting=meeting,
        title="Commissioning: maths support from Chesil Teaching School")


def declare(board, item, label="Chesil alliance", kind=DPI, note="Director of the provider"):
    who = board.members[label]
    return services.declaration_record(tenant=board.tenant, actor=who.user, item=item,
                                       person=who, kind=kind, note=note)


def motion(board, item):
    return decision_services.decision_create(tenant=board.tenant, actor=board.actor, item=item,
                                             motion="Commission the support.")


def vote(board, decision, label="Chesil alliance"):
    return decision_services.vote_record(tenant=board.tenant, actor=board.actor,
                                         decision=decision, voter=board.members[label],
                                         choice="for")


# --- The register -----------------------------------------------------------------------------


def test_a_member_registers_an_interest_of_their_own(board):
    head = board.members["Chesil alliance"]
    interest = services.interest_register(tenant=board.tenant, actor=head.user,
                                          board=board.board, holder=head,
                                          kind=InterestKind.OTHER_REGISTRABLE,
                                          description=" Governor of Hardy's School ")
    assert (interest.description, interest.registered_on) == ("Governor of Hardy's School",
                                                              date.today())


def test_a_member_cannot_register_an_interest_for_another_member(board):
    head = board.members["Chesil alliance"]
    with pytest.raises(PermissionDenied):
        services.interest_register(tenant=board.tenant, actor=head.user, board=board.board,
                                   holder=board.members["Purbeck alliance"], kind=DPI,
                                   description="Shares in a provider")


def test_the_register_is_for_seat_holders_only(board):
    outsider = person(board.tenant, "Nina Noseat")
    with pytest.raises(ValidationError) as refused:
        services.interest_register(tenant=board.tenant, actor=board.actor, board=board.board,
                                   holder=outsider, kind=DPI, description="Shares")
    assert "holds no seat" in refused.value.message_dict["holder"][0]


def test_an_interest_is_ended_not_deleted_and_cannot_be_registered_twice(board):
    head = board.members["Chesil alliance"]
    interest = services.interest_register(tenant=board.tenant, actor=board.actor,
                                          board=board.board, holder=head, kind=DPI,
                                          description="Shares in a provider",
                                          registered_on=date.today() - timedelta(days=10))
    with pytest.raises(ValidationError) as twice:
        services.interest_register(tenant=board.tenant, actor=board.actor, board=board.board,
                                   holder=head, kind=DPI, description="shares in a provider")
    assert "description" in twice.value.message_dict
    services.interest_end(tenant=board.tenant, actor=head.user, interest=interest)
    assert RegisteredInterest.objects.get(pk=interest.pk).ended_on == date.today()
    with pytest.raises(ValidationError) as again:
        services.interest_end(tenant=board.tenant, actor=head.user, interest=interest)
    assert "ended_on" in again.value.message_dict


def test_a_bad_kind_is_refused_naming_the_field(board):
    with pytest.raises(ValidationError) as refused:
        services.interest_register(tenant=board.tenant, actor=board.actor, board=board.board,
                                   holder=board.members["Chesil alliance"], kind="bribe",
                                   description="x")
    assert "kind" in refused.value.message_dict


# --- Declarations and the vote bar -----------------------------------------------------------


def test_a_declaration_is_one_per_member_per_item_and_a_new_one_replaces_it(board, item):
    declare(board, item, kind=InterestKind.NON_REGISTRABLE, note="Friend of the director")
    declare(board, item, kind=DPI, note="Director of the provider")
    [declaration] = Declaration.objects.filter(item=item)
    assert (declaration.kind, declaration.note) == (DPI, "Director of the provider")


def test_a_declaration_needs_a_note_and_a_seat(board, item):
    with pytest.raises(ValidationError) as no_note:
        declare(board, item, note="  ")
    assert "note" in no_note.value.message_dict
    outsider = person(board.tenant, "Nina Noseat")
    with pytest.raises(ValidationError) as no_seat:
        services.declaration_record(tenant=board.tenant, actor=board.actor, item=item,
                                    person=outsider, kind=DPI, note="Shares")
    assert "holds no seat" in no_seat.value.message_dict["person"][0]


def test_a_member_with_a_disclosable_pecuniary_interest_cannot_vote_on_the_item(board, item):
    declare(board, item)
    decision = motion(board, item)
    with pytest.raises(ValidationError) as refused:
        vote(board, decision)
    assert refused.value.message_dict["voter"] == [
        "Chesil Head declared a disclosable pecuniary interest in item 1, so cannot vote on it "
        "unless a dispensation is recorded."]
    # The other members vote as usual.
    vote(board, decision, "Purbeck alliance")


def test_other_interests_do_not_bar_the_vote(board, item):
    declare(board, item, kind=InterestKind.OTHER_REGISTRABLE, note="Governor of a client")
    assert vote(board, motion(board, item)).choice == "for"


def test_a_recorded_dispensation_lets_the_member_vote(board, item):
    declaration = declare(board, item)
    services.dispensation_record(tenant=board.tenant, actor=board.clerk.user,
                                 declaration=declaration,
                                 dispensation="Monitoring officer, 3 March 2025, for item 1.")
    assert vote(board, motion(board, item)).voter == board.members["Chesil alliance"]


def test_a_dispensation_is_refused_for_an_interest_that_bars_nothing_and_for_a_member(board,
                                                                                      item):
    declaration = declare(board, item, kind=InterestKind.NON_REGISTRABLE)
    with pytest.raises(ValidationError) as needless:
        services.dispensation_record(tenant=board.tenant, actor=board.actor,
                                     declaration=declaration, dispensation="Granted")
    assert "dispensation" in needless.value.message_dict
    pecuniary = declare(board, item)
    with pytest.raises(PermissionDenied):
        services.dispensation_record(tenant=board.tenant,
                                     actor=board.members["Chesil alliance"].user,
                                     declaration=pecuniary, dispensation="I grant it myself")


def test_approved_minutes_take_no_new_declarations(board, item):
    from boards.models import Minutes
    Minutes.objects.create(tenant=board.tenant, meeting=item.meeting, status="approved")
    with pytest.raises(ValidationError) as locked:
        declare(board, item)
    assert "item" in locked.value.message_dict


def test_another_tenants_person_or_item_is_refused(board, item, tenant_b):
    with scopes_disabled():
        stranger = person(tenant_b, "Bea Other")
    with pytest.raises(ValidationError):
        services.declaration_record(tenant=board.tenant, actor=board.actor, item=item,
                                    person=stranger, kind=DPI, note="x")
    with pytest.raises(ValidationError):
        services.interest_register(tenant=board.tenant, actor=board.actor, board=board.board,
                                   holder=stranger, kind=DPI, description="x")
    assert not Declaration.objects.exists() and not RegisteredInterest.objects.exists()


# --- Pages and API ---------------------------------------------------------------------------


def declarations_url(board, item):
    return f"/t/wiltshire/boards/{board.board.pk}/meetings/{item.meeting_id}/declarations/"


def test_the_declarations_page_shows_each_members_registered_interests_beside_the_items(
        board, item, client_for):
    head = board.members["Chesil alliance"]
    services.interest_register(tenant=board.tenant, actor=board.actor, board=board.board,
                               holder=head, kind=DPI,
                               description="Director of Chesil Teaching School Ltd")
    body = client_for(head.user).get(declarations_url(board, item)).content.decode()
    assert "Registered interests to consider" in body
    assert "Director of Chesil Teaching School Ltd" in body


def test_a_member_declares_through_the_page_for_themselves_only(board, item, client_for):
    head = board.members["Chesil alliance"]
    client = client_for(head.user)
    response = client.post(declarations_url(board, item), {
        "item": item.pk, "person": head.pk, "kind": DPI, "note": "Director of the provider"})
    assert response.status_code == 302
    assert Declaration.objects.get(item=item).person == head
    # Another member is not among their choices: a clear 400 naming the field.
    other = client.post(declarations_url(board, item), {
        "item": item.pk, "person": board.members["Purbeck alliance"].pk, "kind": DPI,
        "note": "x"})
    assert other.status_code == 400 and "govuk-error-summary" in other.content.decode()
    assert Declaration.objects.count() == 1


def test_the_vote_page_refuses_a_barred_member_with_the_reason(board, item, client_for):
    declare(board, item)
    decision = motion(board, item)
    url = (f"/t/wiltshire/boards/{board.board.pk}/meetings/{item.meeting_id}/decisions/"
           f"{decision.pk}/")
    response = client_for(board.clerk.user).post(url, {
        "voter": board.members["Chesil alliance"].pk, "choice": "for"})
    assert response.status_code == 400
    assert "declared a disclosable pecuniary interest" in response.content.decode()


def test_the_api_records_a_declaration_and_refuses_bad_input_with_a_400(board, item,
                                                                       client_for):
    head = board.members["Chesil alliance"]
    client = client_for(head.user)
    url = (f"/api/t/wiltshire/boards/{board.board.pk}/meetings/{item.meeting_id}/"
           "declarations/")
    made = client.post(url, {"item": item.pk, "person": head.pk, "kind": DPI,
                             "note": "Director"}, content_type="application/json")
    assert made.status_code == 201 and made.json()["bars_voting"] is True
    bad = client.post(url, {"item": item.pk, "person": head.pk, "kind": DPI, "note": " "},
                      content_type="application/json")
    assert bad.status_code == 400 and "note" in bad.json()
    listed = client.get(url).json()
    assert [row["person_name"] for row in listed["results"]] == ["Chesil Head"]


def test_the_declarations_page_makes_the_same_queries_however_many_declarations(
        board, item, client_for):
    client = client_for(board.clerk.user)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(declarations_url(board, item)).status_code == 200
        return len(queries)

    declare(board, item)
    one = count()
    for label in ("Purbeck alliance", "Blackmore Vale alliance", "Local authority"):
        declare(board, item, label=label, kind=InterestKind.OTHER_REGISTRABLE)
        services.interest_register(tenant=board.tenant, actor=board.actor, board=board.board,
                                   holder=board.members[label], kind=DPI,
                                   description=f"Interest of {label}")
    with scope(tenant=board.tenant):
        assert count() == one
