"""Derived statuses, worked by hand on in-memory inspections."""

from datetime import date

from categorisation import derived
from categorisation.models import CategoryOfConcern, InspectionEra
from tests.categorisation.conftest import (
    REMAINS_GOOD,
    REMAINS_GOOD_CONCERNS,
    STANDARDS_MAINTAINED,
    inspection,
)

RC = InspectionEra.REPORT_CARD


def report_card(**areas):
    grades = dict(inclusion=3, curriculum_and_teaching=3, achievement=3,
                  attendance_and_behaviour=3, personal_development_and_wellbeing=3,
                  leadership_and_governance=3, safeguarding_met=True) | areas
    return inspection("RC1", 100001, date(2025, 3, 12), RC, **grades)


def test_a_predecessor_inspection_counts_until_the_school_is_inspected_itself():
    old = inspection("P1", 100099, date(2019, 5, 1), overall_effectiveness=2)
    counted = derived.counting_inspections([old], urn=100001, predecessor_urns=[100099])
    assert counted == [old]
    own = inspection("O1", 100001, date(2024, 5, 1), overall_effectiveness=3)
    assert derived.counting_inspections([old, own], urn=100001, predecessor_urns=[100099]) == [own]


def test_an_inspection_ofsted_reported_against_the_successor_counts_without_a_link():
    inherited = inspection("P1", 100001, date(2019, 5, 1), inspected_urn=100099,
                           overall_effectiveness=2)
    assert derived.counting_inspections([inherited], urn=100001) == [inherited]


def test_an_ungraded_school_remains_good_confirms_grade_two():
    history = [inspection("U1", 1, date(2023, 6, 14), InspectionEra.UNGRADED,
                          outcome=REMAINS_GOOD)]
    result = derived.grade_in_force(history)
    assert result.grade == 2
    assert result.text == "Ungraded inspection 14 June 2023: School remains Good"


def test_standards_maintained_keeps_the_previous_graded_judgement():
    history = [inspection("U1", 1, date(2025, 2, 4), InspectionEra.UNGRADED,
                          outcome=STANDARDS_MAINTAINED),
               inspection("G1", 1, date(2021, 1, 5), overall_effectiveness=1)]
    result = derived.grade_in_force(history)
    assert (result.grade, result.signal) == (1, "maintained")
    assert "Outstanding (1)" in result.text and "Standards maintained" in result.text


def test_a_2024_25_inspection_is_read_at_its_lowest_key_judgement():
    history = [inspection("S1", 1, date(2025, 1, 14), InspectionEra.OEIF_SUB_JUDGEMENTS,
                          quality_of_education=2, behaviour_and_attitudes=1,
                          personal_development=2, leadership_and_management=3)]
    assert derived.grade_in_force(history).grade == 3


def test_urgent_improvement_in_leadership_and_another_area_is_special_measures():
    card = report_card(leadership_and_governance=5, achievement=5)
    concern = derived.category_of_concern(card)
    assert concern.category == CategoryOfConcern.SPECIAL_MEASURES
    assert concern.text == ("Report card 12 March 2025: urgent improvement in achievement "
                            "and leadership and governance, so special measures")


def test_urgent_improvement_outside_leadership_requires_significant_improvement():
    concern = derived.category_of_concern(report_card(attendance_and_behaviour=5))
    assert concern.category == CategoryOfConcern.REQUIRES_SIGNIFICANT_IMPROVEMENT


def test_safeguarding_not_met_with_urgent_leadership_is_special_measures():
    card = report_card(leadership_and_governance=5, safeguarding_met=False)
    assert derived.category_of_concern(card).category == CategoryOfConcern.SPECIAL_MEASURES


def test_safeguarding_not_met_alone_is_special_measures():
    concern = derived.category_of_concern(report_card(safeguarding_met=False))
    assert concern.category == CategoryOfConcern.SPECIAL_MEASURES


def test_urgent_improvement_in_leadership_alone_is_special_measures():
    concern = derived.category_of_concern(report_card(leadership_and_governance=5))
    assert concern.category == CategoryOfConcern.SPECIAL_MEASURES


def test_urgent_improvement_in_several_areas_but_not_leadership_requires_significant_improvement():
    concern = derived.category_of_concern(report_card(achievement=5, inclusion=5))
    assert concern.category == CategoryOfConcern.REQUIRES_SIGNIFICANT_IMPROVEMENT


