"""The register: public reference data from GIAS (stored once, by URN) and each tenant's schools."""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from core.models import FileImport, NationalFileImport, TenantOwned
from schools.searching import normalise, school_ranking, school_search


class Phase(models.TextChoices):
    NURSERY = "nursery", "Nursery"
    PRIMARY = "primary", "Primary"
    MIDDLE = "middle", "Middle"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    SPECIAL = "special", "Special"
    ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"
    SIXTEEN_PLUS = "sixteen_plus", "16 plus"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Governance(models.TextChoices):
    """Who is responsible for the school: it decides the LA's powers (maintained) or liaison."""

    MAINTAINED = "maintained", "LA maintained"
    ACADEMY = "academy", "Academy"
    FREE_SCHOOL = "free_school", "Free school"
    INDEPENDENT = "independent", "Independent"
    OTHER = "other", "Other"


class Establishment(models.Model):
    """One establishment as GIAS publishes it. Public: shared by every tenant, keyed by URN."""

    urn = models.PositiveIntegerField("URN", primary_key=True)
    la_code = models.CharField("LA code", max_length=3)
    la_name = models.CharField("LA name", max_length=100, blank=True)
    establishment_number = models.CharField(max_length=4, blank=True)
    name = models.CharField(max_length=200)
    # The name in `schools.searching.normalise` form, written with the name (every import path
    # and `save`), so the register search ignores case, accents, punctuation and the spellings
    # of Saint, C of E, RC and "&" on both databases.
    search_name = models.CharField(max_length=300, blank=True, editable=False)
    type_name = models.CharField("type of establishment", max_length=100, blank=True)
    type_group = models.CharField("establishment type group", max_length=100, blank=True)
    governance = models.CharField(
        max_length=20, choices=Governance.choices, default=Governance.OTHER
    )
    phase = models.CharField(
        max_length=30, choices=Phase.choices, default=Phase.NOT_APPLICABLE
    )
    status_name = models.CharField("GIAS status", max_length=60, blank=True)
    is_open = models.BooleanField(default=True)
    open_date = models.DateField(null=True, blank=True)
    close_date = models.DateField(null=True, blank=True)
    reason_opened = models.CharField(max_length=100, blank=True)
    reason_closed = models.CharField(max_length=100, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    number_of_pupils = models.PositiveIntegerField("pupils on roll", null=True, blank=True)
    census_date = models.DateField(
        null=True, blank=True,
        help_text="The school census the pupil number is from (GIAS: the January census).")
    school_capacity = models.PositiveIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=30, blank=True)
    religious_character = models.CharField(max_length=100, blank=True)
    diocese = models.CharField(max_length=100, blank=True)
    trust_name = models.CharField("trust", max_length=200, blank=True)
    trust_flag = models.CharField(max_length=100, blank=True)
    ukprn = models.CharField("UKPRN", max_length=10, blank=True)
    federation_name = models.CharField(max_length=200, blank=True)
    street = models.CharField(max_length=200, blank=True)
    locality = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    website = models.CharField(max_length=300, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    head_title = models.CharField(max_length=30, blank=True)
    head_first_name = models.CharField(max_length=100, blank=True)
    head_last_name = models.CharField(max_length=100, blank=True)
    head_job_title = models.CharField(max_length=100, blank=True)
    district = models.CharField(max_length=100, blank=True)
    ward = models.CharField(max_length=100, blank=True)
    constituency = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    urban_rural = models.CharField(max_length=100, blank=True)
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)
    last_changed_date = models.DateField(null=True, blank=True)
    # A digest of the imported values: an unchanged row is recognised without comparing fields.
    row_hash = models.CharField(max_length=32, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    # Set while only one council's register extract has the school (a URN the national register
    # does not carry yet): that council's, read by it alone, until the national import brings
    # the URN and takes it over (DESIGN §2, the tenant layer).
    provisional_for = models.ForeignKey(
        "core.Tenant", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        # Indexed only where set (Meta.indexes): nearly every row has none.
        db_index=False,
        help_text="The council whose register extract added it, until the national file has it.")

    class Meta:
        ordering = ["name"]
        # Few indexes on purpose: every one is rebuilt row by row by a national import of
        # 25,000 rows. The register's filters (phase, governance, trust, open) reach this table
        # through a tenant's School rows joined by primary key, a few thousand rows at most, so
        # an index on those columns serves no query. The LA code selects a tenant's
        # establishments (links import, LA filters): a plain btree, as it is only compared for
        # equality (db_index on a CharField would add a second, `_like` index on PostgreSQL).
        # search_name has none: the search reaches establishments through a tenant's School
        # rows joined by primary key, and PostgreSQL's plan for it (on the national bench
        # dataset) used neither the btree nor the trigram index issue 14 gave it, which cost a
        # national import a fifth of a second (migration 0013). provisional_for: only the few
        # rows a council holds are indexed, so the 25,000 others cost nothing to write.
        indexes = [models.Index(fields=["la_code"], name="establishment_la_code_idx"),
                   models.Index(fields=["provisional_for"], name="establishment_provisional_idx",
                                condition=models.Q(provisional_for__isnull=False))]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    def save(self, *args, **kwargs) -> None:
        # A derived column, not a rule: kept in step with the name wherever one row is saved
        # (bulk writers set it themselves).
        self.search_name = normalise(self.name)
        if kwargs.get("update_fields") is not None and "name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_name"}
        super().save(*args, **kwargs)

    @property
    def laestab(self) -> str:
        return f"{self.la_code}{self.establishment_number}" if self.establishment_number else ""

    @property
    def is_maintained(self) -> bool:
        return self.governance == Governance.MAINTAINED

    @property
    def headteacher(self) -> str:
        return " ".join(
            part for part in (self.head_title, self.head_first_name, self.head_last_name) if part
        )

    @property
    def age_range(self) -> str:
        if self.statutory_low_age is None or self.statutory_high_age is None:
            return ""
        return f"{self.statutory_low_age} to {self.statutory_high_age}"


