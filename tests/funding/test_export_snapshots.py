"""A confirmed run's downloads are its snapshot, byte for byte: the XLSX and the CSV taken a day
apart, after a school is renamed and another's category changes, are the same bytes, and they
still hold the old name and the old category. A draft's XLSX, which carries the time it was
made, shows that the clock really moved between the two downloads.

And every other input, one at a time — a school's pupils, the census return, a membership, the
formula's rate, the categorisation scheme's version: the confirmed run's page (its snapshot
part) and files are the same bytes after it, while a draft made after it reads the change."""

import csv
import datetime as datetime_module
import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from unittest import mock

import openpyxl.packaging.core
import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from categorisation.models import CategorisationScheme, SchemeCategory, SchoolCategory
from core.models import Role
from funding.models import AllocationFormula
from funding.services import allocations as services
from funding.services import census, dedelegation
from partnerships.models import PartnershipMembership
from schools.models import Establishment
from schools.services import register_changed
from tests.funding.allocation_world import RUN_ON, World
from tests.funding.test_allocation_views import snapshot_of

pytestmark = pytest.mark.django_db

LATER = timedelta(days=1, hours=3, seconds=7)


@contextmanager
def clocks_moved_on(by: timedelta) -> Iterator[None]:
    """Every clock a download can read, moved on: the zip entries' times (`time.time`), the
    workbook's properties (openpyxl's `datetime.datetime.now`) and Django's `timezone.now`."""
    real_time, real_now = time.time, timezone.now

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return datetime.now(tz) + by

    later = SimpleNamespace(**{name: getattr(datetime_module, name)
                               for name in dir(datetime_module) if not name.startswith("__")})
    later.datetime = Later
    with mock.patch("time.time", lambda: real_time() + by.total_seconds()), \
            mock.patch("django.utils.timezone.now", lambda: real_now() + by), \
            mock.patch.object(openpyxl.packaging.core, "datetime", later):
        yield


@pytest.fixture
def runs(tenant_a, personas):
    """Two consortia; a confirmed run of a 3A/3B formula at £25 a pupil and a draft of it."""
    admin = personas["a"][Role.ADMIN]
    world = World(tenant_a)
    schools = SimpleNamespace(
        hill=world.school("Hill Top Primary", "3A", "North Consortium", 187),
        vale=world.school("Vale Primary", "3B", "North Consortium", 93),
        high=world.school("Castle High School", "2B", "South Consortium", 1043),
        downs=world.school("Downs Primary", "3A", "South Consortium", 412))
    with scope(tenant=tenant_a):
        year = dedelegation.funding_year_create(tenant=tenant_a, actor=admin, start_year=2025)
        formula = services.allocation_formula_create(
            tenant=tenant_a, actor=admin, name="Consortium funding", level_name="Consortium",
            rates={"3A": "25.00", "3B": "25.00"}, triggering_codes=["3A", "3B"])
        confirmed = services.allocation_run_create(tenant=tenant_a, actor=admin, year=year,
                                                   formula=formula, inputs_on=RUN_ON)
        services.allocation_run_confirm(tenant=tenant_a, actor=admin, run=confirmed)
        draft = services.allocation_run_create(tenant=tenant_a, actor=admin, year=year,
                                               formula=formula, inputs_on=RUN_ON)
    return SimpleNamespace(world=world, schools=schools, confirmed=confirmed, draft=draft)


def downloads(client, tenant, run) -> tuple[bytes, bytes]:
    path = f"/t/{tenant.slug}/funding/runs/{run.pk}/export/"
    xlsx, csv_file = client.get(path + "?format=xlsx"), client.get(path + "?format=csv")
    assert xlsx.status_code == csv_file.status_code == 200
    return xlsx.content, csv_file.content


def test_a_confirmed_runs_downloads_are_the_same_bytes_later_after_the_register_changes(
        runs, tenant_a, personas, client_for):
    client = client_for(personas["a"][Role.OFFICER])
    schools = runs.schools
    xlsx, csv_file = downloads(client, tenant_a, runs.confirmed)
    draft_xlsx, _ = downloads(client, tenant_a, runs.draft)

    # The live register moves on: Hill Top is renamed (as a GIAS import would rename it) and
    # Castle High's category changes from 2B, which does not trigger funding, to 3B, which does.
    with scopes_disabled():
        Establishment.objects.filter(pk=schools.hill.establishment_id).update(
            name="Hilltop Church of England Primary Academy")
    register_changed(tenant_ids=[tenant_a.pk])
    runs.world.categorise(schools.high, "3B", on=RUN_ON)

    with clocks_moved_on(LATER):
        assert timezone.now() - datetime.now(tz=datetime_module.UTC) > LATER - timedelta(
            minutes=1)
        later_xlsx, later_csv = downloads(client, tenant_a, runs.confirmed)
        later_draft_xlsx, _ = downloads(client, tenant_a, runs.draft)

    # The clock really moved: the draft's file carries the time it was made.
    assert later_draft_xlsx != draft_xlsx
    # The confirmed run's files are its snapshot, not the register: the same bytes.
    assert later_xlsx == xlsx
    assert later_csv == csv_file

    header, *rows = load_workbook(io.BytesIO(later_xlsx)).active.iter_rows(values_only=True)
    column = {name: n for n, name in enumerate(header)}
    by_urn = {row[column["URN"]]: row for row in rows if row[column["URN"]] is not None}
    hill, high = by_urn[schools.hill.urn], by_urn[schools.high.urn]
    assert hill[column["School"]] == "Hill Top Primary"
    assert Decimal(str(hill[column["Amount (£)"]])) == 25 * 187
    assert high[column["Category"]] == "2B" and high[column["Triggers funding"]] == "No"
    assert Decimal(str(high[column["Amount (£)"]])) == 0
    total = next(row for row in rows if row[column["School"]] == "Total")
    assert Decimal(str(total[column["Amount (£)"]])) == 25 * (187 + 93 + 412)

    lines = list(csv.reader(io.StringIO(later_csv.decode("utf-8-sig"))))
    assert [line[2] for line in lines[1:] if line[1]] == [
        "Hill Top Primary", "Vale Primary", "Castle High School", "Downs Primary"]
    assert "Hilltop" not in later_csv.decode("utf-8-sig")


