"""Reads for the categorisation workflow pages and API: the proposals queue, one proposal with
the data it used, a school's category overview (why, entitlement, inspection timing, history)
and the moderation queue. Call inside the tenant's scope; each read costs a fixed number of
queries whatever the number of rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch, QuerySet

from categorisation import derived, entitlements, flags, workflow
from categorisation.models import (
    CategoryOfConcern,
    CategoryProposal,
    Inspection,
    ModerationCase,
    SchoolCategory,
)
from categorisation.selectors.inputs import school_inputs
from core.models import Membership, Role, Tenant
from core.years import AcademicYear
from schools.models import School


def proposals_waiting(*, tenant: Tenant) -> QuerySet[CategoryProposal]:
    """Open proposals of open schools, oldest first (first come, first reviewed), with what the
    list shows (narrowed by `categorisation.filters.ProposalFilter`). A school that has closed
    is not categorised: a proposal made before it closed no longer waits for anyone."""
    return (CategoryProposal.objects
            .filter(tenant=tenant, status=CategoryProposal.Status.OPEN,
                    school__establishment__is_open=True)
            .select_related("school__establishment", "school__link_adviser__user",
                            "scheme", "category", "previous_category")
            # Not the scheme's rules (kilobytes of JSON), decoded again for every proposal.
            .defer("scheme__definition")
            .order_by("created_at", "pk"))


def proposal_detail(*, proposal_id: int) -> CategoryProposal:
    return (CategoryProposal.objects
            .select_related("school__establishment", "school__link_adviser__user", "scheme",
                            "category", "previous_category")
            .get(pk=proposal_id))


def advisers(*, tenant: Tenant) -> QuerySet[Membership]:
    """The tenant's officers and admins: who may be a school's link adviser."""
    return (Membership.objects.filter(tenant=tenant, is_active=True,
                                      role__in=[Role.ADMIN, Role.OFFICER])
            .select_related("user").order_by("user__email"))


# --- The data behind a result -----------------------------------------------------------------


@dataclass(frozen=True)
class InspectionTiming:
    """What the inspection record says about a school now."""

    latest: Inspection | None
    of_predecessor: bool
    history: list = field(default_factory=list)
    window: derived.InspectionWindow | None = None
    concern: derived.Concern | None = None
    stuck: flags.Flag | None = None
    # The 2025-26 flags by key (`flags.school_flags`), each with its rule version and inputs.
    flags: dict = field(default_factory=dict)
    as_at: date | None = None  # the day the flags were read at
    grade: derived.GradeInForce | None = None
    # The school's indicators, national and the council's own not yet superseded, by measure,
    # newest year first.
    indicators: list = field(default_factory=list)

    @property
    def concern_label(self) -> str:
        if self.concern is None or not self.concern.category:
            return ""
        return CategoryOfConcern(self.concern.category).label


def inspection_timing(*, tenant: Tenant, school: School, today: date) -> InspectionTiming:
    """What the inspection record and results say about `school` at `today`, with the 2025-26
    flags read at that date."""
    inputs = school_inputs(tenant=tenant, schools=[school])[school.pk]
    history = derived.counting_inspections(inputs.inspections, urn=inputs.urn,
                                           predecessor_urns=inputs.predecessor_urns)
    latest = history[0] if history else None
    found = flags.school_flags(history=history, indicators=inputs.indicators,
                               quartiles=inputs.quartiles, as_at=today,
                               is_maintained=school.establishment.is_maintained)
    return InspectionTiming(
        latest=latest,
        of_predecessor=latest is not None and latest.inspected_urn != inputs.urn,
        history=history,
        window=derived.next_inspection_window(history=history, urn=inputs.urn,
                                              opened_on=inputs.opened_on, today=today),
        concern=derived.category_of_concern(latest),
        stuck=found["stuck"],
        flags=found,
        as_at=today,
        grade=derived.grade_in_force(history, urn=inputs.urn),
        indicators=sorted(inputs.indicators,
                          key=lambda item: (item.measure, -item.year, item.release)),
    )


# --- A school's category ----------------------------------------------------------------------


@dataclass
class SchoolCategoryOverview:
    school: School
    in_force: SchoolCategory | None
    entitlement: entitlements.SchoolEntitlement | None
    academic_year: int
    timing: InspectionTiming
    history: list[SchoolCategory]
    open_proposal: CategoryProposal | None
    open_case: ModerationCase | None

    @property
    def can_respond(self) -> bool:
        return self.in_force is not None and self.in_force.status in workflow.RESPONDABLE


def school_category_overview(*, tenant: Tenant, school: School, today: date,
                             ) -> SchoolCategoryOverview:
    year = AcademicYear.of(today).start_year
    history = workflow.category_history(tenant=tenant, school=school)
    # A closed school has no category in force and no visits: its history stays readable.
    in_force = (next((step for step in history if step.is_current), None)
                if school.establishment.is_open else None)
    return SchoolCategoryOverview(
        school=school, in_force=in_force,
        entitlement=(entitlements.school_entitlement(tenant=tenant, school=school,
                                                     academic_year=year)
                     if in_force is not None else None),
        academic_year=year,
        timing=inspection_timing(tenant=tenant, school=school, today=today),
        history=history,
        open_proposal=(CategoryProposal.objects.filter(
            tenant=tenant, school=school, status=CategoryProposal.Status.OPEN)
            .select_related("category").first() if school.establishment.is_open else None),
        open_case=(ModerationCase.objects.filter(
            tenant=tenant, school=school, status=ModerationCase.Status.OPEN)
            .select_related("disagreement__category", "disagreement__decided_by").first()),
    )


# --- Moderation -------------------------------------------------------------------------------


def moderation_cases(*, tenant: Tenant, status: str = ModerationCase.Status.OPEN,
                     ) -> QuerySet[ModerationCase]:
    return (ModerationCase.objects.filter(tenant=tenant, status=status)
            .select_related("school__establishment", "disagreement__category",
                            "disagreement__decided_by", "disagreement__previous__decided_by",
                            "disagreement__previous__category", "decision__category")
            # Not the facts each step's rules read (kilobytes of JSON a step): the list shows
            # the categories, reasons and people.
            .defer("disagreement__evidence", "disagreement__previous__evidence",
                   "decision__evidence")
            .order_by("opened_at", "pk"))


def moderation_case(*, case_id: int) -> ModerationCase:
    """The case with what its page shows: the disagreement with its facts and category; the
    step it disagreed with and the decision (an open case has none) each in a query of their
    own, made only when there is one, without their facts (read only if asked for); one join
    of every step took longer to plan than the three small queries."""
    shown = (SchoolCategory.objects.select_related("category", "decided_by")
             .defer("evidence"))
    return (ModerationCase.objects
            .select_related("school__establishment", "disagreement__category",
                            "disagreement__decided_by")
            .prefetch_related(Prefetch("disagreement__previous", shown),
                              Prefetch("decision", shown))
            .get(pk=case_id))
