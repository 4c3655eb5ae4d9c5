"""Phase, governance and open or closed, derived from GIAS's names for them."""

from __future__ import annotations

from schools.models import Governance, Phase

PHASES = {
    "nursery": Phase.NURSERY,
    "primary": Phase.PRIMARY,
    # GIAS classes middle schools as deemed primary or deemed secondary for statistics; for the
    # register both are middle schools (typically 8-12 or 9-13), which is how LAs talk of them.
    "middle deemed primary": Phase.MIDDLE,
    "middle deemed secondary": Phase.MIDDLE,
    "secondary": Phase.SECONDARY,
    "all-through": Phase.ALL_THROUGH,
    "16 plus": Phase.SIXTEEN_PLUS,
}
MAINTAINED_TYPES = frozenset({
    "community school", "foundation school", "voluntary aided school",
    "voluntary controlled school", "community special school", "foundation special school",
    "local authority nursery school", "pupil referral unit",
})
TYPE_GROUP_GOVERNANCE = {
    "local authority maintained schools": Governance.MAINTAINED,
    "academies": Governance.ACADEMY,
    "free schools": Governance.FREE_SCHOOL,
    "independent schools": Governance.INDEPENDENT,
    "colleges": Governance.OTHER,
    "universities": Governance.OTHER,
    "children's centres": Governance.OTHER,
    "other types": Governance.OTHER,
    "online provider": Governance.OTHER,
}


def governance_for(type_name: str | None, type_group: str | None) -> str | None:
    """Maintained, academy, free school, independent or other, from the type (or its group).

    None when the file cannot say (no type column, or a group such as "Special schools" that
    mixes maintained and non-maintained schools): the stored value is then left alone.
    """
    if type_name is not None:
        name = type_name.strip().lower()
        if not name:
            return None
        if name in MAINTAINED_TYPES:
            return Governance.MAINTAINED
        if name.startswith("free school"):
            return Governance.FREE_SCHOOL
        if (name.startswith("academy") or name == "university technical college"
                or name.startswith("studio school")):
            return Governance.ACADEMY
        if "independent" in name:
            return Governance.INDEPENDENT
        return Governance.OTHER
    if type_group is not None:
        return TYPE_GROUP_GOVERNANCE.get(type_group.strip().lower())
    return None


def phase_for(phase_name: str, type_name: str | None, type_group: str | None) -> str:
    """The register's phase. GIAS gives special schools and PRUs the phase "Not applicable":
    for those the type (or the "Special schools" group) decides special or alternative
    provision."""
    phase = PHASES.get(phase_name.strip().lower())
    if phase is not None:
        return phase.value
    kind = (type_name or "").strip().lower()
    if "special" in kind:
        return Phase.SPECIAL.value
    if kind == "pupil referral unit" or "alternative provision" in kind:
        return Phase.ALTERNATIVE_PROVISION.value
    if not kind and (type_group or "").strip().lower() == "special schools":
        return Phase.SPECIAL.value
    return Phase.NOT_APPLICABLE.value


def is_open_for(status_name: str) -> str:
    """Open, and "Open, but proposed to close", are open; Closed and "Proposed to open" not."""
    return "1" if status_name.strip().lower().startswith("open") else "0"
