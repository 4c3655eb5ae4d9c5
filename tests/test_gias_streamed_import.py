"""The national import in one pass (`importing.establishments_import`: a second thread writes
each chunk while the next is read) stores what reading the file and then applying it stores,
counts the same, and still refuses a file with an error anywhere, writing nothing, even once
chunks before the error were written. The chunks are made two rows long here, so that every
file below is written in several."""

import pytest
from django.db import DatabaseError, connection, transaction

from schools import gias, importing
from schools.importing import streamed
from schools.models import Establishment
from schools.searching import normalise

pytestmark = pytest.mark.django_db

HEADER = ('"URN","LA (code)","EstablishmentName","TypeOfEstablishment (name)",'
          '"EstablishmentStatus (name)","PhaseOfEducation (name)","OpenDate","NumberOfPupils",'
          '"LastChangedDate"')


def gias_csv(*rows: tuple) -> bytes:
    """(URN, name, type, status, phase, open date, pupils, LastChangedDate) rows of LA 865."""
    lines = [HEADER] + [
        f'{urn},865,"{name}","{kind}","{status}","{phase}","{opened}",{pupils},"{changed}"'
        for urn, name, kind, status, phase, opened, pupils, changed in rows]
    return ("\n".join(lines) + "\n").encode()


REGISTER = gias_csv(
    (130001, "Alton Infant School", "Community school", "Open", "Primary", "01-09-1990", 180,
     "01-03-2024"),
    (130002, "St Mary's C of E Primary", "Voluntary aided school", "Open", "Primary", "", 210,
     "01-03-2024"),
    (130003, "Hill Academy", "Academy converter", "Open", "Secondary", "01-09-2012", 900,
     "01-03-2024"),
    (130004, "Vale Nursery", "Local authority nursery school", "Open", "Nursery", "", 60, ""),
    (130005, "Ysgol Gymraeg Bro Ŵyr", "Community school", "Open", "Primary", "", 120,
     "01-03-2024"),
)
NEXT_YEAR = gias_csv(
    (130001, "Alton Infant School", "Community school", "Open", "Primary", "01-09-1990", 180,
     "01-03-2024"),  # unchanged
    (130002, "St Mary's C of E Primary", "Voluntary aided school", "Closed", "Primary", "",
     "", "01-04-2025"),  # closed
    (130003, "Hill Academy (renamed)", "Academy converter", "Open", "Secondary", "01-09-2012",
     950, "01-02-2024"),  # older than stored: left out
    (130004, "Vale Nursery School", "Local authority nursery school", "Open", "Nursery", "",
     61, ""),  # changed, undated
    (130006, "École Saint-Jean R.C.", "Free schools", "Open", "Primary", "01-09-2025", "",
     "01-09-2025"),  # added
    (130007, "Park & Ride Pupil Referral Unit", "Pupil referral unit", "Open",
     "Not applicable", "", 12, "01-09-2025"),  # added
)


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(streamed, "CHUNK_ROWS", 2)


def stored() -> list[tuple]:
    """Every stored establishment's values but the time of import."""
    columns = [field.attname for field in Establishment._meta.concrete_fields
               if field.name != "imported_at"]
    return list(Establishment.objects.order_by("urn").values_list(*columns))


def read_then_apply(data: bytes) -> dict:
    return importing.establishments_apply(importing.establishments_read(data, stage=True))


def both_ways(before: list[bytes], data: bytes) -> tuple[tuple, tuple]:
    """(counts, stored values) after `data` is imported over the register `before` leaves,
    read then applied, and in one pass; each from the same start."""
    outcomes = []
    for importer in (read_then_apply, importing.establishments_import):
        with transaction.atomic():
            for earlier in before:
                read_then_apply(earlier)
            counts = importer(data)["counts"]
            outcomes.append((counts, stored()))
            transaction.set_rollback(True)
    return outcomes[0], outcomes[1]


@pytest.mark.parametrize(("before", "data"), [
    ([], REGISTER),  # a first import
    ([REGISTER], REGISTER),  # the same file again
    ([REGISTER], NEXT_YEAR),  # unchanged, closed, older, changed and new rows
    ([NEXT_YEAR], REGISTER),  # older rows
], ids=["first", "again", "next-year", "older"])
def test_one_pass_stores_and_counts_what_reading_then_applying_does(before, data):
    by_steps, in_one_pass = both_ways(before, data)
    assert in_one_pass == by_steps
    assert by_steps[1]  # something was compared


