"""The national layer's writer: `manage.py import_ofsted` and `import_performance` write every
row of a whole national file, schedule the recompute of what changed, and a dry run writes
nothing. (A council's upload writes only its own schools: test_import_views.py.)"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from categorisation.models import DataArrival, Inspection, PerformanceIndicator
from tests.categorisation.conftest import FIXTURES
from tests.categorisation.performance_files import ks2

pytestmark = pytest.mark.django_db
OFSTED = FIXTURES / "ofsted_mi_2026_format.csv"


def run(command: str, *args: str) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_ofsted_command_writes_every_inspection_of_the_file_and_schedules_a_recompute():
    output = run("import_ofsted", str(OFSTED))
    stored = Inspection.objects.count()
    assert stored > 0
    assert f"{stored} new, 0 changed, 0 unchanged" in output
    arrival = DataArrival.objects.get()
    assert set(arrival.urns) == set(Inspection.objects.values_list("urn", flat=True)) | set(
        Inspection.objects.values_list("inspected_urn", flat=True))
    assert "Recompute scheduled" in output


def test_running_the_same_file_again_changes_nothing_and_recomputes_nothing():
    run("import_ofsted", str(OFSTED))
    output = run("import_ofsted", str(OFSTED))
    assert "0 new, 0 changed" in output
    assert DataArrival.objects.count() == 1


def test_a_dry_run_writes_nothing_and_schedules_nothing():
    output = run("import_ofsted", str(OFSTED), "--dry-run")
    assert "Dry run: nothing written." in output
    assert " new, " in output and not output.startswith("Check: 0 rows")
    assert Inspection.objects.count() == 0
    assert DataArrival.objects.count() == 0


def test_the_performance_command_writes_every_school_of_the_file(tmp_path):
    path = tmp_path / "2018-2019_865_ks2final.csv"
    path.write_text(ks2())
    output = run("import_performance", str(path))
    assert set(PerformanceIndicator.objects.values_list("urn", flat=True)) >= {126001, 126009}
    assert "Applied:" in output and "Recompute scheduled" in output
    assert set(PerformanceIndicator.objects.values_list("year", flat=True)) == {2018}


def test_the_performance_command_takes_the_year_and_release_it_is_told(tmp_path):
    path = tmp_path / "ks2.csv"
    path.write_text(ks2())
    run("import_performance", str(path), "--year", "2022", "--release", "provisional")
    assert set(PerformanceIndicator.objects.values_list("year", "release")) == {
        (2022, "provisional")}


def test_a_file_with_errors_is_refused_and_writes_nothing(tmp_path):
    path = tmp_path / "2018-2019_865_ks2final.csv"
    path.write_text(ks2([["1", "a", "865", "2001", "not-a-urn", "Avonside", "Calne", "30",
                          "72%", "10%", "0.5"]]))
    with pytest.raises(CommandError, match="Nothing was imported"):
        run("import_performance", str(path))
    assert PerformanceIndicator.objects.count() == 0


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run("import_ofsted", str(tmp_path / "nowhere.csv"))


def test_an_ofsted_file_older_than_the_stored_inspections_says_so():
    run("import_ofsted", str(OFSTED))
    newest = Inspection.objects.exclude(publication_date=None).order_by(
        "-publication_date").first()
    Inspection.objects.filter(pk=newest.pk).update(
        publication_date=newest.publication_date.replace(year=newest.publication_date.year + 1))
    output = run("import_ofsted", str(OFSTED), "--dry-run")
    assert "older than the inspections stored" in output


def test_an_earlier_release_than_the_stored_one_says_so(tmp_path):
    path = tmp_path / "ks2.csv"
    path.write_text(ks2())
    run("import_performance", str(path), "--year", "2022", "--release", "final")
    output = run("import_performance", str(path), "--year", "2022", "--release", "provisional",
                 "--dry-run")
    assert "earlier release than the one stored" in output
