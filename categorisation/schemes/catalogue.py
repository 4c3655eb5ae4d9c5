"""What a condition in the scheme editor may test: every fact the engine knows, grouped by kind
(inspection outcome and era, category of concern, report card, trend, flags, local intelligence,
officer judgement, school, and the scheme's own derived facts), with the type of its value and
the values it can take, so the editor turns what a person types into the JSON the engine reads
(`categorisation.schemes.editor`) and says what is wrong with a value, naming the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from categorisation.derived import OEIF_WORDS
from categorisation.models.public import InspectionEra
from categorisation.schemes.facts import FACT_NAMES, OFFICER_PREFIX, REPORT_CARD_WORDS
from categorisation.schemes.judgements import KINDS as JUDGEMENT_KINDS

BOOL, NUMBER, INTEGER, DATE, CHOICE, TEXT = "bool", "number", "integer", "date", "choice", "text"


@dataclass(frozen=True)
class FactKind:
    name: str
    group: str
    type: str
    choices: tuple[tuple[Any, str], ...] = ()  # (value, words)

    @property
    def hint(self) -> str:
        if self.choices:
            return "; ".join(f"{value} ({words})" if str(value) != words else str(value)
                             for value, words in self.choices)
        return {BOOL: "yes or no: use the test 'is yes' or 'is no'", NUMBER: "a number",
                INTEGER: "a whole number", DATE: "a date as YYYY-MM-DD", TEXT: "text"}[self.type]


INSPECTION = "Inspection outcome and era"
CONCERN = "Category of concern"
REPORT_CARD = "Report card"
TREND = "Trend of results"
FLAGS = "Flags"
INTELLIGENCE = "Local intelligence"
OFFICER = "Officer judgement"
SCHOOL = "School"
DERIVED = "Worked out by this scheme"
GROUPS = (INSPECTION, CONCERN, REPORT_CARD, TREND, FLAGS, INTELLIGENCE, OFFICER, SCHOOL, DERIVED)

_YES_NO_UNKNOWN = (("yes", "yes"), ("no", "no"), ("unknown", "unknown"))
_STUCK = (*_YES_NO_UNKNOWN, ("not_applicable", "not applicable"))
_TRENDS = (("improving", "improving"), ("declining", "declining"), ("stable", "stable"),
           ("unknown", "unknown: no recent results"))
_GRADES = tuple((grade, words.lower()) for grade, words in OEIF_WORDS.items())
_RANKS = tuple(REPORT_CARD_WORDS.items())

_KINDS = [
    FactKind("inspection.exists", INSPECTION, BOOL),
    FactKind("inspection.date", INSPECTION, DATE),
    FactKind("inspection.era", INSPECTION, CHOICE,
             tuple((era.value, era.label) for era in InspectionEra)),
    FactKind("inspection.of_predecessor", INSPECTION, BOOL),
    FactKind("inspection.grade", INSPECTION, INTEGER, _GRADES),
    FactKind("inspection.grade_date", INSPECTION, DATE),
    FactKind("inspection.leadership", INSPECTION, INTEGER, _GRADES),
    FactKind("inspection.ungraded_signal", INSPECTION, CHOICE,
             (("maintained", "standards maintained"), ("concerns", "concerns raised"),
              ("improving", "improving"))),
    FactKind("inspection.category_of_concern", CONCERN, CHOICE,
             (("serious_weaknesses", "serious weaknesses"),
              ("special_measures", "special measures"),
              ("requires_significant_improvement", "requires significant improvement"))),
    FactKind("flag.intervention", CONCERN, CHOICE,
             (("duty", "academy order: duty"), ("power", "academy order: power"))),
    FactKind("inspection.report_card.lowest", REPORT_CARD, INTEGER, _RANKS),
    FactKind("inspection.report_card.leadership", REPORT_CARD, INTEGER, _RANKS),
    FactKind("inspection.safeguarding_met", REPORT_CARD, BOOL),
    FactKind("trend", TREND, CHOICE, _TRENDS),
    FactKind("trend.against_national", TREND, CHOICE, _TRENDS),
    FactKind("indicators.gap", TREND, NUMBER),
    FactKind("stuck", FLAGS, CHOICE, _STUCK),
    FactKind("stuck.form", FLAGS, CHOICE,
             (("legacy", "graded inspections"), ("key_judgements", "2024-25 key judgements"),
              ("report_card", "report cards"))),
    FactKind("stuck.legacy", FLAGS, CHOICE, _STUCK),
    FactKind("stuck.key_judgements", FLAGS, CHOICE, _STUCK),
    FactKind("stuck.report_card", FLAGS, CHOICE, _STUCK),
    FactKind("flag.monitoring", FLAGS, CHOICE,
             (("yes", "yes"), ("no", "no"), ("not_applicable", "not applicable"))),
    FactKind("flag.rise", FLAGS, CHOICE,
             (("targeted", "targeted"), ("structural", "structural"),
              ("universal", "universal"), ("unknown", "unknown"))),
    FactKind("flag.low_attainment", FLAGS, CHOICE, _YES_NO_UNKNOWN),
    FactKind("intelligence.high_concern", INTELLIGENCE, BOOL),
    FactKind("school.governance", SCHOOL, TEXT),
    FactKind("school.phase", SCHOOL, TEXT),
    FactKind("school.is_maintained", SCHOOL, BOOL),
]
KINDS = {kind.name: kind for kind in _KINDS}
assert set(KINDS) == FACT_NAMES, "every fact the engine knows has a kind in the editor"
# The facts whose data come from results or from the LA's own records: a condition on one the
# tenant holds no data for is warned about in the preview.
MEASURE_FACTS = {"trend", "trend.against_national", "indicators.gap", "flag.low_attainment",
                 "intelligence.high_concern"}


def kind_of(name: str, derived: dict[str, str] | None = None) -> FactKind:
    """The kind of a fact: a known one, an officer judgement (its values as text), or one the
    scheme derives (`derived`: fact name -> the type of the values its steps give)."""
    if name in KINDS:
        return KINDS[name]
    if name.startswith(OFFICER_PREFIX):
        judgement = JUDGEMENT_KINDS.get(name.removeprefix(OFFICER_PREFIX))
        return FactKind(name, OFFICER, CHOICE if judgement else TEXT,
                        judgement.choices if judgement else ())
    return FactKind(name, DERIVED, (derived or {}).get(name, TEXT))


def officer_facts() -> list[str]:
    return [OFFICER_PREFIX + key for key in JUDGEMENT_KINDS]


def value_type(value: Any) -> str:
    """The kind of value a derive step gives (for the facts a scheme works out)."""
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return NUMBER
    return TEXT


def parse_one(kind: FactKind, text: str) -> Any:
    """One value as typed, in the type the engine compares; ValueError with words for a
    person."""
    text = text.strip()
    if not text:
        raise ValueError("Enter a value")
    if kind.type in (INTEGER, NUMBER):
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"Enter one of: {kind.hint}" if kind.choices
                             else "Enter a number") from None
        value: Any = int(number) if number == int(number) else number
        if kind.type == INTEGER and not isinstance(value, int):
            raise ValueError("Enter a whole number")
    elif kind.type == DATE:
        try:
            date.fromisoformat(text)
        except ValueError:
            raise ValueError("Enter a date as YYYY-MM-DD, for example 2012-09-01") from None
        value = text
    elif kind.type == BOOL:
        if text.lower() not in ("yes", "no", "true", "false"):
            raise ValueError("Enter yes or no")
        value = text.lower() in ("yes", "true")
    else:
        value = text
    if kind.choices and value not in {choice for choice, _ in kind.choices}:
        raise ValueError(f"Enter one of: {kind.hint}")
    return value


def format_value(value: Any) -> str:
    """A JSON value as the editor shows it (the inverse of `parse_one`, lists comma-separated)."""
    if isinstance(value, list):
        return ", ".join(format_value(item) for item in value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
