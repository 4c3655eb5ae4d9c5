"""The tenant's own choices for support (one row per tenant, made when first read)."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import TenantOwned


class SupportSettings(TenantOwned):
    notes_quality_check = models.BooleanField(
        "Check visit notes before release", default=False,
        help_text="A senior officer checks each visit note before the school sees it.")
    school_days_per_year = models.DecimalField(
        "Days a school able to give support offers a year", max_digits=4, decimal_places=1,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))],
        help_text="Brokering never asks more of a school whose capacity level gives support "
                  "(with no leader named) than this in an academic year.")
    chairs_see_notes = models.BooleanField(
        "Chairs of governors may be given their school's visit notes", default=False,
        help_text="An officer may then give a named person (a chair of governors) one school's "
                  "released visit notes until an end date.")
    staff_notes_retention_months = models.PositiveSmallIntegerField(
        "Months a visit note naming staff is kept", default=24,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text="From the visit's date; then its text is redacted (its ratings are kept).")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tenant"],
                                               name="supportsettings_one_per_tenant")]
        verbose_name_plural = "support settings"

    def __str__(self) -> str:
        return f"Support settings of {self.tenant_id}"
