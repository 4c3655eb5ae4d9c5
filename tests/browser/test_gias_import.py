"""A GIAS import in the browser: the tenant admin uploads a file, watches its progress, reads
the preview, applies it and finds the new schools in the register; a bad file shows its errors
by row and column and cannot be applied.

Tasks normally run inline in tests, so an import would be finished before its page loads. The
progress journey holds the queue instead (`held_queue`: Celery publishes to its in-memory broker
and no worker reads it), loads the page while the import waits, then runs the real task from the
test, as a worker would, and watches the page follow through htmx polling.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from schools import gias, importing, tasks
from schools.models import GiasImport
from tests.browser.helpers import assert_accessible, use_session_of
from tests.factories import gias_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gias"
SCREENSHOTS = Path("/tmp")
TOWNS = [
    "Amesbury", "Bradford on Avon", "Calne", "Chippenham", "Corsham", "Cricklade", "Devizes",
    "Highworth", "Ludgershall", "Malmesbury", "Marlborough", "Melksham", "Mere", "Pewsey",
    "Royal Wootton Bassett", "Salisbury", "Tidworth", "Tisbury", "Trowbridge", "Warminster",
    "Westbury", "Wilton", "Box", "Bromham", "Colerne", "Downton", "Durrington", "Lyneham",
    "Market Lavington", "Purton", "Seend", "Shrewton", "Urchfont", "Wroughton", "Aldbourne",
    "Bulford", "Collingbourne", "Hilperton", "Holt", "Kington St Michael", "Lacock", "Minety",
    "Netheravon", "Oaksey", "Pitton", "Potterne", "Ramsbury", "Rowde", "Sutton Benger",
    "Upavon", "Winterslow", "Zeals", "Broad Town", "Chilmark", "Codford", "Dauntsey", "Edington",
    "Erlestoke", "Figheldean", "Great Bedwyn",
]
KINDS = ["Primary School", "Church of England Primary School", "Infant School",
         "Junior School", "Academy"]
IN_LA = 300
FIRST_URN = 140001


def _template() -> tuple[list[str], list[str]]:
    """The real GIAS header, and one real-shaped row to copy (Trowbridge Park Primary)."""
    text = (FIXTURES / "establishments_utf8_bom.csv").read_text(encoding="utf-8-sig")
    header, row, *_ = csv.reader(io.StringIO(text))
    return header, row


def establishments_csv(*, renamed: int = 0, closed: int = 0, extra: int = 0) -> bytes:
    """A GIAS establishments file: 300 schools in Wiltshire (LA 865), `extra` more after them,
    and three Dorset (838) schools that Wiltshire's import must leave out. The first `renamed`
    schools carry a new name and the next `closed` are closed, as in a later download."""
    header, template = _template()
    column = {name: at for at, name in enumerate(header)}
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)

    def school(index: int, la_code: str, la_name: str) -> list[str]:
        row = list(template)
        urn = FIRST_URN + index
        row[column["URN"]] = str(urn)
        row[column["LA (code)"]] = la_code
        row[column["LA (name)"]] = la_name
        row[column["EstablishmentNumber"]] = str(2001 + index)
        row[column["UKPRN"]] = str(10_000_000 + urn)
        name = f"{TOWNS[index % len(TOWNS)]} {KINDS[index // len(TOWNS) % len(KINDS)]}"
        if index < renamed:
            name = name.replace(" School", " Church of England School", 1)
        row[column["EstablishmentName"]] = name
        if renamed <= index < renamed + closed:
            row[column["EstablishmentStatus (name)"]] = "Closed"
            row[column["ReasonEstablishmentClosed (name)"]] = "Academy Converter"
            row[column["CloseDate"]] = "31-08-2025"
        return row

    for index in range(IN_LA + extra):
        writer.writerow(school(index, "865", "Wiltshire"))
    for index in range(IN_LA + extra, IN_LA + extra + 3):
        writer.writerow(school(index, "838", "Dorset"))
    return out.getvalue().encode("utf-8")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def held_queue(celery_eager):
    """Tasks go to Celery's in-memory broker, where no worker reads them: the test runs them
    itself when it has seen the page wait."""
    from config.celery import app

    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = True
    with app.connection_for_write() as connection:
        app.control.purge(connection=connection)


@pytest.fixture
def wiltshire_register(personas, tenant_a):
    """Tenant A's register after last term's GIAS import (the 300 Wiltshire schools)."""
    importing.establishments_apply(gias.parse_establishments(establishments_csv()),
                                   tenant=tenant_a, actor=personas["a"]["admin"])
    return personas


def the_import(page: Page) -> GiasImport:
    import_id = int(re.search(r"/imports/(\d+)/", page.url).group(1))
    with scopes_disabled():
        return GiasImport.objects.get(pk=import_id)


def between_polls(page: Page) -> None:
    """Wait for a poll to answer: the next one is a second away, so the test's own database
    work does not meet a request on the live server's shared SQLite connection."""
    with page.expect_response(re.compile(r"/progress/$")):
        pass


