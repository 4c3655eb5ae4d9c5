"""Ofsted and performance import pages (tenant admins) and the API that receives one
inspection: preview then apply, errors by row and column, recompute scheduled, other tenants
refused."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django_scopes import scope, scopes_disabled
from rest_framework.test import APIClient

from categorisation.models import DataArrival, DataImport, Inspection, PerformanceIndicator
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
    """Two of the fixture's schools in Wiltshire's register, one in Dorset's, five more in
    Wiltshire's LA (865) but in no register (126004 to 126007, and 126009 of the KS2 file),
    and 126008 unknown (no establishment, no register): Wiltshire's uploads write 126001 and
    126003 to 126007 (and 126009) and leave out 126002 and 126008."""
    for urn in (126001, 126003):
        SchoolFactory(tenant=tenant_a, establishment=EstablishmentFactory(urn=urn, la_code="865"))
    SchoolFactory(tenant=tenant_b, establishment=EstablishmentFactory(urn=126002, la_code="838"))
    for urn in (126004, 126005, 126006, 126007, 126009):
        EstablishmentFactory(urn=urn, la_code="865")
    return personas


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
    # Dorset's school (126002, two inspections) and the unknown 126008 are left out.
    assert data_import.summary["counts"] == {"created": 9, "updated": 0, "unchanged": 0,
                                             "errors": 0}
    assert data_import.summary["by_era"] == {"oeif_graded": 5, "ungraded": 2,
                                             "oeif_sub_judgements": 1, "report_card": 1}
    assert Inspection.objects.count() == 0
    page = client.get(response["Location"]).content.decode()
    assert "Report card (from November 2025)" in page
    assert 'data-testid="apply-import"' in page


def test_the_preview_counts_the_councils_schools_and_names_the_rows_left_out(
        register, client_for):
    client = client_for(register["a"]["admin"])
    upload(client, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
    data_import = the_import()
    assert data_import.summary["reach"] == {
        "schools": 8, "in_your_register": 2, "written": 6, "outside": 2,
        "outside_in_other_registers": 1, "outside_in_no_register": 1,
        "outside_examples": [
            {"row": 3, "urn": 126002, "name": "Bishops Cannings CofE Primary School",
             "in_other_register": True},
            {"row": 9, "urn": 126008, "name": "Hullavington Primary School",
             "in_other_register": False}]}
    page = client.get(f"{IMPORTS}{data_import.pk}/").content.decode()
    assert "Bishops Cannings CofE Primary School</td><td class=\"govuk-table__cell\">" \
           "Another council’s school" in page


def test_applying_writes_the_inspections_and_schedules_the_recompute_of_the_affected(
        register, client_for):
    client = client_for(register["a"]["admin"])
    upload(client, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
    data_import = the_import()
    response = post(client, f"{IMPORTS}{data_import.pk}/apply/")
    assert response.status_code == 302
    data_import = the_import()
    assert data_import.status == DataImport.Status.DONE
    assert Inspection.objects.count() == 9
    arrival = DataArrival.objects.get()
    # The predecessor URN of Grittleton (126070) is affected too; 126002 (Dorset's) and
    # 126008 (no council's) are not written, so not affected.
    assert set(arrival.urns) == {126001, 126003, 126004, 126005, 126006, 126007, 126070}
    assert data_import.summary["recompute"]["in_your_register"] == 2
    page = client.get(f"{IMPORTS}{data_import.pk}/").content.decode()
    assert "9 new, 0 changed, 0 unchanged" in page


def test_reapplying_the_same_file_changes_nothing_and_schedules_no_recompute(
        register, client_for):
    client = client_for(register["a"]["admin"])
    for _ in range(2):
        upload(client, "ofsted", "ofsted.csv", OFSTED_2026.read_bytes())
        with scopes_disabled():
            latest = DataImport.objects.order_by("-pk").first()
        post(client, f"{IMPORTS}{latest.pk}/apply/")
    with scopes_disabled():
        latest.refresh_from_db()
    assert latest.summary["applied"] == {"created": 0, "updated": 0, "unchanged": 9,
                                         "errors": 0}
    assert DataArrival.objects.count() == 1
    assert Inspection.objects.count() == 9


def test_a_bad_ofsted_file_fails_with_errors_by_row_and_column_and_cannot_be_applied(
        register, client_for):
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
    assert Inspection.objects.count() == 0


def test_a_performance_upload_previews_measures_and_applies(register, client_for):
    client = client_for(register["a"]["admin"])
    upload(client, "performance", "2018-2019_865_ks2final.csv", ks2().encode())
    data_import = the_import()
    assert data_import.status == DataImport.Status.PREVIEWED
    assert data_import.summary["academic_year"] == "2018/19"
    assert data_import.summary["by_measure"][0]["values"] == 2
    assert PerformanceIndicator.objects.count() == 0
    post(client, f"{IMPORTS}{data_import.pk}/apply/")
    # 126002 (SUPP) is Dorset's school: left out, so not written nor recomputed.
    assert PerformanceIndicator.objects.count() == 2
    assert set(DataArrival.objects.get().urns) == {126001, 126009}


def test_a_performance_row_of_another_councils_school_is_left_out_and_reported(
        register, client_for):
    client = client_for(register["a"]["admin"])
    upload(client, "performance", "2018-2019_865_ks2final.csv", ks2().encode())
    post(client, f"{IMPORTS}{the_import().pk}/apply/")
    data_import = the_import()
    assert data_import.status == DataImport.Status.DONE
    assert data_import.summary["reach"]["outside_examples"] == [
        {"row": 3, "urn": 126002, "name": "Bishops Cannings Primary",
         "in_other_register": True}]
    assert not PerformanceIndicator.objects.filter(urn=126002).exists()


# --- a tenant writes only its own schools' rows ----------------------------------------------


def apply_ofsted(client, imports: str = IMPORTS) -> DataImport:
    post(client, imports, {"kind": "ofsted",
                           "file": SimpleUploadedFile("ofsted.csv", OFSTED_2026.read_bytes())})
    with scopes_disabled():
        latest = DataImport.objects.order_by("-pk").first()
    post(client, f"{imports}{latest.pk}/apply/")
    with scopes_disabled():
        latest.refresh_from_db()
    return latest


def test_a_row_of_another_councils_school_is_left_out_reported_and_nothing_of_it_stored(
        register, client_for):
    client = client_for(register["a"]["admin"])
    data_import = apply_ofsted(client)
    assert data_import.status == DataImport.Status.DONE
    assert not Inspection.objects.filter(urn=126002).exists()
    assert 126002 not in DataArrival.objects.get().urns
    reach = data_import.summary["reach"]
    assert (reach["outside"], reach["outside_in_other_registers"]) == (2, 1)
    assert {"row": 3, "urn": 126002, "name": "Bishops Cannings CofE Primary School",
            "in_other_register": True} in reach["outside_examples"]
    page = client.get(f"{IMPORTS}{data_import.pk}/").content.decode()
    assert 'data-testid="import-outside"' in page and "126002" in page


def test_the_councils_own_rows_are_stored(register, client_for):
    apply_ofsted(client_for(register["a"]["admin"]))
    assert set(Inspection.objects.values_list("urn", flat=True)) == {
        126001, 126003, 126004, 126005, 126006, 126007}


def test_the_inspection_of_a_predecessor_of_the_councils_academy_is_stored(
        register, client_for):
    # 126008 is in no register and no LA, but it is the predecessor of Wiltshire's 126001.
    EstablishmentLink.objects.create(urn=126001, linked_urn=126008, link_type="Predecessor")
    data_import = apply_ofsted(client_for(register["a"]["admin"]))
    assert Inspection.objects.filter(urn=126008).exists()
    assert 126008 in DataArrival.objects.get().urns
    assert [row["urn"] for row in data_import.summary["reach"]["outside_examples"]] == [126002]


def test_another_councils_upload_of_the_same_file_writes_only_its_own_school(
        register, client_for):
    data_import = apply_ofsted(client_for(register["b"]["admin"]), DORSET)
    assert data_import.status == DataImport.Status.DONE
    assert set(Inspection.objects.values_list("urn", flat=True)) == {126002}
    assert data_import.summary["reach"]["outside_in_other_registers"] == 2


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


def test_an_officer_posts_one_inspection_which_is_stored_and_schedules_a_recompute(register):
    response = post(api_for(register["a"]["officer"]), API, GRADED, format="json")
    assert response.status_code == 201
    assert response.json() == {"inspection_number": "10300001", "urn": 126001,
                               "era": "oeif_sub_judgements", "created": True, "changed": False,
                               "recompute_urns": [126001]}
    inspection = Inspection.objects.get()
    assert (inspection.quality_of_education, inspection.leadership_and_management) == (2, 3)
    assert inspection.source == "api"
    assert DataArrival.objects.get().urns == [126001]


def test_posting_the_same_inspection_again_is_200_and_schedules_nothing(register):
    client = api_for(register["a"]["admin"])
    post(client, API, GRADED, format="json")
    response = post(client, API, GRADED, format="json")
    assert response.status_code == 200
    assert response.json()["recompute_urns"] == []
    assert (Inspection.objects.count(), DataArrival.objects.count()) == (1, 1)


def test_an_unknown_grade_label_is_a_400_naming_it(register):
    response = post(api_for(register["a"]["officer"]), API,
                    {**GRADED, "quality_of_education": "Brilliant"}, format="json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "quality_of_education"
    assert "Unknown label 'Brilliant'" in error["message"]
    assert Inspection.objects.count() == 0


def test_a_future_date_is_a_400(register):
    response = post(api_for(register["a"]["officer"]), API,
                    {**GRADED, "start_date": "2099-01-14"}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "start_date"
    assert "in the future" in response.json()["errors"][0]["message"]


def test_a_report_card_is_accepted_in_the_simple_shape(register):
    response = post(api_for(register["a"]["officer"]), API, {
        "urn": 126003, "inspection_number": "10440099", "start_date": "2026-01-13",
        "inclusion": "Needs attention", "leadership_and_governance": "Urgent improvement",
        "safeguarding_met": "Met"}, format="json")
    assert response.status_code == 201
    inspection = Inspection.objects.get()
    assert (inspection.era, inspection.leadership_and_governance) == ("report_card", 5)


def test_a_row_in_ofsteds_mi_columns_is_accepted(register):
    response = post(api_for(register["a"]["officer"]), API, {
        "URN": "126003", "Latest ungraded inspection number": "10330099",
        "Inspection number of latest OEIF graded inspection": "NULL",
        "Date of latest ungraded inspection": "19/09/2023",
        "Ungraded inspection overall outcome": "School remains Good"}, format="json")
    assert response.status_code == 201
    assert response.json()["era"] == "ungraded"


def test_an_inspection_of_another_councils_school_is_refused_and_nothing_is_stored(register):
    # 126002 is in Dorset's register: Wiltshire's officer may not change the shared store
    # behind Dorset's categories.
    response = post(api_for(register["a"]["officer"]), API, {**GRADED, "urn": 126002},
                    format="json")
    assert response.status_code == 400
    assert any("not a school of Wiltshire" in e["message"] for e in response.json()["errors"])
    assert not Inspection.objects.filter(urn=126002).exists()


def test_grades_of_another_kind_of_inspection_are_refused(register):
    response = post(api_for(register["a"]["officer"]), API,
                    {**GRADED, "ungraded_outcome": "School remains Good"}, format="json")
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} >= {"overall_effectiveness"}


@pytest.mark.parametrize("role", ["headteacher", "board_member", "viewer"])
def test_other_roles_cannot_post_an_inspection(register, role):
    response = api_for(register["a"][role]).post(API, GRADED, format="json")
    assert response.status_code == 403
    assert Inspection.objects.count() == 0


def test_another_tenants_officer_gets_404(register):
    response = api_for(register["b"]["officer"]).post(API, GRADED, format="json")
    assert response.status_code == 404


def test_the_endpoint_is_in_the_openapi_schema(tmp_path):
    out = tmp_path / "schema.yml"
    # Validated against OpenAPI 3; warnings are checked project-wide by test_api_schools.
    call_command("spectacular", "--validate", "--file", str(out))
    text = out.read_text()
    assert "/api/t/{tenant_slug}/categorisation/inspections/" in text
    assert "InspectionIn:" in text and "InspectionErrors:" in text


def test_the_summary_view_runs_inside_the_tenant_scope(register, tenant_a):
    # The status record is the tenant's: outside its scope it is not even counted.
    with scope(tenant=tenant_a):
        assert DataImport.objects.count() == 0


# --- Containment: rights come from stored data and national links only ------------------------


def test_a_link_a_council_uploaded_gives_no_right_to_its_predecessors_inspections(register):
    # 126100 is in an LA no council covers: only a national link could make it Wiltshire's
    # predecessor; one from a council's upload (as one made before the rule was) cannot.
    EstablishmentFactory(urn=126100, la_code="101", is_open=False)
    EstablishmentLink.objects.create(urn=126001, linked_urn=126100, link_type="Predecessor",
                                     source=EstablishmentLink.Source.TENANT)
    client = api_for(register["a"]["officer"])
    response = post(client, API, {**GRADED, "urn": 126100}, format="json")
    assert response.status_code == 400
    assert not Inspection.objects.filter(urn=126100).exists()
    EstablishmentLink.objects.update(source=EstablishmentLink.Source.NATIONAL)
    assert post(client, API, {**GRADED, "urn": 126100}, format="json").status_code == 201


def test_a_national_link_to_another_councils_school_gives_no_right_either(register):
    # Even real lineage across councils: writing it would change what Dorset sees.
    EstablishmentLink.objects.create(urn=126001, linked_urn=126002, link_type="Predecessor")
    response = post(api_for(register["a"]["officer"]), API, {**GRADED, "urn": 126002},
                    format="json")
    assert response.status_code == 400


def test_an_inspection_carried_out_on_another_councils_school_is_refused(register):
    response = post(api_for(register["a"]["officer"]), API,
                    {**GRADED, "urn": 126001, "inspected_urn": 126002}, format="json")
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["field"] == "urn" and "126002" in error["message"]
    assert Inspection.objects.count() == 0


def test_another_councils_inspection_number_cannot_be_taken_over(register):
    post(api_for(register["b"]["officer"]), "/api/t/dorset/categorisation/inspections/",
         {**GRADED, "urn": 126002}, format="json")
    response = post(api_for(register["a"]["officer"]), API, GRADED, format="json")
    assert response.status_code == 400
    assert Inspection.objects.get(inspection_number=GRADED["inspection_number"]).urn == 126002


def test_an_inspection_carried_out_on_a_urn_no_register_knows_is_stored(register):
    response = post(api_for(register["a"]["officer"]), API,
                    {**GRADED, "urn": 126001, "inspected_urn": 126099}, format="json")
    assert response.status_code == 201
    assert Inspection.objects.get().inspected_urn == 126099


def test_a_refused_inspection_is_in_the_audit_log(register):
    from core.models import AuditEvent

    post(api_for(register["a"]["officer"]), API, {**GRADED, "urn": 126002}, format="json")
    with scopes_disabled():
        event = AuditEvent.objects.get(action="categorisation.inspection_refused")
    assert event.tenant.slug == "wiltshire" and "126002" in event.changes["reason"]


def test_the_preview_says_when_a_later_year_is_already_stored(register, client_for):
    client = client_for(register["a"]["admin"])
    PerformanceIndicator.objects.create(urn=126001, measure="ks2_rwm_expected", year=2019,
                                        release="final", value=70)
    response = upload(client, "performance", "2018-2019_865_ks2final.csv", ks2().encode())
    assert "older than the results stored" in the_import().summary["older"]
    page = client.get(f"{IMPORTS}{the_import().pk}/").content.decode()
    assert "2019/20 is stored" in page
    assert response.status_code in (200, 302)


def test_the_preview_of_the_latest_file_carries_no_warning(register, client_for):
    client = client_for(register["a"]["admin"])
    upload(client, "performance", "2018-2019_865_ks2final.csv", ks2().encode())
    assert the_import().summary["older"] == ""
    assert 'data-testid="import-older"' not in client.get(
        f"{IMPORTS}{the_import().pk}/").content.decode()
