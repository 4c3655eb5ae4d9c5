"""The import_gias management command."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from schools.models import Establishment, EstablishmentLink, School

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "gias"


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_gias", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_a_national_import_writes_every_establishment_and_prints_the_summary():
    output = run("--file", str(FIXTURES / "establishments_utf8_bom.csv"))
    assert "Applied: 6 rows: 6 added, 0 changed, 0 closed, 0 unchanged" in output
    assert Establishment.objects.count() == 6


def test_a_dry_run_writes_nothing():
    output = run("--file", str(FIXTURES / "establishments_utf8_bom.csv"), "--dry-run")
    assert "Check: 6 rows: 6 added" in output
    assert "Dry run: nothing written." in output
    assert Establishment.objects.count() == 0


def test_with_a_tenant_it_fills_the_tenants_register_and_reports_other_las(tenant_a):
    output = run("--file", str(FIXTURES / "establishments_utf8_bom.csv"),
                 "--tenant", tenant_a.slug)
    assert "left out: row 7, URN 113001, LA 838 (Dorchester Middle School)" in output
    with scopes_disabled():
        assert School.objects.filter(tenant=tenant_a).count() == 5


def test_it_imports_the_links_file_too():
    run("--file", str(FIXTURES / "establishments_utf8_bom.csv"),
        "--links", str(FIXTURES / "links_windows1252.csv"))
    assert EstablishmentLink.objects.count() == 4


def test_a_file_with_errors_fails_and_writes_nothing():
    with pytest.raises(CommandError, match="Nothing was imported"):
        run("--file", str(FIXTURES / "bad_duplicate_urn.csv"))
    assert Establishment.objects.count() == 0


def test_an_unknown_tenant_is_refused():
    with pytest.raises(CommandError, match="No tenant"):
        run("--file", str(FIXTURES / "establishments_utf8_bom.csv"), "--tenant", "nowhere")