def upload(page: Page, base_url: str, name: str, data: bytes) -> None:
    page.goto(f"{base_url}/t/wiltshire/")
    page.get_by_role("link", name="Imports", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Imports")
    page.get_by_label("Upload a GIAS establishments CSV file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    page.get_by_test_id("upload-import").click()


def test_the_admin_uploads_watches_progress_previews_and_applies_an_import(
        page, live_server, wiltshire_register, held_queue):
    admin = wiltshire_register["a"]["admin"]
    use_session_of(page, live_server.url, admin)
    page.goto(f"{live_server.url}/t/wiltshire/imports/")
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "gias_upload.png"), full_page=True)

    upload(page, live_server.url, "edubasealldata20260105.csv",
           establishments_csv(renamed=2, closed=1, extra=20))
    progress = page.get_by_test_id("import-progress")
    bar = progress.get_by_role("progressbar", name="Waiting to be checked")
    expect(bar).to_have_attribute("value", "0")
    status = progress.get_by_test_id("import-status")
    expect(status).to_have_text("0% done")
    expect(status).to_have_attribute("data-status", "pending")
    assert_accessible(page)
    gias_import = the_import(page)
    assert gias_import.status == GiasImport.Status.PENDING
    page.evaluate("() => { window.__same_page = true; }")

    # Halfway through the file, as the worker's progress recorder writes it: the bar follows
    # by polling, without the page reloading.
    between_polls(page)
    with scopes_disabled():
        GiasImport.objects.filter(pk=gias_import.pk).update(
            status=GiasImport.Status.ANALYSING, processed_rows=162, total_rows=323,
            progress_note="Checking the file")
    expect(progress.get_by_role("progressbar", name="Checking")).to_have_attribute(
        "value", "50")
    expect(status).to_have_text("Checking the file: 50% done (162 of 323 rows)")
    expect(status).to_have_attribute("data-status", "analysing")
    assert page.evaluate("() => window.__same_page === true")
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "gias_progress.png"), full_page=True)

    between_polls(page)
    tasks.gias_import_analyse(gias_import.pk)
    preview = page.get_by_test_id("import-preview")
    expect(preview).to_be_visible()
    expect(page.get_by_test_id("import-status")).to_have_attribute("data-status", "previewed")
    expect(page.get_by_test_id("count-added")).to_have_text("20")
    expect(page.get_by_test_id("count-changed")).to_have_text("2")
    expect(page.get_by_test_id("count-closed")).to_have_text("1")
    expect(page.get_by_test_id("count-unchanged")).to_have_text("297")
    expect(page.get_by_test_id("count-outside")).to_have_text("3")
    expect(preview.get_by_role("table", name=re.compile("^To change"))).to_contain_text(
        "Church of England")
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "gias_preview.png"), full_page=True)

    page.get_by_test_id("apply-import").click()
    expect(progress.get_by_role("progressbar", name="Applying")).to_have_attribute(
        "value", "0")
    expect(status).to_have_text("Waiting to start: 0% done (0 of 323 rows)")
    expect(status).to_have_attribute("data-status", "applying")
    expect(page.get_by_test_id("apply-import")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "gias_applying.png"), full_page=True)

    between_polls(page)
    tasks.gias_import_apply(gias_import.pk)
    done = page.get_by_test_id("import-done")
    expect(done).to_contain_text("20 added, 2 changed, 1 closed; 20 added to the register")
    expect(page.get_by_test_id("import-progress")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "gias_done.png"), full_page=True)

    page.get_by_role("link", name="Go to the register").click()
    newest = f"{TOWNS[(IN_LA + 19) % len(TOWNS)]} {KINDS[(IN_LA + 19) // len(TOWNS) % 5]}"
    page.get_by_label("Name, URN, LAESTAB, postcode or trust").fill(str(FIRST_URN + IN_LA + 19))
    page.get_by_label("Name, URN, LAESTAB, postcode or trust").press("Enter")
    expect(page.get_by_role("link", name=newest)).to_be_visible()


