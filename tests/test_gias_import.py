"""The GIAS import services: preview, apply, idempotence, LA filtering, nothing half-saved."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from core.file_imports import ProgressRecorder
from core.models import AuditEvent
from core.tasks import QueuedTask
from schools import gias, importing
from schools.models import Establishment, EstablishmentLink, GiasImport, Governance, School
from tests.factories import EstablishmentFactory, TenantFactory, gias_file

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gias"


def parsed(name: str) -> gias.EstablishmentFile:
    return gias.parse_establishments((FIXTURES / name).read_bytes())


def register_urns(tenant) -> set[int]:
    with scopes_disabled():
        return set(School.objects.filter(tenant=tenant).values_list("establishment_id", flat=True))


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_preview_counts_what_would_be_added_and_writes_nothing(tenant_a):
    summary, errors = importing.establishments_analyse(
        parsed("establishments_utf8_bom.csv"), tenant=tenant_a)
    assert errors == []
    assert summary["counts"] == {
        "added": 5, "changed": 0, "closed": 0, "unchanged": 0, "outside": 1, "errors": 0,
        "closed_in_file": 1, "register_added": 5, "older": 0, "reopened": 0, "national": 0}
    assert Establishment.objects.count() == 0


def test_rows_outside_the_tenants_la_codes_are_reported_by_row_urn_and_la(tenant_a):
    summary, _ = importing.establishments_analyse(
        parsed("establishments_utf8_bom.csv"), tenant=tenant_a)
    assert summary["examples"]["outside"] == [
        {"row": 7, "urn": 113001, "la_code": "838", "name": "Dorchester Middle School",
         "reason": "LA 838 is not one of your LA codes"}]


def test_applying_adds_the_establishments_and_the_tenants_register_entries(tenant_a):
    counts = importing.establishments_apply(
        parsed("establishments_utf8_bom.csv"), tenant=tenant_a)["counts"]
    assert counts["added"] == 5 and counts["register_added"] == 5 and counts["outside"] == 1
    assert register_urns(tenant_a) == {126001, 126002, 148001, 126005, 126006}
    closed = Establishment.objects.get(urn=126002)
    assert (closed.is_open, closed.close_date.isoformat()) == (False, "2019-08-31")
    assert Establishment.objects.get(urn=148001).governance == Governance.ACADEMY


def test_a_tenants_import_leaves_other_las_establishments_alone(tenant_a, tenant_b):
    importing.establishments_apply(parsed("establishments_utf8_bom.csv"), tenant=tenant_a)
    assert not Establishment.objects.filter(urn=113001).exists()
    assert register_urns(tenant_b) == set()


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tenant_a):
    importing.establishments_apply(parsed("establishments_utf8_bom.csv"), tenant=tenant_a)
    before = list(Establishment.objects.values_list("urn", "imported_at", "row_hash"))
    summary, _ = importing.establishments_analyse(
        parsed("establishments_utf8_bom.csv"), tenant=tenant_a)
    counts = importing.establishments_apply(
        parsed("establishments_utf8_bom.csv"), tenant=tenant_a)["counts"]
    assert summary["counts"]["unchanged"] == 5
    assert (counts["added"], counts["changed"], counts["closed"], counts["register_added"]) == (
        0, 0, 0, 0)
    assert list(Establishment.objects.values_list("urn", "imported_at", "row_hash")) == before
    assert len(register_urns(tenant_a)) == 5


def test_the_preview_shows_changed_fields_old_and_new_and_schools_that_closed(tenant_a):
    importing.establishments_apply(parsed("establishments_utf8_bom.csv"), tenant=tenant_a)
    summary, _ = importing.establishments_analyse(
        parsed("establishments_later.csv"), tenant=tenant_a)
    assert (summary["counts"]["added"], summary["counts"]["changed"],
            summary["counts"]["closed"]) == (1, 1, 1)
    [changed] = summary["examples"]["changed"]
    assert changed["urn"] == 126001
    assert ["Name", "Trowbridge Park Primary School",
            "Trowbridge Park Church of England Primary School"] in changed["changes"]
    assert ["Pupils on roll", "210", "225"] in changed["changes"]
    assert summary["examples"]["closed"][0]["urn"] == 126005


def test_applying_a_later_file_updates_and_closes(tenant_a):
    importing.establishments_apply(parsed("establishments_utf8_bom.csv"), tenant=tenant_a)
    counts = importing.establishments_apply(
        parsed("establishments_later.csv"), tenant=tenant_a)["counts"]
    assert (counts["added"], counts["changed"], counts["closed"]) == (1, 1, 1)
    assert Establishment.objects.get(urn=126001).number_of_pupils == 225
    assert Establishment.objects.get(urn=126005).is_open is False
    assert 126007 in register_urns(tenant_a)


def test_a_selected_fields_file_updates_its_columns_and_blanks_nothing_else(tenant_a):
    importing.establishments_apply(parsed("establishments_utf8_bom.csv"), tenant=tenant_a)
    counts = importing.establishments_apply(parsed("selected_fields.csv"), tenant=tenant_a)
    special = Establishment.objects.get(urn=126005)
    primary = Establishment.objects.get(urn=126001)
    assert counts["counts"]["changed"] == 2  # the special school's type group differs too
    assert primary.religious_character == "Church of England"
    assert primary.district == "West Wiltshire"
    assert (primary.postcode, primary.number_of_pupils, primary.type_name) == (
        "BA14 8AA", 210, "Community school")
    assert special.governance == Governance.MAINTAINED


def test_applying_changes_marks_cached_registers_stale_and_a_re_import_does_not(
        tenant_a, tenant_b):
    importing.establishments_apply(parsed("establishments_utf8_bom.csv"), tenant=tenant_a)
    tenant_a.refresh_from_db()
    tenant_b.refresh_from_db()
    versions = (tenant_a.register_version, tenant_b.register_version)
    importing.establishments_apply(parsed("establishments_utf8_bom.csv"), tenant=tenant_a)
    tenant_a.refresh_from_db()
    tenant_b.refresh_from_db()
    assert (tenant_a.register_version, tenant_b.register_version) == versions
    importing.establishments_apply(parsed("establishments_later.csv"), tenant=tenant_a)
    tenant_b.refresh_from_db()
    assert tenant_b.register_version != versions[1]


def test_a_national_import_writes_every_row_and_no_register(tenant_a):
    counts = importing.establishments_apply(parsed("establishments_utf8_bom.csv"))["counts"]
    assert counts["added"] == 6
    assert Establishment.objects.filter(urn=113001).exists()
    assert register_urns(tenant_a) == set()


def test_a_file_with_an_error_is_not_applied_at_all(tenant_a):
    with pytest.raises(importing.ImportRefused) as refused:
        importing.establishments_apply(parsed("bad_date.csv"), tenant=tenant_a)
    assert refused.value.errors[0].column == "CloseDate"
    assert Establishment.objects.count() == 0
    assert register_urns(tenant_a) == set()


def test_a_failure_while_writing_leaves_nothing_half_saved(tenant_a, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(importing.writing, "register_missing", fail)
    with pytest.raises(RuntimeError):
        importing.establishments_apply(parsed("establishments_utf8_bom.csv"), tenant=tenant_a)
    assert Establishment.objects.count() == 0


def test_a_councils_links_file_writes_nothing(tenant_a):
    # Lineage is national data: a council's links file is left out, row by row, with why.
    importing.establishments_apply(parsed("establishments_utf8_bom.csv"), tenant=tenant_a)
    links = gias.parse_links((FIXTURES / "links_windows1252.csv").read_bytes())
    summary, _ = importing.links_analyse(links, tenant=tenant_a)
    assert (summary["counts"]["added"], summary["counts"]["outside"]) == (0, 4)
    assert {row["reason"] for row in summary["examples"]["outside"]} == {
        importing.links.NATIONAL_ONLY}
    assert importing.links_apply(links, tenant=tenant_a)["counts"]["added"] == 0
    assert not EstablishmentLink.objects.exists()


def test_a_national_links_import_keeps_every_link():
    links = gias.parse_links((FIXTURES / "links_windows1252.csv").read_bytes())
    assert importing.links_apply(links)["counts"]["added"] == 4
    assert EstablishmentLink.objects.get(urn=126010).established_date is None
    assert set(EstablishmentLink.objects.values_list("source", flat=True)) == {"national"}


# --- Containment: stored data decides what is a tenant's own ---------------------------------

def one_row(urn: int, la_code: str, name: str, status: str = "Open") -> gias.EstablishmentFile:
    return gias.parse_establishments(gias_file((urn, la_code, name, status)))


def test_another_councils_stored_school_is_refused_whatever_la_code_the_file_gives(
        tenant_a, tenant_b):
    EstablishmentFactory(urn=113005, la_code="838", name="Dorset First School")
    row = one_row(113005, "865", "Renamed By Wiltshire", status="Closed")
    summary, errors = importing.establishments_analyse(row, tenant=tenant_a)
    assert errors == []
    assert summary["counts"]["changed"] == summary["counts"]["closed"] == 0
    assert summary["examples"]["outside"] == [
        {"row": 2, "urn": 113005, "la_code": "838", "name": "Renamed By Wiltshire",
         "reason": "Another council's school (LA 838)"}]
    importing.establishments_apply(row, tenant=tenant_a)
    stored = Establishment.objects.get(urn=113005)
    assert (stored.name, stored.la_code, stored.is_open) == ("Dorset First School", "838", True)
    assert register_urns(tenant_a) == set()


def test_a_file_cannot_move_the_tenants_own_school_to_another_la_code(tenant_a, tenant_b):
    EstablishmentFactory(urn=126050, la_code="865", name="Wiltshire Primary")
    summary, _ = importing.establishments_analyse(one_row(126050, "838", "Wiltshire Primary"),
                                                  tenant=tenant_a)
    [refused] = summary["examples"]["outside"]
    assert refused["reason"].startswith("The file moves it from LA 865 to LA 838")
    importing.establishments_apply(one_row(126050, "838", "Wiltshire Primary"), tenant=tenant_a)
    assert Establishment.objects.get(urn=126050).la_code == "865"


def test_a_new_school_of_an_la_code_another_tenant_also_covers_is_refused(tenant_a):
    # Overlaps are refused when tenants are made; one made before the rule writes nothing.
    TenantFactory(slug="wiltshire-body", la_codes=["865"])
    summary, _ = importing.establishments_analyse(one_row(126060, "865", "New School"),
                                                  tenant=tenant_a)
    assert summary["examples"]["outside"][0]["reason"] == "LA 865 is shared with another council"
    importing.establishments_apply(one_row(126060, "865", "New School"), tenant=tenant_a)
    assert not Establishment.objects.filter(urn=126060).exists()


def test_the_national_import_writes_any_la_and_may_change_la_codes():
    EstablishmentFactory(urn=126050, la_code="865")
    importing.establishments_apply(one_row(126050, "838", "Moved Primary"))
    assert Establishment.objects.get(urn=126050).la_code == "838"


# --- The tenant layer: a council's extract writes no national data ----------------------------

def test_a_school_the_national_register_has_joins_the_register_with_its_national_details(
        tenant_a):
    EstablishmentFactory(urn=126070, la_code="865", name="Avon Valley School")
    row = one_row(126070, "865", "Renamed By The Council's Extract", status="Closed")
    summary, _ = importing.establishments_analyse(row, tenant=tenant_a)
    assert (summary["counts"]["national"], summary["counts"]["changed"],
            summary["counts"]["register_added"]) == (1, 0, 1)
    counts = importing.establishments_apply(row, tenant=tenant_a)["counts"]
    assert (counts["national"], counts["register_added"]) == (1, 1)
    stored = Establishment.objects.get(urn=126070)
    assert (stored.name, stored.is_open, stored.provisional_for) == (
        "Avon Valley School", True, None)
    assert register_urns(tenant_a) == {126070}


def test_a_urn_the_national_register_lacks_is_the_councils_provisional_school_until_then(
        tenant_a):
    importing.establishments_apply(one_row(126080, "865", "New Free School"), tenant=tenant_a)
    provisional = Establishment.objects.get(urn=126080)
    assert provisional.provisional_for == tenant_a
    # The council's next extract may correct its own provisional school...
    importing.establishments_apply(one_row(126080, "865", "New Free School (renamed)"),
                                   tenant=tenant_a)
    assert Establishment.objects.get(urn=126080).name == "New Free School (renamed)"
    # ...until the national import brings the URN and takes it over, by URN.
    importing.establishments_apply(one_row(126080, "865", "Oak Free School"))
    national = Establishment.objects.get(urn=126080)
    assert (national.name, national.provisional_for) == ("Oak Free School", None)
    assert register_urns(tenant_a) == {126080}
    # From then on the council's extract no longer writes it.
    importing.establishments_apply(one_row(126080, "865", "Back To The Old Name"),
                                   tenant=tenant_a)
    assert Establishment.objects.get(urn=126080).name == "Oak Free School"


def test_the_national_import_takes_over_a_provisional_school_even_if_it_looks_newer(tenant_a):
    importing.establishments_apply(one_row(126081, "865", "Provisional"), tenant=tenant_a)
    Establishment.objects.filter(urn=126081).update(last_changed_date="2030-01-01")
    importing.establishments_apply(one_row(126081, "865", "National"))
    assert Establishment.objects.get(urn=126081).name == "National"


def test_another_councils_provisional_school_is_left_alone(tenant_a, tenant_b):
    importing.establishments_apply(one_row(126082, "865", "Wiltshire's New School"),
                                   tenant=tenant_a)
    # LA 865 later passes to Dorset (a reorganisation); its extract carries the same new URN,
    # still held provisionally by Wiltshire.
    tenant_a.la_codes = ["999"]
    tenant_a.save()
    tenant_b.la_codes = [*tenant_b.la_codes, "865"]
    tenant_b.save()
    summary, _ = importing.establishments_analyse(one_row(126082, "865", "Taken"),
                                                  tenant=tenant_b)
    assert summary["examples"]["outside"][0]["reason"] == (
        "Not in the national register yet, and another council has added it")
    importing.establishments_apply(one_row(126082, "865", "Taken"), tenant=tenant_b)
    stored = Establishment.objects.get(urn=126082)
    assert (stored.name, stored.provisional_for) == ("Wiltshire's New School", tenant_a)
    assert register_urns(tenant_b) == set()


def test_the_preview_names_the_councils_schools_not_in_its_extract(tenant_a):
    importing.establishments_apply(one_row(126083, "865", "Zeals School"), tenant=tenant_a)
    summary, _ = importing.establishments_analyse(one_row(126084, "865", "Other"),
                                                  tenant=tenant_a)
    assert summary["missing"] == {"count": 1,
                                  "examples": [{"urn": 126083, "name": "Zeals School"}]}


def test_refused_rows_are_in_the_audit_log(tenant_a, tenant_b):
    EstablishmentFactory(urn=113005, la_code="838")
    importing.establishments_apply(one_row(113005, "865", "Renamed"), tenant=tenant_a)
    with scope(tenant=tenant_a):
        event = AuditEvent.objects.get(action="gias_import.apply")
    assert event.changes["refused"][0]["urn"] == 113005
    assert "1 rows not for this council refused" in event.summary


# --- The status record ------------------------------------------------------------------------


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    data = (FIXTURES / name).read_bytes() if content is None else content
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_an_upload_is_analysed_after_commit_and_then_applied(
        tenant_a, personas, django_capture_on_commit_callbacks):
    admin = personas["a"]["admin"]
    existing = Establishment.objects.count()
    with scope(tenant=tenant_a):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            gias_import = importing.gias_import_create(
                tenant=tenant_a, actor=admin, kind=GiasImport.Kind.ESTABLISHMENTS,
                uploaded_file=upload("establishments_utf8_bom.csv"))
        # One task queued after the commit (beside the header's waiting-count bump).
        assert [(c.name, c.args) for c in callbacks if isinstance(c, QueuedTask)] == [
            ("schools.tasks.gias_import_analyse", (gias_import.pk,))]
        gias_import.refresh_from_db()
        assert gias_import.status == GiasImport.Status.PREVIEWED
        assert gias_import.summary["counts"]["added"] == 5
        assert Establishment.objects.count() == existing
        with django_capture_on_commit_callbacks(execute=True):
            importing.gias_import_apply_request(gias_import=gias_import, actor=admin)
        gias_import.refresh_from_db()
        assert gias_import.status == GiasImport.Status.DONE
        assert gias_import.summary["applied"]["register_added"] == 5
        assert (gias_import.processed_rows, gias_import.total_rows) == (6, 6)
        assert AuditEvent.objects.filter(action="gias_import.apply").count() == 1


def test_an_upload_with_errors_fails_and_cannot_be_applied(tenant_a, personas):
    admin = personas["a"]["admin"]
    with scope(tenant=tenant_a):
        gias_import = importing.gias_import_create(
            tenant=tenant_a, actor=admin, kind=GiasImport.Kind.ESTABLISHMENTS,
            uploaded_file=upload("bad_duplicate_urn.csv"))
        importing.gias_import_analyse(gias_import=gias_import)
        assert gias_import.status == GiasImport.Status.FAILED
        assert gias_import.errors == [{
            "row": 4, "column": "URN",
            "message": "URN 126001 appears twice, in rows 2 and 4."}]
        with pytest.raises(PermissionDenied):
            importing.gias_import_apply_request(gias_import=gias_import, actor=admin)


def test_a_links_upload_is_refused_saying_where_links_come_from(tenant_a, personas):
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as refused:
        importing.gias_import_create(
            tenant=tenant_a, actor=personas["a"]["admin"], kind=GiasImport.Kind.LINKS,
            uploaded_file=upload("links_windows1252.csv"))
    assert "national GIAS import" in refused.value.message_dict["kind"][0]
    with scopes_disabled():
        assert GiasImport.objects.count() == 0


def test_an_oversized_upload_is_refused_before_it_is_stored(tenant_a, personas, settings):
    settings.GIAS_UPLOAD_MAX_BYTES = 1000
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as refused:
        importing.gias_import_create(
            tenant=tenant_a, actor=personas["a"]["admin"],
            kind=GiasImport.Kind.ESTABLISHMENTS,
            uploaded_file=upload("establishments_utf8_bom.csv"))
    assert "smaller than" in refused.value.message_dict["file"][0]
    with scopes_disabled():
        assert GiasImport.objects.count() == 0


def test_an_empty_upload_is_refused(tenant_a, personas):
    with scope(tenant=tenant_a), pytest.raises(ValidationError, match="empty"):
        importing.gias_import_create(
            tenant=tenant_a, actor=personas["a"]["admin"],
            kind=GiasImport.Kind.ESTABLISHMENTS, uploaded_file=upload("bad_empty.csv"))


def test_applying_a_previewed_import_twice_is_harmless(tenant_a, personas):
    admin = personas["a"]["admin"]
    with scope(tenant=tenant_a):
        gias_import = importing.gias_import_create(
            tenant=tenant_a, actor=admin, kind=GiasImport.Kind.ESTABLISHMENTS,
            uploaded_file=upload("establishments_utf8_bom.csv"))
        importing.gias_import_analyse(gias_import=gias_import)
        importing.gias_import_apply_request(gias_import=gias_import, actor=admin)
        gias_import.refresh_from_db()
        importing.gias_import_apply(gias_import=gias_import)
        importing.gias_import_apply(gias_import=gias_import)
        assert gias_import.status == GiasImport.Status.DONE
        assert AuditEvent.objects.filter(action="gias_import.apply").count() == 1


# --- Tasks and progress -----------------------------------------------------------------------


def test_the_tasks_restore_the_tenant_scope_from_a_plain_id(tenant_a, personas):
    from schools import tasks

    with scope(tenant=tenant_a):
        gias_import = importing.gias_import_create(
            tenant=tenant_a, actor=personas["a"]["admin"],
            kind=GiasImport.Kind.ESTABLISHMENTS,
            uploaded_file=upload("establishments_utf8_bom.csv"))
    tasks.gias_import_analyse(gias_import.pk)
    with scope(tenant=tenant_a):
        importing.gias_import_apply_request(gias_import=gias_import, actor=personas["a"]["admin"])
    tasks.gias_import_apply(gias_import.pk)
    with scopes_disabled():
        gias_import.refresh_from_db()
    assert gias_import.status == GiasImport.Status.DONE
    assert register_urns(tenant_a) >= {126001, 126002, 148001, 126005, 126006}


def test_an_unexpected_error_in_a_task_marks_the_import_failed(tenant_a, personas, monkeypatch):
    from schools import tasks

    with scope(tenant=tenant_a):
        gias_import = importing.gias_import_create(
            tenant=tenant_a, actor=personas["a"]["admin"],
            kind=GiasImport.Kind.ESTABLISHMENTS,
            uploaded_file=upload("establishments_utf8_bom.csv"))

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importing.records, "establishments_analyse", explode)
    tasks.gias_import_analyse(gias_import.pk)
    with scopes_disabled():
        gias_import.refresh_from_db()
    assert gias_import.status == GiasImport.Status.FAILED
    assert "unexpected error" in gias_import.errors[0]["message"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_progress_written_inside_the_apply_transaction_is_seen_by_another_connection(
        tenant_a, personas):
    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer: progress waits for the commit there")
    with scope(tenant=tenant_a):
        gias_import = importing.gias_import_create(
            tenant=tenant_a, actor=personas["a"]["admin"],
            kind=GiasImport.Kind.ESTABLISHMENTS,
            uploaded_file=upload("establishments_utf8_bom.csv"))
    recorder = ProgressRecorder(gias_import, "Writing the changes")
    observer = connections.create_connection("default")
    try:
        with transaction.atomic():
            recorder(3, 6)
            with observer.cursor() as cursor:
                cursor.execute("SELECT processed_rows, total_rows, progress_note "
                               "FROM schools_giasimport WHERE id = %s", [gias_import.pk])
                seen = cursor.fetchone()
    finally:
        recorder.close()
        observer.close()
    assert seen == (3, 6, "Writing the changes")


# --- Streaming into PostgreSQL while the file is read -----------------------------------------


def staged_tables() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'gias_stage_%%' "
                       "AND relpersistence = 't'")
        return cursor.fetchone()[0]


@pytest.fixture
def postgresql():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("staging streams rows into PostgreSQL with COPY")


@pytest.mark.postgres
def test_a_file_streamed_into_staging_as_it_is_read_is_applied_for_the_tenant_only(
        tenant_a, postgresql):
    data = (FIXTURES / "establishments_utf8_bom.csv").read_bytes()
    staged = importing.establishments_read(data, stage=True)
    assert staged.staged and staged_tables() == 1
    counts = importing.establishments_apply(staged, tenant=tenant_a)["counts"]
    assert (counts["added"], counts["outside"], counts["register_added"]) == (5, 1, 5)
    assert not Establishment.objects.filter(urn=113001).exists()
    assert staged_tables() == 0


@pytest.mark.postgres
def test_a_streamed_file_finds_the_same_rows_and_hashes_as_one_read_in_memory(postgresql):
    data = (FIXTURES / "establishments_utf8_bom.csv").read_bytes()
    staged = importing.establishments_read(data, stage=True)
    in_memory = gias.parse_establishments(data)
    assert [(row.urn, row.row_hash, row.values) for row in staged.rows] == [
        (row.urn, row.row_hash, row.values) for row in in_memory.rows]


@pytest.mark.postgres
def test_a_file_with_an_error_is_not_staged_and_reports_the_same_errors(postgresql):
    data = (FIXTURES / "bad_date.csv").read_bytes()
    staged = importing.establishments_read(data, stage=True)
    assert staged.staged == "" and staged_tables() == 0
    assert staged.errors == gias.parse_establishments(data).errors
    assert staged.errors[0].column == "CloseDate"


@pytest.mark.postgres
def test_a_file_refused_while_streaming_keeps_its_message_and_leaves_no_staging(postgresql):
    with pytest.raises(gias.FileRejected, match="header row but no establishments"):
        importing.establishments_read((FIXTURES / "bad_header_only.csv").read_bytes(),
                                      stage=True)
    assert staged_tables() == 0


# --- Staleness: an older file never undoes newer data ------------------------------------------


def dated_file(*rows: tuple[int, str, str, str]) -> gias.EstablishmentFile:
    """(URN, name, status, LastChangedDate DD-MM-YYYY) rows of LA 865."""
    lines = ['"URN","LA (code)","EstablishmentName","EstablishmentStatus (name)",'
             '"LastChangedDate"']
    lines += [f'{urn},865,"{name}","{status}","{changed}"' for urn, name, status, changed in rows]
    return gias.parse_establishments(("\n".join(lines) + "\n").encode())


def test_a_row_older_than_stored_is_counted_and_not_applied():
    importing.establishments_apply(dated_file((126090, "New Name", "Closed", "01-03-2024")))
    older = dated_file((126090, "Old Name", "Open", "01-09-2021"))
    summary, _ = importing.establishments_analyse(older)
    assert (summary["counts"]["older"], summary["counts"]["changed"]) == (1, 0)
    assert summary["examples"]["older"][0]["stored_date"] == "2024-03-01"
    importing.establishments_apply(older)
    stored = Establishment.objects.get(urn=126090)
    assert (stored.name, stored.is_open) == ("New Name", False)


def test_a_newer_row_that_reopens_a_school_is_shown_as_reopening():
    importing.establishments_apply(dated_file((126091, "A School", "Closed", "01-03-2021")))
    newer = dated_file((126091, "A School", "Open", "01-03-2024"))
    summary, _ = importing.establishments_analyse(newer)
    assert summary["counts"]["reopened"] == 1
    assert summary["examples"]["reopened"][0]["urn"] == 126091
    importing.establishments_apply(newer)
    assert Establishment.objects.get(urn=126091).is_open
