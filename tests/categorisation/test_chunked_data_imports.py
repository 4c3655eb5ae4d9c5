"""With tasks inline (the default setup), an Ofsted or performance upload is checked and applied
a chunk of rows per request — the upload, then each poll of its progress — by the same
mechanism as a GIAS upload (`core.file_import_chunks`), so a large file shows real progress.
Nothing is written until the last chunk, which does the whole step: a file with a bad row
writes nothing, and its errors name the row. An upload nobody comes back to is finished by the
imports list (tasks inline) or by the periodic sweep (a lost task, with a worker)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from categorisation.models import DataImport, TenantIndicator, TenantInspection
from core.notifications import waiting_for
from schools.models import GiasImport
from tests.categorisation.performance_files import ks2
from tests.factories import EstablishmentFactory, SchoolFactory, gias_file

pytestmark = pytest.mark.django_db
OFSTED_2026 = Path(__file__).resolve().parent / "fixtures" / "ofsted_mi_2026_format.csv"
IMPORTS = "/t/wiltshire/categorisation/imports/"


@pytest.fixture(autouse=True)
def two_rows_a_chunk(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FILE_IMPORT_CHUNK_ROWS = 2


@pytest.fixture
def admin(personas, tenant_a, client_for):
    for urn in (126001, 126003, 126007):
        SchoolFactory(tenant=tenant_a, establishment=EstablishmentFactory(urn=urn, la_code="865"))
    return client_for(personas["a"]["admin"])


def post(client, url: str, data: dict | None = None):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {})


def upload(client, kind: str, name: str, data: bytes) -> DataImport:
    response = post(client, IMPORTS, {"kind": kind, "file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302
    with scopes_disabled():
        return DataImport.objects.order_by("-pk").first()


def state(record) -> tuple:
    with scopes_disabled():
        record = type(record).objects.get(pk=record.pk)
    return record.status, record.processed_rows, record.total_rows, record.progress_note


def current(record):
    with scopes_disabled():
        return type(record).objects.get(pk=record.pk)


def poll(client, record):
    return client.get(f"{IMPORTS}{record.pk}/progress/", headers={"HX-Request": "true"})


def inspections(tenant) -> set[int]:
    with scope(tenant=tenant):
        return set(TenantInspection.objects.values_list("urn", flat=True))


def test_an_ofsted_file_is_checked_and_applied_a_chunk_per_poll(admin, tenant_a):
    # The fixture has 8 rows below its header: chunks of 2, the last does the whole step.
    record = upload(admin, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
    assert state(record) == ("analysing", 2, 8, "Checking the file")
    html = poll(admin, record).content.decode()
    assert state(record) == ("analysing", 4, 8, "Checking the file")
    assert "(4 of 8 rows)" in html and 'hx-trigger="every 1s"' in html
    poll(admin, record)
    assert state(record)[:2] == ("analysing", 6)
    assert poll(admin, record)["HX-Refresh"] == "true"
    record = current(record)
    assert record.status == "previewed"
    # The same preview as the file checked in one go (test_import_views: 4 kept, by era).
    assert record.summary["counts"]["created"] == 4
    assert record.summary["by_era"] == {"oeif_graded": 3, "ungraded": 1}
    post(admin, f"{IMPORTS}{record.pk}/apply/")
    assert state(record) == ("applying", 2, 8, "Reading the file")
    poll(admin, record)
    poll(admin, record)
    assert state(record)[:2] == ("applying", 6)
    assert inspections(tenant_a) == set()  # nothing half-saved while it is read
    assert poll(admin, record)["HX-Refresh"] == "true"
    assert current(record).status == "done"
    assert inspections(tenant_a) == {126001, 126003, 126007}


def test_a_bad_row_in_the_last_chunk_fails_the_check_naming_it_and_nothing_is_written(
        admin, tenant_a):
    text = OFSTED_2026.read_text().replace(",School remains Good (Concerns) - S5 Next",
                                           ",School is marvellous", 1)  # row 9, the last
    record = upload(admin, "ofsted", "ofsted.csv", text.encode())
    for _chunk in range(2):
        poll(admin, record)
    assert state(record)[:2] == ("analysing", 6)  # the first three chunks are fine
    poll(admin, record)
    record = current(record)
    assert record.status == "failed"
    assert [(e["row"], e["column"]) for e in record.errors] == [
        (9, "Ungraded inspection overall outcome")]
    assert post(admin, f"{IMPORTS}{record.pk}/apply/").status_code == 403
    assert inspections(tenant_a) == set()


def test_a_bad_row_in_the_first_chunk_ends_the_chunks_at_once(admin):
    text = OFSTED_2026.read_text().replace("12/10/2022", "12/10/2099", 1)  # row 2
    record = current(upload(admin, "ofsted", "ofsted.csv", text.encode()))
    assert record.status == "failed"
    assert [e["row"] for e in record.errors] == [2]


def test_a_performance_file_chunked_previews_and_applies_as_in_one_go(
        admin, tenant_a, settings):
    settings.FILE_IMPORT_CHUNK_ROWS = 5000
    whole = current(upload(admin, "performance", "2018-2019_865_ks2final.csv", ks2().encode()))
    assert whole.status == "previewed"
    settings.FILE_IMPORT_CHUNK_ROWS = 2
    record = upload(admin, "performance", "2018-2019_865_ks2final.csv", ks2().encode())
    assert state(record)[:2] == ("analysing", 2)  # 7 rows: the upload's chunk, then polls
    while current(record).is_running:
        poll(admin, record)
    assert current(record).summary == whole.summary
    post(admin, f"{IMPORTS}{record.pk}/apply/")
    assert state(record)[0] == "applying"
    with scope(tenant=tenant_a):
        assert not TenantIndicator.objects.exists()
    while current(record).is_running:
        poll(admin, record)
    with scope(tenant=tenant_a):
        assert set(TenantIndicator.objects.values_list("urn", flat=True)) == {126001}


# --- uploads nobody came back to ---------------------------------------------------------------


def test_opening_the_imports_list_finishes_an_upload_left_checking(admin, personas):
    record = upload(admin, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
    assert state(record)[0] == "analysing"  # its page left after the upload's chunk
    page = admin.get(IMPORTS).content.decode()
    assert current(record).status == "previewed"
    assert "Checking the file" not in page
    with scope(tenant=record.tenant):
        waiting = [item.text for item in waiting_for(personas["a"]["admin"].memberships.get())]
    assert any("ofsted.csv is checked and ready to apply" in text for text in waiting)


def test_opening_the_imports_list_finishes_an_apply_left_reading(admin, tenant_a):
    record = upload(admin, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
    admin.get(IMPORTS)
    post(admin, f"{IMPORTS}{record.pk}/apply/")
    assert state(record)[0] == "applying"
    admin.get(IMPORTS)
    assert current(record).status == "done"
    assert inspections(tenant_a) == {126001, 126003, 126007}


def test_with_a_worker_the_list_leaves_the_work_to_it(admin):
    from config.celery import app

    record = upload(admin, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
    app.conf.task_always_eager = False
    try:
        admin.get(IMPORTS)
    finally:
        app.conf.task_always_eager = True
    assert state(record)[:2] == ("analysing", 2)


def test_another_councils_list_finishes_nothing_of_this_council(admin, personas, client_for):
    record = upload(admin, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
    client_for(personas["b"]["admin"]).get("/t/dorset/categorisation/imports/")
    assert state(record)[:2] == ("analysing", 2)


def _age(record, minutes: int) -> None:
    with scopes_disabled():
        type(record).objects.filter(pk=record.pk).update(
            created_at=timezone.now() - timedelta(minutes=minutes))


def test_the_sweep_finishes_every_councils_abandoned_checks_of_every_kind(
        admin, personas, tenant_b, client_for):
    from core.tasks import file_imports_sweep

    abandoned = upload(admin, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
    recent = upload(admin, "ofsted", "recent.csv", OFSTED_2026.read_bytes())
    # Dorset's GIAS upload, its check left after the first chunk.
    dorset = client_for(personas["b"]["admin"])
    rows = [(838000 + n, "838", f"Sweep {n} Primary School", "Open") for n in range(5)]
    with TestCase.captureOnCommitCallbacks(execute=True):
        dorset.post("/t/dorset/imports/", {"kind": "establishments",
                                           "file": SimpleUploadedFile("g.csv", gias_file(*rows))})
    with scopes_disabled():
        gias = GiasImport.objects.get(tenant=tenant_b)
    # An apply left half-read is not the sweep's: a second run of one still queued could write
    # twice.
    applying = upload(admin, "ofsted", "apply.csv", OFSTED_2026.read_bytes())
    admin.get(f"{IMPORTS}{applying.pk}/")
    for _chunk in range(3):
        poll(admin, applying)
    post(admin, f"{IMPORTS}{applying.pk}/apply/")
    assert state(gias)[0] == state(abandoned)[0] == state(recent)[0] == "analysing"
    for record in (abandoned, gias, applying):
        _age(record, 31)
    _age(recent, 5)

    assert file_imports_sweep.delay().get() == 2  # queued for both councils
    assert current(abandoned).status == "previewed"
    assert current(gias).status == "previewed" and current(gias).summary["total_rows"] == 5
    assert state(recent)[:2] == ("analysing", 2)
    assert state(applying)[:2] == ("applying", 2)


def test_the_sweep_runs_on_the_beat_schedule(settings):
    from config.celery import app

    entry = next(item for item in settings.CELERY_BEAT_SCHEDULE.values()
                 if item["task"] == "core.tasks.file_imports_sweep")
    assert "core.tasks.file_imports_sweep" in app.tasks
    assert "core.tasks.file_imports_finish" in app.tasks
    assert entry["schedule"].minute == set(range(0, 60, 15))
