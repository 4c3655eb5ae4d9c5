"""Visits planned from the entitlement's cadence, moved, cancelled, recorded, and re-planned
when the category changes (issue 13 item 2)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope

from core.models import Role
from support.models import ReplanNotice, Visit, VisitOrigin, VisitStatus
from support.services import visits as services
from tests.factories import SchoolFactory
from tests.support.conftest import TODAY, confirm

pytestmark = pytest.mark.django_db


def plan(tenant, officer, school):
    with scope(tenant=tenant):
        [result] = services.visits_plan(tenant=tenant, actor=officer, schools=[school])
    return result


def planned(tenant, school) -> list[Visit]:
    with scope(tenant=tenant):
        return list(Visit.objects.filter(school=school).order_by("planned_on", "kind"))


def test_planning_makes_a_planned_visit_for_each_date_the_entitlement_gives_from_today(
        tenant_a, school, warwickshire, officer):
    confirm(tenant_a, school, warwickshire["3C"], officer)
    result = plan(tenant_a, officer, school)
    visits = planned(tenant_a, school)
    assert len(result.added) == len(visits) > 0
    assert {v.kind for v in visits} <= {"officer_visit", "review_visit", "review_meeting"}
    assert all(v.origin == VisitOrigin.PLAN and v.status == VisitStatus.PLANNED
               and v.planned_on == v.computed_on >= TODAY for v in visits)
    # Three-weekly officer visits: 21 days apart.
    officer_days = [v.planned_on for v in visits if v.kind == "officer_visit"]
    assert all(b - a == timedelta(days=21) for a, b in zip(officer_days, officer_days[1:],
                                                           strict=False))


def test_planning_twice_changes_nothing(tenant_a, school, warwickshire, officer):
    confirm(tenant_a, school, warwickshire["3C"], officer)
    plan(tenant_a, officer, school)
    before = [(v.pk, v.planned_on) for v in planned(tenant_a, school)]
    again = plan(tenant_a, officer, school)
    assert (again.added, again.removed) == ([], [])
    assert [(v.pk, v.planned_on) for v in planned(tenant_a, school)] == before


def test_a_school_with_no_category_in_force_gets_no_planned_visits(tenant_a, school, officer):
    result = plan(tenant_a, officer, school)
    assert result.added == [] and planned(tenant_a, school) == []


def test_a_headteacher_cannot_plan_visits(tenant_a, school, head):
    with scope(tenant=tenant_a), pytest.raises(PermissionDenied):
        services.visits_plan(tenant=tenant_a, actor=head, schools=[school])


def test_a_school_of_another_tenant_is_refused(tenant_a, personas, officer):
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as refused:
        services.visits_plan(tenant=tenant_a, actor=officer, schools=[personas["b"]["school"]])
    assert "school" in refused.value.message_dict


def test_an_officer_whose_tenant_hides_visits_from_them_cannot_record_one(
        tenant_a, school, officer):
    """A visit or note for a school the officer may not see is refused."""
    tenant_a.role_narrowing = {Role.OFFICER: ["visits.view"]}
    tenant_a.save()
    with scope(tenant=tenant_a), pytest.raises(PermissionDenied):
        services.visit_create(tenant=tenant_a, actor=officer, school=school,
                              label="Support visit", planned_on=TODAY)


def test_a_closed_school_gets_no_visits(tenant_a, officer):
    closed = SchoolFactory(tenant=tenant_a, establishment__is_open=False)
    with scope(tenant=tenant_a), pytest.raises(ValidationError):
        services.visit_create(tenant=tenant_a, actor=officer, school=closed,
                              label="Support visit", planned_on=TODAY)


def _a_plan_visit(tenant_a, school, warwickshire, officer) -> Visit:
    confirm(tenant_a, school, warwickshire["3C"], officer)
    plan(tenant_a, officer, school)
    return planned(tenant_a, school)[0]


def test_a_visit_is_moved_only_within_its_academic_year(tenant_a, school, warwickshire,
                                                        officer):
    visit = _a_plan_visit(tenant_a, school, warwickshire, officer)
    with scope(tenant=tenant_a):
        with pytest.raises(ValidationError) as refused:
            services.visit_move(tenant=tenant_a, actor=officer, visit=visit,
                                planned_on=TODAY + timedelta(days=400))
        assert "planned_on" in refused.value.message_dict
        moved = services.visit_move(tenant=tenant_a, actor=officer, visit=visit,
                                    planned_on=visit.planned_on + timedelta(days=1))
    assert moved.is_moved


def test_a_visit_is_recorded_only_once_it_has_taken_place(tenant_a, school, officer):
    with scope(tenant=tenant_a):
        visit = services.visit_create(tenant=tenant_a, actor=officer, school=school,
                                      label="Support visit", planned_on=TODAY)
        with pytest.raises(ValidationError) as refused:
            services.visit_record(tenant=tenant_a, actor=officer, visit=visit,
                                  done_on=TODAY + timedelta(days=1), days_used="0.5",
                                  today=TODAY)
        assert "done_on" in refused.value.message_dict
        done = services.visit_record(tenant=tenant_a, actor=officer, visit=visit,
                                     done_on=TODAY, days_used="1.5")
    assert (done.status, str(done.days_used)) == (VisitStatus.DONE, "1.5")


@pytest.mark.parametrize("days", ["lots", "-1", "21", "0.25", "NaN"])
def test_the_days_a_visit_used_are_a_number_from_0_to_20_to_one_place(
        tenant_a, school, officer, days):
    with scope(tenant=tenant_a):
        visit = services.visit_create(tenant=tenant_a, actor=officer, school=school,
                                      label="Support visit", planned_on=TODAY)
        with pytest.raises(ValidationError) as refused:
            services.visit_record(tenant=tenant_a, actor=officer, visit=visit, done_on=TODAY,
                                  days_used=days)
    assert "days_used" in refused.value.message_dict


def test_cancelling_a_visit_needs_a_reason(tenant_a, school, officer):
    with scope(tenant=tenant_a):
        visit = services.visit_create(tenant=tenant_a, actor=officer, school=school,
                                      label="Support visit", planned_on=TODAY)
        with pytest.raises(ValidationError) as refused:
            services.visit_cancel(tenant=tenant_a, actor=officer, visit=visit, reason=" ")
    assert "reason" in refused.value.message_dict


def test_a_category_change_replans_untouched_visits_keeps_touched_ones_and_says_so(
        tenant_a, school, warwickshire, officer, django_capture_on_commit_callbacks):
    confirm(tenant_a, school, warwickshire["3C"], officer)
    plan(tenant_a, officer, school)
    visits = [v for v in planned(tenant_a, school) if v.kind == "officer_visit"]
    moved, recorded, untouched = visits[0], visits[1], visits[2:]
    with scope(tenant=tenant_a):
        services.visit_move(tenant=tenant_a, actor=officer, visit=moved,
                            planned_on=moved.planned_on + timedelta(days=2))
        Visit.objects.filter(pk=recorded.pk).update(status=VisitStatus.DONE,
                                                    done_on=recorded.planned_on)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(tenant_a, school, warwickshire["4"], officer)
    with scope(tenant=tenant_a):
        kept = set(Visit.objects.filter(pk__in=[moved.pk, recorded.pk]).values_list(
            "pk", flat=True))
        survivors = Visit.objects.filter(pk__in=[v.pk for v in untouched]).count()
        series = sorted(Visit.objects.filter(school=school, kind="officer_visit")
                        .exclude(pk=moved.pk).values_list("computed_on", flat=True))
        [notice] = ReplanNotice.objects.filter(school=school)
    assert kept == {moved.pk, recorded.pk}
    # Three-weekly became fortnightly: the visits now fall every 14 days (those on a date both
    # cadences give stay as they were, the recorded one among them), the others were removed;
    # a bank holiday Monday's visit is on the next working day of its week.
    weeks = [day - timedelta(days=day.weekday()) for day in series]
    assert series and all(b - a == timedelta(days=14) for a, b in zip(weeks, weeks[1:],
                                                                     strict=False))
    assert (notice.old_code, notice.new_code) == ("3C", "4")
    assert len([r for r in notice.removed if r["kind"] == "officer_visit"]) == \
        len(untouched) - survivors > 0
    assert notice.added and notice.kept >= 1


def test_a_category_change_leaves_a_school_nobody_planned_alone(
        tenant_a, school, warwickshire, officer, django_capture_on_commit_callbacks):
    confirm(tenant_a, school, warwickshire["3C"], officer)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(tenant_a, school, warwickshire["4"], officer)
    assert planned(tenant_a, school) == []
    with scope(tenant=tenant_a):
        assert not ReplanNotice.objects.exists()
