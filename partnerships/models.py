"""Partnerships: the tenant's own levels (region > hub, family cluster > alliance …), the
partnerships at each level, dated memberships of schools, roles, the formation of partnerships
by match-making (seed 003, Barnet) and consultation surveys.

The rules (who may chair, no school in two partnerships of one level at once, no nesting cycle)
live in `partnerships.services`; `clean()` here checks only what one row can know by itself.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django_scopes import ScopedManager

from core.actions import Action, ActionUpdate
from core.models import TenantOwned
from schools.models import Phase
from schools.selectors import school_of


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


# --- Formation (seed 003, Barnet: pro-formas, match-making, consultation, decision) ---------


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
    # Agreed by an officer, not stated by the school; replaced by the school's capacity
    # category once categorisation exists (see partnerships.eligibility.can_give_support).
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


# --- Consultation surveys (seed 003: heads and governors on the options) --------------------


class Rating(models.TextChoices):
    """The five-point scale of the seed's survey, strongest support first."""

    STRONGLY_SUPPORT = "strongly_support", "Strongly support"
    POSITIVE = "positive", "Positive"
    WILLING_TO_CONSIDER = "willing_to_consider", "Willing to consider"
    TEND_NOT_TO_SUPPORT = "tend_not_to_support", "Tend not to support"
    STRONGLY_OPPOSE = "strongly_oppose", "Strongly oppose"


SUPPORTING_RATINGS = (Rating.STRONGLY_SUPPORT, Rating.POSITIVE, Rating.WILLING_TO_CONSIDER)
OPPOSING_RATINGS = (Rating.TEND_NOT_TO_SUPPORT, Rating.STRONGLY_OPPOSE)


class RespondentRole(models.TextChoices):
    HEADTEACHER = "headteacher", "Headteacher"
    GOVERNOR = "governor", "Governor"
    OTHER = "other", "Other"


class Survey(TenantOwned):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    proposal = models.ForeignKey(FormationProposal, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="surveys")
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class SurveyOption(TenantOwned):
    """One option respondents rate, e.g. "Local authority trading company"."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "survey", "label"],
                                    name="surveyoption_label"),
        ]

    def __str__(self) -> str:
        return self.label


class SurveyResponse(TenantOwned):
    """One respondent's rating of one option. `respondent_key` groups one person's answers
    without naming them."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    option = models.ForeignKey(SurveyOption, on_delete=models.CASCADE, related_name="responses")
    rating = models.CharField(max_length=30, choices=Rating.choices)
    respondent_role = models.CharField(max_length=20, choices=RespondentRole.choices)
    phase = models.CharField(max_length=30, choices=Phase.choices, default=Phase.NOT_APPLICABLE)
    school = models.ForeignKey("schools.School", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    respondent_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "option"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "option", "respondent_key"],
                                    name="surveyresponse_once_per_option"),
        ]

    def __str__(self) -> str:
        return f"{self.option}: {self.get_rating_display()}"


# --- Hub self-management: the chair's meetings, notes, shared priorities and actions -------


class HubMeeting(TenantOwned):
    """A meeting of a hub's headteachers. Cancelled rather than deleted, so the record stays."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT,
                                    related_name="hub_meetings")
    starts_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    is_online = models.BooleanField(default=False)
    agenda = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    status_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "partnership", "starts_at"],
                                    name="hubmeeting_one_per_time"),
        ]

    def __str__(self) -> str:
        return f"{self.partnership} meeting, {self.starts_at:%d %B %Y}"

    def clean(self) -> None:
        if not self.is_online and not self.location.strip():
            raise ValidationError({"location": "Say where the meeting is, or that it is online."})


class HubMeetingNote(TenantOwned):
    """A note on a meeting. An edit adds a new note that `replaces` the old one, so the
    earlier text, its author and time are kept; the current notes are those not replaced."""

    meeting = models.ForeignKey(HubMeeting, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    replaces = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="replaced_by")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            # One later version per note: two edits of the same text cannot both win.
            models.UniqueConstraint(fields=["tenant", "replaces"], name="hubmeetingnote_one_edit"),
        ]

    def __str__(self) -> str:
        return f"Note on {self.meeting} by {self.author or 'someone'}"


class HubPriority(TenantOwned):
    """A priority the hub shares (an area of focus, e.g. "Disadvantaged learners")."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        ACHIEVED = "achieved", "Achieved"
        ENDED = "ended", "Ended"

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT,
                                    related_name="hub_priorities")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name_plural = "hub priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "partnership", "title"], condition=Q(status="active"),
                name="hubpriority_one_active_title",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date cannot be before the start date."})


class HubAction(Action):
    """An action a hub agreed (core.actions.Action: owner, due date, progress, RAG). Cancelled
    rather than deleted; every progress update is kept as a `HubActionUpdate`."""

    partnership = models.ForeignKey(Partnership, on_delete=models.PROTECT,
                                    related_name="hub_actions")
    priority = models.ForeignKey(HubPriority, null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="actions")
    meeting = models.ForeignKey(HubMeeting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="actions",
                                help_text="The meeting that agreed the action, if any.")

    class Meta(Action.Meta):
        pass

    @property
    def owner_label(self) -> str:
        if self.owner_id:
            own_school = school_of(self.owner)
            school = f" ({own_school})" if own_school else ""
            return f"{self.owner.user}{school}"
        return self.owner_name


class HubActionUpdate(ActionUpdate):
    """One progress update of an action, kept so the action's history is never lost."""

    action = models.ForeignKey(HubAction, on_delete=models.PROTECT, related_name="updates")

    class Meta(ActionUpdate.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.action}: {self.get_status_display()}"
