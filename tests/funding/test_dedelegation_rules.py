"""The de-delegation rules: who is charged, for which lines, how much — each rule with a test
that fails if the rule breaks; and the refusals of bad input, naming the field."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django_scopes import scope

from core.models import AuditEvent, Role
from funding.models import ForumPhase
from funding.selectors.charges import (
    ACADEMY_REASON,
    ALL_THROUGH_REASON,
    dedelegation_schedule,
    placement_of,
    school_charges,
)
from funding.services import dedelegation as services
from schools.models import Governance, Phase
from tests.factories import EstablishmentFactory, SchoolFactory
from tests.funding.conftest import FORUM, school

pytestmark = pytest.mark.django_db


def charges_by_name(schedule) -> dict:
    return {row.school.establishment.name: row for row in schedule.schools}


def test_only_maintained_mainstream_schools_are_charged(voted):
    names = set(charges_by_name(dedelegation_schedule(voted.year)))
    r = voted.register
    assert {r.hill.establishment.name, r.high.establishment.name,
            r.middle.establishment.name} <= names
    for outside in (r.academy, r.special, r.nursery, r.pru):
        assert outside.establishment.name not in names


def test_an_academy_is_never_charged_and_is_told_why(voted):
    own = school_charges(voted.year, voted.register.academy)
    assert own.row is None and own.placement.reason == ACADEMY_REASON


def test_a_line_charges_a_phase_only_where_that_phase_voted_for_it(voted):
    rows = charges_by_name(dedelegation_schedule(voted.year))
    behaviour = voted.behaviour.pk
    assert rows["Hill Top Primary"].charges[behaviour] == Decimal("6.10") * 187
    assert rows["Castle High School"].charges[behaviour] is None


def test_a_line_not_yet_voted_charges_nobody(voted):
    rows = dedelegation_schedule(voted.year).schools
    assert all(row.charges[voted.licences.pk] is None for row in rows)


def test_the_charge_is_the_phase_rate_times_pupils(voted):
    rows = charges_by_name(dedelegation_schedule(voted.year))
    improvement = voted.improvement.pk
    assert rows["Vale Primary"].charges[improvement] == Decimal("1150.41")  # 12.37 x 93
    assert rows["Castle High School"].charges[improvement] == Decimal("10273.55")  # 9.85 x 1043


def test_a_middle_school_reaching_13_is_charged_as_secondary(voted):
    rows = charges_by_name(dedelegation_schedule(voted.year))
    assert rows["Downs Middle School"].phase == ForumPhase.SECONDARY
    eight_to_twelve = EstablishmentFactory.build(phase=Phase.MIDDLE, statutory_low_age=8,
                                                 statutory_high_age=12)
    assert placement_of(eight_to_twelve).phase == ForumPhase.PRIMARY


def test_an_all_through_school_is_listed_for_attention_not_charged(voted, tenant_a):
    through = school(tenant_a, "Valley All-through", phase=Phase.ALL_THROUGH, pupils=1500)
    schedule = dedelegation_schedule(voted.year)
    assert (through, ALL_THROUGH_REASON) in schedule.attention
    assert through.establishment.name not in charges_by_name(schedule)


def test_a_school_without_a_pupil_number_is_listed_not_charged_zero(voted):
    schedule = dedelegation_schedule(voted.year)
    missing = [row.school.establishment.name for row in schedule.without_pupils]
    assert missing == ["New Primary"]
    row = charges_by_name(schedule)["New Primary"]
    assert all(charge is None for charge in row.charges.values())


def test_a_closed_maintained_school_is_not_charged(voted, tenant_a):
    school(tenant_a, "Closed Primary", is_open=False)
    assert "Closed Primary" not in charges_by_name(dedelegation_schedule(voted.year))


def test_line_totals_reconcile_exactly_with_the_charges_per_school(voted):
    schedule = dedelegation_schedule(voted.year)
    for summary in schedule.lines:
        per_school = sum((row.charges[summary.line.pk] or Decimal(0)
                          for row in schedule.schools), Decimal(0))
        assert per_school == summary.total
        by_rate = sum((phase.rate * phase.pupils for phase in summary.phases if phase.charges),
                      Decimal(0))
        assert by_rate == summary.total
    assert schedule.total == sum((row.total for row in schedule.schools), Decimal(0))


def test_the_totals_by_phase_count_only_the_schools_of_the_phase_that_agreed(voted):
    summary = next(s for s in dedelegation_schedule(voted.year).lines
                   if s.line.pk == voted.behaviour.pk)
    primary, secondary = summary.phases
    # The head persona's school (210) and Hill Top (187) and Vale (93); New Primary has none.
    assert (primary.schools, primary.pupils) == (3, 490)
    assert primary.amount == Decimal("6.10") * 490
    assert (secondary.schools, secondary.pupils, secondary.amount) == (0, 0, Decimal("0.00"))


# --- Refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(("rate", "why"), [("-1.00", "cannot be negative"),
                                            ("twelve", "pounds and pence"),
                                            ("12.345", "to the penny"), ("NaN", "pounds")])
def test_a_bad_rate_is_refused_naming_the_field(voted, in_a, admin, rate, why):
    with pytest.raises(ValidationError) as refused:
        services.dedelegation_line_create(tenant=in_a, actor=admin, year=voted.year,
                                          name="Trade union facilities", primary_rate="5.00",
                                          secondary_rate=rate)
    assert why in " ".join(refused.value.message_dict["secondary_rate"])


def test_a_duplicate_line_name_in_a_year_is_refused(voted, in_a, admin):
    with pytest.raises(ValidationError) as refused:
        services.dedelegation_line_create(tenant=in_a, actor=admin, year=voted.year,
                                          name="school IMPROVEMENT", primary_rate="1.00",
                                          secondary_rate="1.00")
    assert "already has a line" in refused.value.message_dict["name"][0]


def test_the_same_line_name_is_allowed_in_another_year(voted, in_a, admin):
    next_year = services.funding_year_create(tenant=in_a, actor=admin, start_year=2026)
    line = services.dedelegation_line_create(tenant=in_a, actor=admin, year=next_year,
                                             name="School improvement", primary_rate="13.00",
                                             secondary_rate="10.00")
    assert line.year == next_year


def test_a_vote_for_a_phase_the_forum_does_not_have_is_refused(voted, in_a, admin):
    with pytest.raises(ValidationError) as refused:
        services.phase_vote_record(tenant=in_a, actor=admin, line=voted.licences,
                                   phase="nursery", outcome="passed", decided_on=FORUM)
    assert "primary and by secondary" in refused.value.message_dict["phase"][0]


def test_a_second_vote_for_the_same_phase_is_refused(voted, in_a, admin):
    with pytest.raises(ValidationError) as refused:
        services.phase_vote_record(tenant=in_a, actor=admin, line=voted.behaviour,
                                   phase="secondary", outcome="passed", decided_on=FORUM)
    assert "already recorded" in refused.value.message_dict["phase"][0]


def test_numbers_that_contradict_the_outcome_are_refused(voted, in_a, admin):
    with pytest.raises(ValidationError) as refused:
        services.phase_vote_record(tenant=in_a, actor=admin, line=voted.licences,
                                   phase="primary", outcome="passed", decided_on=FORUM,
                                   votes_for=3, votes_against=5)
    assert "votes_for" in refused.value.message_dict


def test_a_duplicate_funding_year_is_refused(voted, in_a, admin):
    with pytest.raises(ValidationError) as refused:
        services.funding_year_create(tenant=in_a, actor=admin, start_year=2025)
    assert "2025-26" in refused.value.message_dict["start_year"][0]


def test_an_officer_cannot_set_rates_or_record_votes(voted, in_a, personas):
    officer = personas["a"][Role.OFFICER]
    with pytest.raises(PermissionDenied):
        services.dedelegation_line_update(tenant=in_a, actor=officer, line=voted.licences,
                                          primary_rate="99.00")
    with pytest.raises(PermissionDenied):
        services.phase_vote_record(tenant=in_a, actor=officer, line=voted.licences,
                                   phase="primary", outcome="passed", decided_on=FORUM)


def test_a_line_of_another_tenant_is_refused(voted, tenant_b, personas):
    with scope(tenant=tenant_b), pytest.raises(ValidationError) as refused:
        services.phase_vote_record(tenant=tenant_b, actor=personas["b"][Role.ADMIN],
                                   line=voted.licences, phase="primary", outcome="passed",
                                   decided_on=FORUM)
    assert "line" in refused.value.message_dict


# --- Buy-backs -----------------------------------------------------------------------------


def test_an_academy_buys_a_line_back_as_a_traded_purchase(voted, in_a, admin):
    buy_back = services.buy_back_record(tenant=in_a, actor=admin, line=voted.improvement,
                                        school=voted.register.academy, amount="7422.00",
                                        agreed_on=date(2025, 3, 3))
    assert buy_back.amount == Decimal("7422.00")
    with pytest.raises(ValidationError) as refused:
        services.buy_back_record(tenant=in_a, actor=admin, line=voted.improvement,
                                 school=voted.register.academy, amount="1.00",
                                 agreed_on=date(2025, 3, 3))
    assert "already buys back" in refused.value.message_dict["school"][0]


def test_a_maintained_school_cannot_buy_back(voted, in_a, admin):
    with pytest.raises(ValidationError) as refused:
        services.buy_back_record(tenant=in_a, actor=admin, line=voted.improvement,
                                 school=voted.register.hill, amount="10.00",
                                 agreed_on=date(2025, 3, 3))
    assert "not an academy" in refused.value.message_dict["school"][0]


def test_another_tenants_academy_cannot_buy_back(voted, in_a, admin, tenant_b):
    theirs = SchoolFactory(tenant=tenant_b, establishment__governance=Governance.ACADEMY)
    with pytest.raises(ValidationError) as refused:
        services.buy_back_record(tenant=in_a, actor=admin, line=voted.improvement,
                                 school=theirs, amount="10.00", agreed_on=date(2025, 3, 3))
    assert "register" in refused.value.message_dict["school"][0]


# --- Audit ---------------------------------------------------------------------------------


def test_every_write_is_audited(voted, in_a, admin):
    services.dedelegation_line_update(tenant=in_a, actor=admin, line=voted.licences,
                                      primary_rate="2.10")
    services.buy_back_record(tenant=in_a, actor=admin, line=voted.improvement,
                             school=voted.register.academy, amount="100.00",
                             agreed_on=date(2025, 3, 3))
    actions = list(AuditEvent.objects.filter(tenant=in_a, action__startswith="funding.")
                   .values_list("action", flat=True))
    assert actions.count("funding.year_create") == 1
    assert actions.count("funding.line_create") == 3
    assert actions.count("funding.vote_record") == 4
    assert actions.count("funding.line_update") == 1
    assert actions.count("funding.buy_back_record") == 1
    update = AuditEvent.objects.get(tenant=in_a, action="funding.line_update")
    assert update.changes == {"primary_rate": ["1.99", "2.10"]}
