"""Pupil numbers with their census date and source: read from GIAS, published to the apps
above the register (schools.published)."""

from datetime import date
from pathlib import Path

import pytest
from django_scopes import scope

from schools import gias
from schools.published import GIAS_SOURCE, pupil_numbers
from tests.factories import SchoolFactory

REAL = Path(__file__).resolve().parents[2] / "shared" / "data" / "real" / "gias"


def test_the_census_date_is_read_with_the_number_of_pupils():
    data = (b'"URN","LA (code)","EstablishmentName","NumberOfPupils","CensusDate"\n'
            b'100001,"865","Hill Top Primary","210","16-01-2025"\n'
            b'100002,"865","New Free School","",""\n')
    parsed = gias.parse_establishments(data)
    assert not parsed.errors
    rows = {row.urn: dict(zip(parsed.fields, row.values, strict=True)) for row in parsed.rows}
    assert (rows[100001]["number_of_pupils"], rows[100001]["census_date"]) == (
        "210", "2025-01-16")
    assert rows[100002]["census_date"] == ""


@pytest.mark.realdata
def test_the_real_file_carries_each_schools_own_census():
    path = REAL / "gias_hampshire_surrey_primary_20220420.csv"
    if not path.exists():
        pytest.skip("../shared/data/real is not here")
    parsed = gias.parse_establishments(path.read_bytes())
    censuses = {dict(zip(parsed.fields, row.values, strict=True))["census_date"]
                for row in parsed.rows}
    assert "2021-01-21" in censuses and "2017-01-19" in censuses


@pytest.mark.django_db
def test_pupil_numbers_are_published_with_their_census_and_source(tenant_a, tenant_b):
    counted = SchoolFactory(tenant=tenant_a, establishment__number_of_pupils=420,
                            establishment__census_date=date(2025, 1, 16))
    uncounted = SchoolFactory(tenant=tenant_a, establishment__number_of_pupils=None)
    elsewhere = SchoolFactory(tenant=tenant_b, establishment__number_of_pupils=99)
    with scope(tenant=tenant_a):
        found = pupil_numbers([counted, uncounted, elsewhere])
    assert list(found) == [counted.pk]
    assert (found[counted.pk].pupils, found[counted.pk].census_date, found[counted.pk].source) \
        == (420, date(2025, 1, 16), GIAS_SOURCE)
