"""Entitlements from the category in force and who is responsible for the school, worked by
hand from seed 001 (Warwickshire CYP O&S, 18 June 2013):

- "Current LA support for primary schools", Grade 4 (special measures/serious weaknesses):
  "Attached LA officer (2 weekly visits)", "Half termly 'review visits' to check progress against
  milestones in Improvement Plan", "Half termly 'Review & Intervention' meetings chaired by
  Service Manager".
- Appendix D, "Step 3 - LA support for academies": "1 Core CPD Offer - No visit from an
  officer", "3B Contact from assigned officer with offer to broker additional", "Close liaison
  with responsible body by assigned officer with additional assistance as negotiated" (4).
- The Welsh preset: support colours worth up to 4 / 10 / 15 / 25 days (DESIGN section 3).
"""

from datetime import date, timedelta

import pytest
from django_scopes import scope

from categorisation import entitlements, workflow
from categorisation.models import CategoryProposal
from categorisation.services import scheme_preset_load
from core.years import AcademicYear
from schools.models import Governance

pytestmark = pytest.mark.django_db


@pytest.fixture
def warwickshire(tenant_a):
    with scope(tenant=tenant_a):
        scheme = scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
        return {c.code: c for c in scheme.categories.all()}


def test_a_maintained_category_4_school_gets_an_attached_officer_and_half_termly_reviews(
        warwickshire):
    offer = entitlements.entitlement_for(category=warwickshire["4"],
                                         governance=Governance.MAINTAINED)
    assert offer.status == "maintained"
    assert "Attached LA officer (2 weekly visits)" in offer.offer
    assert "Half-termly Review & Intervention meetings chaired by the Service Manager" in \
        offer.offer
    assert {(v["kind"], v["cadence"]) for v in offer.visits} == {
        ("officer_visit", "fortnightly"), ("review_visit", "half_termly"),
        ("review_meeting", "half_termly")}


def test_category_4_maintained_has_24_fortnightly_visits_and_6_half_termly_reviews_in_2025_26(
        warwickshire):
    # 1 September 2025 is a Monday; teaching ends 20 July 2026, 322 days later = 23 fortnights,
    # so 24 visits from 1 September to 20 July. Six half-terms: six review visits and meetings.
    offer = entitlements.entitlement_for(category=warwickshire["4"],
                                         governance=Governance.MAINTAINED)
    due = entitlements.visits_due(entitlement=offer, academic_year=2025)
    visits = [v.due_on for v in due if v.kind == "officer_visit"]
    assert len(visits) == 24
    assert (visits[0], visits[1], visits[-1]) == (
        date(2025, 9, 1), date(2025, 9, 15), date(2026, 7, 20))
    reviews = [v.due_on for v in due if v.kind == "review_visit"]
    assert reviews == [date(2025, 9, 1), date(2025, 11, 3), date(2026, 1, 5), date(2026, 2, 23),
                       date(2026, 4, 20), date(2026, 6, 1)]
    assert len(due) == 24 + 6 + 6


def test_a_category_confirmed_in_january_schedules_visits_from_then(warwickshire):
    offer = entitlements.entitlement_for(category=warwickshire["4"],
                                         governance=Governance.MAINTAINED)
    due = entitlements.visits_due(entitlement=offer, academic_year=2025, start=date(2026, 1, 15))
    visits = [v.due_on for v in due if v.kind == "officer_visit"]
    assert visits[0] == date(2026, 1, 19)  # 1 September + 10 fortnights
    assert len(visits) == 14


def test_an_academy_in_category_1_gets_the_core_cpd_offer_and_no_visit(warwickshire):
    offer = entitlements.entitlement_for(category=warwickshire["1"],
                                         governance=Governance.ACADEMY)
    assert offer.offer == ["Core CPD offer - no visit from an officer"]
    assert entitlements.visits_due(entitlement=offer, academic_year=2025) == []


def test_an_academy_in_3b_gets_one_contact_from_its_assigned_officer(warwickshire):
    offer = entitlements.entitlement_for(category=warwickshire["3B"],
                                         governance=Governance.FREE_SCHOOL)
    [visit] = entitlements.visits_due(entitlement=offer, academic_year=2025)
    assert (visit.kind, visit.due_on) == ("officer_contact", date(2025, 9, 1))


def test_an_academy_in_category_4_gets_liaison_with_its_responsible_body(warwickshire):
    offer = entitlements.entitlement_for(category=warwickshire["4"],
                                         governance=Governance.ACADEMY)
    assert offer.offer == ["Close liaison with the responsible body by the assigned officer, "
                           "with additional assistance as negotiated"]
    assert [v.kind for v in entitlements.visits_due(entitlement=offer, academic_year=2025)] == [
        "responsible_body_liaison"] * 3


