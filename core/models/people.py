"""People in a tenant: memberships and roles, invitations, the operator's support access and
API tokens."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.models.tenants import Role, TenantOwned


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
    # When an admin removed the person (the membership is kept, inactive, so a mistaken removal
    # can be undone for RESTORE_WINDOW; an invitation accepted again clears it).
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

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
