"""Issue 11's de-delegation rules beyond a rate per pupil: the basis per line and phase (per
pupil, per school, per EAL pupil), all-through schools split by phase, mid-year conversions
pro rata by the tenant's rule, and correcting a vote while keeping the old one. Expected values
are worked out here independently (fractions, not the code's Decimals)."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from core.models import AuditEvent
from funding.models import ConversionRule, ForumPhase, PhaseVote
from funding.selectors.charges import dedelegation_schedule, school_charges
from funding.selectors.placement import ALL_THROUGH_REASON, CONVERTED_REASON
from funding.services import census as census_services
from funding.services import dedelegation as services
from funding.services.settings import funding_settings_update
from schools.models import EstablishmentLink, Governance, Phase
from tests.funding.conftest import FORUM, school

pytestmark = pytest.mark.django_db


def rows_of(schedule, name: str) -> list:
    return [row for row in schedule.schools if row.school.establishment.name == name]


def only(schedule, name: str):
    (row,) = rows_of(schedule, name)
    return row


def pounds(value: Fraction) -> Decimal:
    """A fraction of pounds to the penny, half up — the stated rounding rule."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP)


def census(tenant, admin, text: str):
    record = census_services.census_return_check(
        tenant=tenant, actor=admin, data=text.encode(), name="census.csv",
        census_date=date(2024, 10, 3), source="October 2024 school census")
    return census_services.census_return_apply(tenant=tenant, actor=admin, record=record)


def agreed_line(tenant, admin, year, name, *, primary="passed", secondary="passed", **rates):
    line = services.dedelegation_line_create(tenant=tenant, actor=admin, year=year, name=name,
                                             **rates)
    for phase, outcome in (("primary", primary), ("secondary", secondary)):
        services.phase_vote_record(tenant=tenant, actor=admin, line=line, phase=phase,
                                   outcome=outcome, decided_on=FORUM)
    return line


# --- 1. Basis per line and phase ---------------------------------------------------------


def test_a_rate_per_school_charges_each_school_the_rate_once(voted, in_a, admin):
    line = agreed_line(in_a, admin, voted.year, "Insurance", primary_rate="100.00",
                       secondary_rate="250.00", primary_basis="per_pupil",
                       secondary_basis="per_school")
    schedule = dedelegation_schedule(voted.year)
    assert only(schedule, "Castle High School").charges[line.pk] == Decimal("250.00")
    assert only(schedule, "Downs Middle School").charges[line.pk] == Decimal("250.00")
    assert only(schedule, "Hill Top Primary").charges[line.pk] == Decimal("100.00") * 187
    summary = next(s for s in schedule.lines if s.line.pk == line.pk)
    secondary = summary.phases[1]
    assert (secondary.basis, secondary.units, secondary.amount) == (
        "per_school", 2, Decimal("500.00"))


def test_a_rate_per_eal_pupil_reads_the_census_return(voted, in_a, admin):
    r = voted.register
    census(in_a, admin, f"URN,Pupils,EAL pupils\n{r.hill.urn},190,23\n{r.vale.urn},95,\n")
    line = agreed_line(in_a, admin, voted.year, "EAL support", primary_rate="40.50",
                       secondary_rate="40.50", primary_basis="per_eal_pupil",
                       secondary_basis="per_eal_pupil")
    schedule = dedelegation_schedule(voted.year)
    hill = only(schedule, "Hill Top Primary")
    assert (hill.pupils, hill.eal_pupils) == (190, 23)
    assert hill.charges[line.pk] == Decimal("931.50")  # 40.50 x 23, not x 190
    # Vale's return gives no EAL figure, and GIAS has none: not charged, never 0 or a guess.
    assert only(schedule, "Vale Primary").charges[line.pk] is None
    own = school_charges(voted.year, r.hill)
    item = next(i for i in own.items if i.line.pk == line.pk)
    assert (item.basis_label, item.charge) == ("per EAL pupil", Decimal("931.50"))


def test_a_basis_that_is_none_of_the_three_is_refused_naming_the_field(voted, in_a, admin):
    with pytest.raises(ValidationError) as refused:
        services.dedelegation_line_create(tenant=in_a, actor=admin, year=voted.year,
                                          name="Odd", primary_rate="1.00",
                                          secondary_rate="1.00", secondary_basis="per_head")
    assert "secondary_basis" in refused.value.message_dict


