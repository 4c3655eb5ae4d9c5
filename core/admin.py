from django.contrib import admin

from core.models import Tenant


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    """Tenants only: tenant-owned data is never exposed through the admin site, because the
    admin would read it outside any tenant scope."""

    list_display = ("name", "slug", "kind", "require_mfa_for_officers", "created_at")
    search_fields = ("name", "slug")
