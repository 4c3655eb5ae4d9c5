"""Proposal -> confirm or override -> agree or disagree -> moderation; refusals and history."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope, scopes_disabled

from categorisation import recompute, workflow
from categorisation.models import CategoryProposal, ModerationCase, SchoolCategory
from categorisation.services import inspections_import, scheme_preset_load
from categorisation.workflow import WorkflowRefused
from core.models import AuditEvent
from tests.categorisation.conftest import TODAY

pytestmark = pytest.mark.django_db


def grade(urn, number, words, start="2025-01-14"):
    return {"URN": str(urn), "Inspection number": number, "Inspection start date": start,
            "Overall effectiveness": words, "Category of concern": "",
            "Safeguarding is effective?": "Yes"}


@pytest.fixture
def proposed(tenant_a, personas, django_capture_on_commit_callbacks):
    """Tenant A runs Warwickshire; its persona school was just inspected Requires improvement."""
    school = personas["a"]["school"]
    with scope(tenant=tenant_a):
        scheme = scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    with django_capture_on_commit_callbacks(execute=True):
        inspections_import(rows=[grade(school.urn, "W1", "Requires improvement")], today=TODAY)
        recompute.schedule_recompute(urns=[school.urn], reason="test")
    with scope(tenant=tenant_a):
        proposal = CategoryProposal.objects.select_related("category").get(school=school)
        categories = {c.code: c for c in scheme.categories.all()}
    return {"school": school, "proposal": proposal, "categories": categories,
            "people": personas["a"], "tenant": tenant_a}


def confirm(p, capture=None):
    with scope(tenant=p["tenant"]):
        return workflow.proposal_confirm(tenant=p["tenant"], actor=p["people"]["officer"],
                                         proposal=p["proposal"])


def test_an_officer_confirms_a_proposal_and_it_becomes_the_category_in_force(proposed):
    step = confirm(proposed)
    assert (step.status, step.category.code, step.is_current) == ("confirmed", "3C", True)
    assert step.decided_by == proposed["people"]["officer"]
    assert step.reasons == proposed["proposal"].reasons
    assert step.evidence["inspection.grade"] == 3
    proposed["proposal"].refresh_from_db()
    assert proposed["proposal"].status == "confirmed"


def test_the_headteacher_is_emailed_when_the_category_is_confirmed(
        proposed, mailoutbox, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "http://testserver"
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        confirm(proposed)
    [mail] = mailoutbox
    assert mail.to == ["headteacher@wiltshire.example.org"]
    assert "category 3C confirmed" in mail.subject
    assert "3C Requires improvement" in mail.body
    urn = proposed["school"].urn
    assert f"http://testserver/t/wiltshire/categorisation/schools/{urn}/" in mail.body


def test_an_override_needs_a_reason(proposed):
    with scope(tenant=proposed["tenant"]), pytest.raises(WorkflowRefused) as refused:
        workflow.proposal_override(tenant=proposed["tenant"], actor=proposed["people"]["officer"],
                                   proposal=proposed["proposal"],
                                   category=proposed["categories"]["3D"], reason="  ")
    assert "reason" in refused.value.message_dict


def test_an_override_keeps_the_officers_reason_and_the_engines_evidence(proposed):
    with scope(tenant=proposed["tenant"]):
        step = workflow.proposal_override(
            tenant=proposed["tenant"], actor=proposed["people"]["officer"],
            proposal=proposed["proposal"], category=proposed["categories"]["3D"],
            reason="New head since January; leadership is now good (visit 3 March).")
    assert (step.status, step.category.code) == ("overridden", "3D")
    assert step.reason.startswith("New head")
    assert step.reasons == proposed["proposal"].reasons


def test_a_headteacher_cannot_confirm(proposed):
    with scope(tenant=proposed["tenant"]), pytest.raises(PermissionDenied):
        workflow.proposal_confirm(tenant=proposed["tenant"],
                                  actor=proposed["people"]["headteacher"],
                                  proposal=proposed["proposal"])


def test_a_superseded_proposal_cannot_be_confirmed(proposed, django_capture_on_commit_callbacks):
    school = proposed["school"]
    with django_capture_on_commit_callbacks(execute=True):
        inspections_import(rows=[grade(school.urn, "W2", "Good", "2025-10-01")], today=TODAY)
        recompute.schedule_recompute(urns=[school.urn], reason="newer")
    with scope(tenant=proposed["tenant"]), pytest.raises(WorkflowRefused, match="out of date"):
        confirm(proposed)


def test_a_proposal_cannot_be_confirmed_twice(proposed):
    confirm(proposed)
    with pytest.raises(WorkflowRefused, match="already been confirmed"):
        confirm(proposed)


def test_the_headteacher_agrees_and_the_step_is_recorded(proposed):
    confirmed = confirm(proposed)
    with scope(tenant=proposed["tenant"]):
        step = workflow.category_agree(tenant=proposed["tenant"],
                                       actor=proposed["people"]["headteacher"],
                                       school=proposed["school"])
    assert (step.status, step.category.code, step.previous) == ("agreed", "3C", confirmed)


def test_a_headteacher_cannot_respond_for_another_school(proposed, personas):
    confirm(proposed)
    other = personas["b"]["headteacher"]
    with scope(tenant=proposed["tenant"]), pytest.raises(PermissionDenied):
        workflow.category_agree(tenant=proposed["tenant"], actor=other,
                                school=proposed["school"])


def test_a_headteacher_of_another_school_in_the_tenant_is_refused(proposed):
    from core.models import Membership, Role
    from tests.factories import MembershipFactory, SchoolFactory, UserFactory

    confirm(proposed)
    tenant = proposed["tenant"]
    other_school = SchoolFactory(tenant=tenant, establishment__la_code="865")
    head = MembershipFactory(tenant=tenant, role=Role.HEADTEACHER, school=other_school,
                             user=UserFactory(email="other-head@example.org")).user
    with scope(tenant=tenant), pytest.raises(PermissionDenied, match="your own school"):
        workflow.category_disagree(tenant=tenant, actor=head, school=proposed["school"],
                                   reason="Not ours to say")
    with scopes_disabled():
        assert Membership.objects.filter(user=head).count() == 1


def test_a_disagreement_needs_a_reason(proposed):
    confirm(proposed)
    with scope(tenant=proposed["tenant"]), pytest.raises(WorkflowRefused):
        workflow.category_disagree(tenant=proposed["tenant"],
                                   actor=proposed["people"]["headteacher"],
                                   school=proposed["school"], reason="")


def test_there_is_nothing_to_respond_to_before_a_confirmation(proposed):
    with scope(tenant=proposed["tenant"]), pytest.raises(WorkflowRefused):
        workflow.category_agree(tenant=proposed["tenant"],
                                actor=proposed["people"]["headteacher"],
                                school=proposed["school"])


def disagree(proposed):
    confirm(proposed)
    with scope(tenant=proposed["tenant"]):
        return workflow.category_disagree(
            tenant=proposed["tenant"], actor=proposed["people"]["headteacher"],
            school=proposed["school"], reason="Our 2025 results put us well above national.")


def test_a_disagreement_opens_a_moderation_case_and_keeps_the_category_in_force(proposed):
    step, case = disagree(proposed)
    assert (step.status, step.category.code, step.is_current) == ("disagreed", "3C", True)
    assert (case.status, case.disagreement) == ("open", step)


def test_an_officer_cannot_moderate_but_a_senior_officer_can(proposed):
    _, case = disagree(proposed)
    tenant, people = proposed["tenant"], proposed["people"]
    with scope(tenant=tenant):
        with pytest.raises(PermissionDenied):
            workflow.moderation_decide(tenant=tenant, actor=people["officer"], case=case,
                                       category=proposed["categories"]["3D"], reason="x")
        step = workflow.moderation_decide(
            tenant=tenant, actor=people["admin"], case=case,
            category=proposed["categories"]["3D"], reason="Leadership judged good at review.")
        case.refresh_from_db()
    assert (step.status, step.category.code, step.previous_category.code) == (
        "moderated", "3D", "3C")
    assert (case.status, case.decision, case.by_board) == ("decided", step, False)


def test_an_officer_records_the_boards_decision_naming_the_board(proposed):
    _, case = disagree(proposed)
    tenant = proposed["tenant"]
    with scope(tenant=tenant):
        step = workflow.moderation_decide(
            tenant=tenant, actor=proposed["people"]["officer"], case=case,
            category=proposed["categories"]["3C"], reason="Category stands.", by_board=True,
            board_name="Primary School Improvement Board")
        case.refresh_from_db()
    assert step.reason == "Decided by Primary School Improvement Board: Category stands."
    assert (case.by_board, case.board_name) == (True, "Primary School Improvement Board")


def test_a_case_cannot_be_moderated_twice(proposed):
    _, case = disagree(proposed)
    tenant, admin = proposed["tenant"], proposed["people"]["admin"]
    with scope(tenant=tenant):
        workflow.moderation_decide(tenant=tenant, actor=admin, case=case,
                                   category=proposed["categories"]["3C"], reason="Stands.")
        with pytest.raises(WorkflowRefused, match="already"):
            workflow.moderation_decide(tenant=tenant, actor=admin, case=case,
                                       category=proposed["categories"]["3D"], reason="Again.")


def test_the_history_keeps_every_step_with_who_why_and_the_previous_value(proposed):
    _, case = disagree(proposed)
    tenant = proposed["tenant"]
    with scope(tenant=tenant):
        workflow.moderation_decide(tenant=tenant, actor=proposed["people"]["admin"], case=case,
                                   category=proposed["categories"]["3D"], reason="Moderated.")
        history = workflow.category_history(tenant=tenant, school=proposed["school"])
        actions = list(AuditEvent.objects.filter(action__startswith="categorisation.category")
                       .order_by("pk").values_list("action", flat=True))
        current = SchoolCategory.objects.filter(school=proposed["school"], is_current=True)
        assert current.count() == 1
        assert ModerationCase.objects.filter(status="open").count() == 0
    assert [(s.status, s.category.code, s.previous_category and s.previous_category.code,
             s.decided_by.email) for s in history] == [
        ("moderated", "3D", "3C", "admin@wiltshire.example.org"),
        ("disagreed", "3C", "3C", "headteacher@wiltshire.example.org"),
        ("confirmed", "3C", None, "officer@wiltshire.example.org"),
    ]
    assert history[1].reason.startswith("Our 2025 results")
    assert actions == ["categorisation.category_confirmed", "categorisation.category_disagreed",
                       "categorisation.category_moderated"]


def test_a_member_of_another_tenant_cannot_confirm(proposed, personas):
    with scope(tenant=proposed["tenant"]), pytest.raises(PermissionDenied):
        workflow.proposal_confirm(tenant=proposed["tenant"], actor=personas["b"]["officer"],
                                  proposal=proposed["proposal"])


# --- One active scheme per tenant ------------------------------------------------------------


def test_switching_scheme_supersedes_the_old_schemes_open_proposals_which_cannot_be_confirmed(
        proposed, django_capture_on_commit_callbacks):
    tenant = proposed["tenant"]
    with scope(tenant=tenant), django_capture_on_commit_callbacks(execute=True):
        scheme_preset_load(tenant=tenant, actor=None, preset="wiltshire")
    proposed["proposal"].refresh_from_db()
    assert proposed["proposal"].status == "superseded"
    with pytest.raises(WorkflowRefused):
        confirm(proposed)


def test_after_a_switch_proposals_come_from_the_new_scheme_and_the_old_category_is_history(
        proposed, django_capture_on_commit_callbacks):
    tenant, school = proposed["tenant"], proposed["school"]
    old_step = confirm(proposed)
    with scope(tenant=tenant), django_capture_on_commit_callbacks(execute=True):
        welsh = scheme_preset_load(tenant=tenant, actor=None, preset="welsh")
    with scope(tenant=tenant):
        open_keys = set(CategoryProposal.objects.filter(school=school, status="open")
                        .values_list("scheme__key", flat=True))
        new = CategoryProposal.objects.get(school=school, status="open")
        step = workflow.proposal_confirm(tenant=tenant, actor=proposed["people"]["officer"],
                                         proposal=new)
        history = workflow.category_history(tenant=tenant, school=school)
    assert open_keys == {"welsh"}
    assert (step.scheme_id, step.previous_id, step.is_current) == (welsh.pk, old_step.pk, True)
    assert [s.pk for s in history] == [step.pk, old_step.pk]


def test_another_tenants_proposal_or_category_is_refused_before_anything_is_read(
        proposed, tenant_b, personas):
    """The same-tenant guard: tenant A's officer, in A's scope, handed B's proposal."""
    with scope(tenant=tenant_b):
        scheme_b = scheme_preset_load(tenant=tenant_b, actor=None, preset="warwickshire")
        category_b = scheme_b.categories.get(code="3C")
        proposal_b = CategoryProposal.objects.create(
            tenant=tenant_b, school=personas["b"]["school"], scheme=scheme_b,
            category=category_b, input_hash="b")
    with scope(tenant=proposed["tenant"]):
        with pytest.raises(ValidationError) as refused:
            workflow.proposal_confirm(tenant=proposed["tenant"],
                                      actor=proposed["people"]["officer"], proposal=proposal_b)
        assert "proposal" in refused.value.message_dict
        with pytest.raises(ValidationError) as refused:
            workflow.proposal_override(tenant=proposed["tenant"],
                                       actor=proposed["people"]["officer"],
                                       proposal=proposed["proposal"], category=category_b,
                                       reason="Another council's category")
        assert "category" in refused.value.message_dict
    with scopes_disabled():
        proposal_b.refresh_from_db()
        assert proposal_b.status == "open"
        assert not SchoolCategory.objects.filter(tenant=tenant_b).exists()


def test_new_data_giving_the_category_in_force_proposes_nothing(
        proposed, django_capture_on_commit_callbacks):
    """A later inspection with the same outcome changes the inputs, not the category: there is
    nothing for an officer to decide."""
    confirm(proposed)
    school = proposed["school"]
    with django_capture_on_commit_callbacks(execute=True):
        inspections_import(rows=[grade(school.urn, "W2", "Requires improvement",
                                       start="2025-06-10")], today=TODAY)
        recompute.schedule_recompute(urns=[school.urn], reason="test")
    with scope(tenant=proposed["tenant"]):
        assert not CategoryProposal.objects.filter(school=school, status="open").exists()
        assert SchoolCategory.objects.get(school=school, is_current=True).category.code == "3C"