def test_changing_the_basis_changes_the_charge(voted, in_a, admin):
    services.dedelegation_line_update(tenant=in_a, actor=admin, line=voted.improvement,
                                      primary_basis="per_school")
    rows = dedelegation_schedule(voted.year)
    assert only(rows, "Vale Primary").charges[voted.improvement.pk] == Decimal("12.37")


# --- 2. All-through and middle schools --------------------------------------------------


def test_an_all_through_school_is_split_by_the_census_return_when_it_gives_phases(
        voted, in_a, admin):
    through = school(in_a, "Valley All-through", phase=Phase.ALL_THROUGH, pupils=1500,
                     statutory_low_age=4, statutory_high_age=16)
    census(in_a, admin, "URN,Pupils,EAL pupils,Primary pupils,Secondary pupils\n"
                        f"{through.urn},1480,100,600,880\n")
    schedule = dedelegation_schedule(voted.year)
    primary, secondary = sorted(rows_of(schedule, "Valley All-through"),
                                key=lambda row: row.phase)
    assert (primary.phase, primary.pupils, secondary.pupils) == ("primary", 600, 880)
    assert "as the census return gives them" in primary.reason
    # Behaviour support: primary agreed (6.10), secondary refused: only the primary pupils pay.
    assert primary.charges[voted.behaviour.pk] == Decimal("6.10") * 600
    assert secondary.charges[voted.behaviour.pk] is None
    assert secondary.charges[voted.improvement.pk] == Decimal("9.85") * 880
    # EAL pupils split in the same proportion: 100 x 600/1480 = 40.54 -> 41.
    assert (primary.eal_pupils, secondary.eal_pupils) == (41, 59)


@pytest.mark.parametrize(("low", "high", "pupils", "primary"), [
    (4, 16, 1500, 875),  # 7 of 12 year groups
    (4, 18, 1001, 501),  # 7 of 14: 500.5 rounds half up
    (3, 19, 999, 500),  # 8 of 16: 499.5 -> 500
])
def test_without_phases_on_the_return_the_age_range_splits_the_pupils(
        voted, in_a, low, high, pupils, primary):
    school(in_a, "Valley All-through", phase=Phase.ALL_THROUGH, pupils=pupils,
           statutory_low_age=low, statutory_high_age=high)
    rows = {row.phase: row for row in rows_of(dedelegation_schedule(voted.year),
                                              "Valley All-through")}
    share = Fraction(11 - low, high - low)
    assert rows[ForumPhase.PRIMARY].pupils == primary == int(pupils * share + Fraction(1, 2))
    assert rows[ForumPhase.SECONDARY].pupils == pupils - primary
    assert f"statutory age range {low}-{high}" in rows["primary"].reason


def test_an_all_through_school_with_neither_split_is_listed_not_charged(voted, in_a):
    through = school(in_a, "Valley All-through", phase=Phase.ALL_THROUGH, pupils=1500)
    schedule = dedelegation_schedule(voted.year)
    assert (through, ALL_THROUGH_REASON) in schedule.attention
    assert not rows_of(schedule, "Valley All-through")


def test_the_headteacher_of_an_all_through_school_sees_both_phases(voted, in_a):
    through = school(in_a, "Valley All-through", phase=Phase.ALL_THROUGH, pupils=1200,
                     statutory_low_age=4, statutory_high_age=16)
    own = school_charges(voted.year, through)
    assert [row.phase for row in own.rows] == ["primary", "secondary"]
    assert own.total == sum((row.total for row in own.rows), Decimal(0)) == (
        Decimal("12.37") * 700 + Decimal("9.85") * 500 + Decimal("6.10") * 700)


def test_census_phases_that_do_not_add_up_are_refused_naming_the_column(in_a, admin):
    through = school(in_a, "Valley All-through", phase=Phase.ALL_THROUGH, pupils=1500)
    record = census_services.census_return_check(
        tenant=in_a, actor=admin, name="census.csv", census_date=date(2024, 10, 3),
        source="October", data=(f"URN,Pupils,Primary pupils,Secondary pupils\n"
                                f"{through.urn},1500,600,800\n").encode())
    assert record.status == "failed"
    assert record.errors[0]["column"] == "Secondary pupils"


