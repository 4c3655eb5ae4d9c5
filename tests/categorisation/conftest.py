"""Fixtures for categorisation tests: the real-data folder, label books, and inspections built
in memory (unsaved model instances) for the pure functions."""

from datetime import date
from pathlib import Path

import pytest

from categorisation.models import GradeLabel, Inspection, InspectionEra

# tests/categorisation/<file> -> parents[3] is the folder holding main/ and shared/.
REAL = Path(__file__).resolve().parents[3] / "shared" / "data" / "real"
REAL_OFSTED = (REAL / "ofsted"
               / "ofsted_mi_state_funded_latest_inspections_as_at_28_Feb_2026_leeds.csv")
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = date(2026, 3, 1)


@pytest.fixture
def real_ofsted_bytes() -> bytes:
    if not REAL_OFSTED.exists():
        pytest.skip(f"real data not present at {REAL}")
    return REAL_OFSTED.read_bytes()


@pytest.fixture
def labels(db):
    from categorisation.selectors import label_book

    return label_book()


def ungraded_label(code: str, implied: int | None, signal: str, text: str) -> GradeLabel:
    return GradeLabel(code=code, label=text, implied_grade=implied, signal=signal)


def inspection(number: str, urn: int, start: date, era: str = InspectionEra.OEIF_GRADED, *,
               inspected_urn: int | None = None, **grades) -> Inspection:
    """An unsaved Inspection for the pure functions; grades by field name."""
    outcome = grades.pop("outcome", None)
    made = Inspection(inspection_number=number, urn=urn, inspected_urn=inspected_urn or urn,
                      start_date=start, era=era, **grades)
    if outcome is not None:
        made.ungraded_outcome = outcome.label
        made.ungraded_outcome_label = outcome
    return made


REMAINS_GOOD = ungraded_label("remains_good", 2, "maintained", "School remains Good")
REMAINS_GOOD_CONCERNS = ungraded_label(
    "remains_good_concerns", 2, "concerns", "School remains Good (Concerns) - S5 Next")
STANDARDS_MAINTAINED = ungraded_label("standards_maintained", None, "maintained",
                                      "Standards maintained")
