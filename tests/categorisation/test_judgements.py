"""Officer judgements as services: a Wiltshire capacity level proposed, agreed, disagreed and
moderated; the Welsh improvement capacity recorded; refusals naming the field; an audit row for
every step; and the recompute reading only what counts."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope

from categorisation import recompute, selectors
from categorisation.judgements import (
    judgement_agree,
    judgement_disagree,
    judgement_moderate,
    judgement_record,
)
from categorisation.models import CategoryProposal, OfficerJudgement
from categorisation.schemes.judgements import CAPACITY_LEVEL, IMPROVEMENT_CAPACITY
from categorisation.selectors.judgements import (
    judgement_disagreements,
    judgement_kinds_offered,
    school_judgements,
)
from categorisation.services import inspections_import, scheme_preset_load
from core.models import AuditEvent
from tests.categorisation.conftest import TODAY
from tests.categorisation.workflow_setup import grade_row

pytestmark = pytest.mark.django_db
Status = OfficerJudgement.Status


@pytest.fixture
def wiltshire(tenant_a, personas):
    """Tenant A runs the Wiltshire preset; its persona school is Good, so the data propose 2."""
    school = personas["a"]["school"]
    with scope(tenant=tenant_a):
        scheme_preset_load(tenant=tenant_a, actor=None, preset="wiltshire")
    inspections_import(rows=[grade_row(school.urn, "K1", "Good")], today=TODAY)
    return school


@pytest.fixture
def welsh(tenant_b, personas):
    with scope(tenant=tenant_b):
        scheme_preset_load(tenant=tenant_b, actor=None, preset="welsh")
    return personas["b"]["school"]


def proposed_code(tenant, school) -> str:
    recompute.recompute_targets({tenant.pk: [school.pk]})
    with scope(tenant=tenant):
        proposal = (CategoryProposal.objects.filter(school=school, status="open")
                    .select_related("category").get())
    return proposal.category.code


def propose(tenant, personas, school, value="4", reason="Results fell two years running."):
    return judgement_record(tenant=tenant, actor=personas["a"]["officer"], school=school,
                            key="capacity_level", value=value, reason=reason)


def field_of(refusal: pytest.ExceptionInfo) -> set[str]:
    return set(refusal.value.message_dict)


def test_a_proposed_level_does_not_count_until_the_school_agrees_and_then_it_wins(
        tenant_a, personas, wiltshire, django_capture_on_commit_callbacks):
    assert proposed_code(tenant_a, wiltshire) == "2"
    with scope(tenant=tenant_a):
        propose(tenant_a, personas, wiltshire, value="4")
    assert proposed_code(tenant_a, wiltshire) == "2"

    with scope(tenant=tenant_a), django_capture_on_commit_callbacks() as callbacks:
        judgement_agree(tenant=tenant_a, actor=personas["a"]["headteacher"], school=wiltshire,
                        key="capacity_level", note="We need the support.")
    assert callbacks, "agreeing schedules the school's recompute"
    assert proposed_code(tenant_a, wiltshire) == "4"


def test_the_welsh_capacity_counts_at_once_and_the_recompute_reads_it(
        tenant_b, personas, welsh, django_capture_on_commit_callbacks):
    with scope(tenant=tenant_b), django_capture_on_commit_callbacks() as callbacks:
        step = judgement_record(tenant=tenant_b, actor=personas["b"]["officer"], school=welsh,
                                key="improvement_capacity", value="b",
                                reason="Strong middle leaders; governors challenge well.")
        inputs = selectors.school_inputs(tenant=tenant_b, schools=[welsh])
    assert (step.status, step.value) == (Status.RECORDED, "B")
    assert callbacks
    value, text = inputs[welsh.pk].judgements["improvement_capacity"]
    assert value == "B" and text.endswith("Strong middle leaders; governors challenge well.")


def test_a_welsh_tenant_is_offered_the_capacity_a_to_d_and_never_a_wiltshire_level(
        tenant_b, personas, welsh):
    with scope(tenant=tenant_b):
        assert judgement_kinds_offered(tenant=tenant_b) == [IMPROVEMENT_CAPACITY]
        with pytest.raises(ValidationError) as refusal:
            judgement_record(tenant=tenant_b, actor=personas["b"]["officer"], school=welsh,
                             key="capacity_level", value="1", reason="Strong.")
    assert field_of(refusal) == {"key"}


def test_a_wiltshire_tenant_is_offered_the_capacity_level_only(tenant_a, wiltshire):
    with scope(tenant=tenant_a):
        assert judgement_kinds_offered(tenant=tenant_a) == [CAPACITY_LEVEL]


@pytest.mark.parametrize("value", ["5", "0", "A", ""])
def test_a_level_outside_1_to_4_is_refused_naming_the_value(tenant_a, personas, wiltshire, value):
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as refusal:
        propose(tenant_a, personas, wiltshire, value=value)
    assert refusal.value.message_dict == {"value": ["Choose a capacity level from 1 to 4"]}


def test_a_capacity_outside_a_to_d_is_refused_naming_the_value(tenant_b, personas, welsh):
    with scope(tenant=tenant_b), pytest.raises(ValidationError) as refusal:
        judgement_record(tenant=tenant_b, actor=personas["b"]["officer"], school=welsh,
                         key="improvement_capacity", value="E", reason="Weak.")
    assert refusal.value.message_dict == {"value": ["Choose an improvement capacity from A "
                                                    "to D"]}


def test_a_judgement_without_a_reason_is_refused_naming_the_reason(
        tenant_a, personas, wiltshire):
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as refusal:
        propose(tenant_a, personas, wiltshire, reason="  ")
    assert field_of(refusal) == {"reason"}


def test_a_judgement_dated_in_the_future_is_refused_naming_the_date(tenant_b, personas, welsh):
    with scope(tenant=tenant_b), pytest.raises(ValidationError) as refusal:
        judgement_record(tenant=tenant_b, actor=personas["b"]["officer"], school=welsh,
                         key="improvement_capacity", value="A", reason="Strong.",
                         judged_on=timezone.localdate() + timedelta(days=1))
    assert field_of(refusal) == {"judged_on"}


def test_a_school_of_another_tenant_is_refused_naming_the_school(
        tenant_a, personas, wiltshire):
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as refusal:
        propose(tenant_a, personas, personas["b"]["school"])
    assert field_of(refusal) == {"school"}


@pytest.mark.parametrize("role", ["headteacher", "board_member", "viewer"])
def test_only_an_officer_may_make_a_judgement(tenant_a, personas, wiltshire, role):
    with scope(tenant=tenant_a), pytest.raises(PermissionDenied):
        judgement_record(tenant=tenant_a, actor=personas["a"][role], school=wiltshire,
                         key="capacity_level", value="2", reason="Because.")


def test_only_the_schools_headteacher_answers_a_proposed_level(tenant_a, personas, wiltshire):
    with scope(tenant=tenant_a):
        propose(tenant_a, personas, wiltshire)
        for role in ("officer", "admin", "viewer"):
            with pytest.raises(PermissionDenied):
                judgement_agree(tenant=tenant_a, actor=personas["a"][role], school=wiltshire,
                                key="capacity_level")


def test_there_is_nothing_to_agree_before_a_level_is_proposed(tenant_a, personas, wiltshire):
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as refusal:
        judgement_agree(tenant=tenant_a, actor=personas["a"]["headteacher"], school=wiltshire,
                        key="capacity_level")
    assert "There is no capacity level waiting" in refusal.value.messages[0]


def test_a_disagreement_goes_to_moderation_and_the_agreed_level_stays_until_decided(
        tenant_a, personas, wiltshire):
    head = personas["a"]["headteacher"]
    with scope(tenant=tenant_a):
        propose(tenant_a, personas, wiltshire, value="2", reason="Secure and outward-looking.")
        judgement_agree(tenant=tenant_a, actor=head, school=wiltshire, key="capacity_level")
        propose(tenant_a, personas, wiltshire, value="3", reason="Key stage 2 results fell.")
        with pytest.raises(ValidationError) as refusal:
            judgement_disagree(tenant=tenant_a, actor=head, school=wiltshire,
                               key="capacity_level", reason="")
        assert field_of(refusal) == {"reason"}
        disagreement = judgement_disagree(tenant=tenant_a, actor=head, school=wiltshire,
                                          key="capacity_level",
                                          reason="A one-off cohort of 12 pupils.")
        assert list(judgement_disagreements(tenant=tenant_a)) == [disagreement]
        [judgement] = school_judgements(tenant=tenant_a, school=wiltshire)
        assert (judgement.in_force.value, judgement.disputed) == ("2", disagreement)
        with pytest.raises(ValidationError):
            propose(tenant_a, personas, wiltshire, value="4")
    assert proposed_code(tenant_a, wiltshire) == "2"

    with scope(tenant=tenant_a):
        decided = judgement_moderate(tenant=tenant_a, actor=personas["a"]["admin"],
                                     disagreement=disagreement, value="3",
                                     reason="The fall is across three cohorts.")
        assert list(judgement_disagreements(tenant=tenant_a)) == []
        with pytest.raises(ValidationError):
            judgement_moderate(tenant=tenant_a, actor=personas["a"]["admin"],
                               disagreement=disagreement, value="2", reason="Again.")
    assert (decided.status, decided.previous_value) == (Status.MODERATED, "2")
    assert proposed_code(tenant_a, wiltshire) == "3"


def test_an_officer_records_a_boards_decision_only_naming_the_board(
        tenant_a, personas, wiltshire):
    officer = personas["a"]["officer"]
    with scope(tenant=tenant_a):
        propose(tenant_a, personas, wiltshire)
        disagreement = judgement_disagree(tenant=tenant_a, actor=personas["a"]["headteacher"],
                                          school=wiltshire, key="capacity_level",
                                          reason="We are improving.")
        with pytest.raises(PermissionDenied):
            judgement_moderate(tenant=tenant_a, actor=officer, disagreement=disagreement,
                               value="3", reason="Board met.")
        with pytest.raises(ValidationError) as refusal:
            judgement_moderate(tenant=tenant_a, actor=officer, disagreement=disagreement,
                               value="3", reason="Board met.", by_board=True)
        assert field_of(refusal) == {"board_name"}
        step = judgement_moderate(tenant=tenant_a, actor=officer, disagreement=disagreement,
                                  value="3", reason="Board met.", by_board=True,
                                  board_name="Schools Forum")
    assert step.note == "Decided by Schools Forum: Board met."


def test_every_step_is_audited_with_who_why_and_the_previous_value(
        tenant_a, personas, wiltshire):
    head = personas["a"]["headteacher"]
    with scope(tenant=tenant_a):
        propose(tenant_a, personas, wiltshire, value="2", reason="Secure.")
        judgement_agree(tenant=tenant_a, actor=head, school=wiltshire, key="capacity_level")
        propose(tenant_a, personas, wiltshire, value="3", reason="Results fell.")
        judgement_disagree(tenant=tenant_a, actor=head, school=wiltshire,
                           key="capacity_level", reason="One small cohort.")
        events = list(AuditEvent.objects.filter(action__startswith="categorisation.judgement_")
                      .order_by("pk"))
        history = school_judgements(tenant=tenant_a, school=wiltshire)[0].history
    assert [(e.action.split(".")[1], e.actor_id, e.changes["capacity_level"]) for e in events] == [
        ("judgement_proposed", personas["a"]["officer"].pk, ["", "2"]),
        ("judgement_agreed", head.pk, ["", "2"]),
        ("judgement_proposed", personas["a"]["officer"].pk, ["2", "3"]),
        ("judgement_disagreed", head.pk, ["2", "3"]),
    ]
    assert "Results fell." in events[2].summary and "One small cohort." in events[3].summary
    assert [step.status for step in history] == [
        Status.DISAGREED, Status.PROPOSED, Status.AGREED, Status.PROPOSED]
