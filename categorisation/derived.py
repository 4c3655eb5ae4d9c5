"""Statuses derived from inspections and indicators. Pure functions: no database, no clock.

They take `Inspection` instances (or anything with the same attributes; an ungraded inspection's
`ungraded_outcome_label` needs `implied_grade` and `signal`) and return small frozen results
that carry the sentence a person reads as the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from categorisation.models import CategoryOfConcern, InspectionEra
from core.years import AcademicYear, add_months

# Report-card ranks (GradeLabel rank of the report_card scale).
EXCEPTIONAL, STRONG, EXPECTED, NEEDS_ATTENTION, URGENT_IMPROVEMENT = 1, 2, 3, 4, 5
REPORT_CARD_AREAS = {
    "inclusion": "inclusion",
    "curriculum_and_teaching": "curriculum and teaching",
    "achievement": "achievement",
    "attendance_and_behaviour": "attendance and behaviour",
    "personal_development_and_wellbeing": "personal development and wellbeing",
    "early_years_report_card": "early years",
    "post_16": "post-16 provision",
    "leadership_and_governance": "leadership and governance",
}
KEY_JUDGEMENTS = (
    "quality_of_education", "behaviour_and_attitudes", "personal_development",
    "leadership_and_management",
)
OEIF_WORDS = {1: "Outstanding", 2: "Good", 3: "Requires improvement", 4: "Inadequate"}


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def long_date(value: date) -> str:
    # Not strftime("%B"): it follows the process locale, and is eight times slower in a
    # recompute that formats several dates per school.
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


# --- Which inspection counts ----------------------------------------------------------------


def counting_inspections(
    inspections: Iterable, *, urn: int, predecessor_urns: Iterable[int] = (),
) -> list:
    """The inspections that count for the school `urn`, newest first.

    Its own (carried out on its URN) when it has any. Otherwise those of its predecessors:
    Ofsted's rule is that a predecessor's inspection counts for the successor (a converter
    academy) until the successor is inspected itself. A predecessor inspection is recognised
    either by the GIAS link (`predecessor_urns`) or because Ofsted reported it against this
    URN with a different "URN at time of inspection".
    """
    inspections = list(inspections)
    own = [i for i in inspections if i.inspected_urn == urn]
    if not own:
        predecessors = set(predecessor_urns)
        own = [i for i in inspections if i.urn == urn or i.inspected_urn in predecessors]
    return sorted(own, key=lambda i: (i.start_date, i.inspection_number), reverse=True)


@dataclass(frozen=True)
class GradeInForce:
    """The graded judgement that stands, and the inspection behind it."""

    grade: int | None
    graded: object | None  # the graded inspection (OEIF overall or 2024-25 sub-judgements)
    latest: object | None  # the newest counting inspection of any kind
    signal: str = ""  # from an ungraded inspection since: maintained / concerns / improving
    text: str = ""


def grade_in_force(history: Sequence, *, urn: int | None = None) -> GradeInForce:
    """The grade that stands after the newest counting inspections (`history` newest first).

    - An OEIF graded inspection gives its overall effectiveness.
    - A 2024-25 inspection gave no overall grade; the grade read from it is the lowest of its
      four key judgements. Assumption: under the EIF a lower key judgement limited the overall
      grade in nearly every case; the reason text says so.
    - An ungraded inspection confirms a grade ("School remains Good" -> 2) or keeps whatever the
      previous graded inspection said ("Standards maintained"); its signal (concerns,
      improving) is kept beside the grade.
    - A report card gives no grade at all: None, and rules read its evaluation areas.

    `urn` is the school the history is for, so a predecessor's inspection is named as such.
    """
    latest = history[0] if history else None
    signal = ""
    for inspection in history:
        if inspection.era == InspectionEra.UNGRADED:
            label = inspection.ungraded_outcome_label
            signal = signal or (label.signal if label else "")
            if label and label.implied_grade:
                return GradeInForce(label.implied_grade, None, latest, signal,
                                    ungraded_text(inspection, urn=urn))
            continue
        if inspection.era == InspectionEra.REPORT_CARD:
            return GradeInForce(None, None, latest, signal, "")
        grade, text = oeif_grade(inspection, urn=urn)
        if grade is not None:
            if inspection is not latest and latest.era == InspectionEra.UNGRADED:
                text += "; " + ungraded_text(latest, urn=urn, first=False)
            return GradeInForce(grade, inspection, latest, signal, text)
    return GradeInForce(None, None, latest, signal, "")


# Ofsted's outcome labels end "- S5 Next" when the next inspection will be a graded one
# (section 5): said in words, never as the code.
GRADED_NEXT = " - S5 Next"


def ungraded_text(inspection, *, urn: int | None = None, first: bool = True) -> str:
    """An ungraded inspection in words: its date, whose it was (a predecessor's is named), its
    outcome as Ofsted wrote it and, in words, whether a graded inspection is next."""
    whose = (f" of predecessor URN {inspection.inspected_urn}"
             if inspection.inspected_urn != (urn or inspection.urn) else "")
    outcome = inspection.ungraded_outcome or ""
    graded_next = outcome.endswith(GRADED_NEXT)
    outcome = outcome.removesuffix(GRADED_NEXT)
    text = (f"{'U' if first else 'u'}ngraded inspection{whose} {long_date(inspection.start_date)}: "
            f"{outcome}")
    return text + ("; Ofsted's next inspection will be graded" if graded_next else "")


def oeif_grade(inspection, *, urn: int | None = None) -> tuple[int | None, str]:
    when = long_date(inspection.start_date)
    whose = (f" (of predecessor URN {inspection.inspected_urn})"
             if inspection.inspected_urn != (urn or inspection.urn) else "")
    if inspection.overall_effectiveness is not None:
        grade = inspection.overall_effectiveness
        return grade, f"Graded inspection {when}{whose}: {OEIF_WORDS[grade]} ({grade})"
    key = [getattr(inspection, name) for name in KEY_JUDGEMENTS]
    key = [grade for grade in key if grade is not None]
    if not key:
        return None, ""
    grade = max(key)
    return grade, (f"Graded inspection {when}{whose}, no overall grade (2024-25): lowest key "
                   f"judgement {OEIF_WORDS[grade]} ({grade})")


# --- Category of concern --------------------------------------------------------------------


@dataclass(frozen=True)
class Concern:
    category: str  # a CategoryOfConcern value, "" for none
    text: str = ""


# The report-card split of categories of concern, and its version (shown with the concern flag;
# `categorisation.flags.CONCERN`). A change of Ofsted's guide is a new version here.
CONCERN_RULE_VERSION = "ofsted-report-card-concern/2025-11"
CONCERN_RULE_EFFECTIVE = date(2025, 11, 10)


def category_of_concern(inspection) -> Concern:
    """Ofsted's category of concern: as published, or derived from a report card.

    Report cards (renewed framework, from 10 November 2025) carry no overall grade. A published
    category always wins. Otherwise the split of Ofsted's monitoring guidance for the renewed
    framework (rule version `CONCERN_RULE_VERSION`):

    - *special measures* when leadership and governance is "urgent improvement" or safeguarding
      is "not met": the school fails to give an acceptable education or keep pupils safe and
      its leaders are not shown to have the capacity to improve it (Education Act 2005, s.44);
    - *requires significant improvement* when any other evaluation area is "urgent
      improvement" and leadership and governance is not (leaders can improve it);
    - otherwise none.

    The version before (until this change) put a school in special measures only when
    leadership was urgent improvement *and* another area or safeguarding failed too, so a
    report card failing on leadership or on safeguarding alone was called requiring significant
    improvement: the opposite of the guide's split.
    """
    if inspection is None:
        return Concern("")
    when = long_date(inspection.start_date)
    if inspection.category_of_concern:
        word = CategoryOfConcern(inspection.category_of_concern).label.lower()
        return Concern(inspection.category_of_concern,
                       f"Inspection {when}: Ofsted placed the school in {word}")
    if inspection.era != InspectionEra.REPORT_CARD:
        return Concern("")
    urgent = [name for name in REPORT_CARD_AREAS
              if getattr(inspection, name) == URGENT_IMPROVEMENT]
    not_met = inspection.safeguarding_met is False
    if not urgent and not not_met:
        return Concern("")
    findings = [REPORT_CARD_AREAS[name] for name in urgent]
    what = ("urgent improvement in " + _and(findings)) if findings else ""
    if not_met:
        what = _and([part for part in (what, "safeguarding not met") if part])
    if "leadership_and_governance" in urgent or not_met:
        category = CategoryOfConcern.SPECIAL_MEASURES
    else:
        category = CategoryOfConcern.REQUIRES_SIGNIFICANT_IMPROVEMENT
    return Concern(category, f"Report card {when}: {what}, so "
                             f"{CategoryOfConcern(category).label.lower()}")


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def report_card_lowest(inspection) -> int | None:
    """The weakest evaluation-area grade of a report card (rank, 5 = urgent improvement)."""
    if inspection is None or inspection.era != InspectionEra.REPORT_CARD:
        return None
    ranks = [getattr(inspection, name) for name in REPORT_CARD_AREAS]
    ranks = [rank for rank in ranks if rank is not None]
    return max(ranks) if ranks else None


# --- Next inspection -------------------------------------------------------------------------


@dataclass(frozen=True)
class InspectionWindow:
    opens: date | None
    due_by: date | None
    overdue: bool
    rule: str


def next_inspection_window(
    *, history: Sequence, urn: int, opened_on: date | None, today: date,
) -> InspectionWindow:
    """When the next inspection is likely, and whether it is overdue. Rules used (Ofsted school
    inspection handbook and operating guide, as applied from 2019; timings are Ofsted's stated
    norms, not guarantees, and the window is a planning aid):

    - A category of concern (special measures, serious weaknesses, requires significant
      improvement): monitoring, and a full re-inspection within 30 months; window opens at 12.
    - Requires improvement, a 2024-25 inspection whose lowest key judgement is below good, or a
      report card with an area that needs attention: next graded inspection within 30 months;
      window opens at 12 months.
    - An ungraded inspection ending "(Concerns) - S5 Next" or "(Improving) - S5 Next", or "Some
      aspects not as strong": a graded inspection normally within one to two years: window
      12 to 24 months.
    - Good or outstanding (graded, confirmed by an ungraded inspection, or a report card with
      every area at expected standard or above): about every four years: window opens at
      3 years, due by the end of the academic year four years on. Statutory ceiling: within five
      school years of the end of the school year of the last inspection; overdue after that.
    - A new school (academy conversions included) never inspected itself: first inspection
      within three years of opening (Ofsted: normally in the third year); window opens at
      2 years. Without an opening date and no inspection: nothing to say.
    """
    own = [i for i in history if i.inspected_urn == urn]
    latest = history[0] if history else None
    if opened_on and not own:
        opens, due = add_months(opened_on, 24), add_months(opened_on, 36)
        return InspectionWindow(opens, due, today > due,
                                f"New school opened {long_date(opened_on)}: first inspection "
                                "normally within three years of opening")
    if latest is None:
        return InspectionWindow(None, None, False, "No inspection on record")
    start = latest.start_date
    when = long_date(start)
    concern = category_of_concern(latest)
    grade = grade_in_force(history, urn=urn)
    lowest = report_card_lowest(latest)
    signal = latest.ungraded_outcome_label.signal if (
        latest.era == InspectionEra.UNGRADED and latest.ungraded_outcome_label) else ""
    if concern.category:
        months, opens_at, why = 30, 12, "category of concern: re-inspection within 30 months"
    elif (grade.grade is not None and grade.grade >= 3 and latest.era != InspectionEra.UNGRADED) \
            or (lowest is not None and lowest >= NEEDS_ATTENTION):
        months, opens_at, why = 30, 12, "below good: next graded inspection within 30 months"
    elif signal in ("concerns", "improving"):
        months, opens_at, why = 24, 12, "ungraded outcome: graded inspection next, within 1-2 years"
    else:
        opens = add_months(start, 36)
        due = AcademicYear.of(start).shifted(4).end
        ceiling = AcademicYear.of(start).shifted(5).end
        return InspectionWindow(opens, due, today > ceiling,
                                f"Last inspection {when}, good or better: about every four "
                                f"years; overdue after {long_date(ceiling)}")
    due = add_months(start, months)
    return InspectionWindow(add_months(start, opens_at), due, today > due,
                            f"Last inspection {when}: {why}")


# --- Indicators (their trend is `categorisation.trends`) -------------------------------------


RELEASE_ORDER = {"provisional": 0, "revised": 1, "final": 2}


def _signed(value: Decimal) -> str:
    value = value.quantize(Decimal("0.1"))
    return f"+{value}" if value > 0 else str(value)
