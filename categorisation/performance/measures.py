"""What the DfE performance tables publish: the file formats and the columns each names, the
measures this service reads and their ranges, and the codes published instead of a value; and
one value read against its measure."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from categorisation.models import PerformanceIndicator

FORMAT_KS2_FINAL = "ks2_final"
FORMAT_KS4_FINAL = "ks4_final"
FORMAT_EES = "ees_school"
FORMAT_LABELS = {
    FORMAT_KS2_FINAL: "Key stage 2 performance tables (per-LA download)",
    FORMAT_KS4_FINAL: "Key stage 4 performance tables (per-LA download)",
    FORMAT_EES: "Explore Education Statistics school-level file",
}
Release = PerformanceIndicator.Release


@dataclass(frozen=True)
class Measure:
    code: str  # PerformanceIndicator.measure
    label: str
    low: Decimal
    high: Decimal
    higher_is_better: bool = True
    # Headline measures feed the trend; context measures are stored for people to read.
    headline: bool = True


MEASURES = {
    m.code: m for m in (
        Measure("ks2_rwm_expected",
                "KS2 reading, writing and maths: % at the expected standard",
                Decimal(0), Decimal(100)),
        Measure("ks4_att8", "KS4 Attainment 8 score", Decimal(0), Decimal(90)),
        Measure("ks4_p8", "KS4 Progress 8 score", Decimal(-10), Decimal(10)),
        # Disadvantaged pupils' own results (the per-LA files' FSM6CLA1A columns): read for the
        # low-attainment watchlist, not for the trend.
        Measure("ks2_rwm_expected_disadvantaged",
                "KS2 reading, writing and maths: % of disadvantaged pupils at the expected "
                "standard", Decimal(0), Decimal(100), headline=False),
        Measure("ks4_att8_disadvantaged", "KS4 Attainment 8 score of disadvantaged pupils",
                Decimal(0), Decimal(90), headline=False),
        Measure("ks4_att8_disadvantaged_gap",
                "KS4 Attainment 8: disadvantaged pupils against others",
                Decimal(-90), Decimal(90), headline=False),
        Measure("ks4_p8_disadvantaged_gap",
                "KS4 Progress 8: disadvantaged pupils against others",
                Decimal(-10), Decimal(10), headline=False),
    )
}
HEADLINE_MEASURES = frozenset(code for code, m in MEASURES.items() if m.headline)

# Column -> measure code, by format. Per-LA files name columns as the DfE metadata does.
KS2_COLUMNS = {"PTRWM_EXP": "ks2_rwm_expected",
               "PTRWM_EXP_FSM6CLA1A": "ks2_rwm_expected_disadvantaged"}
KS4_COLUMNS = {"ATT8SCR": "ks4_att8", "P8MEA": "ks4_p8",
               "ATT8SCR_FSM6CLA1A": "ks4_att8_disadvantaged"}
EES_COLUMNS = {
    # Headline measures under the names EES uses in its school-level performance files.
    "att8scr": "ks4_att8", "avg_att8": "ks4_att8",
    "p8mea": "ks4_p8", "avg_p8score": "ks4_p8",
    "pt_rwm_met_expected_standard": "ks2_rwm_expected", "ptrwm_exp": "ks2_rwm_expected",
    # The 2023/24 "school information" file publishes only the disadvantaged gaps.
    "diffn_att8": "ks4_att8_disadvantaged_gap",
    "diffn_p8mea": "ks4_p8_disadvantaged_gap",
}
# The column giving the pupils a per-LA file's values are of: KS2 eligible pupils, KS4 pupils at
# the end of the key stage.
COHORT_COLUMNS = {FORMAT_KS2_FINAL: "TELIG", FORMAT_KS4_FINAL: "TPUP"}
# The disadvantaged pupils (FSM in the last six years, or looked after) a disadvantaged value is
# of, in both formats.
DISADVANTAGED_COHORT_COLUMN = "TFSM6CLA1A"
DISADVANTAGED_MEASURES = {"ks2_rwm_expected_disadvantaged", "ks4_att8_disadvantaged"}
SCHOOL_RECTYPES = {FORMAT_KS2_FINAL: {"1", "2"}, FORMAT_KS4_FINAL: {"1", "2"}}
LA_RECTYPES = {FORMAT_KS2_FINAL: {"3"}, FORMAT_KS4_FINAL: {"4"}}
# Preferred first: state-funded schools, then all schools.
NATIONAL_RECTYPES = {FORMAT_KS2_FINAL: ("5", "4"), FORMAT_KS4_FINAL: ("7", "5")}

# Codes the DfE publishes instead of a value (performance tables and EES), upper-cased for the
# per-LA files; EES's are lower-case single symbols. Matched exactly (after trimming).
SUPPRESSION_CODES = {
    "SUPP": "suppressed: too few pupils",
    "NE": "no entries",
    "NA": "not applicable",
    "LOWCOV": "low coverage of prior attainment",
    "NP": "not published",
    "NEW": "new school",
    "SP": "small percentage",
    "DNS": "did not submit",
    "NR": "not reported",
    "x": "not available",
    "c": "confidential",
    "z": "not applicable",
    "u": "low reliability",
    "low": "rounds to zero",
    ":": "not available",
}
# Column values that mean "nothing here" rather than a code.
EMPTY = {"", " "}


def parse_value(text: str, measure: Measure) -> tuple[Decimal | None, str, str | None]:
    """(value, suppression code, error message). Empty -> (None, "", None): nothing to store."""
    raw = (text or "").strip()
    if raw in EMPTY:
        return None, "", None
    if raw in SUPPRESSION_CODES:
        return None, raw, None
    if raw.upper() in SUPPRESSION_CODES:
        return None, raw.upper(), None
    number = raw[:-1].strip() if raw.endswith("%") else raw
    try:
        value = Decimal(number)
    except InvalidOperation:
        return None, "", (f"'{raw}' is neither a number nor a known suppression code "
                          f"({', '.join(sorted(SUPPRESSION_CODES))}).")
    if not value.is_finite() or not (measure.low <= value <= measure.high):
        return None, "", (f"{raw} is outside the range of {measure.label.lower()} "
                          f"({measure.low} to {measure.high}).")
    return value.quantize(Decimal("0.001")), "", None
