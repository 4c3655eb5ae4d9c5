"""Forming partnerships (seed 003, Barnet): pro-formas, match-making proposals, the
consultation and the decision."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from core.models import TenantOwned
from partnerships.models.structure import Partnership, PartnershipLevel, PartnershipType


class ProForma(TenantOwned):
    """What a school tells the LA before partnerships are proposed."""

    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    preferred_type = models.CharField(
        max_length=20, choices=PartnershipType.choices, blank=True,
        help_text="The type of partnership the school would like to move towards.",
    )
    accepts_secondary_lead = models.BooleanField(
        default=False,
        help_text="A primary school agrees to be in a partnership led by a secondary school.",
    )
    # Agreed by an officer with the school, not stated by the school on its pro-forma.
    can_give_support = models.BooleanField(default=False)
    comments = models.TextField(blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school__establishment__name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "school"], name="proforma_one_per_school"),
        ]

    def __str__(self) -> str:
        return f"Pro-forma of {self.school}"


class ProFormaPartner(TenantOwned):
    """A school named on a pro-forma: an existing informal partner or a preferred one."""

    class Kind(models.TextChoices):
        INFORMAL = "informal", "Existing informal partner"
        PREFERRED = "preferred", "Preferred partner"

    pro_forma = models.ForeignKey(ProForma, on_delete=models.CASCADE, related_name="partners")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["kind", "school__establishment__name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "pro_forma", "school", "kind"],
                                    name="proformapartner_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.school}"


class FormationProposal(TenantOwned):
    """A set of proposed partnerships: drafted, published for consultation, then confirmed."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published for consultation"
        CONFIRMED = "confirmed", "Confirmed"

    name = models.CharField(max_length=200)
    level = models.ForeignKey(PartnershipLevel, on_delete=models.PROTECT, related_name="+",
                              help_text="The level the confirmed partnerships are created at.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    partnership_type = models.CharField(
        max_length=20, choices=PartnershipType.choices, default=PartnershipType.STRUCTURED
    )
    min_size = models.PositiveSmallIntegerField(default=4, validators=[MinValueValidator(1)])
    max_size = models.PositiveSmallIntegerField(default=8, validators=[MinValueValidator(1)])
    seed = models.PositiveIntegerField(default=1, help_text="The same seed gives the same result.")
    algorithm = models.CharField(max_length=40, default="local_search")
    # The generator's figures (preferences honoured, distances, support spread) when it ran.
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.min_size and self.max_size and self.min_size > self.max_size:
            raise ValidationError({"max_size": "The largest size must be at least the smallest."})


class ProposedPartnership(TenantOwned):
    """One partnership of a proposal, with the reasons for it in plain English."""

    proposal = models.ForeignKey(FormationProposal, on_delete=models.CASCADE,
                                 related_name="partnerships")
    name = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    lead_school = models.ForeignKey("schools.School", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    explanation = models.TextField(blank=True)
    created_partnership = models.ForeignKey(Partnership, null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["proposal", "position"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "proposal", "name"],
                                    name="proposedpartnership_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ProposedMember(TenantOwned):
    """A school's place in a proposal. One per school per proposal: every school is placed once."""

    proposal = models.ForeignKey(FormationProposal, on_delete=models.CASCADE,
                                 related_name="members")
    proposed_partnership = models.ForeignKey(ProposedPartnership, on_delete=models.CASCADE,
                                             related_name="members")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["proposed_partnership__position", "school__establishment__name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "proposal", "school"],
                                    name="proposedmember_once_per_proposal"),
        ]

    def __str__(self) -> str:
        return f"{self.school} in {self.proposed_partnership}"


class ProposalResponse(TenantOwned):
    """A school's answer in the consultation on a published proposal."""

    class Answer(models.TextChoices):
        AGREE = "agree", "Agree"
        DISAGREE = "disagree", "Disagree"

    proposal = models.ForeignKey(FormationProposal, on_delete=models.CASCADE,
                                 related_name="responses")
    school = models.ForeignKey("schools.School", on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    comment = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school__establishment__name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "proposal", "school"],
                                    name="proposalresponse_once_per_school"),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.get_answer_display()}"
