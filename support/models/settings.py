"""The tenant's own choices for support (one row per tenant, made when first read)."""

from django.db import models

from core.models import TenantOwned


class SupportSettings(TenantOwned):
    notes_quality_check = models.BooleanField(
        "Check visit notes before release", default=False,
        help_text="A senior officer checks each visit note before the school sees it.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant"],
                                               name="supportsettings_one_per_tenant")]
        verbose_name_plural = "support settings"

    def __str__(self) -> str:
        return f"Support settings of {self.tenant_id}"
