"""A board, its terms of reference, its seats and who holds them (with dates)."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager

from core.models import Membership, TenantOwned
from partnerships.models import Partnership


class QuorumKind(models.TextChoices):
    NUMBER = "number", "A number of voting seats"
    FRACTION = "fraction", "A fraction of the voting seats filled"


class MinutesReaders(models.TextChoices):
    """Who may read a board's published minutes (always redacted: `boards.selectors.published`)."""

    MEMBERS = "members", "The board's members only"
    TENANT = "tenant", "Every headteacher and officer of the council"
    PUBLIC = "public", "The public, without signing in"


class BoardKind(models.TextChoices):
    BOARD = "board", "Board"
    HUB = "hub", "Hub"


class Board(TenantOwned):
    """A body that meets and decides, with the terms of reference it runs by: the document, and
    the rules of it the product enforces (quorum, who reads published minutes, papers notice).

    A hub (`kind` HUB) is the board of one partnership: made when the partnership is, its seats
    derived from the member schools' headteachers and its chair seat held by the partnership's
    chair, kept in step by `boards.services.hubs` (officers do not edit them by hand).
    """

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=BoardKind.choices, default=BoardKind.BOARD)
    terms = models.TextField("Terms of reference", blank=True)
    quorum_kind = models.CharField(max_length=20, choices=QuorumKind.choices,
                                   default=QuorumKind.FRACTION)
    quorum_number = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)],
        help_text="With a number: how many voting seats must be represented.")
    # A fraction as two integers, so "two thirds" is exact: 2/3 of 3 seats is 2, while 0.67 of
    # 3, rounded up, would be 3.
    quorum_numerator = models.PositiveSmallIntegerField(default=1,
                                                        validators=[MinValueValidator(1)])
    quorum_denominator = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(100)])
    remote_attendance_counts = models.BooleanField(
        default=False, help_text="Whether a member joining remotely counts towards the quorum "
                                 "and may vote.")
    minutes_readers = models.CharField(max_length=20, choices=MinutesReaders.choices,
                                       default=MinutesReaders.MEMBERS)
    papers_notice_days = models.PositiveSmallIntegerField(
        default=5, validators=[MaxValueValidator(30)],
        help_text="Clear working days papers must be out before a meeting (councils: five).")
    # Terms of reference commonly judge attendance over the last year of meetings: six
    # half-termly meetings.
    attendance_window = models.PositiveSmallIntegerField(
        "Meetings counted for attendance", default=6,
        validators=[MinValueValidator(2), MaxValueValidator(24)],
        help_text="Attendance rates count the board's last this many meetings held.")
    # A hub's meetings become a board of their partnership in a later slice; a board may also
    # belong to a partnership body (a strategic board of alliances).
    partnership = models.ForeignKey(Partnership, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            # A hub is named after its partnership, whose name is unique only within its level.
            models.UniqueConstraint(fields=["tenant", "name"], condition=Q(kind="board"),
                                    name="board_unique_name"),
            models.UniqueConstraint(fields=["tenant", "partnership"], condition=Q(kind="hub"),
                                    name="board_one_hub_per_partnership"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_hub(self) -> bool:
        return self.kind == BoardKind.HUB

    def clean(self) -> None:
        if self.kind == BoardKind.HUB and not self.partnership_id:
            raise ValidationError({"partnership": "A hub is the board of one partnership."})
        if self.quorum_kind == QuorumKind.NUMBER and not self.quorum_number:
            raise ValidationError({"quorum_number": "Give the number of seats that makes a "
                                                    "quorum."})
        if (self.quorum_kind == QuorumKind.FRACTION
                and self.quorum_numerator > self.quorum_denominator):
            raise ValidationError({"quorum_numerator": "A quorum cannot be more than all the "
                                                       "seats."})

    @property
    def quorum_label(self) -> str:
        if self.quorum_kind == QuorumKind.NUMBER:
            return f"{self.quorum_number} voting seats"
        return (f"{self.quorum_numerator}/{self.quorum_denominator} of the voting seats "
                "filled")


class SeatKind(models.TextChoices):
    MEMBER = "member", "Member"
    INDEPENDENT_CHAIR = "independent_chair", "Independent chair"
    CO_OPTED = "co_opted", "Co-opted member"
    LA_REPRESENTATIVE = "la_representative", "Local authority representative (one vote)"
    CLERK = "clerk", "Clerk (no vote)"
    # A hub's chair: a member school's head, who votes in their school's seat.
    CHAIR = "chair", "Chair (votes in their own seat)"


NO_VOTE = (SeatKind.CLERK, SeatKind.CHAIR)


class Seat(TenantOwned):
    """A place on the board, nominated by a group, held by one person at a time (with dates)
    and a designated substitute. Every seat but the clerk's has one vote; the LA holds one
    seat, so one vote however many officers attend."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="seats")
    label = models.CharField(max_length=200,
                             help_text="For example Primary headteacher, North alliance.")
    kind = models.CharField(max_length=30, choices=SeatKind.choices, default=SeatKind.MEMBER)
    nominating_partnership = models.ForeignKey(
        Partnership, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The partnership (alliance, consortium) that nominates the holder, if any.")
    nominating_group = models.CharField(
        max_length=200, blank=True,
        help_text="A nominating group that is not a partnership (e.g. the special schools).")
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="A hub's seat: the member school whose headteacher holds it.")
    co_opted_until = models.DateField(null=True, blank=True)
    co_opted_purpose = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "board", "label"], name="seat_unique_label"),
            models.UniqueConstraint(fields=["tenant", "board"],
                                    condition=Q(kind="la_representative"),
                                    name="seat_one_la_representative"),
            models.UniqueConstraint(fields=["tenant", "board"],
                                    condition=Q(kind="independent_chair"),
                                    name="seat_one_independent_chair"),
            models.UniqueConstraint(fields=["tenant", "board"], condition=Q(kind="chair"),
                                    name="seat_one_chair"),
            models.UniqueConstraint(fields=["tenant", "board", "school"],
                                    name="seat_one_per_school"),
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.kind == SeatKind.CO_OPTED:
            problems = {}
            if not self.co_opted_until:
                problems["co_opted_until"] = "A co-opted seat needs the date it ends."
            if not self.co_opted_purpose.strip():
                problems["co_opted_purpose"] = ("Say what the co-opted member is for (a "
                                                "project, a gap in expertise).")
            if problems:
                raise ValidationError(problems)
        elif self.co_opted_until or self.co_opted_purpose:
            raise ValidationError({"kind": "Only a co-opted seat has an end date and purpose."})

    @property
    def has_vote(self) -> bool:
        return self.kind not in NO_VOTE

    @property
    def chairs_meetings(self) -> bool:
        return self.kind in (SeatKind.INDEPENDENT_CHAIR, SeatKind.CHAIR)

    @property
    def nominated_by(self) -> str:
        if self.nominating_partnership_id:
            return str(self.nominating_partnership)
        return self.nominating_group

    def is_open_on(self, on: date) -> bool:
        return self.co_opted_until is None or on < self.co_opted_until


class HoldingKind(models.TextChoices):
    MEMBER = "member", "Member"
    SUBSTITUTE = "substitute", "Designated substitute"


class HoldingQuerySet(models.QuerySet):
    def current(self, on: date) -> "HoldingQuerySet":
        """Holdings in force on a date: started by then, not yet ended (end is exclusive)."""
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gt=on))


class SeatHolding(TenantOwned):
    """A person holding a seat (its member) or standing by for it (its designated substitute),
    from `start_date` until (not including) `end_date`. End-dated, never deleted: the record of
    who sat on the board is kept."""

    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="holdings")
    holder = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=HoldingKind.choices,
                            default=HoldingKind.MEMBER)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True,
                                help_text="The first day the person no longer holds the seat.")
    end_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # The scoped manager with `.current(on)`; django-stubs types `objects` as a class variable.
    objects = ScopedManager(  # type: ignore[misc]
        tenant="tenant", _manager_class=models.Manager.from_queryset(HoldingQuerySet))

    class Meta:
        ordering = ["seat__position", "kind", "-start_date"]
        constraints = [
            # One open member and one open substitute per seat (the service checks overlaps).
            models.UniqueConstraint(fields=["tenant", "seat", "kind"],
                                    condition=Q(end_date__isnull=True),
                                    name="seatholding_one_open_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.holder.user} — {self.get_kind_display().lower()}, {self.seat}"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "The end date must be after the start date."})

    def is_current(self, on: date) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date > on)
