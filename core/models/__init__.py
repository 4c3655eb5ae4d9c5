"""Core's models by sub-domain: `tenants` (the tenant, shared LA codes, the tenant-owned base,
roles), `people` (memberships, invitations, support access, API tokens), `records` (the audit
trail, the file-import status record) and `calendar` (school calendars)."""

from core.models.calendar import SchoolCalendarYear
from core.models.people import (
    ApiToken,
    Invitation,
    Membership,
    SupportAccess,
    hash_token,
)
from core.models.records import AuditEvent, FileImport
from core.models.tenants import (
    LA_CODE_PATTERN,
    LaCodeShare,
    Role,
    Tenant,
    TenantOwned,
    new_version_token,
    validate_la_codes,
)

__all__ = [
    "LA_CODE_PATTERN", "ApiToken", "AuditEvent", "FileImport", "Invitation", "LaCodeShare",
    "Membership", "Role", "SchoolCalendarYear", "SupportAccess", "Tenant", "TenantOwned",
    "hash_token", "new_version_token", "validate_la_codes",
]
