"""The tenant's funding settings: the approval limit for commitments, the rule for schools
converting mid-year and the profile of academic-year allocations. Only the tenant admin
(FUNDING_MANAGE) changes them; every change is audited with the old and new values."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core.audit import audit_record
from core.models import Tenant
from funding.models import ConversionRule, FundingSettings
from funding.services.dedelegation import _check, _save
from funding.services.spending import money


@transaction.atomic
def funding_settings_update(*, tenant: Tenant, actor: User | None,
                            approval_limit: object,
                            conversion_rule: str | None = None,
                            first_year_months: object = None) -> FundingSettings:
    """Set the approval limit, the rule for schools converting mid-year and the months of an
    academic-year allocation profiled into its first financial year (each unchanged when not
    given). Commitments already made keep the limit they were made under; runs already made
    keep their profile."""
    _check(tenant, actor)
    limit = money(approval_limit, "approval_limit", "approval limit")
    if conversion_rule not in (None, "", *ConversionRule.values):
        raise ValidationError({"conversion_rule": "Choose days, months or the whole year."})
    settings = FundingSettings.objects.select_for_update().first() or FundingSettings(
        tenant=tenant)
    old, old_rule, old_months = (settings.approval_limit, settings.conversion_rule,
                                 settings.first_year_months)
    if first_year_months not in (None, ""):
        try:
            months = int(str(first_year_months).strip())
        except ValueError:
            months = 0
        if not 1 <= months <= 11:
            raise ValidationError({"first_year_months": "Give a whole number of months from 1 "
                                                        "to 11 (7 is September to March)."})
        settings.first_year_months = months
    settings.approval_limit = limit
    settings.conversion_rule = conversion_rule or old_rule
    settings.updated_by = actor
    _save(settings)
    audit_record(tenant=tenant, actor=actor, action="funding.settings_update", obj=settings,
                 summary=f"Set the approval limit for commitments to £{limit:,}, the "
                         f"mid-year conversion rule to "
                         f"{settings.get_conversion_rule_display().lower()} and the academic "
                         f"year's first financial year to {settings.first_year_months}/12",
                 changes={"approval_limit": [str(old), str(limit)],
                          "conversion_rule": [old_rule, settings.conversion_rule],
                          "first_year_months": [old_months, settings.first_year_months]})
    return settings
