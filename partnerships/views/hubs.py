"""Hub self-management pages: a headteacher's hubs, a hub's page, and the chair's (or an
officer's) forms for meetings, notes, priorities and actions.

Who may do what is `partnerships.permissions.hub_for_member` (403 for a hub of one's own tenant
beyond one's role; another tenant's hub is out of scope, so 404). The services check the same
rule again, so the API and any other caller cannot bypass it.
"""

from datetime import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.views.decorators.http import require_GET, require_POST

from core.downloads import ListDownload, download_links, list_download, page_or_download
from core.exports import Column
from core.permissions import OWN_HUB_VIEW
from core.refusals import show_refusal
from core.tenancy import TenantRequest, tenant_view
from partnerships.forms.hubs import (
    HubActionForm,
    HubMeetingForm,
    HubMeetingStatusForm,
    HubNoteForm,
    HubPriorityEndForm,
    HubPriorityForm,
    HubProgressForm,
)
from partnerships.models import HubAction, HubMeeting, HubMeetingNote, HubPriority, Partnership
from partnerships.permissions import HubAccess, hub_for_member
from partnerships.selectors import hubs as selectors
from partnerships.services import hubs as services
from schools.selectors import school_of

NAV = "my-hub"


def _hub(request: HttpRequest, partnership_id: int, *, manage: bool = False
         ) -> tuple[Partnership, HubAccess]:
    return hub_for_member(membership=request.membership, partnership_id=partnership_id,
                          manage=manage)


def _nav(request: HttpRequest) -> str:
    return NAV if OWN_HUB_VIEW in request.tenant_permissions else "partnerships"


def _form_page(request: HttpRequest, template: str, context: dict, form: Form) -> HttpResponse:
    """A form page; "Back" and "Cancel" go to the meeting when there is one, else the hub."""
    partnership, meeting = context["partnership"], context.get("meeting")
    if meeting is not None:
        back_url = reverse("partnerships:hub-meeting-detail",
                           args=[request.tenant.slug, partnership.pk, meeting.pk])
        back_label = "Back to the meeting"
    else:
        back_url = reverse("partnerships:partnership-hub", args=[request.tenant.slug,
                                                                 partnership.pk])
        back_label = f"Back to {partnership.name}"
    context = {"form": form, "nav_section": _nav(request), "back_url": back_url,
               "back_label": back_label, **context}
    return render(request, template, context, status=400 if form.errors else 200)


def _hub_redirect(request: HttpRequest, partnership: Partnership) -> HttpResponse:
    return redirect("partnerships:partnership-hub", request.tenant.slug, partnership.pk)


# --- Reading ----------------------------------------------------------------------------------


@tenant_view(OWN_HUB_VIEW)
@require_GET
def my_hub(request: HttpRequest) -> HttpResponse:
    """The partnerships the headteacher's school is in today, every level listed."""
    school = school_of(request.membership)
    hubs = selectors.hubs_of_school(school=school) if school else []
    return render(request, "partnerships/hubs/my_hub.html",
                  {"hubs": hubs, "school": school, "nav_section": NAV})


@tenant_view()
@require_GET
def hub_detail(request: TenantRequest, partnership_id: int, export: bool = False
               ) -> HttpResponse:
    partnership, access = _hub(request, partnership_id)
    page = selectors.hub_page(partnership=partnership, access=access)
    return page_or_download(request, "partnerships/hubs/hub_detail.html", {
        "hub": page, "partnership": partnership, "access": access, "nav_section": _nav(request),
        "progress_statuses": HubAction.Progress.choices,
        "action_downloads": (download_links(request, "partnerships:hub-actions")
                             if any(block.actions for block in page.priorities) else None),
    }, rows=[*page.upcoming_meetings, *page.past_meetings], download=HUB_MEETINGS,
        export=export)


@tenant_view()
@require_GET
def hub_actions_download(request: TenantRequest, partnership_id: int) -> HttpResponse:
    """The hub page's second download: its actions, by priority as the page lists them (the
    active priorities', then those of no priority), for whoever may read the page."""
    partnership, access = _hub(request, partnership_id)
    page = selectors.hub_page(partnership=partnership, access=access)
    return list_download(request, download=HUB_ACTIONS, rows=[
        (block.priority, action) for block in page.priorities for action in block.actions])


def _where(meeting: HubMeeting) -> str:
    if meeting.is_online:
        return f"Online ({meeting.location})" if meeting.location else "Online"
    return meeting.location


# The hub's meetings, as its page lists them (coming up, then earlier).
HUB_MEETINGS = ListDownload("hub-meetings", "Hub meetings", (
    Column("Starts", lambda m: m.starts_at),
    Column("Where", _where),
    Column("Status", lambda m: m.get_status_display()),
    Column("Notes", lambda m: m.note_count),
))