# --- Every other input: pupils, the census return, a membership, a rate, the scheme version ---

def _pupils(runs, tenant, admin):
    """GIAS's pupil number for Hill Top changes (187 -> 200)."""
    with scopes_disabled():
        Establishment.objects.filter(pk=runs.schools.hill.establishment_id).update(
            number_of_pupils=200)
    register_changed(tenant_ids=[tenant.pk])
    return None, {"Hill Top Primary": ("Pupils", "200")}


def _census(runs, tenant, admin):
    """The October census return is applied: its pupils replace GIAS's for every school."""
    schools = runs.schools
    content = "URN,Pupils\n" + "".join(
        f"{school.urn},{pupils}\n" for school, pupils in (
            (schools.hill, 190), (schools.vale, 95), (schools.high, 1050), (schools.downs, 420)))
    with scope(tenant=tenant):
        record = census.census_return_check(
            tenant=tenant, actor=admin, data=content.encode(), name="census.csv",
            census_date=date(2024, 10, 3), source="October 2024 census")
        census.census_return_apply(tenant=tenant, actor=admin, record=record)
    return None, {"Hill Top Primary": ("Pupils", "190"),
                  "Vale Primary": ("Pupil numbers from", "October 2024 census")}


def _membership(runs, tenant, admin):
    """Vale Primary left North Consortium on the run's date."""
    with scopes_disabled():
        PartnershipMembership.objects.filter(school=runs.schools.vale).update(end_date=RUN_ON)
    return None, {"Vale Primary": ("Partnership", None)}


def _rate(runs, tenant, admin):
    """The formula's rate goes from £25 to £40 a pupil: a new version of the formula."""
    with scope(tenant=tenant):
        formula = AllocationFormula.objects.get(name="Consortium funding", version=1)
        revised = services.allocation_formula_revise(
            tenant=tenant, actor=admin, formula=formula, level_name="Consortium",
            rates={"3A": "40.00", "3B": "40.00"}, triggering_codes=["3A", "3B"])
    return revised, {"Hill Top Primary": ("Amount (£)", f"{40 * 187}.00")}


def _scheme_version(runs, tenant, admin):
    """The categorisation scheme's version 2 renames 3A, and Hill Top is categorised under it."""
    world = runs.world
    with scopes_disabled():
        scheme = CategorisationScheme.objects.create(
            tenant=tenant, key=world.scheme.key, name=world.scheme.name, version=2,
            is_active=False)
        renamed = SchemeCategory.objects.create(
            tenant=tenant, scheme=scheme, code="3A", label="Requires improvement - declining",
            position=3, attributes={"triggers_funding": True})
        SchoolCategory.objects.filter(school=runs.schools.hill).update(is_current=False)
        step = SchoolCategory.objects.create(
            tenant=tenant, school=runs.schools.hill, scheme=scheme, category=renamed,
            status="confirmed", is_current=True)
        SchoolCategory.objects.filter(pk=step.pk).update(
            decided_at=timezone.make_aware(datetime(2025, 3, 2, 10)))
    return None, {"Hill Top Primary": ("Category name", "Requires improvement - declining")}


def _csv_rows(content: bytes) -> dict[str, dict[str, str]]:
    """A run's CSV by school name (schools only, not the totals)."""
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    return {row["School"]: row for row in reader if row["URN"]}


@pytest.mark.parametrize("change", [_pupils, _census, _membership, _rate, _scheme_version],
                         ids=lambda change: change.__name__.strip("_"))
def test_a_confirmed_runs_page_and_files_hold_when_an_input_changes_and_a_new_draft_does_not(
        change, runs, tenant_a, personas, client_for):
    admin = personas["a"][Role.ADMIN]
    client = client_for(admin)
    page_url = f"/t/{tenant_a.slug}/funding/runs/{runs.confirmed.pk}/"
    page = snapshot_of(client.get(page_url).content)
    xlsx, csv_file = downloads(client, tenant_a, runs.confirmed)
    # Before the change a draft of the same inputs says what the confirmed run says.
    assert downloads(client, tenant_a, runs.draft)[1] == csv_file

    formula, expected = change(runs, tenant_a, admin)

    with clocks_moved_on(LATER):
        assert snapshot_of(client.get(page_url).content) == page
        assert downloads(client, tenant_a, runs.confirmed) == (xlsx, csv_file)
        with scope(tenant=tenant_a):
            redraft = services.allocation_run_create(
                tenant=tenant_a, actor=admin, year=runs.confirmed.year,
                formula=formula or runs.confirmed.formula, inputs_on=RUN_ON)
        _, redraft_csv = downloads(client, tenant_a, redraft)

    # The change is real: a draft made now reads it, where the confirmed run does not.
    assert redraft_csv != csv_file
    now, then = _csv_rows(redraft_csv), _csv_rows(csv_file)
    for name, (column, value) in expected.items():
        if value is None:  # left the partnership: not in the new draft at all
            assert name in then and name not in now
        else:
            assert now[name][column] == value and then[name][column] != value
