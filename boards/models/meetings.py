"""Meetings of a board: the schedule, RSVPs before, attendance and apologies on the day, and
the agenda items (public or exempt under Schedule 12A)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from boards.models.boards import Board, Seat
from core.models import Membership, TenantOwned


class Meeting(TenantOwned):
    """A meeting of a board. Cancelled (with the reason) rather than deleted."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=120)
    location = models.CharField(max_length=200, blank=True)
    remote_link = models.CharField(
        max_length=300, blank=True, help_text="Where members join remotely, if they may.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    cancel_reason = models.CharField(max_length=300, blank=True)
    # When the clerk published the agenda and sent the pack: from then the published view
    # shows the agenda (public items and papers only), before the meeting.
    agenda_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The id of the partnerships hub meeting this was copied from (migration boards 0012), so
    # the old address answers with a redirect here.
    hub_copy_of = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "board", "starts_at"],
                                    name="boardmeeting_one_per_time"),
        ]

    def __str__(self) -> str:
        return f"{self.board} meeting, {self.starts_at:%d %B %Y}"

    def clean(self) -> None:
        if not self.location.strip() and not self.remote_link.strip():
            raise ValidationError({"location": "Say where the meeting is, or how to join it."})

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class MeetingNote(TenantOwned):
    """A note on a meeting (a hub's record of what was said, where it keeps no minutes). An
    edit adds a new note that `replaces` the old one, so the earlier text, its author and time
    are kept; the current notes are those not replaced."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="replaced_by")
    created_at = models.DateTimeField(auto_now_add=True)
    # The id of the partnerships hub note this was copied from (migration boards 0012), so the
    # old address answers with a redirect here.
    hub_copy_of = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One later version per note: two edits of the same text cannot both win.
            models.UniqueConstraint(fields=["tenant", "replaces"], name="meetingnote_one_edit"),
        ]

    def __str__(self) -> str:
        return f"Note on {self.meeting} by {self.author or 'someone'}"


class RsvpAnswer(models.TextChoices):
    ATTENDING = "attending", "Will attend"
    ATTENDING_REMOTELY = "attending_remotely", "Will join remotely"
    SENDING_SUBSTITUTE = "sending_substitute", "Sending the substitute"
    APOLOGIES = "apologies", "Apologies"


class Rsvp(TenantOwned):
    """A seat's answer before a meeting: who will be there for it. One per seat; a new answer
    replaces it (the audit log keeps the earlier one)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="rsvps")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(max_length=30, choices=RsvpAnswer.choices)
    note = models.CharField(max_length=300, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["seat__position", "seat_id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "meeting", "seat"],
                                    name="rsvp_one_per_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.seat}: {self.get_answer_display().lower()}"


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", "Present"
    REMOTE = "remote", "Joined remotely"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent without apologies"


class Attendance(TenantOwned):
    """Who was there on the day, for which seat: its member, or its designated substitute
    standing in. Apologies (with the reason) and absences are recorded the same way."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendances")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    as_substitute = models.BooleanField(default=False)
    mode = models.CharField(max_length=20, choices=AttendanceMode.choices)
    apology_reason = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["seat__position", "seat_id", "as_substitute"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "meeting", "seat", "person"],
                                    name="attendance_one_per_person_and_seat"),
        ]

    def __str__(self) -> str:
        capacity = " (substitute)" if self.as_substitute else ""
        return f"{self.person.user}{capacity}, {self.seat}: {self.get_mode_display().lower()}"

    @property
    def is_present(self) -> bool:
        return self.mode in (AttendanceMode.IN_PERSON, AttendanceMode.REMOTE)


class ExemptParagraph(models.IntegerChoices):
    """The seven categories of Part 1 of Schedule 12A to the Local Government Act 1972."""

    INDIVIDUALS = 1, "1: information relating to any individual"
    IDENTITY = 2, "2: information likely to reveal the identity of an individual"
    FINANCIAL = 3, "3: the financial or business affairs of any particular person"
    LABOUR_RELATIONS = 4, "4: consultations or negotiations on labour relations"
    LEGAL_PRIVILEGE = 5, "5: legal professional privilege"
    NOTICES_OR_ORDERS = 6, "6: a proposed notice, order or direction"
    CRIME = 7, "7: the prevention, investigation or prosecution of crime"


class AgendaItem(TenantOwned):
    """An item of a meeting's agenda, in order. Exempt items name their Schedule 12A paragraph
    and the public-interest reason for withholding them; the published view shows nothing else
    of them (`boards.selectors.published`)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField(blank=True, help_text="What the item is about: the report or "
                                                  "question put to the board.")
    is_exempt = models.BooleanField(default=False)
    exempt_paragraph = models.PositiveSmallIntegerField(choices=ExemptParagraph.choices,
                                                        null=True, blank=True)
    public_interest_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "meeting", "number"],
                                    name="agendaitem_unique_number"),
        ]

    def __str__(self) -> str:
        return f"Item {self.number}: {self.title}"

    def clean(self) -> None:
        if self.is_exempt:
            problems = {}
            if not self.exempt_paragraph:
                problems["exempt_paragraph"] = ("Choose the paragraph of Schedule 12A the item "
                                                "is exempt under.")
            if not self.public_interest_reason.strip():
                problems["public_interest_reason"] = (
                    "Say why the public interest in withholding the item outweighs the public "
                    "interest in disclosing it.")
            if problems:
                raise ValidationError(problems)
        elif self.exempt_paragraph or self.public_interest_reason.strip():
            raise ValidationError({"is_exempt": "Only an exempt item has a Schedule 12A "
                                                "paragraph and a public-interest reason."})

    @property
    def exempt_label(self) -> str:
        """How the published minutes name an exempt item: its number and paragraph only."""
        return (f"Item {self.number}: exempt under paragraph {self.exempt_paragraph} of "
                "Schedule 12A")


class ItemAbsence(TenantOwned):
    """That someone at the meeting was out of the room for one agenda item (they left after
    declaring an interest in it, arrived after it, or stepped out): for that item they do not
    count towards the quorum and cannot vote. Presence for an item is the meeting's attendance
    less these; removed (audited) if recorded in error, before the item is decided."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="absences")
    attendance = models.ForeignKey(Attendance, on_delete=models.PROTECT,
                                   related_name="item_absences")
    reason = models.CharField(max_length=300, blank=True,
                              help_text="For example: left the room, having declared an "
                                        "interest.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item__number", "attendance__seat__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "item", "attendance"],
                                    name="itemabsence_one_per_item_and_attendance"),
        ]

    def __str__(self) -> str:
        return f"{self.attendance.person.user} out of the room for {self.item}"
