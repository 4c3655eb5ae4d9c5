"""Levels, partnerships, dated memberships of schools and roles."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager

from core.models import TenantOwned


class PartnershipType(models.TextChoices):
    """How tightly a partnership is bound, and so what the LA leaves to it (seed 003)."""

    HARD = "hard", "Hard (federation, MAT or chain: takes on intervention)"
    STRUCTURED = "structured", "Structured (commissioned by the LA to challenge and support)"
    LOOSE = "loose", "Loose (schools support each other; the LA keeps monitoring)"


class LeadEligibility(models.TextChoices):
    """Who may be a partnership's lead (a consortium lead): the tenant's rule, stored as data.

    Warwickshire (seed 001, 7.5): "a headteacher from an outstanding school or an NLE or LLE".
    Evaluated by `partnerships.eligibility`, which says "unknown" until the Ofsted and
    system-leader data exist.
    """

    HEAD_OF_MEMBER = "head_of_member", "The headteacher of a member school"
    HEAD_OF_OUTSTANDING = "head_of_outstanding", "The headteacher of an outstanding member school"
    SYSTEM_LEADER = "system_leader", "A headteacher who is an NLE or LLE"
    OUTSTANDING_OR_SYSTEM_LEADER = (
        "outstanding_or_system_leader",
        "The headteacher of an outstanding member school, or an NLE or LLE",
    )


class PartnershipLevel(TenantOwned):
    """A kind of partnership the tenant names itself, nested by rank.

    Rank 1 is the smallest grouping (a hub, a family cluster); a broader level has a higher
    rank and may contain a narrower one (Wiltshire: hub 1 inside region 2; Dorset: family
    cluster 1 inside alliance 2 inside strategic board 3).
    """

    name = models.CharField(max_length=100, help_text="For example Hub, Region, Family cluster.")
    rank = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text="1 for the smallest groups; a level containing others has a higher rank.",
    )
    parent_level = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="child_levels",
        help_text="The broader level that partnerships of this level sit inside, if any.",
    )
    description = models.TextField(blank=True)
    lead_title = models.CharField(
        max_length=100, default="Lead", help_text="What the tenant calls the lead, e.g. Hub chair."
    )
    lead_eligibility = models.CharField(
        max_length=40, choices=LeadEligibility.choices, default=LeadEligibility.HEAD_OF_MEMBER
    )
    max_advisers = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="School improvement advisers allowed per partnership (Wiltshire: one or two).",
    )
    max_leads = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="Leads a partnership of this level may have at once (Warwickshire's "
                  "consortia: two).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rank", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="partnershiplevel_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        parent = self.parent_level
        if parent is None:
            return
        if parent.tenant_id != self.tenant_id:
            raise ValidationError({"parent_level": "That level belongs to another tenant."})
        if parent.pk is not None and parent.pk == self.pk:
            raise ValidationError({"parent_level": "A level cannot sit inside itself."})
        if parent.rank <= self.rank:
            raise ValidationError({
                "parent_level": f"{parent.name} (rank {parent.rank}) must be broader than "
                                f"{self.name or 'this level'} (rank {self.rank}): give it a "
                                "higher rank."
            })


class Partnership(TenantOwned):
    """A hub, consortium, family cluster, alliance … of the tenant's schools."""

    level = models.ForeignKey(PartnershipLevel, on_delete=models.PROTECT,
                              related_name="partnerships")
    name = models.CharField(max_length=200)
    partnership_type = models.CharField(
        "type", max_length=20, choices=PartnershipType.choices, default=PartnershipType.STRUCTURED
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        help_text="The partnership of the broader level this one sits inside.",
    )
    is_geographical = models.BooleanField(
        default=True, help_text="Wiltshire's hubs, for one, need not be geographical."
    )
    lead_school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The school the partnership is led by (a member school).",
    )
    teaching_school_hub = models.CharField(
        "linked teaching school hub", max_length=200, blank=True,
        help_text="Free text until the system-leader directory exists.",
    )
    description = models.TextField(blank=True)
    start_date = models.DateField()
    end_date = models.DateField(
        null=True, blank=True, help_text="The first day the partnership no longer runs."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["level__rank", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "level", "name"],
                                    name="partnership_name_per_level"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "The end date must be after the start date."})


class MembershipQuerySet(models.QuerySet):
    def current(self, on) -> "MembershipQuerySet":
        """Memberships in force on a date: started by then, not yet ended (end is exclusive)."""
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gt=on))


class PartnershipMembership(TenantOwned):
    """A school's membership of a partnership, from `start_date` until (not including)
    `end_date`. Never deleted: a school that leaves gets an end date, so history is kept."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT,
                                    related_name="memberships")
    school = models.ForeignKey("schools.School", on_delete=models.PROTECT,
                               related_name="partnership_memberships")
    # Copied from the partnership so the database itself can refuse a second open membership of
    # the same level (the service checks every overlap, open-ended or not).
    level = models.ForeignKey(PartnershipLevel, on_delete=models.PROTECT, related_name="+")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True,
                                help_text="The first day the school is no longer a member.")
    end_reason = models.CharField(max_length=300, blank=True)
    days_purchased = models.DecimalField(
        max_digits=5, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text="Standalone academies and small trusts join by buying days (priced later).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(
        tenant="tenant", _manager_class=models.Manager.from_queryset(MembershipQuerySet)
    )

    class Meta:
        ordering = ["partnership__name", "-start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "school", "level"], condition=Q(end_date__isnull=True),
                name="partnershipmembership_one_open_per_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school} in {self.partnership} from {self.start_date}"

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "The end date must be after the start date."})

    def is_current(self, on) -> bool:
        return self.start_date <= on and (self.end_date is None or self.end_date > on)


class RoleKind(models.TextChoices):
    CHAIR = "chair", "Chair (a headteacher of a member school)"
    LEAD = "lead", "Lead (by the level's eligibility rule)"
    ADVISER = "adviser", "School improvement adviser"
    REGIONAL_LEAD = "regional_lead", "Regional lead"
    IMPROVEMENT_PARTNER = "improvement_partner", "School improvement partner"


class PartnershipRole(TenantOwned):
    """Someone's role in a partnership, dated like memberships and end-dated, never deleted.

    A person is a `core.Membership` of the tenant; a school improvement partner may instead be
    named in free text (often someone from outside the LA).
    """

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT, related_name="roles")
    kind = models.CharField(max_length=30, choices=RoleKind.choices)
    person = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # For a chair or lead: the member school they head when appointed (kept for history).
    school = models.ForeignKey(
        "schools.School", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    external_name = models.CharField(max_length=200, blank=True)
    eligibility_note = models.CharField(
        max_length=300, blank=True,
        help_text="Why the person meets the level's lead rule, when the data cannot show it.",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(
        tenant="tenant", _manager_class=models.Manager.from_queryset(MembershipQuerySet)
    )

    class Meta:
        ordering = ["partnership__name", "kind", "-start_date"]

    def __str__(self) -> str:
        who = self.person.user if self.person_id else self.external_name
        return f"{self.get_kind_display()}: {who} ({self.partnership})"

    def clean(self) -> None:
        if not self.person_id and not self.external_name:
            raise ValidationError("Name the person: choose a member of the tenant or type a name.")
        if self.end_date and self.start_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "The end date must be after the start date."})
