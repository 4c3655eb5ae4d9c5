"""The demo's public data: made-up Ofsted inspections of every era and performance indicators
for the open schools of a demo register.

Keyed by the demo URNs (a block of each demo council's own, far above any real URN), so it never
mixes with a real import; it is written with `bulk_create`, as an import would. Deterministic:
the same seed gives the same inspections and indicators, and their dates are fixed (2015 to
spring 2026).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from categorisation.models import (
    CategoryOfConcern,
    GradeLabel,
    Inspection,
    InspectionEra,
    PerformanceIndicator,
)
from demo.dates import working_day_on_or_after
from schools.models import Establishment, EstablishmentLink, Phase

SOURCE = "Demo data (made up)"
PREFIX = "DM"

# Latest-inspection grade shares, roughly England's (Ofsted, 2024): few inadequate.
GRADE_WEIGHTS = {1: 14, 2: 68, 3: 13, 4: 5}
# Which kind of inspection is the latest one.
ERA_WEIGHTS = {"graded": 45, "ungraded": 25, "sub": 24, "report_card": 6}
TREND_WEIGHTS = {"improving": 25, "declining": 22, "stable": 53}
YEARS = (2022, 2023, 2024)
KS2_NATIONAL = {2022: Decimal("59"), 2023: Decimal("61"), 2024: Decimal("62")}
ATT8_NATIONAL = {2022: Decimal("46.3"), 2023: Decimal("45.9"), 2024: Decimal("45.9")}
P8_NATIONAL = {2022: Decimal("-0.03"), 2023: Decimal("-0.03"), 2024: Decimal("-0.04")}
RELEASES = {2022: "final", 2023: "final", 2024: "revised"}


@dataclass
class PublicData:
    inspections: list[Inspection] = field(default_factory=list)
    indicators: list[PerformanceIndicator] = field(default_factory=list)
    # URN -> the grade and trend the generator gave the school (for tests and the summary).
    profiles: dict[int, tuple[int | None, str]] = field(default_factory=dict)

    def count_by_era(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for inspection in self.inspections:
            counts[inspection.era] = counts.get(inspection.era, 0) + 1
        return counts


def _day(rng: random.Random, start: date, end: date) -> date:
    """A school day between two dates: a weekday, not in August, not in the 2020-21 pause,
    and not a bank holiday (Ofsted does not start an inspection on Good Friday: such a day
    moves to the next working day, drawing nothing more, so the rest of the demo is the same)."""
    span = (end - start).days
    for _ in range(50):
        day = start + timedelta(days=rng.randint(0, max(span, 0)))
        paused = date(2020, 3, 16) <= day <= date(2021, 9, 1)
        if day.weekday() < 5 and day.month != 8 and not paused:
            return working_day_on_or_after(day)
    return working_day_on_or_after(start)


def _clamp(value: int, low: int = 1, high: int = 4) -> int:
    return max(low, min(high, value))


class _Inspector:
    def __init__(self, rng: random.Random, ungraded_labels: dict[str, GradeLabel]) -> None:
        self.rng = rng
        self.labels = ungraded_labels
        self.numbers: dict[int, int] = {}
        self.rows: list[Inspection] = []

    def _base(self, *, school: Establishment, inspected: Establishment, era: str, when: date,
              kind: str) -> Inspection:
        count = self.numbers.get(inspected.urn, 0) + 1
        self.numbers[inspected.urn] = count
        section = {"ungraded": ("S8 Inspection", "S8 Inspection of good / outstanding",
                                "Schools - S8"),
                   "report_card": ("Report card inspection", "Report card inspection",
                                   "Schools - renewed framework")}.get(
            kind, ("S5 Inspection", "S5 Inspection", "Schools - S5"))
        inspection = Inspection(
            inspection_number=f"{PREFIX}{inspected.urn}-{count}", urn=school.urn,
            inspected_urn=inspected.urn, relates_to_current_urn=school.urn == inspected.urn,
            inspected_name=inspected.name, inspected_type=inspected.type_name, era=era,
            inspection_type=section[0], inspection_type_grouping=section[1],
            event_type_grouping=section[2], start_date=when,
            publication_date=when + timedelta(days=self.rng.randint(21, 45)),
            safeguarding_met=True, source=SOURCE,
        )
        self.rows.append(inspection)
        return inspection

    def graded(self, *, school, inspected, when, grade, sub_judgements=False,
               leadership: int | None = None) -> Inspection:
        era = InspectionEra.OEIF_SUB_JUDGEMENTS if sub_judgements else InspectionEra.OEIF_GRADED
        row = self._base(school=school, inspected=inspected, era=era, when=when, kind="graded")
        rng = self.rng
        lead = leadership if leadership is not None else (
            _clamp(grade - 1) if grade in (3, 4) and rng.random() < 0.4 else grade)
        row.quality_of_education = grade
        row.behaviour_and_attitudes = _clamp(grade - rng.choice([0, 0, 1]))
        row.personal_development = _clamp(grade - rng.choice([0, 1, 1]))
        row.leadership_and_management = lead
        if inspected.phase in (Phase.PRIMARY, Phase.NURSERY, Phase.ALL_THROUGH):
            row.early_years = _clamp(grade - rng.choice([0, 0, 1]))
        if (inspected.statutory_high_age or 0) > 16:
            row.sixth_form = _clamp(grade + rng.choice([-1, 0, 0]))
        if not sub_judgements:
            row.overall_effectiveness = grade
        if grade == 4:
            if lead == 4:
                row.category_of_concern = CategoryOfConcern.SPECIAL_MEASURES
                row.safeguarding_met = rng.random() < 0.5
            else:
                row.category_of_concern = CategoryOfConcern.SERIOUS_WEAKNESSES
        return row

    def ungraded(self, *, school, inspected, when, grade, signal) -> Inspection:
        row = self._base(school=school, inspected=inspected, era=InspectionEra.UNGRADED,
                         when=when, kind="ungraded")
        word = "outstanding" if grade == 1 else "good"
        code = {"maintained": f"remains_{word}" if self.rng.random() < 0.7
                else "standards_maintained",
                "concerns": f"remains_{word}_concerns",
                "improving": "remains_good_improving"}[signal]
        label = self.labels[code]
        row.ungraded_outcome, row.ungraded_outcome_label = label.label, label
        return row

    def report_card(self, *, school, inspected, when, grade) -> Inspection:
        row = self._base(school=school, inspected=inspected, era=InspectionEra.REPORT_CARD,
                         when=when, kind="report_card")
        rng = self.rng
        # Grade 1 -> strong or exceptional areas; 2 -> expected or strong; 3 -> one area needs
        # attention; 4 -> urgent improvement (a category of concern follows from it).
        base = {1: 2, 2: 3, 3: 3, 4: 4}[grade]
        areas = ["inclusion", "curriculum_and_teaching", "achievement",
                 "attendance_and_behaviour", "personal_development_and_wellbeing",
                 "leadership_and_governance"]
        if inspected.phase in (Phase.PRIMARY, Phase.NURSERY, Phase.ALL_THROUGH):
            areas.append("early_years_report_card")
        if (inspected.statutory_high_age or 0) > 16:
            areas.append("post_16")
        for name in areas:
            setattr(row, name, max(1, base - rng.choice([0, 0, 1])))
        if grade == 3:
            row.achievement = 4
        if grade == 4:
            row.achievement = 5
        return row


def _ungraded_labels() -> dict[str, GradeLabel]:
    return {label.code: label for label in
            GradeLabel.objects.filter(scale__code="ungraded_outcome")}


def generate_public_data(
    *, establishments: Iterable[Establishment], links: Iterable[EstablishmentLink],
    seed: int = 2025, profiles: dict[int, tuple[int, str, str]] | None = None,
) -> PublicData:
    """Inspections and indicators for the open schools of a demo register.

    `profiles` forces a school's (grade, trend, era) — the demo headteacher's school, say.
    Converted academies opened in or after January 2024 keep their predecessor's inspection
    as their latest (Ofsted reports it against the academy with the old URN); new free schools
    opened since September 2022 have none yet.
    """
    rng = random.Random(f"categorisation-{seed}")
    inspector = _Inspector(rng, _ungraded_labels())
    by_urn = {e.urn: e for e in establishments}
    predecessor_of = {link.urn: by_urn.get(link.linked_urn) for link in links
                      if link.link_type == "Predecessor"}
    data = PublicData()
    forced = profiles or {}
    for school in sorted(by_urn.values(), key=lambda e: e.urn):
        if not school.is_open:
            continue
        grade = rng.choices(list(GRADE_WEIGHTS), weights=list(GRADE_WEIGHTS.values()))[0]
        trend = rng.choices(list(TREND_WEIGHTS), weights=list(TREND_WEIGHTS.values()))[0]
        era = rng.choices(list(ERA_WEIGHTS), weights=list(ERA_WEIGHTS.values()))[0]
        if school.urn in forced:
            grade, trend, era = forced[school.urn]
        predecessor = predecessor_of.get(school.urn)
        opened = school.open_date or date(2000, 9, 1)
        inspected_grade: int | None = grade
        if predecessor is not None and opened >= date(2024, 1, 1):
            # Not inspected since it converted: the predecessor's inspection counts.
            _history(inspector, rng, school=school, inspected=predecessor, grade=grade,
                     era="graded", before=opened - timedelta(days=30))
        elif predecessor is None and opened >= date(2022, 9, 1):
            inspected_grade = None  # a new school awaiting its first inspection
        else:
            if predecessor is not None and opened > date(2016, 9, 1):
                inspector.graded(school=school, inspected=predecessor, grade=_clamp(grade + 1),
                                 when=_day(rng, date(2015, 1, 5), opened - timedelta(days=60)))
            _history(inspector, rng, school=school, inspected=school, grade=grade, era=era,
                     after=max(opened, date(2015, 1, 5)) + timedelta(days=400))
        data.profiles[school.urn] = (inspected_grade, trend)
        _indicators(data, rng, school=school, grade=grade, trend=trend)
    data.inspections = inspector.rows
    return data


def _history(inspector: _Inspector, rng: random.Random, *, school, inspected, grade: int,
             era: str, after: date = date(2015, 1, 5), before: date | None = None) -> None:
    """One school's inspections, oldest first, ending with one of the given era. The latest is
    recent enough for Ofsted's cycle (about four years for a good school, 30 months below
    good), so only a few schools come out overdue."""
    end = before or date(2026, 6, 26)
    if era == "graded_old":
        era = "graded"
    if grade > 2 and era in ("graded", "ungraded") and before is None:
        # Below good: re-inspected within 30 months, so mostly in 2024-25; a few in spring 2024
        # (now overdue). An ungraded inspection follows a good or outstanding grade only.
        era = "sub" if rng.random() < 0.8 else "graded"
    graded_from = date(2021, 9, 6) if grade <= 2 else date(2024, 1, 8)
    if era == "graded" and before is None and after > date(2024, 6, 1):
        era = "sub"
    if era == "sub" and before is None and after > date(2025, 6, 1):
        era = "report_card"
    if era == "report_card" and end < date(2025, 11, 10):
        era = "graded"
    if era == "graded":
        start = max(graded_from, after) if before is None else max(date(2015, 1, 5), after)
        latest = _day(rng, start, min(date(2024, 7, 19), end)) if start < end else end
        if grade >= 3 and rng.random() < 0.6:
            # Below good before as well: stuck, or a fall.
            inspector.graded(school=school, inspected=inspected, grade=rng.choice([2, 3]),
                             when=_day(rng, date(2015, 1, 5), latest - timedelta(days=900)))
        inspector.graded(school=school, inspected=inspected, grade=grade, when=latest)
        return
    previous_grade = grade if grade <= 2 else 2
    inspector.graded(school=school, inspected=inspected, grade=previous_grade,
                     when=_day(rng, date(2015, 1, 5), date(2019, 3, 29)))
    if era == "ungraded":
        signal = rng.choices(["maintained", "concerns", "improving"], weights=[70, 18, 12])[0]
        if grade == 1 and signal == "improving":
            signal = "maintained"
        start = date(2022, 9, 5) if signal == "maintained" else date(2025, 1, 6)
        inspector.ungraded(school=school, inspected=inspected, grade=previous_grade,
                           signal=signal, when=_day(rng, max(start, after), date(2025, 7, 11)))
    elif era == "sub":
        inspector.graded(school=school, inspected=inspected, grade=grade, sub_judgements=True,
                         when=_day(rng, max(date(2024, 9, 16), after), date(2025, 7, 11)))
    else:
        inspector.report_card(school=school, inspected=inspected, grade=grade,
                              when=_day(rng, max(date(2025, 11, 10), after), date(2026, 6, 26)))


def _indicators(data: PublicData, rng: random.Random, *, school: Establishment, grade: int,
                trend: str) -> None:
    """KS2 for schools with year 6, KS4 for schools with year 11: three years against national."""
    slope = {"improving": 2.6, "declining": -2.6, "stable": 0.0}[trend]
    opened = school.open_date or date(2000, 9, 1)
    years = [year for year in YEARS if date(year, 9, 1) > opened]
    has_ks2 = school.phase in (Phase.PRIMARY, Phase.ALL_THROUGH) and \
        (school.statutory_low_age or 0) <= 7 <= 11 <= (school.statutory_high_age or 0)
    has_ks4 = school.phase in (Phase.SECONDARY, Phase.ALL_THROUGH)
    offset = {1: 10.0, 2: 2.5, 3: -6.0, 4: -12.0}[grade] + rng.uniform(-3, 3)

    # The year group the results are of, as the tables publish it beside each value.
    pupils = school.number_of_pupils or 0
    cohort = max(5, round(pupils / (7 if has_ks2 and not has_ks4 else 5)))

    def add(measure: str, year: int, value: float | None, national: Decimal | None,
            places: str, suppression: str = "", ci: float | None = None) -> None:
        data.indicators.append(PerformanceIndicator(
            urn=school.urn, measure=measure, year=year, release=RELEASES[year],
            value=None if value is None else Decimal(str(value)).quantize(Decimal(places)),
            national=national, higher_is_better=True, suppression=suppression, source=SOURCE,
            cohort=cohort if value is not None else None,
            ci_low=None if ci is None or value is None else Decimal(str(value - ci)).quantize(
                Decimal(places)),
            ci_high=None if ci is None or value is None else Decimal(str(value + ci)).quantize(
                Decimal(places)),
        ))

    for index, year in enumerate(years):
        step = slope * (index - (len(years) - 1) / 2)
        if has_ks2:
            if (school.number_of_pupils or 0) < 50:  # a year 6 of a handful of pupils
                add("ks2_rwm_expected", year, None, KS2_NATIONAL[year], "1", "SUPP")
            else:
                value = float(KS2_NATIONAL[year]) + offset + step + rng.uniform(-1, 1)
                add("ks2_rwm_expected", year, min(100, max(0, round(value))), KS2_NATIONAL[year],
                    "1")
        if has_ks4:
            att8 = float(ATT8_NATIONAL[year]) + offset * 0.7 + step + rng.uniform(-0.8, 0.8)
            add("ks4_att8", year, att8, ATT8_NATIONAL[year], "0.1")
            p8 = float(P8_NATIONAL[year]) + offset / 25 + step / 12 + rng.uniform(-0.05, 0.05)
            # Progress 8's 95% interval: about 1.96 x 1.2 / sqrt(cohort) either side.
            add("ks4_p8", year, p8, P8_NATIONAL[year], "0.01", ci=2.35 / cohort ** 0.5)
            add("ks4_att8_disadvantaged_gap", year, -15 + rng.uniform(-4, 4), None, "0.1")


def public_data_load(data: PublicData) -> None:
    Inspection.objects.bulk_create(data.inspections, batch_size=500)
    PerformanceIndicator.objects.bulk_create(data.indicators, batch_size=500)


def public_data_wipe(*, urn_first: int, urn_last: int) -> None:
    """Remove the demo's inspections and indicators (public rows of the demo URNs only)."""
    Inspection.objects.filter(inspection_number__startswith=PREFIX,
                              urn__gte=urn_first, urn__lte=urn_last).delete()
    PerformanceIndicator.objects.filter(urn__gte=urn_first, urn__lte=urn_last).delete()
