"""A visit's note: the officer starts and writes it and submits it; a senior officer checks it
where the tenant asks; the school's headteacher completes the school's part and marks the
released note accurate or inaccurate; a print view and its PDF. Thin: the rules live in
`support.services.notes` and `support.permissions`."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from core.downloads import page_or_download
from core.permissions import VISIT_NOTES_CHECK, VISITS_RECORD
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from support.forms import (
    CheckForm,
    NamesStaffForm,
    NoteStartForm,
    NoteWriteForm,
    RespondForm,
    SchoolPartForm,
)
from support.models import NoteStatus, Visit, VisitNote
from support.note_pdf import note_pdf
from support.notes_access import visit_by_grant
from support.permissions import support_access, visit_for
from support.selectors import visits as reads
from support.services import notes as services
from support.services import retention
from support.views._common import NAV, form_page, not_allowed, visit_url
from support.views.downloads import NOTES_TO_CHECK


def _note(request: TenantRequest, visit_id: int, *, released_only: bool = False,
          by_grant: bool = False) -> tuple[Visit, VisitNote]:
    """The visit and its note; `by_grant` (the read-only print and PDF) also lets a person
    given the school's notes read a released one (`support.notes_access`)."""
    try:
        visit = visit_for(membership=request.membership, visit_id=visit_id)
    except PermissionDenied:
        if not (by_grant and released_only):
            raise
        visit = visit_by_grant(membership=request.membership, visit_id=visit_id)
    note = reads.note_with_ratings(visit)
    if note is None:
        raise Http404("This visit has no note yet.")
    if released_only and not support_access(request.membership).sees_all \
            and not note.is_released:
        raise Http404("This visit has no note yet.")
    return visit, note


@tenant_view(VISITS_RECORD)
def note_start(request: TenantRequest, visit_id: int) -> HttpResponse:
    visit = visit_for(membership=request.membership, visit_id=visit_id)
    templates = reads.active_templates()
    form = NoteStartForm(request.POST or None, templates=templates,
                         initial={"template": visit.focus_id})
    if request.method == "POST" and form.is_valid():
        template = next(t for t in templates if str(t.pk) == form.cleaned_data["template"])
        try:
            services.note_start(tenant=request.tenant, actor=request.user, visit=visit,
                                template=template)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            return redirect("support:note-write", request.tenant.slug, visit.pk)
    return form_page(request, form, heading="Start the visit note", button="Start note",
                     visit=visit, back_url=visit_url(request, visit))


@tenant_view(VISITS_RECORD)
def note_write(request: TenantRequest, visit_id: int) -> HttpResponse:
    visit, note = _note(request, visit_id)
    form = NoteWriteForm(request.POST or None, note=note)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_write(tenant=request.tenant, actor=request.user, note=note,
                                **form.values())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Saved the note.")
            return redirect(visit_url(request, visit))
    return render(request, "support/note_write.html", {
        "form": form, "visit": visit, "school": visit.school, "note": note,
        "nav_section": NAV}, status=400 if form.errors else 200)


@tenant_view(VISITS_RECORD)
def note_submit(request: TenantRequest, visit_id: int) -> HttpResponse:
    visit, note = _note(request, visit_id)
    if request.method != "POST":
        return not_allowed("POST")
    try:
        note = services.note_submit(tenant=request.tenant, actor=request.user, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Released the note to the school." if note.is_released
                         else "Submitted the note for a senior officer's check.")
    return redirect(visit_url(request, visit))


@tenant_view()
def note_school_part(request: TenantRequest, visit_id: int) -> HttpResponse:
    visit, note = _note(request, visit_id)
    if not support_access(request.membership).own_school or \
            support_access(request.membership).own_school.pk != visit.school_id:
        raise PermissionDenied("Only the school's headteacher completes the school's part.")
    form = SchoolPartForm(request.POST or None, note=note)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_school_part_save(tenant=request.tenant, actor=request.user,
                                           note=note, answers=form.answers())
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Saved your school's part of the note.")
            return redirect(visit_url(request, visit))
    return form_page(request, form, heading="Your school's part of the note",
                     button="Save your answers", visit=visit,
                     back_url=visit_url(request, visit),
                     intro="Complete this before the visit: the officer reads it first.")


