"""The demo council's visits: the officer plans this year's visits of a few schools on their
caseload whose category entitles them to visits (through `support.services`, from the category
in force), records the first ones with released notes rated red, amber and green (so the
dashboard has counts), and the headteacher's school has a review visit whose note the head
marked inaccurate, a diagnostic visit whose note waits for the head's answer and a visit to
come whose note has the school's part open."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from categorisation.published import categories_in_force
from core.models import Membership, Tenant
from core.years import AcademicYear
from schools.models import School
from schools.selectors import school_of
from support.models import NoteTemplate, Response, Visit
from support.services import notes as notes
from support.services import visits as visits
from support.services.settings import note_templates_ensure

WITH_VISITS = ("4", "3C", "3D", "3A")
RATINGS = ["green", "amber", "red", "amber", "green", "green", "amber"]


def _past(today: date, days: int) -> date:
    """A day `days` before today, but not before this academic year began."""
    return max(today - timedelta(days=days), AcademicYear.of(today).start)


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
    _recorded(tenant, officer, own, "Diagnostic visit", _past(today, 7),
              templates["diagnostic"], 4, "A secure curriculum; the next step is checking "
              "pupils remember more in science.")
    coming = visits.visit_create(tenant=tenant, actor=officer.user, school=own,
                                 label="Officer visit", planned_on=today + timedelta(days=14),
                                 focus=templates["officer"])
    notes.note_start(tenant=tenant, actor=officer.user, visit=coming,
                     template=templates["officer"])
