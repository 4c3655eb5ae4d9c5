"""Why a proposed partnership looks as it does, in sentences an officer can read out."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from partnerships.formation.constraints import may_lead
from partnerships.formation.scoring import centre_of, distance_to
from partnerships.formation.shapes import Candidate, ProposedGroup


def explain(
    group: ProposedGroup, by_key: dict[int, Candidate], where: dict[int, int],
    names: Sequence[str], support_short: bool,
) -> str:
    """Why this partnership looks as it does, in sentences an officer can read out."""
    members = [by_key[k] for k in group.members]
    phases: dict[str, int] = defaultdict(int)
    for m in members:
        phases[m.phase.replace("_", " ")] += 1
    mix = ", ".join(f"{n} {phase}" for phase, n in sorted(phases.items()))
    sentences = [f"{len(members)} schools ({mix})."]
    lead = by_key.get(group.lead) if group.lead is not None else None
    if lead:
        why = "it can give support" if lead.can_give_support else "no other school may lead"
        if lead.can_give_support:
            sentences.append(f"Led by {lead.name}, because {why}.")
        else:
            sentences.append(f"Led by {lead.name}; no school here that can give support may lead.")
        if lead.is_secondary and any(m.is_primary for m in members):
            agreed = ", ".join(m.name for m in members if m.is_primary)
            sentences.append(f"{agreed} agreed to be led by a secondary school.")
    blocked = [m for m in members if m.is_secondary and not may_lead(m, members)]
    if blocked:
        refusing = ", ".join(
            m.name for m in members if m.is_primary and not m.accepts_secondary_lead
        )
        sentences.append(
            f"{', '.join(m.name for m in blocked)} may not lead: {refusing} did not agree to be "
            "led by a secondary school."
        )
    givers = [m.name for m in members if m.can_give_support]
    if givers:
        sentences.append(f"Able to give support: {', '.join(givers)}.")
    elif support_short:
        sentences.append("No school here can give support: there are fewer schools able to give "
                         "support than partnerships.")
    else:
        sentences.append("No school here can give support.")
    own = set(group.members)
    met = [f"{m.name} named {by_key[o].name}" for m in members for o in sorted(m.preferred)
           if o in own and o != m.key]
    unmet = [f"{m.name} named {by_key[o].name} (placed in {names[where[o]]})"
             for m in members for o in sorted(m.preferred) if o in by_key and o not in own]
    if met:
        sentences.append(f"Preferences met: {'; '.join(met)}.")
    if unmet:
        sentences.append(f"Preferences not met: {'; '.join(unmet)}.")
    centre = centre_of(members)
    if centre:
        distances = [distance_to(m, *centre) for m in members if m.has_location]
        sentences.append(
            f"On average {sum(distances) / len(distances) / 1000:.1f} km from the partnership's "
            f"centre; farthest {max(distances) / 1000:.1f} km."
        )
    return " ".join(sentences)
