"""Decisions on agenda items and the open votes of the seats."""

from django.conf import settings
from django.db import models

from boards.models.boards import Seat
from boards.models.meetings import AgendaItem, Meeting
from core.models import Membership, TenantOwned


class VoteChoice(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Against"
    ABSTAIN = "abstain", "Abstain"


class Decision(TenantOwned):
    """A motion on an agenda item, put to a vote (or agreed without one) and closed with its
    outcome. A decision may approve the minutes of an earlier meeting, which locks them."""

    class Method(models.TextChoices):
        VOTE = "vote", "Put to a vote"
        WITHOUT_VOTE = "without_vote", "Agreed without a vote"

    class Outcome(models.TextChoices):
        OPEN = "open", "Voting open"
        CARRIED = "carried", "Carried"
        LOST = "lost", "Lost"
        AGREED = "agreed", "Agreed without a vote"

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    motion = models.TextField()
    method = models.CharField(max_length=20, choices=Method.choices, default=Method.VOTE)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, default=Outcome.OPEN)
    approves_minutes_of = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The earlier meeting whose minutes this decision approves, if any.")
    approves_correction = models.ForeignKey(
        "boards.MinuteCorrection", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
        help_text="The proposed correction to an earlier meeting's approved minutes that this "
                  "decision approves, if any.")
    # A decision may approve a funding allocation run (confirming the draft when carried) or
    # decide a category moderation case (with the category decided). Funding and
    # categorisation never point back: they read the approval through core.approvals.
    approves_run = models.ForeignKey(
        "funding.AllocationRun", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text="The draft allocation run this decision approves, if any.")
    decides_case = models.ForeignKey(
        "categorisation.ModerationCase", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text="The moderation case this decision decides, if any.")
    decides_category = models.ForeignKey(
        "categorisation.SchemeCategory", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text="The category the board decides for the case's school.")
    # The quorum as it stood when the decision was closed, kept with it.
    seats_present = models.PositiveSmallIntegerField(null=True, blank=True)
    quorum_required = models.PositiveSmallIntegerField(null=True, blank=True)
    votes_for = models.PositiveSmallIntegerField(default=0)
    votes_against = models.PositiveSmallIntegerField(default=0)
    abstentions = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["item__number", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.item}: {self.motion[:60]}"

    @property
    def is_open(self) -> bool:
        return self.outcome == self.Outcome.OPEN


class Vote(TenantOwned):
    """One seat's vote on a decision, cast by its member or (when the member is not there) its
    designated substitute. One per seat; shown openly to those who may read the item."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="votes")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="+")
    voter = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    as_substitute = models.BooleanField(default=False)
    choice = models.CharField(max_length=10, choices=VoteChoice.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["seat__position", "seat_id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "decision", "seat"],
                                    name="vote_one_per_seat"),
        ]

    def __str__(self) -> str:
        return f"{self.seat}: {self.get_choice_display().lower()}"