# --- 3. Mid-year conversions -------------------------------------------------------------


def converting(tenant, name: str, on: date, *, pupils: int = 300, academy_open: bool = True):
    """A maintained primary that GIAS shows closed and succeeded by an academy opening `on`."""
    predecessor = school(tenant, name, pupils=pupils, is_open=False, close_date=on,
                         reason_closed="Academy converter")
    academy = school(tenant, f"{name} Academy", governance=Governance.ACADEMY, pupils=pupils,
                     type_name="Academy converter", open_date=on if academy_open else None)
    with scopes_disabled():
        EstablishmentLink.objects.create(urn=academy.urn, linked_urn=predecessor.urn,
                                         link_type="Predecessor", established_date=on)
    return predecessor, academy


def test_a_conversion_on_1_september_is_charged_for_the_days_maintained(voted, in_a):
    converting(in_a, "Brook Primary", date(2025, 9, 1))
    schedule = dedelegation_schedule(voted.year)
    row = only(schedule, "Brook Primary")
    days = (date(2025, 9, 1) - date(2025, 4, 1)).days
    assert days == 153
    expected = pounds(Fraction("12.37") * 300 * Fraction(days, 365))
    assert row.charges[voted.improvement.pk] == expected == Decimal("1555.57")
    assert "153 of 365 days" in row.reason and "Brook Primary Academy" in row.reason
    assert "the academy's open date" in row.reason
    # The academy itself is never charged, and the total reconciles to the penny.
    assert not rows_of(schedule, "Brook Primary Academy")
    summary = next(s for s in schedule.lines if s.line.pk == voted.improvement.pk)
    assert summary.total == sum((r.charges[voted.improvement.pk] or Decimal(0)
                                 for r in schedule.schools), Decimal(0))


@pytest.mark.parametrize(("rule", "on", "share"), [
    (ConversionRule.MONTHS, date(2025, 9, 1), Fraction(5, 12)),
    (ConversionRule.MONTHS, date(2025, 9, 15), Fraction(6, 12)),
    (ConversionRule.WHOLE_YEAR, date(2025, 9, 1), Fraction(1)),
    (ConversionRule.DAYS, date(2026, 1, 1), Fraction(275, 365)),
])
def test_the_tenants_rule_decides_the_share(voted, in_a, admin, rule, on, share):
    funding_settings_update(tenant=in_a, actor=admin, approval_limit="10000.00",
                            conversion_rule=rule)
    converting(in_a, "Brook Primary", on)
    row = only(dedelegation_schedule(voted.year), "Brook Primary")
    assert row.charges[voted.behaviour.pk] == pounds(Fraction("6.10") * 300 * share)


def test_without_the_academy_open_date_the_predecessors_close_date_is_used(voted, in_a):
    converting(in_a, "Brook Primary", date(2025, 10, 1), academy_open=False)
    row = only(dedelegation_schedule(voted.year), "Brook Primary")
    assert "the school's close date" in row.reason and "183 of 365 days" in row.reason


def test_a_school_converted_before_the_year_is_never_charged(voted, in_a):
    predecessor, academy = converting(in_a, "Brook Primary", date(2025, 4, 1))
    schedule = dedelegation_schedule(voted.year)
    assert not rows_of(schedule, "Brook Primary")
    assert school_charges(voted.year, predecessor).placement.reason == CONVERTED_REASON
    assert school_charges(voted.year, academy).row is None


def test_a_school_converting_after_the_year_pays_the_whole_year(voted, in_a):
    predecessor = school(in_a, "Brook Primary", pupils=300, close_date=date(2026, 9, 1))
    academy = school(in_a, "Brook Academy", governance=Governance.ACADEMY,
                     open_date=date(2026, 9, 1), is_open=False)
    with scopes_disabled():
        EstablishmentLink.objects.create(urn=predecessor.urn, linked_urn=academy.urn,
                                         link_type="Successor")
    row = only(dedelegation_schedule(voted.year), "Brook Primary")
    assert row.charges[voted.improvement.pk] == Decimal("12.37") * 300 and not row.reason


