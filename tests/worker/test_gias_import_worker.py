"""A GIAS import through a real Celery worker: the upload page enqueues the analysis, the worker
checks the file and stores the preview, the admin applies it, and the worker writes it.

Nothing runs inline here (tests marked `worker` turn eager mode off): every status change below
is the worker's, made in its own process on the shared test database.
"""

import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scopes_disabled

from core.models import AuditEvent
from schools.models import Establishment, GiasImport, School

# One Celery worker per module (tests/worker/conftest.py): keep the module on one process.
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("gias_import_worker")]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gias"
WAIT_SECONDS = 30


def upload(client, tenant, name: str) -> GiasImport:
    """Post the file to the upload page, as the admin's browser does."""
    response = client.post(reverse("imports:gias-import-list", args=[tenant.slug]), {
        "kind": GiasImport.Kind.ESTABLISHMENTS,
        "file": SimpleUploadedFile(name, (FIXTURES / name).read_bytes(), content_type="text/csv"),
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    with scopes_disabled():
        return GiasImport.objects.get(tenant=tenant, original_name=name)


def wait_for(gias_import: GiasImport, *statuses: str) -> GiasImport:
    """Poll the status record until the worker has moved it to one of `statuses`."""
    deadline = time.monotonic() + WAIT_SECONDS
    with scopes_disabled():
        while True:
            gias_import.refresh_from_db()
            if gias_import.status in statuses:
                return gias_import
            if time.monotonic() > deadline:
                pytest.fail(f"The worker left import {gias_import.pk} at “{gias_import.status}” "
                            f"for {WAIT_SECONDS} s (waiting for {', '.join(statuses)})")
            time.sleep(0.1)


@pytest.fixture
def stored_files():
    """The worker reads uploads from the settings' MEDIA_ROOT (it cannot see a test's
    override), so the files stored by these tests are removed afterwards."""
    imports: list[GiasImport] = []
    yield imports
    for gias_import in imports:
        gias_import.file.delete(save=False)


def test_the_worker_checks_an_uploaded_file_and_applies_it_when_the_admin_confirms(
        tenant_a, personas, client_for, stored_files):
    client = client_for(personas["a"]["admin"])
    gias_import = upload(client, tenant_a, "establishments_utf8_bom.csv")
    stored_files.append(gias_import)

    previewed = wait_for(gias_import, GiasImport.Status.PREVIEWED, GiasImport.Status.FAILED)
    assert (previewed.status, previewed.errors) == (GiasImport.Status.PREVIEWED, [])
    assert previewed.summary["counts"]["added"] == 5
    assert not Establishment.objects.filter(urn__in=[126001, 126002, 148001]).exists()

    response = client.post(reverse("imports:gias-import-apply", args=[tenant_a.slug,
                                                                      gias_import.pk]))
    assert response.status_code == 302
    done = wait_for(gias_import, GiasImport.Status.DONE, GiasImport.Status.FAILED)

    assert (done.status, done.errors) == (GiasImport.Status.DONE, [])
    assert done.summary["applied"]["added"] == 5
    assert (done.processed_rows, done.total_rows) == (6, 6)
    assert set(Establishment.objects.filter(la_code="865", urn__gte=126000, urn__lt=149000)
               .values_list("urn", flat=True)) == {126001, 126002, 148001, 126005, 126006}
    assert not Establishment.objects.filter(urn=113001).exists()  # Dorset's row is left out
    with scopes_disabled():
        register = set(School.objects.filter(tenant=tenant_a)
                       .values_list("establishment_id", flat=True))
        assert register >= {126001, 126002, 148001, 126005, 126006}
        assert AuditEvent.objects.filter(tenant=tenant_a, action="gias_import.apply").count() == 1
    assert Establishment.objects.get(urn=126002).is_open is False


def test_the_worker_fails_a_file_with_an_error_naming_its_row_and_column_and_writes_nothing(
        tenant_a, personas, client_for, stored_files):
    client = client_for(personas["a"]["admin"])
    before = Establishment.objects.count()
    gias_import = upload(client, tenant_a, "bad_duplicate_urn.csv")
    stored_files.append(gias_import)

    failed = wait_for(gias_import, GiasImport.Status.FAILED, GiasImport.Status.PREVIEWED)

    assert failed.status == GiasImport.Status.FAILED
    assert failed.errors == [{"row": 4, "column": "URN",
                              "message": "URN 126001 appears twice, in rows 2 and 4."}]
    assert Establishment.objects.count() == before