class CurrentLinkManager(models.Manager["EstablishmentLink"]):
    def get_queryset(self) -> models.QuerySet["EstablishmentLink"]:
        return super().get_queryset().filter(ended_on__isnull=True)


class EstablishmentLink(models.Model):
    """A GIAS link between two URNs: predecessor/successor on conversion, merger, split.

    Kept by URN rather than foreign key: either end may be outside the imported register.
    `source` says who wrote it: only links from the national import give a council the right
    to write a predecessor's inspections and indicators.
    """

    class Source(models.TextChoices):
        NATIONAL = "national", "National import"
        TENANT = "tenant", "A council's upload"

    urn = models.PositiveIntegerField("URN", db_index=True)
    linked_urn = models.PositiveIntegerField("linked URN", db_index=True)
    linked_name = models.CharField(max_length=200, blank=True)
    # The linked name in `schools.searching.normalise` form: a converted academy is found by
    # its predecessor's (its former) name.
    linked_search_name = models.CharField(max_length=300, blank=True, editable=False)
    link_type = models.CharField(max_length=100)
    established_date = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.NATIONAL)
    ended_on = models.DateField(
        null=True, blank=True,
        help_text="When a full national links file stopped carrying this link (kept, not "
                  "deleted, so what was decided through it can still be explained).")

    # `objects` is the links in force: lineage, and the right to write a predecessor's data,
    # follow only those. `all_links` includes the ended ones, for the importer that compares
    # and revives them.
    all_links = models.Manager()
    objects = CurrentLinkManager()

    class Meta:
        ordering = ["urn", "established_date"]
        default_manager_name = "objects"
        base_manager_name = "all_links"
        constraints = [
            models.UniqueConstraint(
                fields=["urn", "linked_urn", "link_type"], name="establishmentlink_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.urn} {self.link_type} {self.linked_urn}"

    def save(self, *args, **kwargs) -> None:
        self.linked_search_name = normalise(self.linked_name)
        if kwargs.get("update_fields") is not None and "linked_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "linked_search_name"}
        super().save(*args, **kwargs)

    @property
    def is_predecessor(self) -> bool:
        """The linked URN came before this one ("Predecessor", "Predecessor - merged" …)."""
        return self.link_type.lower().startswith("predecessor")


class SchoolQuerySet(models.QuerySet):
    def with_establishment(self) -> "SchoolQuerySet":
        return self.select_related("establishment", "link_adviser__user")

    def search(self, text: str) -> "SchoolQuerySet":
        """The schools a person typing `text` is after (`schools.searching.school_search`)."""
        return school_search(self, text, links=EstablishmentLink.objects.all())

    def ranked(self, text: str) -> "SchoolQuerySet":
        """Closest names first on PostgreSQL, then by name; by name alone on SQLite."""
        return school_ranking(self, text)


class School(TenantOwned):
    """A school in one tenant's register, with the fields the tenant's officers keep."""

    establishment = models.ForeignKey(
        Establishment, on_delete=models.PROTECT, related_name="register_entries"
    )
    locality = models.CharField(
        max_length=100, blank=True, help_text="The tenant's own area for the school."
    )
    link_adviser = models.ForeignKey(
        "core.Membership", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The school improvement adviser linked to the school.",
    )
    officer_notes = models.TextField(
        blank=True, help_text="Seen by the tenant's officers only, never by the school."
    )
    # What the school keeps up to date itself.
    headteacher_name = models.CharField(max_length=200, blank=True)
    headteacher_email = models.EmailField(blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedManager(
        tenant="tenant", _manager_class=models.Manager.from_queryset(SchoolQuerySet)
    )

    # Which fields each kind of editor may change; the services enforce it.
    HEADTEACHER_FIELDS = ("headteacher_name", "headteacher_email", "contact_email", "contact_phone")
    OFFICER_FIELDS = (*HEADTEACHER_FIELDS, "locality", "link_adviser", "officer_notes")

    class Meta:
        ordering = ["establishment__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "establishment"], name="school_once_per_tenant"
            ),
        ]

    def __str__(self) -> str:
        return self.establishment.name

    @property
    def urn(self) -> int:
        return self.establishment_id

    @property
    def display_headteacher(self) -> str:
        return self.headteacher_name or self.establishment.headteacher


class GiasImport(FileImport):
    """One upload of a GIAS file by a tenant admin: its status, progress and preview."""

    import_steps = ("schools.tasks.gias_import_analyse", "schools.tasks.gias_import_apply")

    class Kind(models.TextChoices):
        ESTABLISHMENTS = "establishments", "Establishments"
        LINKS = "links", "Links"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ESTABLISHMENTS)
    file = models.FileField(upload_to="imports/gias/%Y/%m/")

    class Meta(FileImport.Meta):
        pass


class NationalGiasImport(NationalFileImport):
    """One national GIAS file the platform operator imported (`/platform/imports/gias/`): the
    whole establishments file, or the links file (marked full when it is GIAS's whole links
    extract, so the national links it no longer carries end). No tenant owns it: it writes the
    national register every tenant reads."""

    class Kind(models.TextChoices):
        ESTABLISHMENTS = "establishments", "Establishments"
        LINKS = "links", "Links"
        LINKS_FULL = "links_full", "Links, the whole national file"

    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ESTABLISHMENTS)

    class Meta(NationalFileImport.Meta):
        pass


