"""Escalation rules (issue 13 item 9), pure: the next steps open to the council when a school
does not engage with agreed support, by who is responsible for the school and the date.

- A maintained school: the local authority's statutory powers over a school eligible for
  intervention — a warning notice to the governing body (Education and Inspections Act 2006,
  s.60) and an interim executive board in place of the governing body (s.65) — and DfE's
  academy order: until the repeal (29 June 2026) the Secretary of State *must* make one for a
  maintained school in a category of concern (Academies Act 2010, s.4(A1)); from that day the
  duty is gone and an academy order is a power DfE *may* use (Children's Wellbeing and Schools
  Act 2026, s.58).
- An academy: the council has no statutory power over it; it liaises with the trust (the
  responsible body) and with DfE's regional team, and records what DfE does through the
  funding agreement (a termination warning notice, a transfer to another trust).
- Either: further evidence of non-engagement, recorded with its date.

Options follow the date they are for: a step is refused when its kind was not open to the
council on the day it was taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class StepKind(StrEnum):
    EVIDENCE = "evidence"
    WARNING_NOTICE = "warning_notice"
    IEB = "ieb"
    ACADEMY_ORDER_DUTY = "academy_order_duty"
    ACADEMY_ORDER_POWER = "academy_order_power"
    TRUST_LIAISON = "trust_liaison"
    DFE_LIAISON = "dfe_liaison"
    DFE_ACTION = "dfe_action"


@dataclass(frozen=True)
class NextStep:
    kind: StepKind
    label: str
    by: str  # who takes it: "the council", "DfE"
    basis: str  # why it is open, in words (the statute, or the relationship)


EVIDENCE = NextStep(StepKind.EVIDENCE, "Record further evidence of non-engagement",
                    "the council", "Dated evidence: missed meetings, actions not taken, "
                                   "support declined.")
WARNING_NOTICE = NextStep(
    StepKind.WARNING_NOTICE, "Give the governing body a warning notice", "the council",
    "Education and Inspections Act 2006, s.60: the school becomes eligible for intervention "
    "if it does not comply.")
IEB = NextStep(
    StepKind.IEB, "Replace the governing body with an interim executive board", "the council",
    "Education and Inspections Act 2006, s.65, for a school eligible for intervention.")
ACADEMY_ORDER_DUTY = NextStep(
    StepKind.ACADEMY_ORDER_DUTY, "Record DfE's academy order (a duty)", "DfE",
    "Academies Act 2010, s.4(A1): the Secretary of State must make an academy order for a "
    "maintained school in a category of concern.")
ACADEMY_ORDER_POWER = NextStep(
    StepKind.ACADEMY_ORDER_POWER, "Ask DfE to consider an academy order (a power)", "DfE",
    "Since the Children's Wellbeing and Schools Act 2026, s.58 repealed the duty, the "
    "Secretary of State may make an academy order but need not.")
TRUST_LIAISON = NextStep(
    StepKind.TRUST_LIAISON, "Raise it with the trust", "the council",
    "The trust is the academy's responsible body: the council has no statutory power over an "
    "academy.")
DFE_LIAISON = NextStep(
    StepKind.DFE_LIAISON, "Raise it with DfE's regional team", "the council",
    "DfE holds the funding agreement and runs RISE.")
DFE_ACTION = NextStep(
    StepKind.DFE_ACTION, "Record what DfE did", "DfE",
    "Through the funding agreement: a termination warning notice, or a transfer to another "
    "trust.")


def next_steps(*, is_maintained: bool, on: date, repealed_from: date) -> tuple[NextStep, ...]:
    """The steps open to the council (or that it records of DfE) on `on`, in order."""
    if not is_maintained:
        return (EVIDENCE, TRUST_LIAISON, DFE_LIAISON, DFE_ACTION)
    order = ACADEMY_ORDER_DUTY if on < repealed_from else ACADEMY_ORDER_POWER
    return (EVIDENCE, WARNING_NOTICE, IEB, order)


def step_refusal(*, kind: str, is_maintained: bool, on: date, repealed_from: date) -> str | None:
    """Why a step of `kind` taken on `on` is refused, or None: it was open that day."""
    open_then = {step.kind.value for step in next_steps(is_maintained=is_maintained, on=on,
                                                      repealed_from=repealed_from)}
    if kind in open_then:
        return None
    if kind not in {k.value for k in StepKind}:
        return "Choose a next step."
    if kind == StepKind.ACADEMY_ORDER_DUTY and is_maintained:
        return (f"There is no duty to make an academy order on {on:%-d %B %Y}: it was "
                f"repealed from {repealed_from:%-d %B %Y}. Record it as a power DfE may use.")
    if kind == StepKind.ACADEMY_ORDER_POWER and is_maintained:
        return (f"On {on:%-d %B %Y} the Secretary of State had a duty to make an academy "
                "order, not a power: record it as the duty.")
    if is_maintained:
        return "That step is for an academy: this school is maintained by the council."
    return ("The council has no statutory power over an academy: liaise with the trust and "
            "DfE.")
