"""The 2025-26 flags, worked by hand on in-memory inspections and indicators (no database)."""

from datetime import date
from decimal import Decimal

from categorisation import flags
from categorisation.models import CategoryOfConcern, InspectionEra, PerformanceIndicator
from categorisation.schemes.facts import SchoolInputs, build_facts
from tests.categorisation.conftest import REMAINS_GOOD_CONCERNS, inspection

RC, SUB = InspectionEra.REPORT_CARD, InspectionEra.OEIF_SUB_JUDGEMENTS
SM = CategoryOfConcern.SPECIAL_MEASURES
RSI = CategoryOfConcern.REQUIRES_SIGNIFICANT_IMPROVEMENT


def card(start=date(2026, 3, 12), **areas):
    grades = dict(inclusion=3, curriculum_and_teaching=3, achievement=3,
                  attendance_and_behaviour=3, personal_development_and_wellbeing=3,
                  leadership_and_governance=3, safeguarding_met=True) | areas
    return inspection("RC1", 1, start, RC, **grades)


def graded(grade, start=date(2023, 3, 1), number="G1"):
    return inspection(number, 1, start, overall_effectiveness=grade)


def key_judgements(start=date(2025, 1, 14), number="S1", **grades):
    return inspection(number, 1, start, SUB, **(dict(
        quality_of_education=2, behaviour_and_attitudes=2, personal_development=2,
        leadership_and_management=2) | grades))


# --- Monitoring --------------------------------------------------------------------------------


def test_a_report_card_area_that_needs_attention_raises_the_monitoring_flag():
    flag = flags.monitoring([card(leadership_and_governance=4)])
    assert (flag.value, flag.raised) == ("yes", True)
    assert flag.inputs == ("Report card 12 March 2026: leadership and governance needs "
                           "attention",)
    assert flag.rule.version == "report-card-monitoring/2025-11"
    assert flag.rule.effective == date(2025, 11, 10)


def test_a_report_card_at_expected_standard_does_not_raise_the_monitoring_flag():
    assert flags.monitoring([card()]).value == "no"


def test_the_monitoring_flag_does_not_apply_when_the_latest_full_inspection_is_graded():
    assert flags.monitoring([graded(3)]).value == "not_applicable"


# --- Categories of concern -----------------------------------------------------------------


def test_the_concern_flag_names_its_rule_version_and_the_failing_areas():
    flag = flags.concern_flag([card(achievement=5)])
    assert flag.value == RSI
    assert flag.rule.version == "ofsted-report-card-concern/2025-11"
    assert flag.inputs == ("Report card 12 March 2026: urgent improvement in achievement, so "
                           "requires significant improvement",)


def test_safeguarding_not_met_puts_a_report_card_school_in_special_measures():
    assert flags.concern_flag([card(safeguarding_met=False)]).value == SM


# --- Stuck: three forms ------------------------------------------------------------------------


def test_legacy_stuck_needs_requires_improvement_now_and_below_good_before():
    flag = flags.stuck([graded(3), graded(4, date(2020, 2, 1), "G0")])
    assert (flag.value, flag.rule.version) == ("yes", "stuck-legacy/2025-01")
    assert flag.inputs == ("Graded inspection 1 March 2023: requires improvement",
                           "Graded inspection 1 February 2020: inadequate")


def test_legacy_requires_improvement_after_good_is_not_stuck():
    assert flags.stuck([graded(3), graded(2, date(2019, 2, 1), "G0")]).value == "no"


def test_legacy_stuck_is_unknown_with_one_graded_inspection_on_record():
    flag = flags.stuck([graded(3)])
    assert flag.value == "unknown"
    assert "not on record" in flag.conclusion


def test_an_inadequate_school_is_not_stuck():
    assert flags.stuck([graded(4), graded(3, date(2020, 2, 1), "G0")]).value == "no"


def test_a_2024_25_requires_improvement_for_leadership_after_below_good_is_stuck():
    history = [key_judgements(leadership_and_management=3), graded(3, date(2021, 5, 1), "G0")]
    flag = flags.stuck(history)
    assert (flag.value, flag.rule.version) == ("yes", "stuck-key-judgements/2025-01")
    assert flag.inputs[0] == ("Graded inspection 14 January 2025 (2024-25, no overall grade): "
                              "leadership and management requires improvement, quality of "
                              "education good")


def test_a_2024_25_requires_improvement_only_in_behaviour_is_not_stuck():
    history = [key_judgements(behaviour_and_attitudes=3), graded(3, date(2021, 5, 1), "G0")]
    assert flags.stuck(history).value == "no"


def test_a_2024_25_requires_improvement_for_quality_of_education_alone_is_unknown():
    assert flags.stuck([key_judgements(quality_of_education=3)]).value == "unknown"


def test_a_report_card_leadership_needing_attention_after_requires_improvement_is_stuck():
    history = [card(leadership_and_governance=4), graded(3, date(2022, 6, 1), "G0")]
    flag = flags.stuck(history)
    assert (flag.value, flag.rule.version) == ("yes", "stuck-report-card/2025-11")
    assert flag.inputs[1] == "Graded inspection 1 June 2022: requires improvement"