HUB_ACTIONS = ListDownload("hub-actions", "Hub actions", (
    Column("Priority", lambda row: row[0].title if row[0] else "No priority"),
    Column("Action", lambda row: row[1].description),
    Column("Owner", lambda row: row[1].owner_label),
    Column("Due", lambda row: row[1].due_date),
    Column("Progress", lambda row: row[1].get_status_display()),
    Column("RAG", lambda row: row[1].get_rag_display()),
    Column("Latest note", lambda row: row[1].progress_note),
))


def _meeting(partnership: Partnership, meeting_id: int) -> HubMeeting:
    meeting = selectors.hub_meeting_for(partnership=partnership, meeting_id=meeting_id)
    if meeting is None:
        raise Http404("No such meeting.")
    return meeting


def _meeting_page(request: HttpRequest, partnership: Partnership, access: HubAccess,
                  meeting: HubMeeting, *, note_form: Form | None = None,
                  status_form: Form | None = None) -> HttpResponse:
    errors = bool((note_form and note_form.errors) or (status_form and status_form.errors))
    return render(request, "partnerships/hubs/meeting_detail.html", {
        "partnership": partnership, "access": access, "meeting": meeting,
        "notes": selectors.hub_meeting_notes(meeting=meeting),
        "actions": selectors.hub_meeting_actions(meeting=meeting),
        "note_form": note_form or HubNoteForm(),
        "status_form": status_form or HubMeetingStatusForm(),
        "nav_section": _nav(request),
    }, status=400 if errors else 200)


@tenant_view()
@require_GET
def hub_meeting_detail(request: HttpRequest, partnership_id: int,
                       hub_meeting_id: int) -> HttpResponse:
    partnership, access = _hub(request, partnership_id)
    meeting = _meeting(partnership, hub_meeting_id)
    return _meeting_page(request, partnership, access, meeting)


# --- Meetings and notes -----------------------------------------------------------------------


