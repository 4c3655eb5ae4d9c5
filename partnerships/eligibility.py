"""Evidence for the rules that depend on data other apps bring (Ofsted grades, the
system-leader designation).

Each question answers `Evidence(met, reason)` where `met` is True, False or None ("the data to
decide this is not in the product yet"); when it is None the services ask the officer for a
note saying what evidence they relied on.

Whether a school is outstanding is asked of schools (`schools.questions`), which categorisation
answers from the inspection in force. Whether a person is a system leader has a source
registered here, by the app that knows it, once, e.g. in its AppConfig.ready():

    from partnerships import eligibility
    eligibility.register_source("person_is_system_leader", my_function)

A source takes the same arguments as the question and returns an `Evidence`.
"""

from collections.abc import Callable
from typing import NamedTuple

from core.models import Membership
from partnerships.models import LeadEligibility, SystemLeaderDesignation
from schools import questions
from schools.models import School


class Evidence(NamedTuple):
    met: bool | None
    reason: str


_SOURCES: dict[str, Callable[..., Evidence]] = {}

QUESTIONS = ("person_is_system_leader",)


def register_source(question: str, source: Callable[..., Evidence] | None) -> None:
    """Install (or with None remove) the source that answers a question."""
    if question not in QUESTIONS:
        raise ValueError(f"Unknown question {question!r}; expected one of {QUESTIONS}.")
    if source is None:
        _SOURCES.pop(question, None)
    else:
        _SOURCES[question] = source


def school_is_outstanding(school: School) -> Evidence:
    answer = questions.ask("is_outstanding", school)
    if answer is None:
        return Evidence(None, "Ofsted outcomes are not in the product")
    return Evidence(*answer)


def person_is_system_leader(person: Membership) -> Evidence:
    """From a registered source (the support app's directory, when it lands), else from the
    designations officers record on the person: an absent record answers "no", saying where
    to record one, so the refusal tells the officer how to put it right."""
    source = _SOURCES.get("person_is_system_leader")
    if source is not None:
        return source(person)
    held = (SystemLeaderDesignation.objects.filter(person=person, ended_on__isnull=True)
            .order_by("designated_on").first())
    if held is None:
        return Evidence(False, f"no NLE or LLE designation is recorded for {person.user} (an "
                               "officer records one under Partnerships, System leaders)")
    return Evidence(True, f"{held.get_designation_display()} since "
                          f"{held.designated_on.day} {held.designated_on:%B %Y} ({held.evidence})")


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
