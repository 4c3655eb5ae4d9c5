"""Isolation rows for Ofsted and performance imports (pages and API) and the inspection API."""

from django_scopes import scopes_disabled

from categorisation.models import DataImport
from tests.isolation import FORBIDDEN, statuses

EXPECTED = {
    # POST of a form without a file is an invalid form: 400.
    "categorisation:data-import-list":
        statuses((200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "categorisation:data-import-detail":
        statuses((200, 200), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "categorisation:data-import-progress":
        statuses((200, 200), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # The filler import is still pending, so even its admin may not apply it yet.
    "categorisation:data-import-apply":
        statuses((405, 403), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # POST only; the matrix's body is not an inspection: 400.
    "categorisation_api:api-inspection-create":
        statuses((405, 400), (405, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # The script's upload: the matrix's POST carries no file (400).
    "categorisation_api:api-data-import-list":
        statuses((200, 400), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "categorisation_api:api-data-import-detail":
        statuses((200, 405), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # Pending, so not yet appliable: 403, as on the page.
    "categorisation_api:api-data-import-apply":
        statuses((405, 403), FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
}


def fillers(tenant_a, personas) -> dict:
    with scopes_disabled():
        data_import = DataImport.objects.create(
            tenant=tenant_a, kind=DataImport.Kind.OFSTED, original_name="ofsted.csv",
            file="imports/data/ofsted.csv", uploaded_by=personas["a"]["admin"])
    return {"data_import_id": data_import.pk}
