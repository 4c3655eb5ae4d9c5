"""The API of the directory, the notes given to a chair of governors and escalation-step
corrections (issue 13 item 10): the same services and rules as the pages. Officers add, edit and
end a leader's entry; a leader reads their own entry only; a headteacher is refused (capacity is
confidential); a grant is given and ended as on its page; a corrected step keeps what it said
before."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled
from rest_framework.test import APIClient

from categorisation.services import scheme_preset_load
from core.models import AuditEvent, Membership, Role
from partnerships.models import SystemLeaderDesignation
from support.models import EscalationStep, EscalationStepRevision, LeaderCapacity, NotesGrant
from support.services.settings import support_settings_update
from tests.factories import MembershipFactory, SchoolFactory
from tests.support.conftest import TODAY, confirm, membership
from tests.support.test_escalation import escalate, school_in_support, step

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def base(tenant_a):
    return f"/api/t/{tenant_a.slug}/support/"


@pytest.fixture
def leader(tenant_a):
    """A headteacher of tenant A, not yet in the directory."""
    return MembershipFactory(tenant=tenant_a, role=Role.HEADTEACHER)


def add(client, base, person, **overrides):
    body = {"person": person.pk, "designation": "nle", "designated_on": str(TODAY),
            "evidence": "DfE letter", "days_per_year": "12.5",
            "specialisms": ["maths", "leadership"], "employer_organisation": "North Trust",
            **overrides}
    return client.post(base + "directory/leaders/", body, format="json")


def test_an_officer_adds_edits_and_ends_a_leaders_entry(tenant_a, base, officer, leader):
    client = api(officer)
    created = add(client, base, leader)
    assert created.status_code == 201, created.content
    entry = created.json()
    assert (entry["person_id"], entry["designation"], entry["days_per_year"],
            entry["employer"]) == (leader.pk, "NLE", "12.5", "North Trust")
    assert entry["specialisms"] == ["Leadership", "Mathematics"]
    listed = client.get(base + "directory/leaders/").json()
    assert leader.pk in [row["person_id"] for row in listed]

    edited = client.put(base + f"directory/leaders/{leader.pk}/",
                        {"days_per_year": "8", "specialisms": ["send"],
                         "expires_on": "2030-08-31"}, format="json")
    assert edited.status_code == 200, edited.content
    assert (edited.json()["days_per_year"], edited.json()["specialisms"],
            edited.json()["expires_on"]) == ("8.0", ["Special educational needs"], "2030-08-31")
    with scopes_disabled():
        assert LeaderCapacity.objects.get(person=leader).days_per_year == Decimal("8.0")

    ended = client.post(base + f"directory/leaders/{leader.pk}/end/",
                        {"ended_on": str(TODAY), "reason": "Designation lapsed."},
                        format="json")
    assert ended.status_code == 200, ended.content
    assert ended.json()["ended"] == [{"designation": "nle", "ended_on": str(TODAY)}]
    assert leader.pk not in [row["person_id"]
                             for row in client.get(base + "directory/leaders/").json()]
    with scopes_disabled():
        record = SystemLeaderDesignation.objects.get(person=leader)
        assert (record.ended_on, record.ended_reason) == (TODAY, "Designation lapsed.")
        assert set(AuditEvent.objects.filter(tenant=tenant_a).values_list("action", flat=True)) \
            >= {"partnership.system_leader_designated", "support.leader_capacity_set",
                "support.employment_set", "partnership.system_leader_ended"}
    # Ended: nothing left to edit, and the refusal names the field.
    again = client.put(base + f"directory/leaders/{leader.pk}/",
                       {"days_per_year": "8"}, format="json")
    assert again.status_code == 400 and "person" in again.json()


def test_refusals_name_the_field_and_change_nothing(tenant_a, base, officer, leader,
                                                    personas):
    client = api(officer)
    bad_days = add(client, base, leader, days_per_year="a lot")
    assert bad_days.status_code == 400 and "days_per_year" in bad_days.json()
    with scopes_disabled():
        # All or nothing: the designation recorded before the capacity was refused is undone.
        assert not SystemLeaderDesignation.objects.filter(person=leader).exists()
    with scopes_disabled():
        other = Membership.objects.get(user=personas["b"][Role.VIEWER])
    assert "person" in add(client, base, other).json()
    assert "employer_urn" in add(client, base, leader, employer_urn=99999999).json()
    assert add(client, base, leader).status_code == 201
    twice = add(client, base, leader)
    assert twice.status_code == 400 and "designation" in twice.json()


def test_a_leader_reads_only_their_own_entry_and_a_head_nothing(tenant_a, base, officer,
                                                                 leader, head):
    assert add(api(officer), base, leader).status_code == 201
    own = api(leader.user)
    assert own.get(base + f"directory/leaders/{leader.pk}/").json()["days_per_year"] == "12.5"
    assert own.get(base + "directory/mine/").json()["person_id"] == leader.pk
    assert own.get(base + "directory/leaders/").status_code == 403
    assert own.put(base + f"directory/leaders/{leader.pk}/", {"days_per_year": "200"},
                   format="json").status_code == 403
    # Another headteacher: neither the list, the schools, the leader's entry nor an own one.
    other = api(head)
    with scopes_disabled():
        head_membership = membership(tenant_a, head)
    for url in ("directory/leaders/", "directory/schools/", f"directory/leaders/{leader.pk}/",
                "directory/mine/"):
        assert other.get(base + url).status_code == 403, url
    assert own.get(base + f"directory/leaders/{head_membership.pk}/").status_code == 403


def test_the_schools_able_to_give_support_are_listed(tenant_a, base, officer):
    with scope(tenant=tenant_a):
        levels = {c.code: c for c in scheme_preset_load(
            tenant=tenant_a, actor=None, preset="wiltshire").categories.all()}
    giver = SchoolFactory(tenant=tenant_a, establishment__name="Giving Primary")
    taker = SchoolFactory(tenant=tenant_a, establishment__name="Taking Primary")
    confirm(tenant_a, giver, levels["1"], officer)
    confirm(tenant_a, taker, levels["3"], officer)
    rows = api(officer).get(base + "directory/schools/").json()
    assert [(row["urn"], row["is_school"]) for row in rows] == [(giver.urn, True)]


@pytest.fixture
def chair(tenant_a):
    return MembershipFactory(tenant=tenant_a, role=Role.VIEWER)


def test_notes_are_given_and_ended_through_the_api(tenant_a, base, officer, school, chair,
                                                   personas):
    client = api(officer)
    url = base + f"schools/{school.urn}/notes-access/"
    body = {"holder": chair.pk, "starts_on": str(TODAY), "ends_on": str(TODAY + timedelta(30))}
    refused = client.post(url, body, format="json")
    assert refused.status_code == 400 and "does not allow" in str(refused.json())
    with scope(tenant=tenant_a):
        support_settings_update(tenant=tenant_a, actor=personas["a"][Role.ADMIN],
                                chairs_see_notes=True)
    with scopes_disabled():
        officer_id = membership(tenant_a, officer).pk
    not_a_governor = client.post(url, {**body, "holder": officer_id}, format="json")
    assert not_a_governor.status_code == 400 and "holder" in not_a_governor.json()
    given = client.post(url, body, format="json")
    assert given.status_code == 201, given.content
    assert (given.json()["holder"], given.json()["holds_today"]) == (chair.pk, True)
    assert [row["id"] for row in client.get(url).json()] == [given.json()["id"]]
    end_url = base + f"notes-access/{given.json()['id']}/end/"
    late = client.post(end_url, {"ends_on": str(TODAY + timedelta(60))}, format="json")
    assert late.status_code == 400 and "ends_on" in late.json()
    ended = client.post(end_url, {"ends_on": str(TODAY + timedelta(1))}, format="json")
    assert ended.status_code == 200 and ended.json()["ends_on"] == str(TODAY + timedelta(1))
    with scopes_disabled():
        assert NotesGrant.objects.get().ends_on == TODAY + timedelta(1)
    assert api(personas["a"][Role.HEADTEACHER]).get(url).status_code == 403


def test_a_step_is_corrected_through_the_api_keeping_what_it_said(tenant_a, base, officer):
    escalation = escalate(tenant_a, officer, school_in_support(tenant_a, officer))
    found = step(tenant_a, officer, escalation, "academy_order_duty", date(2026, 6, 1))
    client = api(officer)
    url = base + f"escalation-steps/{found.pk}/correct/"
    body = {"kind": "academy_order_duty", "taken_on": "2026-07-01",
            "note": "Done, see letter.", "reason": "The letter is dated 1 July."}
    refused = client.post(url, body, format="json")
    assert refused.status_code == 400 and "repealed" in str(refused.json()["kind"])
    no_reason = client.post(url, {**body, "taken_on": "2026-06-02", "reason": ""},
                            format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    corrected = client.post(url, {**body, "taken_on": "2026-06-02"}, format="json")
    assert corrected.status_code == 200, corrected.content
    [shown] = corrected.json()["steps"]
    assert shown["taken_on"] == "2026-06-02"
    assert [(r["taken_on"], r["reason"]) for r in shown["revisions"]] == [
        ("2026-06-01", "The letter is dated 1 July.")]
    with scopes_disabled():
        assert EscalationStep.objects.get().taken_on == date(2026, 6, 2)
        assert EscalationStepRevision.objects.count() == 1
