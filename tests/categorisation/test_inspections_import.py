"""inspections_import: all or nothing, idempotent, and the URNs it affects."""

import pytest

from categorisation.models import Inspection
from categorisation.services import inspections_import
from tests.categorisation.conftest import FIXTURES, TODAY

pytestmark = pytest.mark.django_db
LEGACY = FIXTURES / "ofsted_mi_legacy_format.csv"


@pytest.mark.realdata
def test_importing_the_real_file_stores_every_inspection_once(real_ofsted_bytes):
    result = inspections_import(file=real_ofsted_bytes, source="leeds.csv", today=TODAY)
    assert result.ok
    assert result.created == Inspection.objects.count() == 304
    assert 149735 in result.affected_urns and 107877 in result.affected_urns  # predecessor


@pytest.mark.realdata
def test_reimporting_the_real_file_changes_nothing(real_ofsted_bytes):
    inspections_import(file=real_ofsted_bytes, today=TODAY)
    again = inspections_import(file=real_ofsted_bytes, today=TODAY)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 304)
    assert again.affected_urns == set()


def test_the_older_format_imports_and_reports_affected_urns():
    result = inspections_import(file=LEGACY.read_bytes(), source="legacy.csv", today=TODAY)
    assert result.ok
    assert result.created == 7
    assert result.affected_urns == {100001, 100002, 100003, 100004, 100005, 100099}


def test_a_changed_inspection_is_updated_and_only_its_urns_are_affected():
    inspections_import(file=LEGACY.read_bytes(), today=TODAY)
    text = LEGACY.read_text().replace("Avon Primary School,Community School,2,,2,2,1,2",
                                      "Avon Primary School,Community School,1,,1,2,1,1", 1)
    result = inspections_import(file=text, today=TODAY)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 6)
    assert result.affected_urns == {100001}
    assert Inspection.objects.get(inspection_number="LG100001").overall_effectiveness == 1


def test_a_file_with_one_bad_row_writes_nothing():
    lines = LEGACY.read_text().splitlines()
    lines[3] = lines[3].replace("01-03-2012", "01-03-2099")
    result = inspections_import(file="\n".join(lines) + "\n", today=TODAY)
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(4, "Inspection start date")]
    assert Inspection.objects.count() == 0
    assert result.affected_urns == set()


def test_one_inspection_can_be_imported_as_a_row_dict():
    row = {
        "URN": "100010", "Inspection number": "API0001", "Inspection start date": "2025-01-14",
        "Overall effectiveness": "Not judged", "Quality of education": "Good",
        "Effectiveness of leadership and management": "Requires improvement",
        "Category of concern": "", "Safeguarding is effective?": "Yes",
    }
    result = inspections_import(rows=[row], source="api", today=TODAY)
    assert result.ok, [str(e) for e in result.errors]
    stored = Inspection.objects.get(inspection_number="API0001")
    assert (stored.era, stored.quality_of_education, stored.leadership_and_management) == (
        "oeif_sub_judgements", 2, 3)
