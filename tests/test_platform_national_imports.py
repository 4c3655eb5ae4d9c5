"""The national imports on the platform operator's pages (`/platform/imports/gias/`,
`/platform/imports/data/`): only an operator reaches them; a check previews without writing,
apply writes every row of the whole national file (and schedules the recompute), a bad file
fails with its problems by row and column and cannot be applied, and applying twice is
harmless. The rules are the national writers' (the commands' tests); these are the pages."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from categorisation.models import (
    DataArrival,
    Inspection,
    NationalDataImport,
    PerformanceIndicator,
)
from schools.models import Establishment, EstablishmentLink, NationalGiasImport
from tests.categorisation.performance_files import ks2
from tests.factories import EstablishmentFactory, gias_file

pytestmark = pytest.mark.django_db

OFSTED_2026 = Path(__file__).resolve().parent / "categorisation" / "fixtures" / (
    "ofsted_mi_2026_format.csv")
GIAS_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gias"
GIAS = "/platform/imports/gias/"
DATA = "/platform/imports/data/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post(client, url: str, data: dict | None = None):
    """POST and run what the request enqueued on commit (the tasks run inline)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {})


def upload(client, url: str, name: str, data: bytes, **fields):
    return post(client, url, {**fields, "file": SimpleUploadedFile(name, data)})


def gias_record() -> NationalGiasImport:
    return NationalGiasImport.objects.get()


def data_record() -> NationalDataImport:
    return NationalDataImport.objects.get()


# --- only an operator -----------------------------------------------------------------------


def _a_record_of_each_kind(operator) -> dict[str, int]:
    gias_import = NationalGiasImport.objects.create(original_name="edubasealldata.csv",
                                                    file="imports/national/x.csv",
                                                    uploaded_by=operator)
    data_import = NationalDataImport.objects.create(
        kind=NationalDataImport.Kind.OFSTED, original_name="ofsted.csv",
        file="imports/national/y.csv", uploaded_by=operator)
    return {GIAS: gias_import.pk, DATA: data_import.pk}


def _pages(ids: dict[str, int]) -> list[tuple[str, str]]:
    """(method, url) of every national import page."""
    pages = []
    for prefix, pk in ids.items():
        pages += [("get", prefix), ("post", prefix), ("get", f"{prefix}{pk}/"),
                  ("get", f"{prefix}{pk}/progress/"), ("post", f"{prefix}{pk}/apply/")]
    return pages


@pytest.mark.parametrize("who", ["admin", "officer", "viewer"])
def test_a_tenant_user_is_refused_every_national_import_page(who, personas, operator,
                                                             client_for):
    client = client_for(personas["a"][who])
    for method, url in _pages(_a_record_of_each_kind(operator)):
        response = getattr(client, method)(url, {"submitted": "1"})
        assert response.status_code == 403, f"{who} {method} {url}: {response.status_code}"
    assert NationalGiasImport.objects.get().status == NationalGiasImport.Status.PENDING


def test_an_anonymous_visitor_is_sent_to_sign_in(client, operator):
    for method, url in _pages(_a_record_of_each_kind(operator)):
        response = getattr(client, method)(url)
        assert response.status_code == 302, f"{method} {url}"
        assert response["Location"].startswith("/accounts/login/")


def test_the_operator_reaches_each_page(operator, client_for):
    client = client_for(operator)
    ids = _a_record_of_each_kind(operator)
    for prefix, pk in ids.items():
        for url in (prefix, f"{prefix}{pk}/", f"{prefix}{pk}/progress/"):
            assert client.get(url).status_code == 200, url


def test_the_platform_landing_page_links_to_both_imports(operator, client_for):
    html = client_for(operator).get("/platform/").content.decode()
    assert f'href="{GIAS}"' in html and f'href="{DATA}"' in html


# --- Ofsted and performance -----------------------------------------------------------------


def test_an_ofsted_file_is_previewed_without_writing(operator, client_for):
    response = upload(client_for(operator), DATA, "ofsted_mi.csv", OFSTED_2026.read_bytes(),
                      kind="ofsted")
    record = data_record()
    assert response.status_code == 302 and response["Location"] == f"{DATA}{record.pk}/"
    assert record.status == NationalDataImport.Status.PREVIEWED
    assert record.uploaded_by == operator
    assert record.summary["counts"]["created"] > 0
    assert Inspection.objects.count() == 0
    assert DataArrival.objects.count() == 0
    page = client_for(operator).get(f"{DATA}{record.pk}/").content.decode()
    assert 'data-testid="apply-import"' in page and "operator@platform.example.org" in page