def test_a_report_card_leadership_needing_attention_after_good_is_not_stuck():
    history = [card(leadership_and_governance=4), graded(2, date(2022, 6, 1), "G0")]
    assert flags.stuck(history).value == "no"


def test_a_report_card_supersedes_an_older_stuck_graded_record():
    history = [card(), graded(3, date(2023, 1, 1), "G1"), graded(3, date(2020, 1, 1), "G0")]
    assert flags.stuck(history).value == "no"


def test_an_ungraded_inspection_does_not_hide_the_graded_ones_before_it():
    ungraded = inspection("U1", 1, date(2024, 5, 1), InspectionEra.UNGRADED,
                          outcome=REMAINS_GOOD_CONCERNS)
    history = [ungraded, graded(3), graded(3, date(2020, 1, 1), "G0")]
    assert flags.stuck(history).value == "yes"


def test_a_school_with_only_an_ungraded_inspection_on_record_is_not_stuck():
    ungraded = inspection("U1", 1, date(2023, 5, 1), InspectionEra.UNGRADED,
                          outcome=REMAINS_GOOD_CONCERNS)
    flag = flags.stuck([ungraded])
    assert flag.value == "no"
    assert flag.inputs == ("Ungraded inspection 1 May 2023: School remains Good (Concerns); "
                           "Ofsted's next inspection will be graded",)


def test_a_school_never_inspected_is_not_known_to_be_stuck():
    assert flags.stuck([]).value == "unknown"


# --- RISE --------------------------------------------------------------------------------------


def _rise(history, as_at):
    return flags.rise(concern=flags.concern_flag(history), stuck=flags.stuck(history),
                      as_at=as_at)


def test_a_stuck_school_gets_targeted_rise_support():
    history = [graded(3), graded(3, date(2020, 1, 1), "G0")]
    assert _rise(history, date(2026, 3, 1)).value == "targeted"


def test_requiring_significant_improvement_is_targeted_rise_only_from_september_2026():
    history = [card(achievement=5)]
    assert _rise(history, date(2026, 8, 31)).value == "structural"
    assert _rise(history, date(2026, 9, 1)).value == "targeted"


def test_special_measures_stays_structural_after_september_2026():
    assert _rise([card(leadership_and_governance=5)], date(2027, 1, 1)).value == "structural"


def test_rise_is_unknown_when_stuck_is_unknown_and_universal_otherwise():
    assert _rise([graded(3)], date(2026, 3, 1)).value == "unknown"
    assert _rise([graded(2)], date(2026, 3, 1)).value == "universal"


# --- Intervention wording by date -----------------------------------------------------------


def _intervention(as_at, maintained=True):
    return flags.intervention(concern=flags.concern_flag([card(achievement=5)]),
                              is_maintained=maintained, as_at=as_at)


def test_the_academy_order_duty_applies_the_day_before_the_repeal():
    flag = _intervention(date(2026, 6, 28))
    assert flag.value == "duty"
    assert flag.conclusion.startswith("The Secretary of State must make an academy order")


def test_from_29_june_2026_the_secretary_of_state_may_not_must():
    flag = _intervention(date(2026, 6, 29))
    assert flag.value == "power"
    assert flag.conclusion.startswith("The Secretary of State may make an academy order")
    assert "s.58" in flag.conclusion


def test_no_intervention_wording_for_a_school_not_in_a_category():
    flag = flags.intervention(concern=flags.concern_flag([card()]), is_maintained=True,
                              as_at=date(2026, 7, 1))
    assert (flag.value, flag.raised) == ("", False)


# --- Low attainment -------------------------------------------------------------------------


def indicator(measure, year, value, urn=1, release="final"):
    return PerformanceIndicator(urn=urn, measure=measure, year=year, release=release,
                                value=Decimal(value))


def national(measure, year, values):
    return flags.bottom_quartiles(
        [(measure, year, urn, "final", Decimal(v)) for urn, v in enumerate(values, start=100)])


def test_the_bottom_quartile_is_the_nearest_rank_value_one_per_school():
    rows = [("ks2_rwm_expected", 2024, urn, "final", Decimal(v))
            for urn, v in enumerate([10, 20, 30, 40, 50, 60, 70, 80], start=1)]
    rows.append(("ks2_rwm_expected", 2024, 1, "provisional", Decimal(99)))
    quartile = flags.bottom_quartiles(rows)[("ks2_rwm_expected", 2024)]
    assert (quartile.threshold, quartile.schools) == (Decimal(20), 8)


def test_a_school_in_the_bottom_quarter_on_ks2_is_on_the_watchlist():
    quartiles = national("ks2_rwm_expected", 2024, range(40, 80))
    flag = flags.low_attainment([indicator("ks2_rwm_expected", 2024, 45)],
                                quartiles=quartiles, as_at=date(2026, 3, 1))
    assert (flag.value, flag.raised) == ("yes", True)
    assert flag.inputs[0].startswith("KS2 reading, writing and maths at the expected standard "
                                     "2024/25: 45%, in the bottom quarter nationally")


