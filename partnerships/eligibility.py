"""Evidence for the rules that depend on data other apps bring (Ofsted grades, the
system-leader directory).

Each question answers `Evidence(met, reason)` where `met` is True, False or None ("the data to
decide this is not in the product yet"). Until an app provides a source, the answer is None and
the services ask the officer for a note saying what evidence they relied on.

The hook: an app that knows the answer registers a source once, e.g. in its AppConfig.ready():

    from partnerships import eligibility
    eligibility.register_source("school_is_outstanding", my_function)

A source takes the same arguments as the question and returns an `Evidence`.
"""

from collections.abc import Callable
from typing import NamedTuple

from core.models import Membership
from partnerships.models import LeadEligibility
from schools.models import School


class Evidence(NamedTuple):
    met: bool | None
    reason: str


_SOURCES: dict[str, Callable[..., Evidence]] = {}

QUESTIONS = ("school_is_outstanding", "person_is_system_leader")


def register_source(question: str, source: Callable[..., Evidence] | None) -> None:
    """Install (or with None remove) the source that answers a question."""
    if question not in QUESTIONS:
        raise ValueError(f"Unknown question {question!r}; expected one of {QUESTIONS}.")
    if source is None:
        _SOURCES.pop(question, None)
    else:
        _SOURCES[question] = source


def school_is_outstanding(school: School) -> Evidence:
    source = _SOURCES.get("school_is_outstanding")
    if source is None:
        return Evidence(None, "Ofsted grades are not in the product yet")
    return source(school)


def person_is_system_leader(person: Membership) -> Evidence:
    source = _SOURCES.get("person_is_system_leader")
    if source is None:
        return Evidence(None, "the system-leader (NLE/LLE) directory is not in the product yet")
    return source(person)


def lead_rule_evidence(rule: str, *, person: Membership, school: School) -> Evidence:
    """Whether a headteacher of a member school meets the level's lead rule.

    The caller has already checked they head a current member school; this adds the rule's
    own condition. "Either" rules are met when one side is met, refused only when both are
    known to fail, and unknown otherwise.
    """
    if rule == LeadEligibility.HEAD_OF_MEMBER:
        return Evidence(True, "heads a member school")
    outstanding = school_is_outstanding(school)
    leader = person_is_system_leader(person)
    if rule == LeadEligibility.HEAD_OF_OUTSTANDING:
        return outstanding
    if rule == LeadEligibility.SYSTEM_LEADER:
        return leader
    if outstanding.met or leader.met:
        return outstanding if outstanding.met else leader
    if outstanding.met is False and leader.met is False:
        return Evidence(False, f"{outstanding.reason}; {leader.reason}")
    unknown = [e.reason for e in (outstanding, leader) if e.met is None]
    return Evidence(None, "; ".join(unknown))
