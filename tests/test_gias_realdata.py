"""Imports of the real GIAS files in ../shared/data/real (skipped where the folder is absent)."""

from collections import Counter
from pathlib import Path

import pytest
from django_scopes import scopes_disabled

from schools import gias, importing
from schools.models import Establishment, EstablishmentLink, Phase, School
from tests.factories import TenantFactory

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real" / "gias"
pytestmark = [
    pytest.mark.realdata,
    pytest.mark.skipif(not REAL.is_dir(), reason=f"real GIAS files not found at {REAL}"),
]
HAMPSHIRE_SURREY = "gias_hampshire_surrey_primary_20220420.csv"


def read(name: str) -> bytes:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"{name} not found")
    return path.read_bytes()


def test_the_hampshire_and_surrey_file_parses_every_row_including_the_spill_overs():
    data = read(HAMPSHIRE_SURREY)
    parsed = gias.parse_establishments(data)
    assert parsed.errors == []
    assert (parsed.total_rows, len(parsed.rows)) == (1096, 1096)
    assert parsed.spilled_rows == 69
    assert sum(1 for row in parsed.rows if parsed.value(row, "is_open") == "0") == 368
    assert Counter(parsed.value(row, "la_code") for row in parsed.rows) == {
        "850": 520, "936": 576}


def test_the_phases_of_the_hampshire_and_surrey_file_are_mapped():
    parsed = gias.parse_establishments(read(HAMPSHIRE_SURREY))
    assert Counter(parsed.value(row, "phase") for row in parsed.rows) == {
        Phase.PRIMARY: 1061, Phase.MIDDLE: 31, Phase.ALL_THROUGH: 4}


@pytest.mark.django_db
def test_a_surrey_tenant_imports_its_576_schools_and_leaves_out_hampshire():
    surrey = TenantFactory(slug="surrey", la_codes=["936"])
    parsed = gias.parse_establishments(read(HAMPSHIRE_SURREY))
    summary, errors = importing.establishments_analyse(parsed, tenant=surrey)
    assert errors == []
    assert (summary["counts"]["added"], summary["counts"]["outside"]) == (576, 520)
    counts = importing.establishments_apply(parsed, tenant=surrey)["counts"]
    assert counts["register_added"] == 576
    with scopes_disabled():
        assert School.objects.filter(tenant=surrey).count() == 576
    assert not Establishment.objects.filter(la_code="850").exists()


@pytest.mark.django_db
def test_the_national_import_of_the_real_file_is_idempotent():
    parsed = gias.parse_establishments(read(HAMPSHIRE_SURREY))
    first = importing.establishments_apply(parsed)["counts"]
    again = importing.establishments_apply(gias.parse_establishments(read(HAMPSHIRE_SURREY)))
    assert first["added"] == 1096
    assert Establishment.objects.filter(is_open=False).count() == 368
    assert (again["counts"]["added"], again["counts"]["changed"],
            again["counts"]["unchanged"]) == (0, 0, 1096)


@pytest.mark.django_db
def test_the_selected_fields_file_updates_only_its_columns():
    importing.establishments_apply(gias.parse_establishments(read(HAMPSHIRE_SURREY)))
    closed_before = Establishment.objects.filter(is_open=False).count()
    parsed = gias.parse_establishments(read(
        "gias_hampshire_surrey_primary_selectedfields_20210507.csv"))
    assert (len(parsed.rows), parsed.errors) == (729, [])
    importing.establishments_apply(parsed)
    assert Establishment.objects.filter(is_open=False).count() == closed_before
    assert Establishment.objects.exclude(postcode="").count() > 1000


def test_the_surrey_open_establishments_file_classes_special_schools_and_prus():
    parsed = gias.parse_establishments(read("gias_surrey_open_establishments_2021.csv"))
    assert (len(parsed.rows), parsed.errors) == (590, [])
    phases = Counter(parsed.value(row, "phase") for row in parsed.rows)
    assert phases[Phase.ALTERNATIVE_PROVISION] == 8
    assert phases[Phase.SPECIAL] > 30


@pytest.mark.django_db
def test_the_real_links_file_in_windows_1252_imports_idempotently():
    parsed = gias.parse_links(read("links_edubasealldata20250422.csv"))
    assert (parsed.encoding, len(parsed.rows), parsed.errors) == ("Windows-1252", 33801, [])
    assert any("à Becket" in row.linked_name for row in parsed.rows)
    assert importing.links_apply(parsed)["counts"]["added"] == 33801
    again = importing.links_apply(parsed)["counts"]
    assert (again["added"], again["changed"]) == (0, 0)
    assert EstablishmentLink.objects.count() == 33801


@pytest.mark.django_db
def test_an_older_national_file_does_not_undo_the_newer_one():
    """The review: the 2021 Surrey file, imported after the 2022 file, applied 302 rows that
    were all older than stored and reopened 8 closed schools, while the preview said nothing."""
    newer = gias.parse_establishments(read(HAMPSHIRE_SURREY))
    importing.establishments_apply(newer)
    before = dict(Establishment.objects.values_list("urn", "is_open"))
    names = dict(Establishment.objects.values_list("urn", "name"))
    older = gias.parse_establishments(read("gias_surrey_open_establishments_2021.csv"))
    summary, errors = importing.establishments_analyse(older)
    assert errors == []
    assert summary["counts"]["older"] >= 250
    assert summary["counts"]["reopened"] == 0
    applied = importing.establishments_apply(older)["counts"]
    assert applied["older"] == summary["counts"]["older"]
    after = dict(Establishment.objects.filter(urn__in=before).values_list("urn", "is_open"))
    assert [urn for urn, is_open in after.items() if is_open and not before[urn]] == []
    stored_names = dict(Establishment.objects.filter(urn__in=names).values_list("urn", "name"))
    assert stored_names == names
