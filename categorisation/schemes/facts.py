"""The facts a scheme's rules read about one school, each with the sentence that cites it.

Facts are named, flat and plain (numbers, strings, booleans, None), so rules stay JSON and
reasons can quote them. The names a rule may use:

- `school.governance`, `school.phase`, `school.is_maintained`
- `inspection.exists` (bool), `inspection.date` (ISO), `inspection.era`,
  `inspection.of_predecessor` (bool)
- `inspection.grade`: the graded judgement in force, 1-4 (see `derived.grade_in_force`);
  `inspection.grade_date` (ISO date of the inspection that gave it)
- `inspection.leadership`: OEIF leadership and management 1-4 of that graded inspection
- `inspection.ungraded_signal`: maintained / concerns / improving / ""
- `inspection.category_of_concern`: serious_weaknesses / special_measures /
  requires_significant_improvement / "" (published, or derived from a report card)
- `inspection.report_card.lowest`, `inspection.report_card.leadership`: report-card ranks,
  1 exceptional ... 5 urgent improvement; `inspection.safeguarding_met`
- `trend`: improving / declining / stable / unknown, the school's own results with a stated
  method (`categorisation.trends`), at the as-at date (the scheme's `as_at` parameter, or
  today); `trend.against_national`: the same against national; `indicators.gap`: latest mean
  gap to national in points (+ is better)
- `stuck`: yes / no / unknown — the DfE stuck-school status in the form of the latest full
  inspection (`flags.stuck`); `stuck.form`: legacy / key_judgements / report_card, the form
  that applied; `stuck.legacy`, `stuck.key_judgements`, `stuck.report_card`: the same value
  under the form that applied, "not_applicable" under the other two
- `flag.monitoring`: yes / no / not_applicable — a report card with an area that needs
  attention (`flags.monitoring`)
- `flag.rise`: targeted / structural / universal / unknown — RISE eligibility at the as-at
  date (`flags.rise`; requiring significant improvement is targeted from 1 September 2026)
- `flag.low_attainment`: yes / no / unknown — the low-attainment watchlist
  (`flags.low_attainment`; national quarters in `SchoolInputs.quartiles`)
- `flag.intervention`: duty / power / "" — the academy-order wording for a school in a
  category of concern at the as-at date (the duty is repealed from 29 June 2026)
- `intelligence.high_concern` (bool): the LA recorded local intelligence of a kind the scheme
  names (parameter `intelligence_kinds`, default a safeguarding or leadership concern) at
  high severity within `intelligence_months` (default 12) of the as-at date, not withdrawn;
  the text names each item by kind and date (never its summary: the school reads reasons)
- `officer.<key>`: an officer's judgement, e.g. `officer.improvement_capacity`
- and whatever the scheme's own `derive` steps name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from categorisation import derived, flags, trends
from categorisation.models import InspectionEra
from categorisation.models.public import era_words

FACT_NAMES = {
    "school.governance", "school.phase", "school.is_maintained",
    "inspection.exists", "inspection.date", "inspection.era", "inspection.of_predecessor",
    "inspection.grade", "inspection.grade_date", "inspection.leadership",
    "inspection.ungraded_signal", "inspection.category_of_concern",
    "inspection.report_card.lowest", "inspection.report_card.leadership",
    "inspection.safeguarding_met", "trend", "trend.against_national", "indicators.gap",
    "stuck", "stuck.form", "stuck.legacy", "stuck.key_judgements", "stuck.report_card",
    "flag.monitoring", "flag.rise", "flag.low_attainment", "flag.intervention",
    "intelligence.high_concern",
}
# What a recent concern means unless the scheme's parameters say otherwise (DESIGN §3: "a
# recent high-severity safeguarding or leadership concern changes the outcome").
CONCERN_KINDS = ("safeguarding_concern", "leadership_concern")
CONCERN_MONTHS = 12
OFFICER_PREFIX = "officer."
REPORT_CARD_WORDS = {1: "exceptional", 2: "strong standard", 3: "expected standard",
                     4: "needs attention", 5: "urgent improvement"}


@dataclass(frozen=True)
class Fact:
    value: Any
    text: str = ""


@dataclass
class SchoolInputs:
    """Everything the engine needs about one school, gathered by a selector in bulk."""

    urn: int
    governance: str = ""
    phase: str = ""
    opened_on: date | None = None
    inspections: list = field(default_factory=list)
    predecessor_urns: list[int] = field(default_factory=list)
    indicators: list = field(default_factory=list)
    judgements: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (value, text)
    intelligence: list = field(default_factory=list)  # schools.intelligence.IntelligenceFact
    # National bottom-quarter thresholds by (measure, year), for the low-attainment watchlist.
    quartiles: dict = field(default_factory=dict)


def build_facts(inputs: SchoolInputs, *, parameters: dict) -> dict[str, Fact]:
    history = derived.counting_inspections(
        inputs.inspections, urn=inputs.urn, predecessor_urns=inputs.predecessor_urns
    )
    latest = history[0] if history else None
    latest_text = _latest_text(latest) if latest is not None else ""
    governance = f"Governance: {inputs.governance}"
    facts: dict[str, Fact] = {
        "school.governance": Fact(inputs.governance, governance),
        "school.phase": Fact(inputs.phase, f"Phase: {inputs.phase}"),
        "school.is_maintained": Fact(inputs.governance == "maintained", governance),
        "inspection.exists": Fact(latest is not None, "No inspection on record" if latest is None
                                  else latest_text),
    }
    if latest is not None:
        text = latest_text
        facts["inspection.date"] = Fact(latest.start_date.isoformat(), text)
        facts["inspection.era"] = Fact(latest.era, text)
        facts["inspection.of_predecessor"] = Fact(
            latest.inspected_urn != inputs.urn,
            f"{text} (predecessor URN {latest.inspected_urn}, counts until this school is "
            "inspected itself)" if latest.inspected_urn != inputs.urn else text,
        )
    grade = derived.grade_in_force(history, urn=inputs.urn)
    if grade.grade is not None:
        facts["inspection.grade"] = Fact(grade.grade, grade.text)
        if grade.graded is not None:
            facts["inspection.grade_date"] = Fact(grade.graded.start_date.isoformat(), grade.text)
            leadership = grade.graded.leadership_and_management
            if leadership is not None:
                facts["inspection.leadership"] = Fact(
                    leadership, f"{grade.text}; leadership and management "
                                f"{derived.OEIF_WORDS[leadership]} ({leadership})")
    if grade.signal:
        facts["inspection.ungraded_signal"] = Fact(grade.signal, grade.text or latest_text)
    concern = derived.category_of_concern(latest)
    facts["inspection.category_of_concern"] = Fact(concern.category, concern.text)
    lowest = derived.report_card_lowest(latest)
    if lowest is not None:
        facts["inspection.report_card.lowest"] = Fact(lowest, _report_card_text(latest))
        if latest.leadership_and_governance is not None:
            rank = latest.leadership_and_governance
            facts["inspection.report_card.leadership"] = Fact(
                rank, f"Latest inspection {derived.long_date(latest.start_date)}: leadership "
                      f"and governance {REPORT_CARD_WORDS[rank]}")
    if latest is not None and latest.safeguarding_met is not None:
        facts["inspection.safeguarding_met"] = Fact(
            latest.safeguarding_met,
            f"Safeguarding {'met' if latest.safeguarding_met else 'not met'}")
    as_at = _as_at(parameters.get("as_at"))
    facts["intelligence.high_concern"] = _high_concern(inputs.intelligence, as_at, parameters)
    trend = trends.indicator_trend(
        inputs.indicators, as_at=as_at,
        limit=int(parameters.get("trend_published_years", 3)),
        att8_band=float(parameters.get("att8_band", 3)))
    facts["trend"] = Fact(trend.direction, trend.text)
    facts["trend.against_national"] = Fact(trend.against_national, trend.text)
    if trend.gap is not None:
        facts["indicators.gap"] = Fact(
            float(trend.gap), f"Latest results: mean gap to national {derived._signed(trend.gap)}")
    facts.update(flag_facts(inputs, history=history, parameters=parameters, as_at=as_at))
    for key, (value, text) in inputs.judgements.items():
        facts[OFFICER_PREFIX + key] = Fact(value, text)
    return facts


def flag_facts(inputs: SchoolInputs, *, history: list, parameters: dict,
               as_at: date) -> dict[str, Fact]:
    """The 2025-26 flags as facts (see the module docstring), each citing its rule version."""
    found = flags.school_flags(
        history=history, indicators=inputs.indicators, quartiles=inputs.quartiles,
        as_at=as_at, is_maintained=inputs.governance == "maintained",
        limit=int(parameters.get("trend_published_years", 3)))
    facts = {f"flag.{key}": _flag_fact(found[key])
             for key in ("monitoring", "rise", "low_attainment", "intervention")}
    stuck = found["stuck"]
    facts["stuck"] = _flag_fact(stuck)
    form = next(key for key, rule in flags.STUCK_FORMS.items() if rule == stuck.rule)
    facts["stuck.form"] = Fact(form, stuck.rule.text)
    for key in flags.STUCK_FORMS:
        facts[f"stuck.{key}"] = (_flag_fact(stuck) if key == form
                                 else Fact("not_applicable", stuck.rule.text))
    return facts


def _flag_fact(flag: flags.Flag) -> Fact:
    return Fact(flag.value, f"{flag.text} [{flag.rule.name}, {flag.rule.version}]")


def _latest_text(inspection) -> str:
    when = derived.long_date(inspection.start_date)
    return f"Latest inspection {when}: {_ERA_WORDS[inspection.era]}"


# The era in words, looked up once rather than per school.
_ERA_WORDS = {era.value: era_words(era.value) for era in InspectionEra}


def _high_concern(items: list, as_at: date, parameters: dict) -> Fact:
    """Whether the LA holds a recent high-severity concern of the kinds the scheme names, with
    a sentence naming each such item by kind and date."""
    kinds = set(parameters.get("intelligence_kinds", CONCERN_KINDS))
    months = int(parameters.get("intelligence_months", CONCERN_MONTHS))
    since = months_before(as_at, months)
    recent = [item for item in items if item.kind in kinds and item.severity == "high"
              and since < item.occurred_on <= as_at]
    if not recent:
        return Fact(False, f"No high-severity concern recorded by the LA in the {months} months "
                           f"to {derived.long_date(as_at)}")
    named = "; ".join(f"{item.kind_label.lower()} dated {derived.long_date(item.occurred_on)}"
                      for item in recent)
    return Fact(True, f"Local intelligence: high-severity {named} (recorded by the LA)")


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has a 28th")


def _as_at(value: str | None) -> date:
    """The scheme's as-at date (ISO), or today: the date results are judged recent at."""
    return date.fromisoformat(value) if value else date.today()


def _report_card_text(inspection) -> str:
    areas = [f"{word} {REPORT_CARD_WORDS[getattr(inspection, name)]}"
             for name, word in derived.REPORT_CARD_AREAS.items()
             if getattr(inspection, name) is not None]
    return (f"Latest inspection {derived.long_date(inspection.start_date)} (report card): "
            + ", ".join(areas))