@tenant_view()
def note_respond(request: TenantRequest, visit_id: int) -> HttpResponse:
    visit, note = _note(request, visit_id, released_only=True)
    own = support_access(request.membership).own_school
    if own is None or own.pk != visit.school_id:
        raise PermissionDenied("Only the school's headteacher answers its visit notes.")
    form = RespondForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_respond(tenant=request.tenant, actor=request.user, note=note,
                                  **form.cleaned_data)
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Recorded your answer to the note.")
            return redirect(visit_url(request, visit))
    return form_page(request, form, heading="Is the visit note accurate?",
                     button="Send your answer", visit=visit,
                     back_url=visit_url(request, visit))


@tenant_view(VISIT_NOTES_CHECK)
@require_GET
def note_check_list(request: TenantRequest, export: bool = False) -> HttpResponse:
    notes = list(VisitNote.objects.filter(status=NoteStatus.AWAITING_CHECK)
                 .select_related("visit__school__establishment", "written_by")
                 .order_by("submitted_at", "pk"))
    return page_or_download(request, "support/note_check_list.html", {
        "notes": notes, "nav_section": NAV}, rows=notes, download=NOTES_TO_CHECK, export=export)


@tenant_view(VISIT_NOTES_CHECK)
def note_check(request: TenantRequest, visit_id: int) -> HttpResponse:
    visit, note = _note(request, visit_id)
    form = CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.note_check(tenant=request.tenant, actor=request.user, note=note,
                                approve=form.cleaned_data["decision"] == "release",
                                comment=form.cleaned_data["comment"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Recorded your check.")
            return redirect(visit_url(request, visit))
    return form_page(request, form, heading="Check the visit note", button="Record check",
                     visit=visit, back_url=visit_url(request, visit),
                     intro="Read the note on the visit's page, then release it or return it.")


def _print_context(request: TenantRequest, visit: Visit, note: VisitNote) -> dict:
    return {"visit": visit, "school": visit.school, "note": note, "tenant": request.tenant,
            "ratings": {r.field_key: r for r in note.ratings.all()}, "nav_section": NAV}


@tenant_view()
@require_GET
def note_print(request: TenantRequest, visit_id: int) -> HttpResponse:
    visit, note = _note(request, visit_id, released_only=True, by_grant=True)
    return render(request, "support/note_print_page.html",
                  _print_context(request, visit, note))


@tenant_view()
@require_GET
def note_pdf_view(request: TenantRequest, visit_id: int) -> HttpResponse:
    visit, note = _note(request, visit_id, released_only=True, by_grant=True)
    html = render_to_string("support/note_print.html", _print_context(request, visit, note))
    response = HttpResponse(note_pdf(html=html, base_url=request.build_absolute_uri("/")),
                            content_type="application/pdf")
    response["Content-Disposition"] = (f'inline; filename="visit-note-{visit.school.urn}-'
                                       f'{visit.planned_on.isoformat()}.pdf"')
    response["Cache-Control"] = "private, no-store"
    return response


@tenant_view(VISITS_RECORD)
def note_names_staff(request: TenantRequest, visit_id: int) -> HttpResponse:
    visit, note = _note(request, visit_id)
    # Bound on every POST: an unticked box sends nothing, and that says "does not name staff".
    form = NamesStaffForm(request.POST if request.method == "POST" else None,
                          initial={"names_staff": note.names_staff})
    if request.method == "POST" and form.is_valid():
        try:
            retention.note_names_staff_set(tenant=request.tenant, actor=request.user, note=note,
                                           names_staff=form.cleaned_data["names_staff"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Saved whether the note names staff.")
            return redirect(visit_url(request, visit))
    return form_page(request, form, heading="Does the note name staff?", button="Save",
                     visit=visit, back_url=visit_url(request, visit),
                     intro="A note naming members of staff is kept for the council's retention "
                           "period from the visit's date; then its text is redacted.")
