"""With tasks inline (the default setup: no broker, no worker), a GIAS upload is checked and
applied a chunk of rows per request — the upload, then each htmx poll of its progress — so the
progress bar is seen; no thread runs between requests. Only the reading is chunked: nothing is
written until the last chunk, which applies the whole file in one transaction, and a file with
a bad row is never applied at all."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from schools import importing
from schools.models import Establishment, GiasImport
from tests.factories import gias_file

pytestmark = pytest.mark.django_db

URNS = [990001, 990002, 990003, 990004, 990005]


@pytest.fixture(autouse=True)
def two_rows_a_chunk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FILE_IMPORT_CHUNK_ROWS = 2


def five_schools(tenant) -> bytes:
    return gias_file(*[(urn, tenant.la_codes[0], f"Chunk {n} Primary School", "Open")
                       for n, urn in enumerate(URNS)])


def upload(client, tenant, data: bytes, callbacks) -> GiasImport:
    with callbacks(execute=True):
        response = client.post(reverse("imports:gias-import-list", args=[tenant.slug]), {
            "kind": "establishments", "file": SimpleUploadedFile("north.csv", data)})
    assert response.status_code == 302
    with scopes_disabled():
        return GiasImport.objects.order_by("-pk").first()


def current(pk: int) -> GiasImport:
    with scopes_disabled():
        return GiasImport.objects.get(pk=pk)


def poll(client, tenant, record: GiasImport):
    return client.get(reverse("imports:gias-import-progress", args=[tenant.slug, record.pk]),
                      headers={"HX-Request": "true"})


def state(record: GiasImport) -> tuple:
    record = current(record.pk)
    return record.status, record.processed_rows, record.total_rows, record.progress_note


def written() -> int:
    return Establishment.objects.filter(urn__in=URNS).count()


@pytest.fixture
def admin(personas, client_for):
    return client_for(personas["a"]["admin"])


def test_the_check_goes_a_chunk_per_poll_showing_its_progress(
        tenant_a, admin, django_capture_on_commit_callbacks):
    record = upload(admin, tenant_a, five_schools(tenant_a), django_capture_on_commit_callbacks)
    assert state(record) == ("analysing", 2, 5, "Checking the file")  # the upload's chunk
    first = poll(admin, tenant_a, record)
    html = first.content.decode()
    assert state(record) == ("analysing", 4, 5, "Checking the file")
    assert '<progress id="import-progress-bar" class="app-progress" max="100" value="80">' in html
    assert "(4 of 5 rows)" in html and 'hx-trigger="every 1s"' in html
    assert "HX-Refresh" not in first
    second = poll(admin, tenant_a, record)
    assert current(record.pk).status == "previewed"
    assert current(record.pk).summary["total_rows"] == 5
    assert second["HX-Refresh"] == "true"
    assert written() == 0  # a check writes nothing


def test_applying_reads_a_chunk_per_poll_and_writes_everything_at_the_last(
        tenant_a, admin, django_capture_on_commit_callbacks):
    record = upload(admin, tenant_a, five_schools(tenant_a), django_capture_on_commit_callbacks)
    poll(admin, tenant_a, record)
    poll(admin, tenant_a, record)
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(reverse("imports:gias-import-apply", args=[tenant_a.slug, record.pk]))
    assert state(record) == ("applying", 2, 5, "Reading the file")
    poll(admin, tenant_a, record)
    assert state(record) == ("applying", 4, 5, "Reading the file")
    assert written() == 0  # nothing half-saved while it is read
    assert poll(admin, tenant_a, record)["HX-Refresh"] == "true"
    assert current(record.pk).status == "done"
    assert written() == 5
    page = admin.get(reverse("imports:gias-import-detail", args=[tenant_a.slug, record.pk]))
    assert "5 added, 0 changed, 0 closed" in page.content.decode()


def test_a_bad_row_in_a_later_chunk_fails_the_check_and_nothing_is_ever_written(
        tenant_a, admin, django_capture_on_commit_callbacks):
    lines = five_schools(tenant_a).decode().splitlines()
    lines[4] = lines[4].replace(str(URNS[3]), "not-a-urn", 1)  # the fourth school: row 5
    record = upload(admin, tenant_a, ("\n".join(lines) + "\n").encode(),
                    django_capture_on_commit_callbacks)
    assert state(record)[:2] == ("analysing", 2)  # the first chunk is fine
    poll(admin, tenant_a, record)
    record = current(record.pk)
    assert record.status == "failed"
    assert [error["row"] for error in record.errors] == [5]
    with django_capture_on_commit_callbacks(execute=True):
        refused = admin.post(reverse("imports:gias-import-apply", args=[tenant_a.slug,
                                                                        record.pk]))
    assert refused.status_code == 403
    assert current(record.pk).status == "failed" and written() == 0


def test_a_small_file_is_done_in_the_upload_as_before(
        tenant_a, admin, django_capture_on_commit_callbacks, settings):
    settings.FILE_IMPORT_CHUNK_ROWS = 5000
    record = upload(admin, tenant_a, five_schools(tenant_a), django_capture_on_commit_callbacks)
    assert current(record.pk).status == "previewed"


def test_with_a_worker_the_page_only_reads_the_status_and_the_task_does_it_all(
        tenant_a, personas, admin):
    from config.celery import app

    with scope(tenant=tenant_a):
        record = importing.gias_import_create(
            tenant=tenant_a, actor=personas["a"]["admin"], kind="establishments",
            uploaded_file=SimpleUploadedFile("north.csv", five_schools(tenant_a)))
    app.conf.task_always_eager = False
    try:
        poll(admin, tenant_a, record)
        assert state(record)[:2] == ("pending", 0)
    finally:
        app.conf.task_always_eager = True
    with scope(tenant=tenant_a):
        importing.gias_import_analyse(gias_import=current(record.pk))  # as the worker's task
    assert current(record.pk).status == "previewed"
