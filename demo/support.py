"""The demo council's visits: the officer plans this year's visits of a few schools on their
caseload whose category entitles them to visits (through `support.services`, from the category
in force), records the first ones with released notes rated red, amber and green (so the
dashboard has counts), and the headteacher's school has a review visit whose note the head
marked inaccurate, a diagnostic visit whose note waits for the head's answer and a visit to
come whose note has the school's part open."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from categorisation.published import categories_in_force
from core.models import Membership, Role, Tenant
from core.years import AcademicYear, FinancialYear
from demo.dates import working_day_between, working_day_on_or_after
from funding.models import FundingYear
from funding.selectors.spending import budgets_of, commitments_of, with_balances
from partnerships.models import SystemLeaderDesignation
from partnerships.services.system_leaders import system_leader_designate
from schools.models import School
from schools.selectors import school_of
from support.models import Deployment, NoteTemplate, Response, Visit
from support.selectors.brokering import brokering_for
from support.services import brokering, deployments, retention
from support.services import notes as notes
from support.services import visits as visits
from support.services.settings import note_templates_ensure

WITH_VISITS = ("4", "3C", "3D", "3A")
RATINGS = ["green", "amber", "red", "amber", "green", "green", "amber"]


def _past(today: date, days: int) -> date:
    """A working day about `days` before today, but not before this academic year began."""
    start = AcademicYear.of(today).start
    return working_day_between(max(today - timedelta(days=days), start), start, today)


def _note(tenant: Tenant, officer: Membership, visit: Visit, template: NoteTemplate,
          turn: int, summary: str) -> None:
    note = notes.note_start(tenant=tenant, actor=officer.user, visit=visit, template=template)
    fields = [(section["key"], field["key"]) for section in note.sections
              for field in section.get("fields", [])]
    notes.note_write(
        tenant=tenant, actor=officer.user, note=note,
        commentary={section["key"]: f"{section['title']}: seen in lessons, books and the "
                                    "conversation with leaders." for section in note.sections},
        ratings={key: RATINGS[(turn + i) % len(RATINGS)] for i, (_, key) in enumerate(fields)},
        summary=summary)
    notes.note_submit(tenant=tenant, actor=officer.user, note=note)


def _recorded(tenant: Tenant, officer: Membership, school: School, label: str, on: date,
              template: NoteTemplate, turn: int, summary: str) -> Visit:
    visit = visits.visit_create(tenant=tenant, actor=officer.user, school=school, label=label,
                                planned_on=on, focus=template)
    visit = visits.visit_record(tenant=tenant, actor=officer.user, visit=visit, done_on=on,
                                days_used="0.5")
    _note(tenant, officer, visit, template, turn, summary)
    return visit


def seed_support(*, tenant: Tenant, officer: Membership, head: Membership,
                 schools_to_plan: int = 4) -> None:
    """Inside the tenant's scope."""
    today = timezone.localdate()
    templates = {t.key: t for t in note_templates_ensure(tenant=tenant)}
    caseload = list(School.objects.filter(link_adviser=officer, establishment__is_open=True)
                    .select_related("establishment", "link_adviser")
                    .order_by("establishment__urn"))
    in_force = categories_in_force(tenant=tenant, schools=caseload)
    chosen = [s for s in caseload if s.pk in in_force
              and in_force[s.pk].code in WITH_VISITS][:schools_to_plan]
    if chosen:
        visits.visits_plan(tenant=tenant, actor=officer.user, schools=chosen)
    for turn, school in enumerate(chosen):
        _recorded(tenant, officer, school, "Review visit", _past(today, 10 + 3 * turn),
                  templates["review"], turn, "Leaders have a clear plan; teaching in "
                  "upper key stage 2 is the priority before the next review.")
    # The headteacher's school.
    own = school_of(head)
    assert own is not None, "the demo headteacher leads a school"
    reviewed = _recorded(tenant, officer, own, "Review visit", _past(today, 21),
                         templates["review"], 2, "Attendance has fallen for a second year; "
                         "the plan's milestones for reading are on track.")
    notes.note_respond(tenant=tenant, actor=head.user, note=reviewed.note,
                       response=Response.INACCURATE,
                       comment="Attendance is 95.1% this term, not 93%: the figure quoted is "
                               "last year's. Please correct it before governors see the note.")
    # It names the school's attendance lead: kept for the council's retention period, then
    # redacted by the nightly task.
    retention.note_names_staff_set(tenant=tenant, actor=officer.user, note=reviewed.note,
                                   names_staff=True)
    _recorded(tenant, officer, own, "Diagnostic visit", _past(today, 7),
              templates["diagnostic"], 4, "A secure curriculum; the next step is checking "
              "pupils remember more in science.")
    coming = visits.visit_create(tenant=tenant, actor=officer.user, school=own,
                                 label="Officer visit",
                                 planned_on=working_day_on_or_after(today + timedelta(days=14)),
                                 focus=templates["officer"])
    notes.note_start(tenant=tenant, actor=officer.user, visit=coming,
                     template=templates["officer"])