def test_a_published_category_wins_over_the_report_card_split():
    card = report_card(leadership_and_governance=5,
                       category_of_concern=CategoryOfConcern.REQUIRES_SIGNIFICANT_IMPROVEMENT)
    concern = derived.category_of_concern(card)
    assert concern.category == CategoryOfConcern.REQUIRES_SIGNIFICANT_IMPROVEMENT


def test_a_report_card_at_expected_standard_has_no_category_of_concern():
    assert derived.category_of_concern(report_card()).category == ""


def test_a_good_school_is_due_within_about_four_years():
    history = [inspection("G1", 1, date(2021, 11, 10), overall_effectiveness=2)]
    window = derived.next_inspection_window(history=history, urn=1, opened_on=None,
                                            today=date(2026, 3, 1))
    # 10 Nov 2021 is in 2021/22: due by the end of 2025/26, statutory ceiling end of 2026/27.
    assert (window.opens, window.due_by, window.overdue) == (
        date(2024, 11, 10), date(2026, 8, 31), False)


def test_a_good_school_past_five_school_years_is_overdue():
    history = [inspection("G1", 1, date(2019, 10, 1), overall_effectiveness=2)]
    window = derived.next_inspection_window(history=history, urn=1, opened_on=None,
                                            today=date(2025, 9, 1))
    assert window.overdue  # ceiling 31 August 2025


def test_requires_improvement_is_due_within_30_months():
    history = [inspection("G1", 1, date(2023, 1, 31), overall_effectiveness=3)]
    window = derived.next_inspection_window(history=history, urn=1, opened_on=None,
                                            today=date(2025, 8, 1))
    assert (window.opens, window.due_by, window.overdue) == (
        date(2024, 1, 31), date(2025, 7, 31), True)


def test_an_ungraded_outcome_with_concerns_brings_the_next_inspection_forward():
    history = [inspection("U1", 1, date(2024, 5, 1), InspectionEra.UNGRADED,
                          outcome=REMAINS_GOOD_CONCERNS)]
    window = derived.next_inspection_window(history=history, urn=1, opened_on=None,
                                            today=date(2026, 3, 1))
    assert (window.due_by, window.overdue) == (date(2026, 5, 1), False)


def test_a_new_academy_is_due_within_three_years_of_opening():
    inherited = inspection("P1", 100001, date(2018, 5, 1), inspected_urn=100099,
                           overall_effectiveness=2)
    window = derived.next_inspection_window(history=[inherited], urn=100001,
                                            opened_on=date(2022, 9, 1),
                                            today=date(2026, 3, 1))
    assert (window.opens, window.due_by, window.overdue) == (
        date(2024, 9, 1), date(2025, 9, 1), True)


# --- Words (issue 10, finding 5) -------------------------------------------------------------

def test_a_predecessors_ungraded_inspection_is_named_and_s5_next_is_said_in_words():
    from categorisation.derived import ungraded_text
    ungraded = inspection("U9", 200001, date(2024, 3, 5), InspectionEra.UNGRADED,
                          outcome=REMAINS_GOOD_CONCERNS)
    ungraded.inspected_urn = 100099
    text = ungraded_text(ungraded, urn=200001)
    assert text == ("Ungraded inspection of predecessor URN 100099 5 March 2024: School remains "
                    "Good (Concerns); Ofsted's next inspection will be graded")
    assert "S5" not in text


def test_an_officers_step_says_who_once():
    from accounts.models import User
    from categorisation.models import SchoolCategory
    officer = User(pk=1, full_name="Rob Fielding", email="rob@example.org")
    confirmed = SchoolCategory(status=SchoolCategory.Status.CONFIRMED, decided_by=officer)
    assert confirmed.decided_words() == "Confirmed by Rob Fielding"
    chosen = SchoolCategory(status=SchoolCategory.Status.CHOSEN, decided_by=officer)
    assert chosen.decided_words() == "Chosen by Rob Fielding (the data did not decide)"
    agreed = SchoolCategory(status=SchoolCategory.Status.AGREED, decided_by=officer)
    assert agreed.decided_words() == "Agreed by the school (Rob Fielding)"
    assert SchoolCategory(status=SchoolCategory.Status.PROPOSED).decided_words() == "Proposed"


def test_the_era_reads_as_words_in_a_sentence_and_on_the_evidence():
    from categorisation.models.public import era_words
    from categorisation.schemes.wording import fact_value
    assert era_words(InspectionEra.REPORT_CARD) == "report card (from November 2025)"
    assert fact_value("inspection.era", "oeif_sub_judgements") == (
        "Inspection with grades but no overall grade (2024-25)")
    assert fact_value("inspection.grade", None) == "Not on record"
