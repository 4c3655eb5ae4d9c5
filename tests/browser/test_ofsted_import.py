"""An Ofsted import in the browser: the tenant admin uploads the monthly management
information (a small file in the February 2026 85-column format), watches its progress, reads
the preview by kind of inspection, applies it to the council's own data and sees the summary,
with the schools whose categories are worked out again.

As in the GIAS journey, the queue is held so the page can be seen waiting; the test then runs
the real task, as a worker would, and the page follows through htmx polling.
"""

import re
from pathlib import Path

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import Page, expect

from categorisation import tasks
from categorisation.models import DataArrival, DataImport, Inspection, TenantInspection
from tests.browser.helpers import assert_accessible, use_session_of
from tests.factories import EstablishmentFactory, SchoolFactory

FIXTURE = (Path(__file__).resolve().parents[1] / "categorisation" / "fixtures"
           / "ofsted_mi_2026_format.csv")
SCREENSHOTS = Path("/tmp")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def held_queue(celery_eager):
    from config.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True
    with app.connection_for_write() as connection:
        app.control.purge(connection=connection)


@pytest.fixture
def wiltshire(personas, tenant_a):
    for urn, name in ((126001, "Avonside Primary School"), (126003, "Chalke Valley Academy")):
        SchoolFactory(tenant=tenant_a,
                      establishment=EstablishmentFactory(urn=urn, name=name, la_code="865"))
    # In Wiltshire's LA but not in its register: left out, as are 126002 and 126008.
    for urn in (126004, 126005, 126006, 126007):
        EstablishmentFactory(urn=urn, la_code="865")
    return personas


def own_inspections(tenant) -> int:
    with scope(tenant=tenant):
        return TenantInspection.objects.count()


def between_polls(page: Page) -> None:
    with page.expect_response(re.compile(r"/progress/$")):
        pass


def the_import(page: Page) -> DataImport:
    import_id = int(re.search(r"/imports/(\d+)/", page.url).group(1))
    with scopes_disabled():
        return DataImport.objects.get(pk=import_id)


def test_the_admin_imports_the_ofsted_file_and_sees_progress_then_the_summary(
        page, live_server, wiltshire, held_queue):
    use_session_of(page, live_server.url, wiltshire["a"]["admin"])
    page.goto(f"{live_server.url}/t/wiltshire/categorisation/imports/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ofsted and performance imports")
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "ofsted_upload.png"), full_page=True)

    page.get_by_label("What kind of file is it?").select_option("ofsted")
    page.get_by_label("Upload a CSV file").set_input_files(files=[{
        "name": "ofsted_mi_latest_inspections_as_at_28_Feb_2026.csv", "mimeType": "text/csv",
        "buffer": FIXTURE.read_bytes()}])
    page.get_by_test_id("upload-import").click()

    progress = page.get_by_test_id("import-progress")
    expect(progress.get_by_role("progressbar", name="Waiting to be checked")).to_have_attribute(
        "value", "0")
    status = progress.get_by_test_id("import-status")
    expect(status).to_have_attribute("data-status", "pending")
    assert_accessible(page)
    data_import = the_import(page)

    between_polls(page)
    with scopes_disabled():
        DataImport.objects.filter(pk=data_import.pk).update(
            status=DataImport.Status.ANALYSING, processed_rows=4, total_rows=8,
            progress_note="Checking the file")
    expect(progress.get_by_role("progressbar", name="Checking")).to_have_attribute(
        "value", "50")
    expect(status).to_have_text("Checking the file: 50% done (4 of 8 rows)")
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "ofsted_progress.png"), full_page=True)

    between_polls(page)
    tasks.data_import_analyse(data_import.pk)
    preview = page.get_by_test_id("import-preview")
    expect(preview).to_be_visible()
    expect(page.get_by_test_id("count-created")).to_have_text("3")
    expect(page.get_by_test_id("count-in-register")).to_have_text("2")
    expect(page.get_by_test_id("count-outside")).to_contain_text("6")
    expect(page.get_by_test_id("import-outside")).to_contain_text("Hullavington Primary School")
    expect(page.get_by_test_id("import-eras")).to_contain_text("Graded inspection")
    assert own_inspections(data_import.tenant) == 0
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "ofsted_preview.png"), full_page=True)

    page.get_by_test_id("apply-import").click()
    expect(progress.get_by_role("progressbar", name="Applying")).to_be_visible()
    between_polls(page)
    tasks.data_import_apply(data_import.pk)
    done = page.get_by_test_id("import-done")
    expect(done).to_contain_text("3 new, 0 changed, 0 unchanged")
    expect(page.get_by_test_id("import-recompute")).to_contain_text(
        "2 in Wiltshire Council’s register")
    expect(page.get_by_test_id("import-progress")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "ofsted_done.png"), full_page=True)
    # The council's own data: nothing national is written, and only its schools recompute.
    assert (Inspection.objects.count(), own_inspections(data_import.tenant)) == (0, 3)
    arrival = DataArrival.objects.get()
    assert 126001 in arrival.urns and arrival.tenant == data_import.tenant