LEADERS = (("nle", ["leadership", "maths"], "20"), ("nle", ["english", "send"], "12"),
           ("lle", ["maths"], "8"))


def seed_brokering(*, tenant: Tenant, officer: Membership, head: Membership,
                   admin: Membership) -> None:
    """A small directory (three heads of other schools designated, with capacity and
    specialisms; one with a declared interest in the head's school), the officer employed by
    the council, and one deployment to the head's school with its cost committed against the
    current funding year's first budget with room for it. Inside the tenant's scope."""
    today = timezone.localdate()
    own = school_of(head)
    assert own is not None
    others = [m for m in Membership.objects.filter(role=Role.HEADTEACHER, is_active=True)
              .exclude(pk=head.pk).select_related("user").order_by("pk")
              if (school_of(m) or own).pk != own.pk][:len(LEADERS)]
    actor = officer.user
    brokering.employment_set(tenant=tenant, actor=actor, person=officer,
                             organisation="Northshire Council")
    for person, (designation, specialisms, days) in zip(others, LEADERS, strict=False):
        system_leader_designate(tenant=tenant, actor=actor, person=person,
                                designation=designation,
                                designated_on=today - timedelta(days=400),
                                evidence="DfE designation letter", today=today)
        brokering.employment_set(tenant=tenant, actor=actor, person=person,
                                 school=school_of(person))
        brokering.leader_capacity_set(tenant=tenant, actor=actor, person=person,
                                      days_per_year=days, specialisms=specialisms,
                                      expires_on=today + timedelta(days=700))
    if len(others) > 1:
        brokering.interest_declare(tenant=tenant, actor=actor, person=others[-1], school=own,
                                   description="Chair of governors at the school until 2024.")
    found = brokering_for(tenant=tenant, school=own, officer=officer, days=Decimal("4"),
                          on=today, need="maths")
    leaders = [s.candidate.person_id for s in found.suggestions
               if s.candidate.person_id is not None]
    if not leaders:
        return
    supporter = Membership.objects.get(pk=leaders[0])
    deployment = brokering.deployment_create(
        tenant=tenant, actor=actor, school=own, supporter=supporter, need="maths",
        objectives="Secure the teaching of fractions in key stage 2; leaders check books "
                   "half-termly and attainment in the spring tests rises.",
        days="4", cost="1800.00", starts_on=today, ends_on=today + timedelta(days=120))
    year = FundingYear.objects.filter(
        start_year=FinancialYear.of(today).start_year).first()
    budgets = (with_balances(budgets_of(year), list(commitments_of(year))) if year else [])
    budget = next((b for b in budgets if b.remaining >= deployment.cost), None)
    if budget is not None:
        brokering.deployment_cost_commit(tenant=tenant, actor=admin.user,
                                         deployment=deployment, budget=budget.target, on=today)
    deployments.deployment_agree(tenant=tenant, actor=actor, deployment=deployment)
    _seed_finished_deployment(tenant=tenant, actor=actor, admin=admin, school=own,
                              supporter=supporter, today=today)


def _seed_finished_deployment(*, tenant: Tenant, actor, admin: Membership, school,
                              supporter: Membership, today) -> None:
    """Last year's support to the same school, reviewed termly, ended by its impact review
    and quality-assured by the admin (who did not broker it)."""
    began = today - timedelta(days=220)
    finished = brokering.deployment_create(
        tenant=tenant, actor=actor, school=school, supporter=supporter, need="leadership",
        objectives="Middle leaders lead their subjects' monitoring without the head.",
        days="3", cost="1350.00", starts_on=began, ends_on=began + timedelta(days=120))
    deployments.deployment_agree(tenant=tenant, actor=actor, deployment=finished)
    deployments.deployment_review(
        tenant=tenant, actor=actor, deployment=finished, reviewed_on=began + timedelta(days=50),
        progress="concerns", days_used="1.5",
        summary="Two of four subject leads now monitor; staffing changes slowed the rest.")
    deployments.deployment_impact_review(
        tenant=tenant, actor=actor, deployment=finished,
        reviewed_on=began + timedelta(days=125), impact="met", days_used="3",
        summary="All four subject leads monitor termly and report to governors.")
    deployments.deployment_quality_assure(
        tenant=tenant, actor=admin.user, deployment=finished, value_for_money="good",
        comment="Objectives met within the days brokered, at the standard day rate.",
        on=began + timedelta(days=130))


def demo_wipe(tenant: Tenant) -> None:
    """Deployments and the leaders' designations (seeded here) hold schools and people; the
    rest goes with the tenant."""
    Deployment.objects.filter(tenant=tenant).delete()
    SystemLeaderDesignation.objects.filter(tenant=tenant).delete()
