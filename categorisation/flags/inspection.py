"""Flags read from a school's inspections: report-card monitoring, the category of concern, the
stuck-school status in its three forms, RISE eligibility and the academy-order wording.

`history` is always the school's counting inspections, newest first
(`derived.counting_inspections`). Ungraded inspections are skipped where a rule reads the last
*full* inspection: they confirm a grade, they do not give one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from categorisation.derived import (
    CONCERN_RULE_EFFECTIVE,
    CONCERN_RULE_VERSION,
    NEEDS_ATTENTION,
    OEIF_WORDS,
    REPORT_CARD_AREAS,
    category_of_concern,
    long_date,
    ungraded_text,
)
from categorisation.flags.base import Flag, RuleVersion
from categorisation.models import CategoryOfConcern, InspectionEra

RC_WORDS = {1: "exceptional", 2: "strong standard", 3: "expected standard",
            4: "needs attention", 5: "urgent improvement"}

MONITORING = RuleVersion(
    "Report-card monitoring flag", "report-card-monitoring/2025-11", date(2025, 11, 10),
    "Ofsted renewed inspection framework: any evaluation area graded needs attention")
CONCERN = RuleVersion(
    "Category of concern from a report card", CONCERN_RULE_VERSION, CONCERN_RULE_EFFECTIVE,
    "Ofsted monitoring guidance for the renewed framework: leadership and governance urgent "
    "improvement or safeguarding not met is special measures; urgent improvement in another "
    "area requires significant improvement")
# The three forms of the DfE's "stuck school", each dated from the first inspection it reads.
STUCK_FORMS = {
    "legacy": RuleVersion(
        "Stuck school (graded inspections)", "stuck-legacy/2025-01", date(2019, 9, 1),
        "DfE RISE: requires improvement at the latest graded inspection and below good at the "
        "graded inspection before"),
    "key_judgements": RuleVersion(
        "Stuck school (2024-25 inspections without an overall grade)",
        "stuck-key-judgements/2025-01", date(2024, 9, 2),
        "DfE RISE: requires improvement for leadership and management or quality of "
        "education, and below good at the graded inspection before"),
    "report_card": RuleVersion(
        "Stuck school (report cards)", "stuck-report-card/2025-11", date(2025, 11, 10),
        "DfE RISE: leadership and governance needs attention after a previous grade below "
        "good"),
}
RISE = RuleVersion(
    "RISE eligibility", "rise/2025-26", date(2025, 9, 1),
    "DfE RISE: targeted support for stuck schools; special measures stays structural "
    "intervention")
# The dated part of the RISE rule: from this day targeted RISE support, not an academy order,
# is the default for a school requiring significant improvement (serious weaknesses before the
# renewed framework).
RISE_SIGNIFICANT_IMPROVEMENT_DEFAULT = date(2026, 9, 1)
INTERVENTION = RuleVersion(
    "Intervention wording", "academy-order/2026-06-29", date(2026, 6, 29),
    "Children's Wellbeing and Schools Act 2026, s.58: the duty to make an academy order for "
    "a school causing concern is repealed")
AT_RISK_DEFINITION = (
    "An open school is at risk of requires improvement or worse when, without being in a "
    "category of concern already, it has at least one of: a report card with an area that "
    "needs attention (the monitoring flag); the stuck-school status (requires improvement "
    "twice, in any of its three forms); a place on the low-attainment watchlist; or an "
    "ungraded inspection that raised concerns (a graded inspection is next).")

FULL_ERAS = (InspectionEra.OEIF_GRADED, InspectionEra.OEIF_SUB_JUDGEMENTS,
             InspectionEra.REPORT_CARD)
KEY_WORDS = {"leadership_and_management": "leadership and management",
             "quality_of_education": "quality of education"}


def _full(history: Sequence) -> list:
    """Graded inspections and report cards, newest first: what a judgement is read from."""
    return [i for i in history if i.era in FULL_ERAS and _described(i)]


def _described(inspection) -> bool:
    if inspection.era == InspectionEra.REPORT_CARD:
        return any(getattr(inspection, name) is not None for name in REPORT_CARD_AREAS)
    if inspection.era == InspectionEra.OEIF_GRADED and inspection.overall_effectiveness:
        return True
    return any(getattr(inspection, name) is not None for name in KEY_WORDS)


def _when(inspection) -> str:
    return long_date(inspection.start_date)


def describe(inspection) -> str:
    """One inspection as a plain-English input line."""
    when = _when(inspection)
    if inspection.era == InspectionEra.REPORT_CARD:
        areas = [f"{word} {RC_WORDS[getattr(inspection, name)]}"
                 for name, word in REPORT_CARD_AREAS.items()
                 if getattr(inspection, name) is not None]
        return f"Report card {when}: " + ", ".join(areas)
    if inspection.era == InspectionEra.OEIF_GRADED and inspection.overall_effectiveness:
        grade = inspection.overall_effectiveness
        return f"Graded inspection {when}: {OEIF_WORDS[grade].lower()}"
    parts = [f"{word} {OEIF_WORDS[getattr(inspection, name)].lower()}"
             for name, word in KEY_WORDS.items() if getattr(inspection, name) is not None]
    return f"Graded inspection {when} (2024-25, no overall grade): " + ", ".join(parts)


def below_good(inspection) -> bool:
    """Below good at a full inspection: overall requires improvement or inadequate; for a
    2024-25 inspection, leadership and management or quality of education below good (the
    DfE's equivalent); for a report card, leadership and governance needs attention or worse."""
    if inspection.era == InspectionEra.REPORT_CARD:
        return (inspection.leadership_and_governance or 0) >= NEEDS_ATTENTION
    if inspection.era == InspectionEra.OEIF_GRADED and inspection.overall_effectiveness:
        return inspection.overall_effectiveness >= 3
    return max(getattr(inspection, name) or 0 for name in KEY_WORDS) >= 3


# --- Monitoring and concern ------------------------------------------------------------------


def monitoring(history: Sequence) -> Flag:
    """Raised when the latest full inspection is a report card with any evaluation area graded
    "needs attention". Not applicable when the latest full inspection is not a report card."""
    full = _full(history)
    latest = full[0] if full else None
    if latest is None or latest.era != InspectionEra.REPORT_CARD:
        return Flag(MONITORING, "not_applicable",
                    "Not applicable: the latest full inspection is not a report card",
                    (describe(latest),) if latest is not None else ())
    attention = [word for name, word in REPORT_CARD_AREAS.items()
                 if getattr(latest, name) == NEEDS_ATTENTION]
    if not attention:
        return Flag(MONITORING, "no", "No evaluation area needs attention", (describe(latest),))
    inputs = tuple(f"Report card {_when(latest)}: {word} needs attention" for word in attention)
    return Flag(MONITORING, "yes", "Monitoring: an evaluation area needs attention", inputs,
                raised=True)


def concern_flag(history: Sequence) -> Flag:
    """The category of concern of the latest inspection (`derived.category_of_concern`)."""
    latest = history[0] if history else None
    concern = category_of_concern(latest)
    if not concern.category:
        inputs = (describe(latest),) if latest is not None and latest in _full(history) else ()
        return Flag(CONCERN, "", "Not in a category of concern", inputs)
    label = CategoryOfConcern(concern.category).label
    return Flag(CONCERN, concern.category, f"In a category of concern: {label.lower()}",
                (concern.text,), raised=True)


# --- Stuck schools ---------------------------------------------------------------------------


def stuck(history: Sequence) -> Flag:
    """The DfE "stuck school" status, in the form of the latest full inspection:

    - a graded inspection with an overall grade (legacy): requires improvement, and below good
      at the graded inspection before;
    - a 2024-25 inspection without an overall grade: requires improvement for leadership and
      management or quality of education (neither inadequate), and below good at the full
      inspection before;
    - a report card: leadership and governance needs attention, after a previous full
      inspection below good.

    Value "yes", "no" or "unknown" (the inspection before is not on record — Ofsted's monthly
    file carries only the latest full and latest graded inspection, so history must build up
    file by file). An inadequate school or one in a category of concern is not stuck: it is in
    structural intervention.
    """
    full = _full(history)
    if not full:
        ungraded = next((i for i in history if i.era == InspectionEra.UNGRADED), None)
        if ungraded is not None:
            # Ofsted makes an ungraded inspection only of a school judged good or outstanding
            # at its last graded inspection, which this record predates (before September
            # 2019, so not in Ofsted's current file): it was not requiring improvement.
            return Flag(STUCK_FORMS["legacy"], "no",
                        "Not stuck: an ungraded inspection is made only of a school judged good "
                        "or outstanding", (ungraded_text(ungraded),))
        return Flag(STUCK_FORMS["legacy"], "unknown",
                    "Not known: no graded inspection or report card on record")
    latest, before = full[0], (full[1] if len(full) > 1 else None)
    form = ("report_card" if latest.era == InspectionEra.REPORT_CARD
            else "legacy" if latest.era == InspectionEra.OEIF_GRADED
            and latest.overall_effectiveness else "key_judgements")
    rule = STUCK_FORMS[form]
    now = describe(latest)
    if form == "legacy":
        first = latest.overall_effectiveness == 3
        why_not = "the latest graded inspection is not requires improvement"
    elif form == "key_judgements":
        worst = max(getattr(latest, name) or 0 for name in KEY_WORDS)
        first = worst == 3
        why_not = ("neither leadership and management nor quality of education requires "
                   "improvement" if worst < 3 else "a key judgement is inadequate")
    else:
        first = latest.leadership_and_governance == NEEDS_ATTENTION
        why_not = "leadership and governance does not need attention"
    if not first:
        return Flag(rule, "no", f"Not stuck: {why_not}", (now,))
    if before is None:
        return Flag(rule, "unknown",
                    "Not known: the full inspection before the latest is not on record", (now,))
    if below_good(before):
        return Flag(rule, "yes", "Stuck: below good at two full inspections running",
                    (now, describe(before)), raised=True)
    return Flag(rule, "no", "Not stuck: good or better at the full inspection before",
                (now, describe(before)))


# --- RISE and intervention --------------------------------------------------------------------


def rise(*, concern: Flag, stuck: Flag, as_at: date) -> Flag:
    """RISE eligibility at `as_at`: "structural" for special measures (and, before
    `RISE_SIGNIFICANT_IMPROVEMENT_DEFAULT`, for requiring significant improvement or serious
    weaknesses: the schools causing concern route); "targeted" for a stuck school, and from
    that date for a school requiring significant improvement or with serious weaknesses;
    "unknown" when stuck is unknown; otherwise "universal" (the offer open to every school).

    Serious weaknesses is read as requiring significant improvement: it is the graded-era name
    of the same category (both are the lesser category of concern)."""
    inputs = tuple(part for part in (concern.conclusion if concern.value else "",
                                     stuck.conclusion) if part)
    if concern.value == CategoryOfConcern.SPECIAL_MEASURES:
        return Flag(RISE, "structural", "Special measures: structural intervention, not "
                                        "targeted RISE support", inputs, raised=True)
    if concern.value:
        if as_at >= RISE_SIGNIFICANT_IMPROVEMENT_DEFAULT:
            return Flag(RISE, "targeted", "Targeted RISE support: the default for a school "
                                          "requiring significant improvement from "
                                          f"{long_date(RISE_SIGNIFICANT_IMPROVEMENT_DEFAULT)}",
                        inputs, raised=True)
        return Flag(RISE, "structural",
                    "Schools causing concern route: targeted RISE support becomes the default "
                    "for a school requiring significant improvement only from "
                    f"{long_date(RISE_SIGNIFICANT_IMPROVEMENT_DEFAULT)}", inputs, raised=True)
    if stuck.value == "yes":
        return Flag(RISE, "targeted", "Targeted RISE support: a stuck school", inputs,
                    raised=True)
    if stuck.value == "unknown":
        return Flag(RISE, "unknown", "Not known: whether the school is stuck is not known",
                    inputs)
    return Flag(RISE, "universal", "Universal RISE offer only: not stuck and not in a category "
                                   "of concern", inputs)


def intervention(*, concern: Flag, is_maintained: bool, as_at: date) -> Flag:
    """The academy-order wording for a school in a category of concern at `as_at`: "duty"
    before the repeal (29 June 2026), "power" from it; "" for a school not in a category.
    An academy has no academy order: the wording says the DfE acts through its funding
    agreement."""
    if not concern.value:
        return Flag(INTERVENTION, "", "Not in a category of concern: no intervention wording")
    inputs = (concern.conclusion, "Maintained by the local authority" if is_maintained
              else "An academy or free school")
    repealed = as_at >= INTERVENTION.effective
    if not is_maintained:
        return Flag(INTERVENTION, "power" if repealed else "duty",
                    "An academy is already an academy: the Department for Education acts "
                    "through its funding agreement (a termination warning notice or a transfer "
                    "to another trust)", inputs, raised=True)
    if repealed:
        return Flag(INTERVENTION, "power",
                    "The Secretary of State may make an academy order; since "
                    f"{long_date(INTERVENTION.effective)} there is no duty to (Children's "
                    "Wellbeing and Schools Act 2026, s.58)", inputs, raised=True)
    return Flag(INTERVENTION, "duty",
                "The Secretary of State must make an academy order for a maintained school in "
                "a category of concern (the duty applies until "
                f"{long_date(INTERVENTION.effective)}, when the Children's Wellbeing and "
                "Schools Act 2026, s.58 repeals it)", inputs, raised=True)
