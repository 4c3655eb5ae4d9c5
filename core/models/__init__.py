"""Core's models by sub-domain: `tenants` (the tenant, shared LA codes, the tenant-owned base,
roles), `people` (memberships, invitations, support access, API tokens), `records` (the audit
trail, the file-import status records) and `calendar` (school calendars)."""

from core.models.calendar import SchoolCalendarYear
from core.models.people import (
    ApiToken,
    Invitation,
    Membership,
    SupportAccess,
    hash_token,
)
from core.models.records import AuditEvent, FileImport, ImportRecord, NationalFileImport
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
    "LA_CODE_PATTERN", "ApiToken", "AuditEvent", "FileImport", "ImportRecord", "Invitation",
    "LaCodeShare", "Membership", "NationalFileImport", "Role", "SchoolCalendarYear",
    "SupportAccess", "Tenant", "TenantOwned",
    "hash_token", "new_version_token", "validate_la_codes",
]
