"""Undetermined is a state (issue 10, finding 2): where a rule needs a trend the data do not
give, the proposal names the categories it cannot choose between and an officer chooses, with a
reason; nothing defaults silently to "improving"."""

import pytest
from django_scopes import scope, scopes_disabled

from categorisation import workflow
from categorisation.models import CategoryProposal, SchoolCategory
from categorisation.schemes import engine
from tests.categorisation.test_scheme_presets import IMPROVING, categorise, graded
from tests.categorisation.workflow_setup import make_proposal

pytestmark = pytest.mark.django_db


def test_a_good_school_with_no_results_is_not_determined_never_improving():
    outcome = categorise("warwickshire", inspections=[graded(2)])
    assert outcome.category is None
    assert outcome.undetermined == ("2A", "2B")
    assert outcome.reasons[-1] == ("not determined: an officer chooses between 2A Good - "
                                   "improving and 2B Good - declining")


def test_with_results_the_trend_decides():
    assert categorise("warwickshire", inspections=[graded(2)], indicators=IMPROVING).category \
        == "2A"


def test_an_undetermined_rule_must_name_two_categories_of_the_scheme():
    definition = {"rules": [{"undetermined": ["2A"], "when": {"fact": "trend", "op": "exists"}},
                            {"undetermined": ["2A", "9Z"],
                             "when": {"fact": "trend", "op": "exists"}}]}
    problems = engine.definition_problems(definition, {"2A", "2B"})
    assert any("two or more categories" in problem for problem in problems)
    assert any("'9Z'" in problem for problem in problems)


@pytest.fixture
def undetermined(tenant_a, personas, django_capture_on_commit_callbacks):
    proposal, categories = make_proposal(tenant_a, personas["a"]["school"],
                                         django_capture_on_commit_callbacks, words="Good")
    return proposal, categories


def test_the_proposal_names_the_choices_and_offers_no_confirm(undetermined, tenant_a, personas,
                                                             client_for):
    proposal, _ = undetermined
    assert proposal.category is None and proposal.undetermined == ["2A", "2B"]
    page = client_for(personas["a"]["officer"]).get(
        f"/t/{tenant_a.slug}/categorisation/proposals/{proposal.pk}/").content.decode()
    assert "Not determined: 2A or 2B" in page
    assert 'data-testid="confirm-proposal"' not in page
    queue = client_for(personas["a"]["officer"]).get(
        f"/t/{tenant_a.slug}/categorisation/proposals/").content.decode()
    assert "Not determined: 2A or 2B" in queue


def test_confirming_an_undetermined_proposal_is_refused(undetermined, tenant_a, personas):
    proposal, _ = undetermined
    with scope(tenant=tenant_a), pytest.raises(workflow.WorkflowRefused, match="choose one"):
        workflow.proposal_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                  proposal=proposal)


def test_the_officer_chooses_with_a_reason_and_the_history_says_so(undetermined, tenant_a,
                                                                  personas):
    proposal, categories = undetermined
    with scope(tenant=tenant_a):
        step = workflow.proposal_override(
            tenant=tenant_a, actor=personas["a"]["officer"], proposal=proposal,
            category=categories["2B"], reason="Outcomes dipped in the adviser's last visit.")
    assert (step.category.code, step.status) == ("2B", SchoolCategory.Status.CHOSEN)
    assert step.get_status_display() == "Chosen by an officer (the data did not decide)"
    with scopes_disabled():
        assert CategoryProposal.objects.get(pk=proposal.pk).status == "overridden"