class LocalIntelligence(TenantOwned):
    """Something an officer knows about a school that the published data does not show: a
    complaint, exclusions, a finance concern... Tenant-private and never shown to the school
    itself or to other schools. Never deleted: an item entered in error is withdrawn, with the
    reason, and stays in the history."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Complaint"
        EXCLUSIONS = "exclusions", "Exclusions"
        FIRST_PREFERENCE_TREND = "first_preference_trend", "First-preference trend"
        FINANCE_CONCERN = "finance_concern", "Finance concern"
        HR_CONCERN = "hr_concern", "HR concern"
        SAFEGUARDING_CONCERN = "safeguarding_concern", "Safeguarding concern"
        HEADTEACHER_CHANGE = "headteacher_change", "Headteacher change"
        LEADERSHIP_CONCERN = "leadership_concern", "Leadership concern"
        OTHER = "other", "Other"

    class Severity(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="intelligence")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    occurred_on = models.DateField("date")
    source = models.CharField(max_length=200, help_text="Where it came from, e.g. 'Parent "
                              "complaint to the LA', 'Schools finance team'.")
    severity = models.CharField(max_length=10, choices=Severity.choices)
    summary = models.TextField()
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-occurred_on", "-created_at"]
        indexes = [models.Index(fields=["tenant", "school", "occurred_on"])]
        verbose_name_plural = "local intelligence"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_severity_display()}, {self.occurred_on})"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Headship(TenantOwned):
    """The school a headteacher's membership leads: the register's side of a person's role.

    Core's Membership names no school (core knows no domain, DESIGN §4); this record joins the
    two. One per membership; a headteacher who moves school gets it changed, not a second one.
    """

    membership = models.OneToOneField(
        "core.Membership", on_delete=models.CASCADE, related_name="headship"
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="headships")

    class Meta:
        indexes = [models.Index(fields=["tenant", "school"])]

    def __str__(self) -> str:
        return f"{self.membership.user} leads {self.school}"


class InvitedHeadship(TenantOwned):
    """The school named in a headteacher's invitation, made a Headship when it is accepted."""

    invitation = models.OneToOneField(
        "core.Invitation", on_delete=models.CASCADE, related_name="headship"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"{self.invitation.email} invited to lead {self.school}"
