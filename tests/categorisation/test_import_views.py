"""Ofsted and performance import pages (tenant admins) and the API that receives one
inspection: preview then apply, errors by row and column, recompute scheduled, other tenants
refused. What a council uploads or posts goes to its own layer (TenantInspection,
TenantIndicator): the national store is never written from here."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django_scopes import scope, scopes_disabled
from rest_framework.test import APIClient

from categorisation.models import (
    DataArrival,
    DataImport,
    Inspection,
    PerformanceIndicator,
    TenantIndicator,
    TenantInspection,
)
from schools.models import EstablishmentLink
from tests.categorisation.performance_files import ks2
from tests.factories import EstablishmentFactory, SchoolFactory

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures"
OFSTED_2026 = FIXTURES / "ofsted_mi_2026_format.csv"
IMPORTS = "/t/wiltshire/categorisation/imports/"
API = "/api/t/wiltshire/categorisation/inspections/"
DORSET = "/t/dorset/categorisation/imports/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def register(personas, tenant_a, tenant_b):
    """Three of the fixture's schools in Wiltshire's register (126001, 126003 and 126007,
    Grittleton, whose latest inspection was of its predecessor 126070), one in Dorset's
    (126002), four more in Wiltshire's LA (865) but in no register (126004 to 126006, and
    126009 of the KS2 file), and 126008 unknown (no establishment, no register): Wiltshire's
    uploads keep the rows of 126001, 126003 and 126007 and leave out the others."""
    for urn in (126001, 126003, 126007):
        SchoolFactory(tenant=tenant_a, establishment=EstablishmentFactory(urn=urn, la_code="865"))
    SchoolFactory(tenant=tenant_b, establishment=EstablishmentFactory(urn=126002, la_code="838"))
    for urn in (126004, 126005, 126006, 126009):
        EstablishmentFactory(urn=urn, la_code="865")
    return personas


def own_inspections(tenant) -> list[TenantInspection]:
    with scope(tenant=tenant):
        return list(TenantInspection.objects.order_by("urn", "inspection_number"))


def own_indicators(tenant) -> list[TenantIndicator]:
    with scope(tenant=tenant):
        return list(TenantIndicator.objects.order_by("urn", "measure"))


def post(client, url: str, data: dict | None = None, **kwargs):
    """POST and run what the request enqueued on commit (the tasks run inline)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data or {}, **kwargs)


def upload(client, kind: str, name: str, data: bytes, **extra):
    return post(client, IMPORTS, {"kind": kind, "file": SimpleUploadedFile(name, data), **extra})


def the_import() -> DataImport:
    with scopes_disabled():
        return DataImport.objects.get()


def test_the_admin_sees_the_upload_page(personas, client_for):
    response = client_for(personas["a"]["admin"]).get(IMPORTS)
    assert response.status_code == 200
    assert "Ofsted and performance imports" in response.content.decode()


def test_an_ofsted_upload_is_checked_and_previewed_by_era_without_writing(register, client_for):
    client = client_for(register["a"]["admin"])
    response = upload(client, "ofsted", "ofsted_feb_2026.csv", OFSTED_2026.read_bytes())
    data_import = the_import()
    assert response.status_code == 302
    assert response["Location"] == f"{IMPORTS}{data_import.pk}/"
    assert data_import.status == DataImport.Status.PREVIEWED
    # Only the register's three schools' inspections are kept.
    assert data_import.summary["counts"] == {"created": KEPT, "updated": 0, "unchanged": 0,
                                             "already_national": 0, "errors": 0}
    assert data_import.summary["by_era"] == {"oeif_graded": 3, "ungraded": 1}
    assert own_inspections(data_import.tenant) == []
    page = client.get(response["Location"]).content.decode()
    assert "Graded inspection (overall grade 1 to 4)" in page
    assert 'data-testid="apply-import"' in page


# The fixture's inspections of Wiltshire's three register schools.
KEPT = 4


