"""What an Ofsted management-information file holds: its formats, the words for each grade
(kept as data), and the blocks of columns each era of inspection uses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from categorisation.models import GradeScale, InspectionEra

NULL_VALUES = {"", "null"}
OEIF, REPORT_CARD, UNGRADED = GradeScale.Code.OEIF, GradeScale.Code.REPORT_CARD, \
    GradeScale.Code.UNGRADED_OUTCOME
SAFEGUARDING, CONCERN = GradeScale.Code.SAFEGUARDING, GradeScale.Code.CATEGORY_OF_CONCERN

FORMAT_2026 = "ofsted_mi_2025_onwards"
FORMAT_LEGACY = "ofsted_mi_legacy"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", (text or "").strip()).lower()


# --- Labels -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Label:
    scale: str
    code: str
    label: str
    rank: int | None
    is_judgement: bool = True
    implied_grade: int | None = None
    signal: str = ""
    pk: int | None = None
    aliases: tuple[str, ...] = ()


class LabelBook:
    """Every known label by scale and normalised spelling."""

    def __init__(self, labels: Iterable[Label]):
        self.labels = list(labels)
        self._by_text: dict[tuple[str, str], Label] = {}
        for label in self.labels:
            for spelling in (label.label, label.code, *label.aliases):
                self._by_text[(label.scale, normalise(spelling))] = label

    def find(self, scale: str, text: str) -> Label | None:
        return self._by_text.get((scale, normalise(text)))


# --- Column blocks ------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """Where one inspection sits in a row: Inspection field -> column name."""

    name: str
    number: str
    start: str
    columns: dict[str, str]
    # field -> (column, scale) for the graded columns.
    grades: dict[str, tuple[str, str]] = field(default_factory=dict)
    era: str | None = None  # None: decided from the overall effectiveness


REPORT_CARD_BLOCK = Block(
    name="latest full inspection (report card)",
    number="Inspection number of latest full inspection",
    start="Inspection start date",
    era=InspectionEra.REPORT_CARD,
    columns={
        "inspection_type": "Inspection type",
        "inspection_type_grouping": "Inspection type grouping",
        "event_type_grouping": "Event type grouping",
        "publication_date": "Publication date",
        "relates_to_current_urn":
            "Does the latest full inspection relate to the URN of the current school?",
        "inspected_urn": "URN at time of latest full inspection",
        "inspected_name": "School name at time of latest full inspection",
        "inspected_type": "School type at time of latest full inspection",
        "category_of_concern": "Category of concern",
        "safeguarding_met": "Safeguarding standards",
    },
    grades={
        "inclusion": ("Inclusion", REPORT_CARD),
        "curriculum_and_teaching": ("Curriculum and teaching", REPORT_CARD),
        "achievement": ("Achievement", REPORT_CARD),
        "attendance_and_behaviour": ("Attendance and behaviour", REPORT_CARD),
        "personal_development_and_wellbeing":
            ("Personal development and wellbeing", REPORT_CARD),
        "early_years_report_card": ("Early years (where applicable)", REPORT_CARD),
        "post_16": ("Post-16 provision (where applicable)", REPORT_CARD),
        "leadership_and_governance": ("Leadership and governance", REPORT_CARD),
    },
)

OEIF_BLOCK = Block(
    name="latest OEIF graded inspection",
    number="Inspection number of latest OEIF graded inspection",
    start="Inspection start date of latest OEIF graded inspection",
    columns={
        "inspection_type": "Inspection type of latest OEIF graded inspection",
        "inspection_type_grouping": "Inspection type grouping of latest OEIF graded inspection",
        "event_type_grouping": "Event type grouping of latest OEIF graded inspection",
        "publication_date": "Publication date of latest OEIF graded inspection",
        "relates_to_current_urn":
            "Does the latest OEIF graded inspection relate to the URN of the current school?",
        "inspected_urn": "URN at time of latest OEIF graded inspection",
        "inspected_name": "School name at time of latest OEIF graded inspection",
        "inspected_type": "School type at time of latest OEIF graded inspection",
        "category_of_concern": "Latest OEIF category of concern",
        "safeguarding_met": "Latest OEIF safeguarding is effective?",
    },
    grades={
        "overall_effectiveness": ("Latest OEIF overall effectiveness", OEIF),
        "quality_of_education": ("Latest OEIF quality of education", OEIF),
        "behaviour_and_attitudes": ("Latest OEIF behaviour and attitudes", OEIF),
        "personal_development": ("Latest OEIF personal development", OEIF),
        "leadership_and_management":
            ("Latest OEIF effectiveness of leadership and management", OEIF),
        "early_years": ("Latest OEIF early years provision (where applicable)", OEIF),
        "sixth_form": ("Latest OEIF sixth form provision (where applicable)", OEIF),
    },
)

UNGRADED_BLOCK = Block(
    name="latest ungraded inspection",
    number="Latest ungraded inspection number",
    start="Date of latest ungraded inspection",
    era=InspectionEra.UNGRADED,
    columns={
        "publication_date": "Ungraded inspection publication date",
        "relates_to_current_urn":
            "Does the ungraded inspection relate to the URN of the current school?",
        "inspected_urn": "URN at time of the ungraded inspection",
        "inspected_name": "School name at time of the ungraded inspection",
        "inspected_type": "School type at time of the ungraded inspection",
        "ungraded_outcome": "Ungraded inspection overall outcome",
    },
)

LEGACY_LATEST_BLOCK = Block(
    name="latest graded inspection",
    number="Inspection number",
    start="Inspection start date",
    columns={
        "inspection_type": "Inspection type",
        "inspection_type_grouping": "Inspection type grouping",
        "event_type_grouping": "Event type grouping",
        "publication_date": "Publication date",
        "relates_to_current_urn":
            "Does the latest full inspection relate to the URN of the current school?",
        "inspected_urn": "URN at time of latest full inspection",
        "inspected_name": "School name at time of latest full inspection",
        "inspected_type": "School type at time of latest full inspection",
        "category_of_concern": "Category of concern",
        "safeguarding_met": "Safeguarding is effective?",
    },
    grades={
        "overall_effectiveness": ("Overall effectiveness", OEIF),
        "quality_of_education": ("Quality of education", OEIF),
        "behaviour_and_attitudes": ("Behaviour and attitudes", OEIF),
        "personal_development": ("Personal development", OEIF),
        "leadership_and_management": ("Effectiveness of leadership and management", OEIF),
        "early_years": ("Early years provision (where applicable)", OEIF),
        "sixth_form": ("Sixth form provision (where applicable)", OEIF),
    },
)

LEGACY_PREVIOUS_BLOCK = Block(
    name="previous graded inspection",
    number="Previous inspection number",
    start="Previous inspection start date",
    columns={
        "publication_date": "Previous publication date",
        "relates_to_current_urn":
            "Does the previous inspection relate to the URN of the current school?",
        "inspected_urn": "URN at time of previous inspection",
        "inspected_name": "School name at time of previous inspection",
        "inspected_type": "School type at time of previous inspection",
        "category_of_concern": "Previous category of concern",
        "safeguarding_met": "Previous safeguarding is effective?",
    },
    grades={
        "overall_effectiveness": ("Previous overall effectiveness", OEIF),
        "quality_of_education": ("Previous quality of education", OEIF),
        "behaviour_and_attitudes": ("Previous behaviour and attitudes", OEIF),
        "personal_development": ("Previous personal development", OEIF),
        "leadership_and_management":
            ("Previous effectiveness of leadership and management", OEIF),
        "early_years": ("Previous early years provision (where applicable)", OEIF),
        "sixth_form": ("Previous sixth form provision (where applicable)", OEIF),
    },
)

FORMATS: dict[str, tuple[Block, ...]] = {
    FORMAT_2026: (REPORT_CARD_BLOCK, OEIF_BLOCK, UNGRADED_BLOCK),
    FORMAT_LEGACY: (LEGACY_LATEST_BLOCK, LEGACY_PREVIOUS_BLOCK, UNGRADED_BLOCK),
}
URN_COLUMN = "URN"
SCHOOL_NAME_COLUMN = "School name"

# The Inspection fields a parsed inspection carries, in a fixed order for the row hash.
INSPECTION_FIELDS = (
    "inspection_number", "urn", "inspected_urn", "relates_to_current_urn", "inspected_name",
    "inspected_type", "era", "inspection_type", "inspection_type_grouping",
    "event_type_grouping", "start_date", "publication_date", "category_of_concern",
    "safeguarding_met", "overall_effectiveness", "quality_of_education",
    "behaviour_and_attitudes", "personal_development", "leadership_and_management",
    "early_years", "sixth_form", "inclusion", "curriculum_and_teaching", "achievement",
    "attendance_and_behaviour", "personal_development_and_wellbeing", "early_years_report_card",
    "post_16", "leadership_and_governance", "ungraded_outcome", "ungraded_outcome_label_id",
)
