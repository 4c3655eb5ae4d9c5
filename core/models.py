import hashlib
import re
import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

LA_CODE_PATTERN = re.compile(r"^\d{3}$")


def validate_la_codes(value: list) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("List at least one three-digit LA code, for example 936.")
    bad = [str(code) for code in value if not LA_CODE_PATTERN.match(str(code))]
    if bad:
        raise ValidationError(f"Not a three-digit LA code: {', '.join(bad)}.")


def new_version_token() -> str:
    return uuid.uuid4().hex


class Tenant(models.Model):
    """An area partnership: a council, or a body the schools run with it."""

    class Kind(models.TextChoices):
        COUNCIL = "council", "Local authority"
        PARTNERSHIP_BODY = "partnership_body", "Partnership body"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COUNCIL)
    la_codes = models.JSONField(
        default=list, validators=[validate_la_codes],
        help_text="The DfE three-digit LA codes whose schools this tenant's register covers.",
    )
    # Replaced by every change to what the register list shows, so rendered pages can be cached
    # under a key that changes with the data (see schools.services.register_changed). A random
    # token rather than a counter, so a re-created tenant never meets an old cached page.
    register_version = models.CharField(max_length=32, default=new_version_token, editable=False)
    require_mfa_for_officers = models.BooleanField(
        default=False,
        help_text="Admins and officers must set up an authenticator app before they can work.",
    )
    # {role: [permission, ...]}: what this tenant has taken away from a role's defaults
    # (core.permissions.permissions_of; never the admin's). Changed only by its service.
    role_narrowing = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def covers_la(self, la_code: str) -> bool:
        return str(la_code) in {str(code) for code in self.la_codes}

    def la_codes_covered_by_others(self) -> list[tuple[str, "Tenant"]]:
        """(LA code, other tenant) for each of this tenant's codes another tenant covers."""
        codes = {str(code) for code in self.la_codes or []}
        return sorted(
            ((str(code), tenant)
             for tenant in Tenant.objects.exclude(pk=self.pk).only("name", "la_codes")
             for code in tenant.la_codes if str(code) in codes),
            key=lambda pair: (pair[0], pair[1].name))

    def check_la_codes_not_shared(self) -> None:
        """Refuse LA codes another tenant already covers (a ValidationError on `la_codes`).

        Shared reference data is written by a tenant only for the schools of its own LA codes,
        so two tenants covering one code could change what the other sees. An overlap needs the
        operator's recorded decision with a reason (`LaCodeShare`, made by
        `core.services.tenant_create`). Not part of `clean()`, so that a tenant made before
        the rule can still change its other settings.
        """
        overlapping = self.la_codes_covered_by_others()
        if overlapping:
            raise ValidationError({"la_codes": "; ".join(
                f"LA {code} is already covered by {tenant.name}" for code, tenant in overlapping
            ) + ". Two tenants share an LA code only by the operator's decision: give the "
                "reason they share it."})

    def la_codes_of_other_tenants(self) -> set[str]:
        """Every LA code some other tenant covers (a named cross-tenant read: codes only)."""
        return {
            str(code)
            for codes in Tenant.objects.exclude(pk=self.pk).values_list("la_codes", flat=True)
            for code in codes
        }

    def exclusive_la_codes(self) -> set[str]:
        """The LA codes this tenant covers and no other tenant does: the schools whose shared
        reference data its uploads and API calls may write (stored data decides, never a
        file). Overlaps are refused when tenants are created; this also holds for any made
        before that rule."""
        return {str(code) for code in self.la_codes} - self.la_codes_of_other_tenants()


class LaCodeShare(models.Model):
    """The platform operator's decision that a tenant covers an LA code another tenant already
    covers (a partnership body inside a council's area, say), with the reason.

    Without one, overlapping LA codes are refused. With one, the code is neither tenant's alone,
    so neither may write the shared public data of its schools (`Tenant.exclusive_la_codes`);
    each keeps its own tenant data, which the other never sees."""

    la_code = models.CharField("LA code", max_length=3)
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="la_code_shares")
    shares_with = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    decided_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["la_code", "decided_at"]
        constraints = [models.UniqueConstraint(fields=["la_code", "tenant", "shares_with"],
                                               name="lacodeshare_unique")]

    def __str__(self) -> str:
        return f"LA {self.la_code}: {self.tenant} shares with {self.shares_with}"


class TenantOwned(models.Model):
    """Base for every tenant-owned table: a non-null tenant and a manager that fails closed.

    The scoped manager raises ScopeError when no tenant scope is active, so a query that forgot
    its tenant cannot return another tenant's rows. `tests/test_tenant_scoping.py` checks every
    model with a tenant key uses it.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="+")

    objects = ScopedManager(tenant="tenant")

    class Meta:
        abstract = True


class Role(models.TextChoices):
    ADMIN = "admin", "Tenant admin"
    OFFICER = "officer", "Officer"
    HEADTEACHER = "headteacher", "Headteacher"
    BOARD_MEMBER = "board_member", "Board member"
    VIEWER = "viewer", "Viewer"


class Membership(TenantOwned):
    """A person's role in one tenant. A person may belong to several tenants."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    title = models.CharField(
        max_length=100, blank=True,
        help_text="Job title, e.g. Regional lead or School improvement adviser.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__email"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="membership_one_per_tenant"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.tenant}"