def test_applying_an_ofsted_file_writes_every_row_and_schedules_a_recompute(operator,
                                                                           client_for):
    client = client_for(operator)
    upload(client, DATA, "ofsted_mi.csv", OFSTED_2026.read_bytes(), kind="ofsted")
    record = data_record()
    previewed = record.summary["counts"]["created"]
    response = post(client, f"{DATA}{record.pk}/apply/")
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == NationalDataImport.Status.DONE
    assert record.applied_by == operator
    assert Inspection.objects.count() == previewed == record.summary["applied"]["created"]
    arrival = DataArrival.objects.get()
    assert record.summary["recompute"]["arrival"] == arrival.pk
    assert "being worked out again" in client.get(f"{DATA}{record.pk}/").content.decode()


def test_applying_twice_is_harmless(operator, client_for):
    client = client_for(operator)
    upload(client, DATA, "ofsted_mi.csv", OFSTED_2026.read_bytes(), kind="ofsted")
    record = data_record()
    post(client, f"{DATA}{record.pk}/apply/")
    stored = Inspection.objects.count()
    again = post(client, f"{DATA}{record.pk}/apply/")
    assert again.status_code == 302
    assert Inspection.objects.count() == stored
    assert DataArrival.objects.count() == 1
    assert data_record().status == NationalDataImport.Status.DONE


def test_the_same_file_imported_again_changes_nothing(operator, client_for):
    client = client_for(operator)
    for _ in range(2):
        upload(client, DATA, "ofsted_mi.csv", OFSTED_2026.read_bytes(), kind="ofsted")
        record = NationalDataImport.objects.order_by("-pk").first()
        post(client, f"{DATA}{record.pk}/apply/")
    record.refresh_from_db()
    assert record.summary["applied"]["created"] == 0
    assert record.summary["applied"]["updated"] == 0
    assert DataArrival.objects.count() == 1


def test_a_performance_file_takes_the_year_and_release_chosen(operator, client_for):
    client = client_for(operator)
    upload(client, DATA, "ks2.csv", ks2().encode(), kind="performance",
           academic_year="2022", release="provisional")
    record = data_record()
    assert record.status == NationalDataImport.Status.PREVIEWED, record.errors
    assert "2022" in record.summary["academic_year"]
    post(client, f"{DATA}{record.pk}/apply/")
    assert set(PerformanceIndicator.objects.values_list("year", "release")) == {
        (2022, "provisional")}


def test_a_bad_ofsted_file_fails_with_errors_by_row_and_column_and_cannot_be_applied(
        operator, client_for):
    client = client_for(operator)
    lines = OFSTED_2026.read_text().splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("URN")] = "not-a-urn"
    bad = "\n".join([lines[0], ",".join(row)] + lines[2:]) + "\n"
    upload(client, DATA, "ofsted_mi.csv", bad.encode(), kind="ofsted")
    record = data_record()
    assert record.status == NationalDataImport.Status.FAILED
    assert {"row": 2, "column": "URN"}.items() <= record.errors[0].items()
    page = client.get(f"{DATA}{record.pk}/").content.decode()
    assert "Row 2, column “URN”" in page and 'data-testid="apply-import"' not in page
    assert post(client, f"{DATA}{record.pk}/apply/").status_code == 403
    assert Inspection.objects.count() == 0


def test_a_missing_file_is_refused_naming_the_field(operator, client_for):
    response = post(client_for(operator), DATA, {"kind": "ofsted"})
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert not NationalDataImport.objects.exists()


# --- GIAS -----------------------------------------------------------------------------------