def test_the_preview_names_the_rows_not_for_the_council_and_its_schools_not_in_the_file(
        register, client_for, tenant_a):
    # A fourth school of Wiltshire's register that the file does not report on.
    SchoolFactory(tenant=tenant_a, establishment=EstablishmentFactory(
        urn=126050, la_code="865", name="Zeals Primary School"))
    client = client_for(register["a"]["admin"])
    upload(client, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
    data_import = the_import()
    reach = data_import.summary["reach"]
    assert (reach["schools"], reach["in_your_register"], reach["written"], reach["outside"]) \
        == (8, 3, 3, 5)
    assert [row["urn"] for row in reach["outside_examples"]] == [
        126002, 126004, 126005, 126006, 126008]
    # The register's schools the file has no row for: Zeals, and the personas' own school.
    missing = data_import.summary["missing"]
    assert {"urn": 126050, "name": "Zeals Primary School"} in missing["examples"]
    assert missing["count"] == len(missing["examples"]) == 2
    assert not {126001, 126003, 126007} & {row["urn"] for row in missing["examples"]}
    page = client.get(f"{IMPORTS}{data_import.pk}/").content.decode()
    assert "Rows not for your council" in page and "Your schools not in this file" in page
    assert "Zeals Primary School (URN 126050)" in page


def test_applying_stores_the_inspections_in_the_councils_own_layer_only(
        register, client_for, tenant_a, tenant_b):
    client = client_for(register["a"]["admin"])
    upload(client, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
    data_import = the_import()
    response = post(client, f"{IMPORTS}{data_import.pk}/apply/")
    assert response.status_code == 302
    data_import = the_import()
    assert data_import.status == DataImport.Status.DONE
    assert Inspection.objects.count() == 0  # the national store is never written from here
    stored = own_inspections(tenant_a)
    assert {row.urn for row in stored} == {126001, 126003, 126007}
    assert all(row.data_import_id == data_import.pk and row.entered_by == data_import.uploaded_by
               for row in stored)
    assert own_inspections(tenant_b) == []
    arrival = DataArrival.objects.get()
    # Wiltshire's own data: only Wiltshire's schools are recomputed (the arrival says so).
    assert arrival.tenant == tenant_a
    assert set(arrival.urns) == {126001, 126003, 126007, 126070}
    page = client.get(f"{IMPORTS}{data_import.pk}/").content.decode()
    assert f"{KEPT} new, 0 changed, 0 unchanged" in page


def test_reapplying_the_same_file_changes_nothing_and_schedules_no_recompute(
        register, client_for, tenant_a):
    client = client_for(register["a"]["admin"])
    for _ in range(2):
        upload(client, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
        with scopes_disabled():
            latest = DataImport.objects.order_by("-pk").first()
        post(client, f"{IMPORTS}{latest.pk}/apply/")
    with scopes_disabled():
        latest.refresh_from_db()
    assert latest.summary["applied"] == {"created": 0, "updated": 0, "unchanged": KEPT,
                                         "already_national": 0, "errors": 0}
    assert DataArrival.objects.count() == 1
    assert len(own_inspections(tenant_a)) == KEPT


def test_an_inspection_the_national_file_has_already_is_not_stored_again(
        register, client_for, tenant_a):
    from categorisation.importing import national_ofsted_import
    national_ofsted_import(data=OFSTED_2026.read_bytes(), source="national.csv")
    client = client_for(register["a"]["admin"])
    upload(client, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
    data_import = the_import()
    assert data_import.summary["counts"]["already_national"] == KEPT
    assert data_import.summary["counts"]["created"] == 0
    page = client.get(f"{IMPORTS}{data_import.pk}/").content.decode()
    assert "In the national data already" in page
    post(client, f"{IMPORTS}{data_import.pk}/apply/")
    assert own_inspections(tenant_a) == []


def test_a_bad_ofsted_file_fails_with_errors_by_row_and_column_and_cannot_be_applied(
        register, client_for, tenant_a):
    client = client_for(register["a"]["admin"])
    text = OFSTED_2026.read_text().replace("12/10/2022", "12/10/2099", 1)
    text = text.replace(",School remains Good (Concerns) - S5 Next", ",School is marvellous", 1)
    upload(client, "ofsted", "ofsted.csv", text.encode())
    data_import = the_import()
    assert data_import.status == DataImport.Status.FAILED
    assert [(e["row"], e["column"]) for e in data_import.errors] == [
        (2, "Inspection start date of latest OEIF graded inspection"),
        (9, "Ungraded inspection overall outcome")]
    page = client.get(f"{IMPORTS}{data_import.pk}/").content.decode()
    assert "Row 9, column “Ungraded inspection overall outcome”" in page
    assert client.post(f"{IMPORTS}{data_import.pk}/apply/").status_code == 403
    assert own_inspections(tenant_a) == []


def test_a_performance_upload_previews_measures_and_applies_to_the_councils_layer(
        register, client_for, tenant_a):
    client = client_for(register["a"]["admin"])
    upload(client, "performance", "2018-2019_865_ks2final.csv", ks2().encode())
    data_import = the_import()
    assert data_import.status == DataImport.Status.PREVIEWED
    assert data_import.summary["academic_year"] == "2018/19"
    assert data_import.summary["by_measure"][0]["values"] == 1  # 126001: the register's
    post(client, f"{IMPORTS}{data_import.pk}/apply/")
    # 126002 is Dorset's, 126009 in no register: left out, so not written nor recomputed.
    assert PerformanceIndicator.objects.count() == 0
    assert {row.urn for row in own_indicators(tenant_a)} == {126001}
    assert set(DataArrival.objects.get().urns) == {126001}
    reach = the_import().summary["reach"]
    assert [row["urn"] for row in reach["outside_examples"]] == [126002, 126009]


def test_a_result_the_national_tables_have_for_the_year_is_not_stored_again(
        register, client_for, tenant_a):
    # The national release of 2018/19 is in (final); the council's provisional file of the
    # same year adds nothing: the published figure supersedes it.
    from categorisation.importing import national_performance_import
    national_performance_import(data=ks2().encode(), name="2018-2019_865_ks2final.csv")
    client = client_for(register["a"]["admin"])
    upload(client, "performance", "2018-2019_865_ks2provisional.csv", ks2().encode())
    data_import = the_import()
    assert data_import.summary["counts"]["created"] == 0
    assert data_import.summary["counts"]["already_national"] > 0
    post(client, f"{IMPORTS}{data_import.pk}/apply/")
    assert own_indicators(tenant_a) == []


def apply_ofsted(client, imports: str = IMPORTS) -> DataImport:
    post(client, imports, {"kind": "ofsted",
                           "file": SimpleUploadedFile("ofsted.csv", OFSTED_2026.read_bytes())})
    with scopes_disabled():
        latest = DataImport.objects.order_by("-pk").first()
    post(client, f"{imports}{latest.pk}/apply/")
    with scopes_disabled():
        latest.refresh_from_db()
    return latest


def test_the_inspection_of_a_predecessor_of_the_councils_academy_is_stored(
        register, client_for, tenant_a):
    # 126008 is in no register and no LA, but it is the predecessor of Wiltshire's 126001.
    EstablishmentLink.objects.create(urn=126001, linked_urn=126008, link_type="Predecessor")
    data_import = apply_ofsted(client_for(register["a"]["admin"]))
    assert 126008 in {row.urn for row in own_inspections(tenant_a)}
    assert 126008 in DataArrival.objects.get().urns
    assert 126008 not in [row["urn"] for row in data_import.summary["reach"]["outside_examples"]]


def test_two_councils_uploading_the_same_file_each_keep_their_own_rows(
        register, client_for, tenant_a, tenant_b):
    apply_ofsted(client_for(register["a"]["admin"]))
    data_import = apply_ofsted(client_for(register["b"]["admin"]), DORSET)
    assert data_import.status == DataImport.Status.DONE
    assert {row.urn for row in own_inspections(tenant_b)} == {126002}
    assert {row.urn for row in own_inspections(tenant_a)} == {126001, 126003, 126007}
    # Dorset's upload recomputes Dorset's schools only.
    assert DataArrival.objects.order_by("-pk").first().tenant == tenant_b


def test_the_chosen_academic_year_is_used_for_a_file_named_without_one(register, client_for):
    client = client_for(register["a"]["admin"])
    upload(client, "performance", "ks2.csv", ks2().encode(), academic_year="2017")
    assert the_import().summary["academic_year"] == "2017/18"


def test_an_ofsted_file_uploaded_as_performance_is_refused_as_the_wrong_format(
        register, client_for):
    upload(client_for(register["a"]["admin"]), "performance", "2018-2019_x.csv",
           OFSTED_2026.read_bytes())
    data_import = the_import()
    assert data_import.status == DataImport.Status.FAILED
    assert "not a performance tables file" in data_import.errors[0]["message"]


def test_an_officer_cannot_run_imports(personas, client_for):
    assert client_for(personas["a"]["officer"]).get(IMPORTS).status_code == 403


def test_another_tenants_admin_gets_404_for_an_import(register, client_for):
    upload(client_for(register["a"]["admin"]), "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
    data_import = the_import()
    response = client_for(register["b"]["admin"]).get(
        f"/t/dorset/categorisation/imports/{data_import.pk}/")
    assert response.status_code == 404


def test_the_progress_partial_reloads_the_page_when_the_work_is_done(register, client_for):
    client = client_for(register["a"]["admin"])
    upload(client, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
    response = client.get(f"{IMPORTS}{the_import().pk}/progress/", HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"


# --- the API ---------------------------------------------------------------------------------


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


GRADED = {"urn": 126001, "inspection_number": "10300001", "start_date": "2025-01-14",
          "overall_effectiveness": "Not judged", "quality_of_education": "Good",
          "leadership_and_management": "Requires improvement", "safeguarding_met": "Yes"}


def test_an_officer_posts_one_inspection_stored_as_the_councils_own(register, tenant_a):
    response = post(api_for(register["a"]["officer"]), API, GRADED, format="json")
    assert response.status_code == 201
    assert response.json() == {"inspection_number": "10300001", "urn": 126001,
                               "era": "oeif_sub_judgements", "created": True, "changed": False,
                               "in_national_data": False, "recompute_urns": [126001]}
    [inspection] = own_inspections(tenant_a)
    assert (inspection.quality_of_education, inspection.leadership_and_management) == (2, 3)
    assert (inspection.source, inspection.entered_by) == ("api", register["a"]["officer"])
    assert Inspection.objects.count() == 0
    arrival = DataArrival.objects.get()
    assert (arrival.urns, arrival.tenant) == ([126001], tenant_a)


def test_posting_the_same_inspection_again_is_200_and_schedules_nothing(register, tenant_a):
    client = api_for(register["a"]["admin"])
    post(client, API, GRADED, format="json")
    response = post(client, API, GRADED, format="json")
    assert response.status_code == 200
    assert response.json()["recompute_urns"] == []
    assert (len(own_inspections(tenant_a)), DataArrival.objects.count()) == (1, 1)


def test_an_inspection_the_national_file_has_is_not_stored_and_says_so(register, tenant_a):
    from categorisation.services import inspections_import
    inspections_import(rows=[{"URN": "126001", "Inspection number of latest OEIF graded "
                              "inspection": "10300001",
                              "Inspection start date of latest OEIF graded inspection":
                              "14/01/2025", "Quality of education": "Good"}])
    response = post(api_for(register["a"]["officer"]), API, GRADED, format="json")
    assert response.status_code == 200
    assert response.json()["in_national_data"] is True
    assert own_inspections(tenant_a) == []


def test_an_unknown_grade_label_is_a_400_naming_it(register, tenant_a):
    response = post(api_for(register["a"]["officer"]), API,
                    {**GRADED, "quality_of_education": "Brilliant"}, format="json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "quality_of_education"
    assert "Unknown label 'Brilliant'" in error["message"]
    assert own_inspections(tenant_a) == []


def test_a_future_date_is_a_400(register):
    response = post(api_for(register["a"]["officer"]), API,
                    {**GRADED, "start_date": "2099-01-14"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "start_date"
    assert "in the future" in response.json()["errors"][0]["message"]


def test_a_report_card_is_accepted_in_the_simple_shape(register, tenant_a):
    response = post(api_for(register["a"]["officer"]), API, {
        "urn": 126003, "inspection_number": "10440099", "start_date": "2026-01-13",
        "inclusion": "Needs attention", "leadership_and_governance": "Urgent improvement",
        "safeguarding_met": "Met"}, format="json")
    assert response.status_code == 201
    [inspection] = own_inspections(tenant_a)
    assert (inspection.era, inspection.leadership_and_governance) == ("report_card", 5)


def test_a_row_in_ofsteds_mi_columns_is_accepted(register):
    response = post(api_for(register["a"]["officer"]), API, {
        "URN": "126003", "Latest ungraded inspection number": "10330099",
        "Inspection number of latest OEIF graded inspection": "NULL",
        "Date of latest ungraded inspection": "19/09/2023",
        "Ungraded inspection overall outcome": "School remains Good"}, format="json")
    assert response.status_code == 201
    assert response.json()["era"] == "ungraded"


def test_an_inspection_of_a_school_outside_the_register_is_refused(register, tenant_a, tenant_b):
    # 126002 is in Dorset's register, not Wiltshire's: nobody would read Wiltshire's row.
    response = post(api_for(register["a"]["officer"]), API, {**GRADED, "urn": 126002},
                    format="json")
    assert response.status_code == 400
    assert any("not a school of Wiltshire" in e["message"] for e in response.json()["errors"])
    assert own_inspections(tenant_a) == [] and own_inspections(tenant_b) == []


def test_grades_of_another_kind_of_inspection_are_refused(register):
    response = post(api_for(register["a"]["officer"]), API,
                    {**GRADED, "ungraded_outcome": "School remains Good"}, format="json")
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} >= {"overall_effectiveness"}


@pytest.mark.parametrize("role", ["headteacher", "board_member", "viewer"])
def test_other_roles_cannot_post_an_inspection(register, role, tenant_a):
    response = api_for(register["a"][role]).post(API, GRADED, format="json")
    assert response.status_code == 403
    assert own_inspections(tenant_a) == []


def test_another_tenants_officer_gets_404(register):
    response = api_for(register["b"]["officer"]).post(API, GRADED, format="json")
    assert response.status_code == 404


def test_the_endpoints_are_in_the_openapi_schema(tmp_path):
    out = tmp_path / "schema.yml"
    # Validated against OpenAPI 3; warnings are checked project-wide by test_api_schools.
    call_command("spectacular", "--validate", "--file", str(out))
    text = out.read_text()
    assert "/api/t/{tenant_slug}/categorisation/inspections/" in text
    assert "/api/t/{tenant_slug}/categorisation/data-imports/{data_import_id}/apply/" in text
    assert "InspectionIn:" in text and "InspectionErrors:" in text


def test_the_summary_view_runs_inside_the_tenant_scope(register, tenant_a):
    # The status record is the tenant's: outside its scope it is not even counted.
    with scope(tenant=tenant_a):
        assert DataImport.objects.count() == 0


# --- A council scripts its uploads through the API ------------------------------------------

UPLOADS = "/api/t/wiltshire/categorisation/data-imports/"


def test_a_script_uploads_checks_and_applies_a_file_with_the_api(register, tenant_a):
    client = api_for(register["a"]["admin"])
    response = post(client, UPLOADS, {"kind": "ofsted", "file": SimpleUploadedFile(
        "ofsted.csv", OFSTED_2026.read_bytes())}, format="multipart")
    assert response.status_code == 202
    # Checked in the background (here, inline once the request commits): the script polls.
    record = client.get(f"{UPLOADS}{response.json()['id']}/").json()
    assert record["status"] == "previewed"
    assert record["summary"]["counts"]["created"] == KEPT
    assert record["summary"]["reach"]["outside"] == 5
    applied = post(client, f"{UPLOADS}{record['id']}/apply/")
    assert applied.status_code == 202
    assert client.get(f"{UPLOADS}{record['id']}/").json()["status"] == "done"
    assert len(own_inspections(tenant_a)) == KEPT
    assert [row["id"] for row in client.get(UPLOADS).json()] == [record["id"]]


def test_an_upload_that_is_not_ready_cannot_be_applied_through_the_api(register):
    client = api_for(register["a"]["admin"])
    text = OFSTED_2026.read_text().replace("12/10/2022", "12/10/2099", 1)
    record = post(client, UPLOADS, {"kind": "ofsted", "file": SimpleUploadedFile(
        "ofsted.csv", text.encode())}, format="multipart").json()
    record = client.get(f"{UPLOADS}{record['id']}/").json()
    assert record["status"] == "failed" and record["errors"][0]["row"] == 2
    assert post(client, f"{UPLOADS}{record['id']}/apply/").status_code == 403


def test_an_empty_file_or_a_missing_kind_is_a_400_naming_the_field(register):
    client = api_for(register["a"]["admin"])
    response = client.post(UPLOADS, {"kind": "ofsted", "file": SimpleUploadedFile(
        "ofsted.csv", b"")}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    response = client.post(UPLOADS, {"file": SimpleUploadedFile(
        "ofsted.csv", OFSTED_2026.read_bytes())}, format="multipart")
    assert response.status_code == 400 and "kind" in response.json()


def test_another_councils_upload_is_404_through_the_api(register):
    client = api_for(register["a"]["admin"])
    record = post(client, UPLOADS, {"kind": "ofsted", "file": SimpleUploadedFile(
        "ofsted.csv", OFSTED_2026.read_bytes())}, format="multipart").json()
    other = api_for(register["b"]["admin"])
    assert other.get(f"/api/t/dorset/categorisation/data-imports/{record['id']}/").status_code \
        == 404
    assert post(other, f"/api/t/dorset/categorisation/data-imports/{record['id']}/apply/"
                ).status_code == 404


def test_an_officer_cannot_upload_through_the_api(register):
    response = api_for(register["a"]["officer"]).post(UPLOADS, {
        "kind": "ofsted", "file": SimpleUploadedFile("o.csv", OFSTED_2026.read_bytes())},
        format="multipart")
    assert response.status_code == 403