class SupportAccess(TenantOwned):
    """A tenant admin's time-limited grant letting the platform operator see the tenant's
    pages, read-only, with one role's view, while helping the council. Without an active grant
    the operator sees no tenant data (404). Audited, shown on the tenant's security log and
    revocable at any time."""

    granted_to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="support_grants")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices,
                            help_text="Whose view of the tenant the operator gets (read-only).")
    reason = models.CharField(max_length=300)
    starts_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"Support access for {self.granted_to} until {self.expires_at:%d %b %Y %H:%M}"

    def is_active_at(self, moment) -> bool:
        return self.revoked_at is None and self.starts_at <= moment < self.expires_at


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(TenantOwned):
    """An invitation by e-mail; its link lets the invitee set a password and join the tenant."""

    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    title = models.CharField(max_length=100, blank=True)
    # Only the hash is stored, so a database read does not give working links.
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.tenant}"

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, hash_token(token)

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_usable(self) -> bool:
        return not (self.is_expired or self.accepted_at or self.revoked_at)


class ApiToken(TenantOwned):
    """A key for the API: one person, one tenant, read or read-and-write, until it expires.

    Only a hash of the key is stored (a database read gives no working key) and the key is
    shown once, when made. It answers only under its own tenant's address (404 elsewhere), and
    a read token is refused writes (403). It stops working when it expires, when it is
    revoked, when its owner's password changes or is reset, and when their membership of the
    tenant ends (`core.services`).
    """

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    PREFIX = "sip_"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    name = models.CharField(max_length=100, help_text="What the token is for.")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.READ)
    # The first characters of the key, so a person can tell their tokens apart.
    key_prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=100, blank=True)
    # Made from a session that passed the authenticator step: a tenant requiring MFA accepts
    # only such tokens.
    made_with_mfa = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["tenant", "key_hash"],
                                               name="apitoken_unique_key_per_tenant")]

    def __str__(self) -> str:
        return f"API token {self.key_prefix}… of {self.user} in {self.tenant}"

    @classmethod
    def new_key(cls) -> tuple[str, str]:
        key = cls.PREFIX + secrets.token_urlsafe(32)
        return key, hash_token(key)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and timezone.now() < self.expires_at

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.WRITE


class AuditEvent(TenantOwned):
    """Who did what, when, to which object: written in the same transaction as the change."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["tenant", "object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor or 'system'} at {self.created_at:%Y-%m-%d %H:%M}"


class FileImport(TenantOwned):
    """Base of every uploaded-file import's status record (GIAS, Ofsted, performance tables):
    pending -> analysing -> previewed -> applying -> done, or failed, with progress for the page
    and the preview's summary and errors. Running a step twice is harmless."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be checked"
        ANALYSING = "analysing", "Checking"
        PREVIEWED = "previewed", "Ready to apply"
        APPLYING = "applying", "Applying"
        DONE = "done", "Applied"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # What the running step is doing ("Checking the file", "Writing the changes").
    progress_note = models.CharField(max_length=100, blank=True)
    # Counts and the first rows of each kind of change, errors with row and column.
    summary = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import {self.original_name} ({self.status})"

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0 if self.status in (self.Status.PENDING, self.Status.ANALYSING) else 100
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.ANALYSING, self.Status.APPLYING)

    # The problems kept with a record: enough to correct a file, never a whole bad file.
    MAX_STORED_ERRORS = 200

    @classmethod
    def stored_errors(cls, errors) -> list[dict]:
        """Row errors (core.csvfiles.RowError) as the record keeps them, the first few only."""
        return [error.as_dict() for error in errors[:cls.MAX_STORED_ERRORS]]

    def record_failure(self, message: str) -> None:
        """An unexpected failure (a task's last resort): failed and finished, so the page
        polling it stops waiting."""
        type(self).objects.filter(pk=self.pk, tenant_id=self.tenant_id).update(
            status=self.Status.FAILED, finished_at=timezone.now(), progress_note="",
            errors=[{"row": None, "column": "", "message": message}])
        self.refresh_from_db()

    def record_preview(self, *, summary: dict, errors: list[dict], total_rows: int) -> None:
        """Store what the check found: previewed, or failed (and finished) with errors."""
        self.summary = summary
        self.errors = errors
        self.total_rows = self.processed_rows = total_rows
        self.status = self.Status.FAILED if errors else self.Status.PREVIEWED
        self.progress_note = ""
        if errors:
            self.finished_at = timezone.now()
        self.save()

    def start_applying(self) -> None:
        """The admin confirmed the preview (the caller holds the row lock and has checked it
        may be applied): applying, from zero."""
        self.status = self.Status.APPLYING
        self.processed_rows = 0
        self.progress_note = "Waiting to start"
        self.save(update_fields=["status", "processed_rows", "progress_note"])


class SchoolCalendarYear(TenantOwned):
    """A tenant's own half-term dates for one academic year (`core.years` has the default).

    `half_terms` is six [first day, last day] pairs of ISO dates, in order; the service checks
    them (`core.years.check_half_terms`)."""

    academic_year = models.PositiveSmallIntegerField(
        help_text="The year the academic year starts in: 2025 for 2025/26.")
    half_terms = models.JSONField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["academic_year"]
        constraints = [models.UniqueConstraint(fields=["tenant", "academic_year"],
                                               name="school_calendar_one_per_year")]

    def __str__(self) -> str:
        return f"{self.tenant} school calendar {self.academic_year}"
