from django import forms
from django.contrib import admin

from core.models import Tenant


class TenantAdminForm(forms.ModelForm):
    class Meta:
        model = Tenant
        fields = ["name", "slug", "kind", "la_codes", "require_mfa_for_officers"]

    def clean(self):
        cleaned = super().clean()
        if "la_codes" in cleaned:
            candidate = Tenant(pk=self.instance.pk, la_codes=cleaned["la_codes"])
            candidate.check_la_codes_not_shared()
        return cleaned


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    """Tenants only: tenant-owned data is never exposed through the admin site, because the
    admin would read it outside any tenant scope."""

    form = TenantAdminForm
    list_display = ("name", "slug", "kind", "require_mfa_for_officers", "created_at")
    search_fields = ("name", "slug")