def test_the_welsh_colours_give_4_10_15_or_25_support_days(tenant_a):
    with scope(tenant=tenant_a):
        scheme = scheme_preset_load(tenant=tenant_a, actor=None, preset="welsh")
        days = {c.code: entitlements.entitlement_for(
            category=c, governance=Governance.MAINTAINED).support_days
            for c in scheme.categories.all()}
    assert (days["green"], days["yellow"], days["amber"], days["red"]) == (4, 10, 15, 25)


def test_a_categorys_own_entitlement_data_wins_over_the_defaults(warwickshire):
    category = warwickshire["3B"]
    category.attributes = {**category.attributes, "entitlement": {"maintained": {
        "offer": ["Termly check-in"],
        "visits": [{"kind": "check_in", "label": "Check-in", "cadence": "termly"}]}}}
    offer = entitlements.entitlement_for(category=category, governance=Governance.MAINTAINED)
    assert offer.offer == ["Termly check-in"]
    assert len(entitlements.visits_due(entitlement=offer, academic_year=2025)) == 3


def test_only_a_confirmed_category_entitles_a_school_to_visits(
        tenant_a, personas, warwickshire):
    school = personas["a"]["school"]
    with scope(tenant=tenant_a):
        proposal = CategoryProposal.objects.create(
            tenant=tenant_a, school=school, scheme=warwickshire["4"].scheme,
            category=warwickshire["4"], input_hash="x")
        assert entitlements.school_entitlements(tenant=tenant_a, academic_year=2025) == []
        workflow.proposal_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                  proposal=proposal)
        next_year = AcademicYear.of(date.today()).start_year + 1
        found = entitlements.school_entitlement(tenant=tenant_a, school=school,
                                                academic_year=next_year)
    assert found.entitlement.category_code == "4"
    assert found.in_force_since == date.today()
    # Confirmed before that year began: the whole year's visits are due.
    assert found.visits == entitlements.visits_due(entitlement=found.entitlement,
                                                   academic_year=next_year)
    assert {v.kind for v in found.visits} == {"officer_visit", "review_visit", "review_meeting"}


def test_visits_follow_the_tenants_own_half_terms(tenant_a, personas, warwickshire):
    """A council whose half-terms start on 3 September, 3 November... has its half-termly
    reviews on the Mondays from those dates, and no visit after its teaching ends."""
    from core import services
    from core.years import AcademicYear, working_day_on_or_after

    school = personas["a"]["school"]
    next_year = AcademicYear.of(date.today()).shifted(1)
    starts = [next_year.date_of(9, 3), next_year.date_of(11, 3), next_year.date_of(1, 6),
              next_year.date_of(2, 24), next_year.date_of(4, 14), next_year.date_of(6, 2)]
    ends = [start + timedelta(days=20) for start in starts]
    ends[-1] = next_year.date_of(7, 10)
    with scope(tenant=tenant_a):
        services.school_calendar_set(tenant=tenant_a, actor=personas["a"]["admin"],
                                     year=next_year,
                                     half_terms=list(zip(starts, ends, strict=True)))
        proposal = CategoryProposal.objects.create(
            tenant=tenant_a, school=school, scheme=warwickshire["4"].scheme,
            category=warwickshire["4"], input_hash="x")
        workflow.proposal_confirm(tenant=tenant_a, actor=personas["a"]["officer"],
                                  proposal=proposal)
        found = entitlements.school_entitlement(tenant=tenant_a, school=school,
                                                academic_year=next_year.start_year)
    reviews = [v.due_on for v in found.visits if v.kind == "review_visit"]
    # The Monday from each start, or the next working day when it is a bank holiday.
    assert reviews == [working_day_on_or_after(start + timedelta(days=(7 - start.weekday()) % 7))
                       for start in starts]
    assert max(v.due_on for v in found.visits) <= ends[-1]


@pytest.mark.parametrize("academic_year", [2024, 2025, 2026, 2027])
@pytest.mark.parametrize("cadence", sorted(entitlements.CADENCES))
def test_no_visit_falls_on_a_bank_holiday_it_moves_to_the_next_working_day(academic_year,
                                                                            cadence):
    from core.years import bank_holidays, is_working_day

    days = entitlements.visit_dates(cadence, academic_year)
    assert days and [day for day in days if not is_working_day(day)] == []
    year = AcademicYear(academic_year)
    holidays = set(bank_holidays(year.start, year.end))
    if cadence == "fortnightly" and academic_year == 2026:
        # 3 May 2027, the early May bank holiday, is one of the fortnightly Mondays.
        assert date(2027, 5, 3) in holidays
        assert date(2027, 5, 4) in days and date(2027, 5, 3) not in days