def test_the_next_years_file_counts_each_kind_of_row():
    importing.establishments_import(REGISTER)
    counts = importing.establishments_import(NEXT_YEAR)["counts"]
    assert {key: counts[key] for key in ("added", "changed", "closed", "unchanged", "older")} \
        == {"added": 2, "changed": 1, "closed": 1, "unchanged": 1, "older": 1}
    names = dict(Establishment.objects.values_list("urn", "name"))
    assert names[130003] == "Hill Academy"  # the older row left the newer data alone
    assert not Establishment.objects.get(urn=130002).is_open
    assert {urn: normalise(name) for urn, name in names.items()} == dict(
        Establishment.objects.values_list("urn", "search_name"))


def test_the_national_import_takes_over_a_councils_provisional_school(tenant_a):
    importing.establishments_apply(gias.parse_establishments(gias_csv(
        (130008, "Provisional", "Free schools", "Open", "Primary", "", 30, "01-03-2030"))),
        tenant=tenant_a)
    assert Establishment.objects.get(urn=130008).provisional_for == tenant_a
    importing.establishments_import(gias_csv(
        (130008, "National", "Free schools", "Open", "Primary", "", 30, "01-03-2024")))
    assert Establishment.objects.filter(urn=130008).values_list(
        "name", "provisional_for").get() == ("National", None)


def test_an_error_after_chunks_were_written_refuses_the_whole_file():
    bad = REGISTER + b'130009,865,"Late Error","Community school","Open","Primary",' \
                     b'"31-02-2024",10,""\n'
    with pytest.raises(importing.ImportRefused) as refused:
        importing.establishments_import(bad)
    assert [(error.row, error.column) for error in refused.value.errors] == [(7, "OpenDate")]
    assert not Establishment.objects.exists()


def test_a_file_unreadable_at_its_end_refuses_the_whole_file():
    huge = b"x" * 200_000  # longer than a CSV field may be
    with pytest.raises(gias.FileRejected, match="well-formed"):
        importing.establishments_import(REGISTER + b'130010,865,"' + huge + b'"\n')
    assert not Establishment.objects.exists()


def test_a_failure_of_the_writing_thread_is_raised_as_the_databases_and_nothing_stays(
        monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the one pass is PostgreSQL's")
    real = streamed._ChunkWriter._write
    written = []

    def second_chunk_fails(self, cursor, *args):
        written.append(args)
        if len(written) == 2:
            cursor.execute("SELECT 1 / 0")
        return real(self, cursor, *args)

    monkeypatch.setattr(streamed._ChunkWriter, "_write", second_chunk_fails)
    with pytest.raises(DatabaseError, match="division by zero"), transaction.atomic():
        importing.establishments_import(REGISTER)
    assert len(written) == 2  # the third chunk was not written
    assert not Establishment.objects.exists()


def test_a_file_without_la_codes_is_read_then_applied(monkeypatch):
    importing.establishments_import(REGISTER)
    renamed = b'"URN","EstablishmentName"\n130001,"Alton Infants"\n'
    monkeypatch.setattr(streamed, "_ChunkWriter", None)  # never the one pass
    assert importing.establishments_import(renamed)["counts"]["changed"] == 1
    assert Establishment.objects.get(urn=130001).name == "Alton Infants"


def test_the_import_leaves_the_transaction_and_the_interpreter_as_it_found_them():
    """The foreign keys it checks per statement are deferred again (the caller's later writes
    are checked at the commit, as Django expects), and the GIL's switch interval is restored,
    after a refused file too."""
    import sys

    interval = sys.getswitchinterval()
    importing.establishments_import(REGISTER)
    with pytest.raises(importing.ImportRefused):
        importing.establishments_import(REGISTER.replace(b"130005", b"13000X"))
    assert sys.getswitchinterval() == interval
    with transaction.atomic():
        # A tenant that does not exist yet: fine until the commit while the key is deferred.
        Establishment.objects.create(urn=130099, la_code="865", name="Later",
                                     provisional_for_id=987654321)
        transaction.set_rollback(True)


@pytest.mark.parametrize("importer", [read_then_apply, importing.establishments_import])
def test_an_establishments_import_holds_the_write_lock_until_its_transaction_ends(importer):
    """Imports write one at a time, so the one pass may insert a URN it knows is not stored
    without looking for a conflict: a second import waits for the lock."""
    if connection.vendor != "postgresql":
        pytest.skip("an advisory lock is PostgreSQL's")
    from schools.importing.values import GIAS_WRITE_LOCK

    with transaction.atomic():
        importer(REGISTER)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                           "AND objid = %s AND pid = pg_backend_pid()", [GIAS_WRITE_LOCK])
            assert cursor.fetchone()[0] == 1
        transaction.set_rollback(True)
