"""A board decision that approves a funding allocation run or decides a category moderation
case: the link lives on the boards side (boards calls funding's and categorisation's services
when the motion is carried); funding's run page and categorisation's moderation list show the
approving decision through `core.approvals`, which boards registers. Who may put such a motion
stays the lower apps' rule; an exempt item's text never reaches their pages."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from boards.models import Decision
from boards.services import decisions as decision_services
from boards.services import meetings as meeting_services
from categorisation.models import ModerationCase, SchoolCategory
from categorisation.services import scheme_preset_load
from core import approvals
from core.models import Role
from funding.models import AllocationFormula, AllocationRun, FundingYear
from tests.boards.conftest import EVERYONE, hold_meeting, person
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

SECRET = "EXEMPT-LINK-MARKER-4e2a"


@pytest.fixture
def draft_run(board):
    year = FundingYear.objects.create(tenant=board.tenant, start_year=2025)
    formula = AllocationFormula.objects.create(
        tenant=board.tenant, name="Consortium funding", level_name="Consortium",
        rates={"3A": "25.00"}, triggering_codes=["3A"])
    return AllocationRun.objects.create(
        tenant=board.tenant, year=year, formula=formula, inputs_on=date(2025, 4, 1),
        parameters={"level_name": "Consortium", "rates": {"3A": "25.00"},
                    "triggering_codes": ["3A"], "minimum_pupils": 0,
                    "formula": "Consortium funding", "formula_version": 1})


@pytest.fixture
def open_case(board):
    scheme = scheme_preset_load(tenant=board.tenant, actor=None, preset="warwickshire")
    categories = {c.code: c for c in scheme.categories.all()}
    school = SchoolFactory(tenant=board.tenant)
    disagreement = SchoolCategory.objects.create(
        tenant=board.tenant, school=school, scheme=scheme, category=categories["3C"],
        status=SchoolCategory.Status.DISAGREED, reason="Our new leadership is good.")
    case = ModerationCase.objects.create(tenant=board.tenant, school=school,
                                         disagreement=disagreement)
    return case, categories


def exempt_item(board, meeting):
    return meeting_services.agenda_item_create(
        tenant=board.tenant, actor=board.actor, meeting=meeting, title=f"Funding {SECRET}",
        text=SECRET, is_exempt=True, exempt_paragraph=3, public_interest_reason=SECRET)


def vote_all(board, decision, choice="for"):
    for label in EVERYONE:
        decision_services.vote_record(tenant=board.tenant, actor=board.actor,
                                      decision=decision, voter=board.members[label],
                                      choice=choice)
    return decision_services.decision_close(tenant=board.tenant, actor=board.actor,
                                            decision=decision)


def test_a_carried_motion_confirms_the_run_and_the_run_page_shows_the_decision(
        board, draft_run, client_for):
    admin = person(board.tenant, "Ada Admin", Role.ADMIN)
    meeting = hold_meeting(board, present=EVERYONE)
    item = exempt_item(board, meeting)
    # The officer may not confirm a run: refused when the motion is put, naming the field.
    with pytest.raises(ValidationError) as refused:
        decision_services.decision_create(tenant=board.tenant, actor=board.actor, item=item,
                                          motion="Approve", approves_run=draft_run)
    assert "approves_run" in refused.value.message_dict
    decision = decision_services.decision_create(tenant=board.tenant, actor=admin.user,
                                                 item=item, motion=f"Approve {SECRET}",
                                                 approves_run=draft_run)
    draft_run.refresh_from_db()
    assert not draft_run.is_confirmed  # only once carried
    assert approvals.approvals_of("funding.run", tenant=board.tenant, ids=[draft_run.pk]) == {}
    for label in EVERYONE:
        decision_services.vote_record(tenant=board.tenant, actor=admin.user,
                                      decision=decision, voter=board.members[label],
                                      choice="for")
    decision_services.decision_close(tenant=board.tenant, actor=admin.user, decision=decision)
    draft_run.refresh_from_db()
    assert draft_run.is_confirmed and draft_run.confirmed_by == admin.user
    page = client_for(admin.user).get(f"/t/wiltshire/funding/runs/{draft_run.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and 'data-testid="run-approval"' in body
    assert "Approved by School Improvement Board at its meeting of" in body
    assert f"item {item.number}, carried" in body
    assert SECRET not in body
    # A second motion on a confirmed run is refused.
    with pytest.raises(ValidationError, match="already confirmed"):
        decision_services.decision_create(tenant=board.tenant, actor=admin.user, item=item,
                                          motion="Again", approves_run=draft_run)


def test_a_lost_motion_leaves_the_run_a_draft(board, draft_run):
    admin = person(board.tenant, "Ada Admin", Role.ADMIN)
    meeting = hold_meeting(board, present=EVERYONE)
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Allocation")
    decision = decision_services.decision_create(tenant=board.tenant, actor=admin.user,
                                                 item=item, motion="Approve",
                                                 approves_run=draft_run)
    assert vote_all(board, decision, "against").outcome == Decision.Outcome.LOST
    draft_run.refresh_from_db()
    assert not draft_run.is_confirmed
    assert approvals.approvals_of("funding.run", tenant=board.tenant, ids=[draft_run.pk]) == {}


def test_an_agreed_motion_decides_the_moderation_case_as_the_boards(board, open_case,
                                                                    client_for):
    case, categories = open_case
    meeting = hold_meeting(board, present=EVERYONE)
    item = exempt_item(board, meeting)
    with pytest.raises(ValidationError) as refused:
        decision_services.decision_create(tenant=board.tenant, actor=board.actor, item=item,
                                          motion="Decide", decides_case=case)
    assert "decides_category" in refused.value.message_dict
    decision_services.decision_create(
        tenant=board.tenant, actor=board.actor, item=item, motion=f"Decide {SECRET}",
        method=Decision.Method.WITHOUT_VOTE, decides_case=case,
        decides_category=categories["2B"])
    case.refresh_from_db()
    assert case.status == ModerationCase.Status.DECIDED and case.by_board
    assert case.board_name == "School Improvement Board"
    assert case.decision.category == categories["2B"]
    assert SECRET not in case.decision.reason and f"item {item.number}" in case.decision.reason
    body = client_for(board.officer.user).get(
        "/t/wiltshire/categorisation/moderation/").content.decode()
    assert 'data-testid="case-approval"' in body and SECRET not in body
    assert "Decided by School Improvement Board at its meeting of" in body


def test_a_motion_approves_one_thing_and_only_this_tenants(board, draft_run, open_case,
                                                           tenant_b):
    case, categories = open_case
    admin = person(board.tenant, "Ada Admin", Role.ADMIN)
    meeting = hold_meeting(board, present=EVERYONE)
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Two things")
    with pytest.raises(ValidationError, match="approves one thing"):
        decision_services.decision_create(tenant=board.tenant, actor=admin.user, item=item,
                                          motion="Both", approves_run=draft_run,
                                          decides_case=case, decides_category=categories["2B"])
    other = FundingYear(tenant=tenant_b, start_year=2025)
    other_run = AllocationRun(tenant=tenant_b, year=other, pk=10**9)
    with pytest.raises(ValidationError) as refused:
        decision_services.decision_create(tenant=board.tenant, actor=admin.user, item=item,
                                          motion="Theirs", approves_run=other_run)
    assert "approves_run" in refused.value.message_dict
    assert not Decision.objects.exists()


def test_the_motion_form_offers_draft_runs_and_open_cases(board, draft_run, open_case,
                                                          client_for):
    case, categories = open_case
    meeting = hold_meeting(board, present=EVERYONE)
    item = meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                               meeting=meeting, title="Moderation")
    url = (f"/t/wiltshire/boards/{board.board.pk}/meetings/{meeting.pk}/items/{item.pk}/"
           "decisions/add/")
    officer = client_for(board.officer.user)
    page = officer.get(url).content.decode()
    assert f'value="{draft_run.pk}"' in page and case.school.establishment.name in page
    made = officer.post(url, {"motion": "Decide", "method": "without_vote",
                              "decides_case": case.pk,
                              "decides_category": categories["3C"].pk})
    assert made.status_code == 302
    case.refresh_from_db()
    assert case.status == ModerationCase.Status.DECIDED
    refused = officer.post(url, {"motion": "Approve", "method": "vote",
                                 "approves_run": draft_run.pk})
    assert refused.status_code == 400 and "funding manager" in refused.content.decode()