def test_a_bad_conversion_rule_is_refused_naming_the_field(in_a, admin):
    with pytest.raises(ValidationError) as refused:
        funding_settings_update(tenant=in_a, actor=admin, approval_limit="10000.00",
                                conversion_rule="weeks")
    assert "conversion_rule" in refused.value.message_dict


# --- 4. Correcting a vote ------------------------------------------------------------------


def secondary_vote(line) -> PhaseVote:
    return PhaseVote.objects.get(line=line, phase="secondary", superseded_at__isnull=True)


def test_a_corrected_vote_keeps_the_old_one_superseded_and_the_new_one_charges(
        voted, in_a, admin):
    old = secondary_vote(voted.behaviour)
    new = services.phase_vote_correct(
        tenant=in_a, actor=admin, vote=old, outcome="passed", decided_on=FORUM, votes_for=6,
        votes_against=2, reason="The minutes record the secondary members agreed it.")
    old.refresh_from_db()
    assert (old.superseded_by, old.superseded_reason) == (
        admin, "The minutes record the secondary members agreed it.")
    assert old.superseded_at is not None and new.corrects == old and new.is_current
    assert PhaseVote.objects.filter(line=voted.behaviour, phase="secondary").count() == 2
    rows = dedelegation_schedule(voted.year)
    assert only(rows, "Castle High School").charges[voted.behaviour.pk] == (
        Decimal("7.45") * 1043)
    event = AuditEvent.objects.get(action="funding.vote_correct")
    assert event.changes["outcome"] == ["failed", "passed"]


def test_only_the_current_vote_of_a_phase_counts_after_a_correction(voted, in_a, admin):
    """Every read the schedule and the pages make of a line's votes leaves the superseded one
    out: a line reads one vote per phase, the corrected one, whatever order they come in."""
    from funding.selectors.years import line_for, lines_of

    old = secondary_vote(voted.behaviour)
    new = services.phase_vote_correct(tenant=in_a, actor=admin, vote=old, outcome="passed",
                                      decided_on=FORUM, reason="The minutes say so.")
    # The superseded vote, recorded later than its correction, would win a lookup that read
    # every vote and kept the last: only a filter on the current votes keeps it out.
    PhaseVote.objects.filter(pk=old.pk).update(recorded_at=new.recorded_at.replace(year=2099))
    for line in (line_for(voted.behaviour.pk),
                 next(line for line in lines_of(voted.year) if line.pk == voted.behaviour.pk)):
        secondary = [vote for vote in line.votes.all() if vote.phase == ForumPhase.SECONDARY]
        assert [vote.pk for vote in secondary] == [new.pk]
    assert only(dedelegation_schedule(voted.year), "Castle High School").charges[
        voted.behaviour.pk] == Decimal("7.45") * 1043


def test_a_vote_recorded_twice_is_still_refused_after_a_correction(voted, in_a, admin):
    services.phase_vote_correct(tenant=in_a, actor=admin, vote=secondary_vote(voted.behaviour),
                                outcome="passed", decided_on=FORUM, reason="Minutes.")
    with pytest.raises(ValidationError) as refused:
        services.phase_vote_record(tenant=in_a, actor=admin, line=voted.behaviour,
                                   phase="secondary", outcome="failed", decided_on=FORUM)
    assert "phase" in refused.value.message_dict


def test_a_superseded_vote_or_no_reason_is_refused(voted, in_a, admin):
    old = secondary_vote(voted.behaviour)
    with pytest.raises(ValidationError) as refused:
        services.phase_vote_correct(tenant=in_a, actor=admin, vote=old, outcome="passed",
                                    decided_on=FORUM, reason="  ")
    assert "reason" in refused.value.message_dict
    services.phase_vote_correct(tenant=in_a, actor=admin, vote=old, outcome="passed",
                                decided_on=FORUM, reason="Minutes.")
    with pytest.raises(ValidationError) as refused:
        services.phase_vote_correct(tenant=in_a, actor=admin, vote=old, outcome="failed",
                                    decided_on=FORUM, reason="Again.")
    assert "already been corrected" in str(refused.value)
    assert PhaseVote.objects.filter(line=voted.behaviour, phase="secondary").count() == 2
