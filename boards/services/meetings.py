"""Meetings of a board: planning and cancelling them, RSVPs before, attendance and apologies on
the day, and the agenda. The board's chair, its clerk or an officer runs them; a seat's member
or substitute answers the RSVP for their own seat."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from boards.models import (
    AgendaItem,
    Attendance,
    AttendanceMode,
    Board,
    Decision,
    ItemAbsence,
    Meeting,
    Minutes,
    Rsvp,
    RsvpAnswer,
    Seat,
)
from boards.selectors.meetings import meeting_day
from boards.services._common import check, save
from core.audit import audit_record, field_changes
from core.models import Membership, Tenant
from core.selectors import membership_for
from core.tenancy import ensure_same_tenant

MEETING_FIELDS = ["starts_at", "duration_minutes", "location", "remote_link"]
ITEM_FIELDS = ["title", "text", "is_exempt", "exempt_paragraph", "public_interest_reason"]


def _check_time(board: Board, starts_at: datetime, exclude: int | None = None) -> None:
    clash = Meeting.objects.filter(board=board, starts_at=starts_at)
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        when = timezone.localtime(starts_at)
        raise ValidationError({"starts_at": f"{board.name} already meets at {when:%H:%M} on "
                                            f"{when:%d %B %Y}."})


def _check_not_cancelled(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError({"meeting": "That meeting was cancelled."})


@transaction.atomic
def meeting_create(*, tenant: Tenant, actor: User | None, board: Board, starts_at: datetime,
                   duration_minutes: int = 120, location: str = "",
                   remote_link: str = "") -> Meeting:
    check(tenant=tenant, actor=actor, board=board, run=True)
    _check_time(board, starts_at)
    meeting = Meeting(tenant=tenant, board=board, starts_at=starts_at,
                      duration_minutes=duration_minutes, location=location.strip(),
                      remote_link=remote_link.strip(), created_by=actor)
    save(meeting)
    audit_record(tenant=tenant, actor=actor, action="board.meeting_create", obj=meeting,
                 summary=f"Planned a meeting of {board.name}",
                 changes={"starts_at": starts_at.isoformat(), "location": meeting.location})
    return meeting


@transaction.atomic
def meeting_update(*, tenant: Tenant, actor: User | None, meeting: Meeting,
                   **values) -> Meeting:
    """Move a meeting or change where it is (any of MEETING_FIELDS)."""
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, meeting=meeting)
    _check_not_cancelled(meeting)
    unknown = set(values) - set(MEETING_FIELDS)
    if unknown:
        raise ValidationError(f"Not a detail of a meeting: {', '.join(sorted(unknown))}.")
    if "starts_at" in values:
        _check_time(meeting.board, values["starts_at"], exclude=meeting.pk)
    for text in ("location", "remote_link"):
        if text in values:
            values[text] = values[text].strip()
    changes = field_changes(meeting, list(values), values)
    for name, value in values.items():
        setattr(meeting, name, value)
    save(meeting)
    audit_record(tenant=tenant, actor=actor, action="board.meeting_update", obj=meeting,
                 summary=f"Changed {meeting}", changes=changes)
    return meeting


@transaction.atomic
def meeting_cancel(*, tenant: Tenant, actor: User | None, meeting: Meeting,
                   reason: str) -> Meeting:
    """Cancel a meeting, with the reason. It is kept (cancelled meetings do not count for
    attendance), never deleted."""
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, meeting=meeting)
    _check_not_cancelled(meeting)
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError({"reason": "That meeting has been held; it cannot be cancelled."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the meeting is cancelled."})
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancel_reason = reason.strip()
    save(meeting)
    audit_record(tenant=tenant, actor=actor, action="board.meeting_cancel", obj=meeting,
                 summary=f"Cancelled {meeting}", changes={"reason": meeting.cancel_reason})
    return meeting


# --- Before the meeting: RSVPs --------------------------------------------------------------


@transaction.atomic
def rsvp_record(*, tenant: Tenant, actor: User | None, meeting: Meeting, seat: Seat,
                answer: str, note: str = "") -> Rsvp:
    """A seat's answer before the meeting, given by its member or substitute, or by whoever
    runs the board on their behalf. It gives the expected quorum on the meeting page."""
    access = check(tenant=tenant, actor=actor, board=meeting.board, meeting=meeting, seat=seat)
    _check_not_cancelled(meeting)
    if seat.board_id != meeting.board_id:
        raise ValidationError({"seat": f"That seat is not one of {meeting.board.name}'s."})
    if answer not in RsvpAnswer.values:
        raise ValidationError({"answer": "Choose an answer."})
    if meeting.starts_at <= timezone.now():
        raise ValidationError({"answer": "The meeting has started: record attendance instead."})
    day = meeting_day(meeting=meeting)
    seat_day = day.seat_day(seat.pk)
    if seat_day is None or seat_day.member is None:
        raise ValidationError({"seat": f"The seat {seat.label} is vacant at that meeting."})
    membership = membership_for(user=actor, tenant=tenant) if actor is not None else None
    holders = {seat_day.member.holder_id} | (
        {seat_day.substitute.holder_id} if seat_day.substitute else set())
    if not access.can_run and (membership is None or membership.pk not in holders):
        raise PermissionDenied("Only the seat's member or substitute answers for it.")
    if answer == RsvpAnswer.SENDING_SUBSTITUTE and seat_day.substitute is None:
        raise ValidationError({"answer": f"The seat {seat.label} has no designated substitute "
                                         "to send."})
    rsvp = Rsvp.objects.filter(meeting=meeting, seat=seat).first() or Rsvp(
        tenant=tenant, meeting=meeting, seat=seat)
    before = rsvp.answer
    rsvp.answer, rsvp.note, rsvp.answered_by = answer, note.strip(), actor
    save(rsvp)
    audit_record(tenant=tenant, actor=actor, action="board.rsvp", obj=rsvp,
                 summary=f"{meeting}: {seat.label} — {rsvp.get_answer_display().lower()}",
                 changes={"answer": [before, answer]})
    return rsvp


# --- On the day: attendance -------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, tenant: Tenant, actor: User | None, meeting: Meeting, seat: Seat,
                      person: Membership, mode: str, apology_reason: str = "") -> Attendance:
    """Who was there for a seat: its member, or its designated substitute standing in (the
    person decides which). Recording the first attendance marks the meeting held."""
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, meeting=meeting,
          seat=seat, person=person)
    _check_not_cancelled(meeting)
    if seat.board_id != meeting.board_id:
        raise ValidationError({"seat": f"That seat is not one of {meeting.board.name}'s."})
    if timezone.localdate() < timezone.localtime(meeting.starts_at).date():
        raise ValidationError({"mode": "Attendance is recorded on the day of the meeting; "
                                       "before it, record the seat's RSVP."})
    if mode not in AttendanceMode.values:
        raise ValidationError({"mode": "Choose present, remote, apologies or absent."})
    if mode == AttendanceMode.APOLOGIES and not apology_reason.strip():
        raise ValidationError({"apology_reason": "Give the reason for the apologies."})
    seat_day = meeting_day(meeting=meeting).seat_day(seat.pk)
    if seat_day is None:
        raise ValidationError({"seat": f"The seat {seat.label} was not open at that meeting."})
    if seat_day.member and seat_day.member.holder_id == person.pk:
        as_substitute = False
    elif seat_day.substitute and seat_day.substitute.holder_id == person.pk:
        as_substitute = True
    else:
        raise ValidationError({"person": f"{person.user} is neither the member nor the "
                                         f"substitute of {seat.label} at that meeting."})
    attendance = Attendance.objects.filter(meeting=meeting, seat=seat, person=person).first() \
        or Attendance(tenant=tenant, meeting=meeting, seat=seat, person=person)
    before = attendance.mode
    attendance.as_substitute = as_substitute
    attendance.mode = mode
    attendance.apology_reason = apology_reason.strip() if mode == AttendanceMode.APOLOGIES \
        else ""
    attendance.recorded_by = actor
    save(attendance)
    if meeting.status == Meeting.Status.SCHEDULED:
        meeting.status = Meeting.Status.HELD
        save(meeting)
    audit_record(tenant=tenant, actor=actor, action="board.attendance", obj=attendance,
                 summary=f"{meeting}: {attendance}", changes={"mode": [before, mode]})
    return attendance


@transaction.atomic
def item_presence_record(*, tenant: Tenant, actor: User | None, item: AgendaItem,
                         out: list[Attendance], reason: str = "") -> list[ItemAbsence]:
    """Who was out of the room for an agenda item: the given attendances, each of someone
    present at the meeting; everyone else present was present for the item. Replaces what was
    recorded (each change audited). Refused once votes are cast on the item or a decision on it
    is closed: its count is the record."""
    meeting = item.meeting
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, item=item)
    for attendance in out:
        ensure_same_tenant(tenant, out=attendance)
    _check_not_cancelled(meeting)
    if timezone.localdate() < timezone.localtime(meeting.starts_at).date():
        raise ValidationError({"out": "Presence for an item is recorded on the day of the "
                                      "meeting."})
    for attendance in out:
        if attendance.meeting_id != meeting.pk or not attendance.is_present:
            raise ValidationError({"out": f"{attendance.person.user} is not recorded as "
                                          "present at the meeting, so cannot leave for an "
                                          "item."})
    if Decision.objects.filter(item=item).filter(
            Q(closed_at__isnull=False) | Q(votes__isnull=False)).exists():
        raise ValidationError({"out": f"Votes are recorded on item {item.number}: who was "
                                      "present for it is part of the record now."})
    _check_agenda_open(meeting, field="out")
    kept = {absence.attendance_id: absence
            for absence in ItemAbsence.objects.filter(item=item).select_related(
                "attendance__person__user")}
    wanted = {attendance.pk: attendance for attendance in out}
    for attendance_id, absence in kept.items():
        if attendance_id not in wanted:
            audit_record(tenant=tenant, actor=actor, action="board.item_presence",
                         obj=absence.item,
                         summary=f"{meeting}: {absence.attendance.person.user} was present "
                                 f"for item {item.number} after all",
                         changes={"out": [attendance_id, None]})
            absence.delete()
    made = []
    for attendance_id, attendance in wanted.items():
        absence = kept.get(attendance_id) or ItemAbsence(tenant=tenant, item=item,
                                                         attendance=attendance)
        before = absence.reason if absence.pk else None
        absence.reason, absence.recorded_by = reason.strip(), actor
        save(absence)
        made.append(absence)
        if before != absence.reason:
            audit_record(tenant=tenant, actor=actor, action="board.item_presence", obj=item,
                         summary=f"{meeting}: {attendance.person.user} out of the room for "
                                 f"item {item.number}",
                         changes={"out": attendance_id, "reason": [before, absence.reason]})
    return made


# --- The agenda -------------------------------------------------------------------------------


def _check_agenda_open(meeting: Meeting, field: str = "title") -> None:
    _check_not_cancelled(meeting)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is not None and minutes.is_locked:
        raise ValidationError({field: "The meeting's minutes are approved: its agenda is "
                                      "part of the record and cannot change."})


@transaction.atomic
def agenda_item_create(*, tenant: Tenant, actor: User | None, meeting: Meeting, title: str,
                       text: str = "", is_exempt: bool = False,
                       exempt_paragraph: int | None = None,
                       public_interest_reason: str = "") -> AgendaItem:
    """Add an item at the end of the agenda. An exempt item names its Schedule 12A paragraph
    and the public-interest reason (AgendaItem.clean)."""
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, meeting=meeting)
    _check_agenda_open(meeting)
    last = AgendaItem.objects.filter(meeting=meeting).order_by("-number").values_list(
        "number", flat=True).first()
    item = AgendaItem(tenant=tenant, meeting=meeting, number=(last or 0) + 1,
                      title=title.strip(), text=text.strip(), is_exempt=is_exempt,
                      exempt_paragraph=exempt_paragraph if is_exempt else None,
                      public_interest_reason=public_interest_reason.strip() if is_exempt
                      else "")
    save(item)
    audit_record(tenant=tenant, actor=actor, action="board.item_create", obj=item,
                 summary=f"{meeting}: added item {item.number}",
                 changes={"is_exempt": is_exempt, "exempt_paragraph": item.exempt_paragraph})
    return item


@transaction.atomic
def agenda_item_update(*, tenant: Tenant, actor: User | None, item: AgendaItem,
                       **values) -> AgendaItem:
    check(tenant=tenant, actor=actor, board=item.meeting.board, run=True, item=item)
    _check_agenda_open(item.meeting)
    unknown = set(values) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationError(f"Not a detail of an agenda item: {', '.join(sorted(unknown))}.")
    for text in ("title", "text", "public_interest_reason"):
        if text in values:
            values[text] = values[text].strip()
    if not values.get("is_exempt", item.is_exempt):
        values.update(exempt_paragraph=None, public_interest_reason="")
    # The audit row names what changed, never the exempt text itself.
    changed = sorted(field_changes(item, list(values), values))
    for name, value in values.items():
        setattr(item, name, value)
    save(item)
    audit_record(tenant=tenant, actor=actor, action="board.item_update", obj=item,
                 summary=f"{item.meeting}: changed item {item.number}",
                 changes={"fields": changed})
    return item


@transaction.atomic
def agenda_item_move_up(*, tenant: Tenant, actor: User | None, item: AgendaItem) -> AgendaItem:
    """Swap an item with the one before it."""
    check(tenant=tenant, actor=actor, board=item.meeting.board, run=True, item=item)
    _check_agenda_open(item.meeting)
    before = (AgendaItem.objects.select_for_update().filter(meeting=item.meeting,
                                                            number__lt=item.number)
              .order_by("-number").first())
    if before is None:
        raise ValidationError({"number": "That item is already first."})
    mine, theirs = item.number, before.number
    # Through a free number, as the (meeting, number) pair is unique at every step.
    AgendaItem.objects.filter(pk=item.pk).update(number=32767)
    AgendaItem.objects.filter(pk=before.pk).update(number=mine)
    AgendaItem.objects.filter(pk=item.pk).update(number=theirs)
    item.refresh_from_db()
    audit_record(tenant=tenant, actor=actor, action="board.item_move", obj=item,
                 summary=f"{item.meeting}: item {mine} moved to {theirs}",
                 changes={"number": [mine, theirs]})
    return item
