"""Flags from the 2025-26 rules (DESIGN §3 "categorisation/", issue 10 item 7). Pure functions:
no database, no clock — the as-at date is always an argument.

Each flag is a `Flag`: the rule that made it (`RuleVersion`: a version string and the date it
took effect), the value rules read as a fact (`flag.monitoring`, `flag.rise`, `stuck` ...), a
conclusion in plain words, and the inputs it read, each a sentence a person can check against
Ofsted's report or the performance tables. A rule that changes is a new `RuleVersion`, never an
edit of the old one, so a flag shown last term can still be explained.

Modules: `inspection` (report-card monitoring, categories of concern, the three forms of the
stuck-school status, RISE eligibility, the academy-order wording by date) and `attainment` (the
low-attainment watchlist). `school_flags` gathers them for one school.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from categorisation.derived import ungraded_text
from categorisation.flags.attainment import (
    LOW_ATTAINMENT,
    QUARTILE_MEASURES,
    Quartile,
    bottom_quartiles,
    low_attainment,
)
from categorisation.flags.base import Flag, RuleVersion
from categorisation.flags.inspection import (
    AT_RISK_DEFINITION,
    CONCERN,
    INTERVENTION,
    MONITORING,
    RISE,
    RISE_SIGNIFICANT_IMPROVEMENT_DEFAULT,
    STUCK_FORMS,
    concern_flag,
    intervention,
    monitoring,
    rise,
    stuck,
)
from categorisation.models import InspectionEra


def school_flags(*, history: Sequence, indicators: Sequence, quartiles: dict, as_at: date,
                 is_maintained: bool, limit: int = 3) -> dict[str, Flag]:
    """Every 2025-26 flag of one school, by key, in the order a page shows them. `history` is
    the school's counting inspections, newest first (`derived.counting_inspections`);
    `quartiles` the national bottom-quarter thresholds by (measure, year)
    (`selectors.national_bottom_quartiles`)."""
    concern = concern_flag(history)
    stuck_flag = stuck(history)
    return {
        "monitoring": monitoring(history),
        "concern": concern,
        "stuck": stuck_flag,
        "rise": rise(concern=concern, stuck=stuck_flag, as_at=as_at),
        "low_attainment": low_attainment(indicators, quartiles=quartiles, as_at=as_at,
                                         limit=limit),
        "intervention": intervention(concern=concern, is_maintained=is_maintained,
                                     as_at=as_at),
    }


def at_risk_reasons(found: dict[str, Flag], history: Sequence) -> tuple[str, ...]:
    """Why a school is at risk of requires improvement or worse (`AT_RISK_DEFINITION`): the
    raised flags and an ungraded inspection that raised concerns, in plain words; empty when it
    is not at risk. A school already in a category of concern is past risk: it is left out."""
    if found["concern"].value:
        return ()
    reasons = [found[key].conclusion for key in ("monitoring", "stuck", "low_attainment")
               if found[key].value == "yes"]
    latest = history[0] if history else None
    label = getattr(latest, "ungraded_outcome_label", None) if latest is not None else None
    if latest is not None and latest.era == InspectionEra.UNGRADED and label is not None \
            and label.signal == "concerns":
        reasons.append(ungraded_text(latest))
    return tuple(reasons)


__all__ = [
    "AT_RISK_DEFINITION", "CONCERN", "INTERVENTION", "LOW_ATTAINMENT", "MONITORING",
    "QUARTILE_MEASURES", "RISE", "RISE_SIGNIFICANT_IMPROVEMENT_DEFAULT", "STUCK_FORMS", "Flag",
    "Quartile", "RuleVersion", "at_risk_reasons", "bottom_quartiles", "concern_flag",
    "intervention", "low_attainment", "monitoring", "rise", "school_flags", "stuck",
]