def test_a_school_above_the_bottom_quarter_is_not_on_the_watchlist():
    quartiles = national("ks2_rwm_expected", 2024, range(40, 80))
    flag = flags.low_attainment([indicator("ks2_rwm_expected", 2024, 70)],
                                quartiles=quartiles, as_at=date(2026, 3, 1))
    assert flag.value == "no"


def test_disadvantaged_attainment_8_in_the_bottom_quarter_is_enough():
    quartiles = (national("ks4_att8", 2023, range(30, 60))
                 | national("ks4_att8_disadvantaged", 2023, range(20, 50)))
    flag = flags.low_attainment([indicator("ks4_att8", 2023, 50),
                                 indicator("ks4_att8_disadvantaged", 2023, 21)],
                                quartiles=quartiles, as_at=date(2025, 3, 1))
    assert flag.value == "yes"


def test_results_older_than_the_published_years_that_count_are_not_read():
    quartiles = national("ks2_rwm_expected", 2018, range(40, 80))
    flag = flags.low_attainment([indicator("ks2_rwm_expected", 2018, 41)],
                                quartiles=quartiles, as_at=date(2026, 12, 1))
    assert flag.value == "unknown"


def test_progress_8_below_minus_half_in_the_last_three_published_years_is_on_the_watchlist():
    # At 1 March 2026 the last three published years of Progress 8 are 2021/22, 2022/23 and
    # 2023/24: 2019/20 and 2020/21 had no tables.
    values = [indicator("ks4_p8", year, "-0.6") for year in (2021, 2022, 2023)]
    flag = flags.low_attainment(values, quartiles={}, as_at=date(2026, 3, 1))
    assert flag.value == "yes"


def test_progress_8_at_minus_half_in_one_year_is_not_enough():
    values = [indicator("ks4_p8", 2021, "-0.6"), indicator("ks4_p8", 2022, "-0.5"),
              indicator("ks4_p8", 2023, "-0.9")]
    assert flags.low_attainment(values, quartiles={}, as_at=date(2026, 3, 1)).value == "no"


def test_progress_8_with_a_published_year_missing_is_unknown():
    values = [indicator("ks4_p8", 2022, "-0.6"), indicator("ks4_p8", 2023, "-0.9")]
    assert flags.low_attainment(values, quartiles={}, as_at=date(2026, 3, 1)).value == "unknown"


# --- Facts -----------------------------------------------------------------------------------


def test_the_flags_are_facts_rules_can_read():
    history = [card(leadership_and_governance=4), graded(3, date(2022, 6, 1), "G0")]
    facts = build_facts(SchoolInputs(urn=1, governance="maintained", inspections=history),
                        parameters={"as_at": "2026-09-01"})
    assert facts["flag.monitoring"].value == "yes"
    assert facts["stuck"].value == "yes"
    assert facts["stuck.form"].value == "report_card"
    assert facts["stuck.report_card"].value == "yes"
    assert facts["stuck.legacy"].value == "not_applicable"
    assert facts["flag.rise"].value == "targeted"
    assert facts["flag.low_attainment"].value == "unknown"
    assert facts["flag.intervention"].value == ""
    assert "stuck-report-card/2025-11" in facts["stuck"].text


# --- At risk ---------------------------------------------------------------------------------


def _found(history):
    return flags.school_flags(history=history, indicators=[], quartiles={},
                              as_at=date(2026, 3, 1), is_maintained=True)


def test_an_ungraded_inspection_that_raised_concerns_puts_a_school_at_risk():
    ungraded = inspection("U1", 1, date(2025, 5, 1), InspectionEra.UNGRADED,
                          outcome=REMAINS_GOOD_CONCERNS)
    ungraded.ungraded_outcome = "School remains Good (Concerns) - S5 Next"
    reasons = flags.at_risk_reasons(_found([ungraded]), [ungraded])
    assert reasons == ("Ungraded inspection 1 May 2025: School remains Good (Concerns); Ofsted's "
                       "next inspection will be graded",)


def test_a_school_in_a_category_of_concern_is_past_risk_not_at_risk():
    history = [card(achievement=5, leadership_and_governance=4)]
    assert flags.at_risk_reasons(_found(history), history) == ()


def test_a_good_school_is_not_at_risk():
    assert flags.at_risk_reasons(_found([graded(2)]), [graded(2)]) == ()


def test_serious_weaknesses_is_read_as_requiring_significant_improvement_for_rise():
    weak = inspection("G1", 1, date(2025, 1, 1), overall_effectiveness=4,
                      category_of_concern=CategoryOfConcern.SERIOUS_WEAKNESSES)
    assert _rise([weak], date(2026, 9, 1)).value == "targeted"
    assert _rise([weak], date(2026, 8, 1)).value == "structural"