def test_a_gias_establishments_file_is_previewed_then_applied_nationally(operator, client_for,
                                                                          personas):
    client = client_for(operator)
    data = gias_file((910001, "865", "New Wiltshire Primary", "Open"),
                     (910002, "838", "New Dorset Primary", "Open"),
                     (910003, "302", "New Barnet Primary", "Open"))
    upload(client, GIAS, "edubasealldata.csv", data, kind="establishments")
    record = gias_record()
    assert record.status == NationalGiasImport.Status.PREVIEWED, record.errors
    assert record.summary["counts"]["added"] == 3
    assert not Establishment.objects.filter(urn__in=[910001, 910002, 910003]).exists()
    post(client, f"{GIAS}{record.pk}/apply/")
    record.refresh_from_db()
    assert record.status == NationalGiasImport.Status.DONE
    assert record.summary["applied"]["added"] == 3
    # Every row of the national file, whichever council's LA: the national register.
    assert set(Establishment.objects.filter(urn__in=[910001, 910002, 910003]).values_list(
        "urn", "provisional_for")) == {(910001, None), (910002, None), (910003, None)}
    assert "Import applied" in client.get(f"{GIAS}{record.pk}/").content.decode()


def test_applying_a_gias_file_twice_is_harmless(operator, client_for):
    client = client_for(operator)
    upload(client, GIAS, "edubasealldata.csv",
           gias_file((910001, "865", "New Wiltshire Primary", "Open")), kind="establishments")
    record = gias_record()
    post(client, f"{GIAS}{record.pk}/apply/")
    assert post(client, f"{GIAS}{record.pk}/apply/").status_code == 302
    assert Establishment.objects.filter(urn=910001).count() == 1
    assert gias_record().summary["applied"]["added"] == 1


def test_a_bad_gias_file_fails_with_errors_by_row_and_column(operator, client_for):
    client = client_for(operator)
    upload(client, GIAS, "bad_date.csv", (GIAS_FIXTURES / "bad_date.csv").read_bytes(),
           kind="establishments")
    record = gias_record()
    assert record.status == NationalGiasImport.Status.FAILED
    assert record.errors and all(error["row"] and error["column"] for error in record.errors)
    assert post(client, f"{GIAS}{record.pk}/apply/").status_code == 403


def test_a_links_file_marked_full_that_covers_few_las_is_refused(operator, client_for):
    for urn, la_code in ((126002, "865"), (148001, "865"), (200001, "838"), (200002, "838"),
                         (300001, "302"), (300002, "302")):
        EstablishmentFactory(urn=urn, la_code=la_code)
    for urn, linked in ((200001, 200002), (300001, 300002)):
        EstablishmentLink.objects.create(urn=urn, linked_urn=linked, link_type="Successor")
    client = client_for(operator)
    upload(client, GIAS, "links.csv", (GIAS_FIXTURES / "links_windows1252.csv").read_bytes(),
           kind="links_full")
    record = gias_record()
    assert record.status == NationalGiasImport.Status.FAILED
    assert "looks like an extract" in record.errors[0]["message"]
    assert "looks like an extract" in client.get(f"{GIAS}{record.pk}/").content.decode()
    assert EstablishmentLink.objects.filter(ended_on__isnull=True).count() == 2


def test_a_links_file_not_marked_full_writes_its_links_and_ends_none(operator, client_for):
    for urn, linked in ((200001, 200002), (300001, 300002)):
        EstablishmentLink.objects.create(urn=urn, linked_urn=linked, link_type="Successor")
    client = client_for(operator)
    upload(client, GIAS, "links.csv", (GIAS_FIXTURES / "links_windows1252.csv").read_bytes(),
           kind="links")
    record = gias_record()
    assert record.status == NationalGiasImport.Status.PREVIEWED, record.errors
    post(client, f"{GIAS}{record.pk}/apply/")
    assert EstablishmentLink.objects.filter(urn=126002, linked_urn=148001).exists()
    assert EstablishmentLink.objects.filter(ended_on__isnull=False).count() == 0


def test_who_uploaded_and_applied_is_kept_and_logged(operator, client_for, caplog):
    client = client_for(operator)
    with caplog.at_level("INFO", logger="platform.audit"):
        upload(client, GIAS, "edubasealldata.csv",
               gias_file((910001, "865", "New Wiltshire Primary", "Open")),
               kind="establishments")
        post(client, f"{GIAS}{gias_record().pk}/apply/")
    record = gias_record()
    assert (record.uploaded_by, record.applied_by) == (operator, operator)
    logged = [r.getMessage() for r in caplog.records if r.name == "platform.audit"]
    assert any("national_gias_import.create" in line and operator.email in line
               for line in logged)
    assert any("national_gias_import.apply" in line and "Applied" in line for line in logged)
