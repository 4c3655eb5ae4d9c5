"""Reads of the consultation surveys: the list, who has answered, and the tally of ratings by
role and phase."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from partnerships.models import (
    OPPOSING_RATINGS,
    SUPPORTING_RATINGS,
    Rating,
    RespondentRole,
    Survey,
    SurveyOption,
    SurveyResponse,
)
from schools.models import Phase


def survey_list() -> QuerySet[Survey]:
    return (Survey.objects.select_related("proposal")
            .annotate(option_count=Count("options", distinct=True),
                      respondent_count=Count("responses__respondent_key", distinct=True))
            .order_by("-created_at"))


def surveys_answered_by(*, respondent_key: str) -> set[int]:
    return set(SurveyResponse.objects.filter(respondent_key=respondent_key)
               .values_list("survey_id", flat=True).distinct())


def survey_respondent_counts(*, survey: Survey) -> dict[str, int]:
    """Distinct respondents by role, for the results page's headline."""
    rows = (SurveyResponse.objects.filter(survey=survey).values("respondent_role")
            .annotate(n=Count("respondent_key", distinct=True)).order_by())
    counts = {row["respondent_role"]: row["n"] for row in rows}
    counts["all"] = (SurveyResponse.objects.filter(survey=survey)
                     .aggregate(n=Count("respondent_key", distinct=True))["n"])
    return counts


@dataclass(frozen=True)
class TallyRow:
    """One line of a seed-style table: e.g. "Primary headteachers: 21% positive …"."""

    label: str
    role: str
    phase: str
    total: int
    counts: dict[str, int]

    def percent(self, rating: str) -> int:
        return round(100 * self.counts.get(rating, 0) / self.total) if self.total else 0

    @property
    def percents(self) -> dict[str, int]:
        return {rating: self.percent(rating) for rating in Rating.values}

    @property
    def support_percent(self) -> int:
        """Strongly support + positive + willing to consider, from the counts (so it may differ
        by one from the sum of the rounded percentages)."""
        return self._share(SUPPORTING_RATINGS)

    @property
    def against_percent(self) -> int:
        return self._share(OPPOSING_RATINGS)

    def _share(self, ratings: tuple) -> int:
        if not self.total:
            return 0
        return round(100 * sum(self.counts.get(r, 0) for r in ratings) / self.total)


@dataclass(frozen=True)
class OptionTally:
    option: SurveyOption
    rows: list[TallyRow]

    def row(self, label: str) -> TallyRow:
        return next(row for row in self.rows if row.label == label)


def survey_tally(*, survey: Survey) -> list[OptionTally]:
    """Counts and percentages of each rating for each option: all respondents, by role, by
    phase, and by role within phase ("Primary headteachers"). Two queries."""
    options = list(SurveyOption.objects.filter(survey=survey).order_by("position", "label"))
    rows = (SurveyResponse.objects.filter(survey=survey)
            .values("option_id", "respondent_role", "phase", "rating")
            .annotate(n=Count("id")).order_by())
    cells: dict[int, dict[tuple[str, str], dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for row in rows:
        for role in ("", row["respondent_role"]):
            for phase in ("", row["phase"]):
                cells[row["option_id"]][(role, phase)][row["rating"]] += row["n"]
    role_labels = dict(RespondentRole.choices)
    phase_labels = dict(Phase.choices)

    def label(role: str, phase: str) -> str:
        if not role and not phase:
            return "All respondents"
        role_part = f"{role_labels[role].lower()}s" if role else "respondents"
        return f"{phase_labels[phase]} {role_part}" if phase else role_part.capitalize()

    def order(key: tuple[str, str]) -> tuple:
        role, phase = key
        return (bool(role) + bool(phase), RespondentRole.values.index(role) if role else -1,
                Phase.values.index(phase) if phase else -1)

    tallies = []
    for option in options:
        groups = cells.get(option.pk, {})
        tallies.append(OptionTally(option, [
            TallyRow(label(role, phase), role, phase, sum(groups[(role, phase)].values()),
                     dict(groups[(role, phase)]))
            for role, phase in sorted(groups, key=order)
        ]))
    return tallies
