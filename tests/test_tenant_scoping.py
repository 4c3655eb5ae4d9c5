"""Fail the build when a table could leak across tenants.

Every model of the project's apps is either tenant-owned (a non-null key to core.Tenant, a
django-scopes manager that raises outside a scope, unique constraints that include the tenant)
or listed below as public with the reason it is safe to share. A new model that is neither
fails here, before it can hold anyone's data.
"""

import pytest
from django.apps import apps
from django.db import models
from django_scopes import ScopeError, scope

from core.models import Tenant

PROJECT_APPS = {"core", "accounts", "schools", "partnerships", "categorisation", "funding",
                "boards"}

PUBLIC_MODELS = {
    "accounts.User": "a person may belong to several tenants; what they see comes from their "
                     "memberships",
    "accounts.User_groups": "Django's user-to-group links of the global User; tenant roles are "
                            "memberships, not groups",
    "accounts.User_user_permissions": "Django's user-to-permission links (django-admin only); "
                                      "tenant permissions come from memberships",
    "core.Tenant": "the tenant itself",
    "core.LaCodeShare": "the operator's decision that two tenants share an LA code: the code, "
                        "the two tenants and the reason; no tenant's data",
    "schools.Establishment": "GIAS public reference data, stored once and shared by every "
                             "tenant",
    "schools.EstablishmentLink": "GIAS public predecessor/successor links between URNs",
    "categorisation.GradeScale": "Ofsted's grade scales: shared reference data",
    "categorisation.GradeLabel": "Ofsted's published grade wordings and their meaning: shared",
    "categorisation.Inspection": "Ofsted inspection outcomes by URN: public, stored once",
    "categorisation.PerformanceIndicator": "DfE performance measures by URN: public, stored once",
    "categorisation.DataArrival": "a status record of public data (URNs) to recompute; each "
                                  "tenant's results are written in its own scope",
    "schools.NationalGiasImport": "the platform operator's import of a whole national GIAS "
                                  "file: public reference data, no tenant's; operator pages only",
    "categorisation.NationalDataImport": "the platform operator's import of a whole national "
                                         "Ofsted or performance file: public data, no tenant's; "
                                         "operator pages only",
}

# Fields unique across tenants on purpose, with the reason.
GLOBAL_UNIQUE_FIELDS = {
    ("core.Invitation", "token_hash"): "the link is looked up before its tenant is known; a "
                                       "hash of a random 256-bit token",
    # One-to-one with a record of the same tenant: that record's id already belongs to one
    # tenant, so the uniqueness says nothing about another tenant.
    ("schools.Headship", "membership"): "one headship per membership of the tenant",
    ("schools.InvitedHeadship", "invitation"): "one school per invitation of the tenant",
}


def project_models() -> list[type[models.Model]]:
    # include_auto_created: an implicit many-to-many table has no tenant key and must fail.
    return [
        model for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in PROJECT_APPS
    ]


def tenant_models() -> list[type[models.Model]]:
    return [model for model in project_models() if label(model) not in PUBLIC_MODELS]


def label(model: type[models.Model]) -> str:
    return model._meta.label


def test_the_project_has_tenant_models_to_check():
    assert {"core.Membership", "core.Invitation", "core.AuditEvent", "schools.School",
            "schools.GiasImport"} <= {label(model) for model in tenant_models()}


def test_every_public_model_in_the_allow_list_exists():
    existing = {label(model) for model in project_models()}
    assert set(PUBLIC_MODELS) <= existing


@pytest.mark.parametrize("model", tenant_models(), ids=label)
def test_every_other_model_has_a_non_null_tenant_key(model):
    try:
        field = model._meta.get_field("tenant")
    except Exception:
        pytest.fail(f"{label(model)} has no tenant key: subclass core.models.TenantOwned, or "
                    "add it to PUBLIC_MODELS with the reason it is safe to share.")
    assert isinstance(field, models.ForeignKey), f"{label(model)}.tenant is not a foreign key"
    assert field.related_model is Tenant, f"{label(model)}.tenant does not point to core.Tenant"
    assert not field.null, f"{label(model)}.tenant may be null"


@pytest.mark.parametrize("model", tenant_models(), ids=label)
@pytest.mark.django_db
def test_every_tenant_model_refuses_queries_outside_a_scope(model):
    # Every manager, not only the default: a second, plain manager would be a way around.
    for manager in model._meta.managers:
        with pytest.raises(ScopeError):
            list(manager.all())
        with pytest.raises(ScopeError):
            manager.filter(pk=1).exists()


@pytest.mark.parametrize("model", tenant_models(), ids=label)
@pytest.mark.django_db
def test_every_tenant_model_filters_by_the_active_scope(model):
    tenant = Tenant.objects.create(name="Empty", slug="empty", la_codes=["999"])
    with scope(tenant=tenant):
        query = str(model._default_manager.all().query)
    assert "tenant_id" in query, f"{label(model)}'s manager does not filter by tenant"


@pytest.mark.parametrize("model", tenant_models(), ids=label)
def test_every_unique_constraint_of_a_tenant_model_includes_the_tenant(model):
    problems = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and "tenant" not in constraint.fields:
            problems.append(f"constraint {constraint.name}")
    for together in model._meta.unique_together:
        if "tenant" not in together:
            problems.append(f"unique_together {together}")
    for field in model._meta.get_fields():
        unique = getattr(field, "unique", False) and not getattr(field, "primary_key", False)
        if unique and (label(model), field.name) not in GLOBAL_UNIQUE_FIELDS:
            problems.append(f"field {field.name} (unique=True)")
    assert not problems, f"{label(model)}: uniqueness without the tenant: {problems}"
