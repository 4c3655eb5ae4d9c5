"""The staleness rule (an older download never undoes newer data) now rides on the hash
comparison's query: the same outcomes, and no query of its own; the national import takes over
the provisional schools its file has, and only those; and the name's normal form,
which every imported row gets, the same on its quick ASCII path as on the general one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schools import gias, importing
from schools.models import Establishment
from schools.searching import normalise

pytestmark = pytest.mark.django_db


def dated_file(*rows: tuple[int, str, str, str], dated: bool = True) -> gias.EstablishmentFile:
    """(URN, name, status, LastChangedDate DD-MM-YYYY) rows of LA 865."""
    header = '"URN","LA (code)","EstablishmentName","EstablishmentStatus (name)"'
    lines = [header + (',"LastChangedDate"' if dated else "")]
    lines += [f'{urn},865,"{name}","{status}"' + (f',"{changed}"' if dated else "")
              for urn, name, status, changed in rows]
    return gias.parse_establishments(("\n".join(lines) + "\n").encode())


def test_older_newer_equal_and_undated_rows_against_a_stored_register():
    importing.establishments_apply(dated_file(
        (126101, "Stored", "Open", "01-03-2024"), (126102, "Stored", "Open", "01-03-2024"),
        (126103, "Stored", "Open", "01-03-2024"), (126104, "Stored", "Open", "01-03-2024")))
    Establishment.objects.filter(urn=126104).update(last_changed_date=None)
    file = dated_file(
        (126101, "Older", "Closed", "28-02-2024"),  # older: left out
        (126102, "Same Day", "Closed", "01-03-2024"),  # the same day: applied
        (126103, "Undated", "Closed", ""),  # no date in the file: applied
        (126104, "Stored Undated", "Closed", "01-01-2020"),  # none stored: applied
        (126105, "New", "Open", "01-01-2000"))  # not stored: added
    summary, errors = importing.establishments_analyse(file)
    assert errors == []
    counts = summary["counts"]
    assert (counts["older"], counts["closed"], counts["added"]) == (1, 3, 1)
    assert summary["examples"]["older"] == [
        {"row": 2, "urn": 126101, "name": "Older", "file_date": "2024-02-28",
         "stored_date": "2024-03-01"}]
    applied = importing.establishments_apply(file)["counts"]
    assert (applied["older"], applied["closed"], applied["added"]) == (1, 3, 1)
    assert dict(Establishment.objects.values_list("urn", "name")) == {
        126101: "Stored", 126102: "Same Day", 126103: "Undated", 126104: "Stored Undated",
        126105: "New"}


def test_a_councils_older_extract_does_not_undo_its_own_provisional_school(tenant_a):
    importing.establishments_apply(dated_file((126110, "Newer", "Open", "01-03-2024")),
                                   tenant=tenant_a)
    assert Establishment.objects.get(urn=126110).provisional_for == tenant_a
    older = dated_file((126110, "Older", "Closed", "01-03-2023"))
    summary, _ = importing.establishments_analyse(older, tenant=tenant_a)
    assert summary["counts"]["older"] == 1
    assert importing.establishments_apply(older, tenant=tenant_a)["counts"]["older"] == 1
    assert Establishment.objects.get(urn=126110).name == "Newer"


def test_the_national_import_takes_over_a_provisional_school_dated_later(tenant_a):
    importing.establishments_apply(dated_file((126111, "Provisional", "Open", "01-03-2030")),
                                   tenant=tenant_a)
    national = dated_file((126111, "National", "Open", "01-03-2024"))
    summary, _ = importing.establishments_analyse(national)
    assert (summary["counts"]["older"], summary["counts"]["changed"]) == (0, 1)
    importing.establishments_apply(national)
    stored = Establishment.objects.get(urn=126111)
    assert (stored.name, stored.provisional_for) == ("National", None)


@pytest.mark.parametrize("register", ["empty", "stored"])
def test_the_staleness_rule_costs_no_query_of_its_own(register):
    rows = [(126120 + i, f"School {i}", "Open", "01-03-2024") for i in range(5)]
    if register == "stored":
        importing.establishments_apply(dated_file(*rows))
        rows = [(urn, name + " renamed", status, "01-04-2024") for urn, name, status, _ in rows]
    counted = []
    for dated in (False, True):
        file = dated_file(*rows, dated=dated)
        with CaptureQueriesContext(connection) as queries:
            summary, _ = importing.establishments_analyse(file)
        counted.append(len(queries))
    assert counted[0] == counted[1]
    assert summary["counts"]["changed" if register == "stored" else "added"] == 5


@pytest.mark.parametrize("name", [
    "St Mary's C of E Primary School", "SAINT PETER & ST PAUL R.C. SCHOOL", "Church of England",
    "c e", "r c", "cofe", "C-of-E", "West Street", "  ", "", "'", "St. John`s (VA)", "ABC123",
    "The Hill, Calne", "roman catholic roman", "Saint-saint"])
def test_an_ascii_name_has_the_normal_form_of_the_general_path(name):
    # A combining accent sends the name down the general (Unicode) path and is taken off there.
    assert normalise(name) == normalise(name + "\u0301")


def test_the_normal_form_of_names_with_accents_and_curly_apostrophes():
    assert normalise("École St Mary’s C of E") == "ecole st marys ce"
    assert normalise("STRASSE ß") == "strasse ss"
    assert normalise("St Mary's C of E Primary School") == "st marys ce primary school"


def test_the_national_import_takes_over_only_the_provisional_schools_its_file_has(tenant_a):
    importing.establishments_apply(dated_file((126112, "In The File", "Open", "01-03-2024"),
                                              (126113, "Not In It", "Open", "01-03-2024")),
                                   tenant=tenant_a)
    importing.establishments_apply(dated_file((126112, "In The File", "Open", "01-04-2024"),
                                              (126114, "Another", "Open", "01-04-2024")))
    assert dict(Establishment.objects.values_list("urn", "provisional_for")) == {
        126112: None, 126113: tenant_a.pk, 126114: None}
