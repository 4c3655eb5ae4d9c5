"""What one tenant sees, as data, so a test can show that another tenant's action changed none
of it (tests/test_cross_tenant_writes.py).

`seen_by(tenant)` gathers every row of every tenant-owned model with the tenant's key, the
public rows behind its register (establishments, links, inspections, indicators of the URNs it
holds and the URNs linked to them), the recompute records naming those URNs and the e-mails
sent to its people. `pages_seen_by(client, tenant, urns)` adds what its admin reads for some
schools: the school page, the category page and the school, lineage and category API answers.
"""

from __future__ import annotations

import re

from django.apps import apps
from django.core import mail
from django.db.models import Q
from django_scopes import scopes_disabled

from categorisation.models import DataArrival, Inspection, PerformanceIndicator
from core.models import Invitation, Membership, Role, Tenant, TenantOwned
from schools.models import Establishment, EstablishmentLink, GiasImport, School
from tests.isolation import contributions as isolation_contributions

# Replaced whenever any register's shared data changes: a cache key, never shown.
UNSEEN_TENANT_FIELDS = {"register_version"}


def tenant_models() -> list:
    return sorted((model for model in apps.get_models() if issubclass(model, TenantOwned)),
                  key=lambda model: model._meta.label)


def _rows(queryset) -> list[dict]:
    return list(queryset.order_by("pk").values())


def seen_by(tenant: Tenant) -> dict:
    """Everything `tenant` sees that lives in the database or the outbox."""
    state: dict = {}
    with scopes_disabled():
        tenant_row = Tenant.objects.filter(pk=tenant.pk).values().get()
        state["tenant"] = {key: value for key, value in tenant_row.items()
                           if key not in UNSEEN_TENANT_FIELDS}
        for model in tenant_models():
            state[model._meta.label] = _rows(model.objects.filter(tenant=tenant))
        urns = set(School.objects.filter(tenant=tenant).values_list("establishment_id",
                                                                     flat=True))
        links = EstablishmentLink.objects.filter(Q(urn__in=urns) | Q(linked_urn__in=urns))
        state["links"] = _rows(links)
        urns |= {urn for pair in links.values_list("urn", "linked_urn") for urn in pair}
        state["establishments"] = _rows(Establishment.objects.filter(urn__in=urns))
        state["inspections"] = _rows(Inspection.objects.for_urns(urns))
        state["indicators"] = _rows(PerformanceIndicator.objects.filter(urn__in=urns))
        # National arrivals recompute every council holding their URNs; a council's own
        # arrival (its tenant set) recomputes that council's schools only.
        state["recompute_records"] = [
            row for row in _rows(DataArrival.objects.filter(Q(tenant__isnull=True)
                                                            | Q(tenant=tenant)))
            if urns & set(row["urns"])]
        people = set(Membership.objects.filter(tenant=tenant)
                     .values_list("user__email", flat=True))
        people |= set(Invitation.objects.filter(tenant=tenant).values_list("email", flat=True))
    people = {email.lower() for email in people}
    state["outbox"] = [(message.subject, message.body, sorted(message.to))
                       for message in mail.outbox
                       if people & {address.lower() for address in message.to}]
    return state


_CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"|("csrfToken": ")[^"]+"')


def pages_seen_by(client, tenant: Tenant, urns: list[int]) -> dict:
    """What the tenant's admin (signed in on `client`) reads about these schools."""
    slug = tenant.slug
    pages = {}
    for urn in urns:
        for url in (f"/t/{slug}/schools/{urn}/", f"/t/{slug}/categorisation/schools/{urn}/",
                    f"/api/t/{slug}/schools/{urn}/", f"/api/t/{slug}/schools/{urn}/lineage/",
                    f"/api/t/{slug}/categorisation/schools/{urn}/category/"):
            response = client.get(url)
            body = _CSRF.sub(r"\1\2", response.content.decode(errors="replace"))
            pages[url] = (response.status_code, body)
    pages["register"] = client.get(f"/t/{slug}/schools/?q=").status_code
    return pages


def differences(before: dict, after: dict) -> list[str]:
    """The keys whose value changed, for a readable failure."""
    return [key for key in sorted(set(before) | set(after), key=str)
            if before.get(key) != after.get(key)]


def tenant_fillers(tenant, personas, side: str) -> dict:
    """Objects of `tenant` for every URL argument, as the isolation matrix makes them."""
    mine = {"a": personas[side], "b": personas["b" if side == "a" else "a"]}
    with scopes_disabled():
        viewer = Membership.objects.get(tenant=tenant, role=Role.VIEWER)
        gias_import = GiasImport.objects.create(
            tenant=tenant, original_name="edubasealldata.csv", file="imports/gias/x.csv",
            uploaded_by=mine["a"]["admin"])
    fillers = {"tenant_slug": tenant.slug, "urn": mine["a"]["school"].urn,
               "membership_id": viewer.pk, "import_id": gias_import.pk,
               "gias_import_id": gias_import.pk}
    for contribution in isolation_contributions():
        fillers.update(contribution.fillers(tenant, mine))
    return fillers