@tenant_view()
def hub_meeting_add(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, _ = _hub(request, partnership_id, manage=True)
    form = HubMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        starts_at = timezone.make_aware(datetime.combine(data["date"], data["time"]))
        try:
            meeting = services.hub_meeting_create(
                tenant=request.tenant, actor=request.user, partnership=partnership,
                starts_at=starts_at, location=data["location"], is_online=data["is_online"],
                agenda=data["agenda"],
            )
        except ValidationError as error:
            show_refusal(form, error, aliases={"starts_at": "date"})
        else:
            messages.success(request, f"Added the meeting on {data['date']:%d %B %Y}.")
            return redirect("partnerships:hub-meeting-detail", request.tenant.slug, partnership.pk,
                            meeting.pk)
    return _form_page(request, "partnerships/hubs/meeting_form.html",
                      {"partnership": partnership}, form)


@tenant_view()
@require_POST
def hub_meeting_status(request: HttpRequest, partnership_id: int,
                       hub_meeting_id: int) -> HttpResponse:
    partnership, access = _hub(request, partnership_id, manage=True)
    meeting = _meeting(partnership, hub_meeting_id)
    form = HubMeetingStatusForm(request.POST)
    if form.is_valid():
        try:
            services.hub_meeting_set_status(
                tenant=request.tenant, actor=request.user, meeting=meeting,
                status=form.cleaned_data["status"], reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            status = meeting.get_status_display().lower()
            messages.success(request, f"The meeting is marked {status}.")
            return redirect("partnerships:hub-meeting-detail", request.tenant.slug, partnership.pk,
                            meeting.pk)
    meeting.refresh_from_db()
    return _meeting_page(request, partnership, access, meeting, status_form=form)


@tenant_view()
def hub_note_add(request: HttpRequest, partnership_id: int, hub_meeting_id: int) -> HttpResponse:
    partnership, access = _hub(request, partnership_id, manage=True)
    meeting = _meeting(partnership, hub_meeting_id)
    form = HubNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hub_meeting_note_add(tenant=request.tenant, actor=request.user,
                                          meeting=meeting, text=form.cleaned_data["text"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Added the note.")
            return redirect("partnerships:hub-meeting-detail", request.tenant.slug, partnership.pk,
                            meeting.pk)
    return _form_page(request, "partnerships/hubs/note_form.html",
                      {"partnership": partnership, "meeting": meeting}, form)


@tenant_view()
def hub_note_edit(request: HttpRequest, partnership_id: int, hub_meeting_id: int,
                  hub_note_id: int) -> HttpResponse:
    partnership, _ = _hub(request, partnership_id, manage=True)
    meeting = _meeting(partnership, hub_meeting_id)
    note = HubMeetingNote.objects.filter(meeting=meeting, pk=hub_note_id).first()
    if note is None:
        raise Http404("No such note.")
    form = HubNoteForm(request.POST or None, initial={"text": note.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.hub_meeting_note_edit(tenant=request.tenant, actor=request.user, note=note,
                                           text=form.cleaned_data["text"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Saved the note; the earlier version is kept.")
            return redirect("partnerships:hub-meeting-detail", request.tenant.slug, partnership.pk,
                            meeting.pk)
    return _form_page(request, "partnerships/hubs/note_form.html",
                      {"partnership": partnership, "meeting": meeting, "note": note}, form)


# --- Priorities and actions -------------------------------------------------------------------


@tenant_view()
def hub_priority_add(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, _ = _hub(request, partnership_id, manage=True)
    form = HubPriorityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            priority = services.hub_priority_create(
                tenant=request.tenant, actor=request.user, partnership=partnership,
                title=form.cleaned_data["title"], description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Added the priority {priority.title}.")
            return _hub_redirect(request, partnership)
    return _form_page(request, "partnerships/hubs/priority_form.html",
                      {"partnership": partnership}, form)


@tenant_view()
def hub_priority_end(request: HttpRequest, partnership_id: int,
                     hub_priority_id: int) -> HttpResponse:
    partnership, _ = _hub(request, partnership_id, manage=True)
    priority = HubPriority.objects.filter(partnership=partnership, pk=hub_priority_id).first()
    if priority is None:
        raise Http404("No such priority.")
    form = HubPriorityEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.hub_priority_end(tenant=request.tenant, actor=request.user,
                                      priority=priority, status=form.cleaned_data["status"])
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{priority.title} is marked "
                                      f"{priority.get_status_display().lower()}.")
            return _hub_redirect(request, partnership)
    return _form_page(request, "partnerships/hubs/priority_end.html",
                      {"partnership": partnership, "priority": priority}, form)


@tenant_view()
def hub_action_add(request: HttpRequest, partnership_id: int) -> HttpResponse:
    partnership, _ = _hub(request, partnership_id, manage=True)
    priorities = list(HubPriority.objects.filter(partnership=partnership,
                                                 status=HubPriority.Status.ACTIVE))
    meetings = list(HubMeeting.objects.filter(partnership=partnership)
                    .exclude(status=HubMeeting.Status.CANCELLED).order_by("-starts_at"))
    owners = services.hub_owner_choices(partnership=partnership)
    initial = {key: request.GET[key] for key in ("priority", "meeting") if key in request.GET}
    form = HubActionForm(request.POST or None, initial=initial, priorities=priorities,
                         meetings=meetings, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        by_id = {"priority": {p.pk: p for p in priorities}, "meeting": {m.pk: m for m in meetings},
                 "owner": {m.pk: m for m in owners}}
        try:
            action = services.hub_action_create(
                tenant=request.tenant, actor=request.user, partnership=partnership,
                description=data["description"], due_date=data["due_date"],
                owner_name=data["owner_name"],
                **{key: by_id[key].get(data[key]) for key in by_id},
            )
        except ValidationError as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"Added the action: {action}.")
            if action.meeting_id and "meeting" in initial:
                return redirect("partnerships:hub-meeting-detail", request.tenant.slug,
                                partnership.pk,
                                action.meeting_id)
            return _hub_redirect(request, partnership)
    return _form_page(request, "partnerships/hubs/action_form.html",
                      {"partnership": partnership}, form)


@tenant_view()
def hub_action_progress(request: HttpRequest, partnership_id: int,
                        hub_action_id: int) -> HttpResponse:
    partnership, _ = _hub(request, partnership_id, manage=True)
    action = (HubAction.objects.filter(partnership=partnership, pk=hub_action_id)
              .select_related(*selectors.ACTION_RELATED).first())
    if action is None:
        raise Http404("No such action.")
    form = HubProgressForm(request.POST or None,
                           initial={"status": action.status, "rag": action.rag})
    if request.method == "POST" and form.is_valid():
        try:
            services.hub_action_update_progress(
                tenant=request.tenant, actor=request.user, action=action,
                status=form.cleaned_data["status"], note=form.cleaned_data["note"],
                rag=form.cleaned_data["rag"],
            )
        except ValidationError as error:
            show_refusal(form, error)
            action.refresh_from_db()
        else:
            messages.success(request, "Updated the progress of: "
                                      f"{Truncator(action.description).words(12)}")
            return _hub_redirect(request, partnership)
    return _form_page(request, "partnerships/hubs/action_progress.html", {
        "partnership": partnership, "action": action,
        "updates": selectors.hub_action_updates(action=action),
    }, form)
