"""Interests: the standing register of what each member of a board has an interest in, and the
declarations members make on agenda items. A disclosable pecuniary interest bars the member from
voting on the item's decisions unless a dispensation is recorded (`boards.services.decisions`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from boards.models.boards import Board
from boards.models.meetings import AgendaItem
from core.models import Membership, TenantOwned


class InterestKind(models.TextChoices):
    """The three kinds of the councils' codes of conduct (Localism Act 2011, s. 30)."""

    DISCLOSABLE_PECUNIARY = "disclosable_pecuniary", "Disclosable pecuniary interest"
    OTHER_REGISTRABLE = "other_registrable", "Other registrable interest"
    NON_REGISTRABLE = "non_registrable", "Non-registrable interest"


class RegisteredInterest(TenantOwned):
    """One entry of a member's standing register on a board: from `registered_on` until (not
    including) `ended_on`. Ended, never deleted: the register is part of the record."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=InterestKind.choices)
    description = models.CharField(
        max_length=300, help_text="For example Governor of Hardy's School, Dorchester.")
    registered_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["holder_id", "registered_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "board", "holder", "description"],
                                    condition=Q(ended_on__isnull=True),
                                    name="registeredinterest_one_open_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.holder.user}: {self.description}"


class Declaration(TenantOwned):
    """A member's declaration of an interest in one agenda item: one per member per item (a new
    declaration replaces it; the audit log keeps the earlier one). A dispensation, where one is
    granted, lets a member with a disclosable pecuniary interest vote all the same."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="declarations")
    person = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=InterestKind.choices)
    note = models.CharField(max_length=500, help_text="What the interest is.")
    dispensation = models.TextField(
        blank=True, help_text="Who granted the dispensation, when and for what.")
    dispensation_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                                 blank=True, on_delete=models.SET_NULL,
                                                 related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["item__number", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "item", "person"],
                                    name="declaration_one_per_person_and_item"),
        ]

    def __str__(self) -> str:
        return f"{self.person.user}, item {self.item.number}: {self.get_kind_display().lower()}"

    @property
    def bars_voting(self) -> bool:
        return self.kind == InterestKind.DISCLOSABLE_PECUNIARY and not self.dispensation.strip()
