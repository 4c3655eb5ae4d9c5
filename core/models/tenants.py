"""The tenant (a council or a partnership body), the LA codes it covers, and the base every
tenant-owned table inherits."""

import re
import uuid

from django.core.exceptions import ValidationError
from django.db import models
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
    # Off by default: categories are confidential to the council and the school (DESIGN §5).
    chairs_of_governors_see_category = models.BooleanField(
        default=False,
        help_text="An officer may give a school's chair of governors, for dated terms, the "
                  "school's category page (categorisation.ChairOfGovernors).",
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