@pytest.mark.parametrize(("fixture", "problem"), [
    ("bad_duplicate_urn.csv", "Row 4, column “URN”: URN 126001 appears twice, in rows 2 and 4."),
    ("bad_no_urn_column.csv", "Header row, column “URN”: The file has no “URN” column."),
], ids=["duplicate-urn", "no-urn-column"])
def test_a_bad_file_lists_its_problems_by_row_and_column_and_cannot_be_applied(
        page, live_server, personas, fixture, problem):
    use_session_of(page, live_server.url, personas["a"]["admin"])
    upload(page, live_server.url, fixture, (FIXTURES / fixture).read_bytes())
    errors = page.get_by_test_id("import-errors")
    expect(errors).to_be_visible()
    expect(errors.get_by_role("heading")).to_have_text("The file cannot be imported")
    expect(errors.get_by_role("listitem")).to_contain_text([problem])
    expect(page.get_by_test_id("import-status")).to_have_attribute("data-status", "failed")
    expect(page.get_by_test_id("apply-import")).to_have_count(0)
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / f"gias_errors_{fixture[:-4]}.png"), full_page=True)


def test_the_upload_form_asks_for_a_file_when_none_is_chosen(page, live_server, personas):
    use_session_of(page, live_server.url, personas["a"]["admin"])
    page.goto(f"{live_server.url}/t/wiltshire/imports/")
    page.get_by_test_id("upload-import").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select a GIAS CSV file")
    expect(page.locator(".govuk-error-message")).to_contain_text("Select a GIAS CSV file")
    assert_accessible(page)


def test_another_councils_school_in_the_file_is_listed_as_not_for_your_council(
        page, live_server, personas, tenant_b):
    """The review's first finding, in the browser: Wiltshire's file gives Dorset's school
    Wiltshire's LA code and a new name; the preview lists it, and applying changes nothing."""
    dorset_school = personas["b"]["school"]
    use_session_of(page, live_server.url, personas["a"]["admin"])
    data = gias_file((dorset_school.urn, "865", "Renamed By Wiltshire", "Closed"))
    upload(page, live_server.url, "edubasealldata.csv", data)
    expect(page.get_by_test_id("count-outside")).to_have_text("1")
    expect(page.get_by_test_id("count-changed")).to_have_text("0")
    refused = page.get_by_role("table", name=re.compile("^Not for your council"))
    expect(refused).to_contain_text(str(dorset_school.urn))
    expect(refused).to_contain_text("Another council's school (LA 838)")
    assert_accessible(page)
    page.screenshot(path=str(SCREENSHOTS / "gias_not_for_your_council.png"), full_page=True)
    page.get_by_test_id("apply-import").click()
    expect(page.get_by_test_id("import-done")).to_be_visible()
    dorset_school.establishment.refresh_from_db()
    assert dorset_school.establishment.name != "Renamed By Wiltshire"
    assert dorset_school.establishment.la_code == "838"
