"""A confirmed run's downloads are its snapshot, byte for byte: the XLSX and the CSV taken a day
apart, after a school is renamed and another's category changes, are the same bytes, and they
still hold the old name and the old category. A draft's XLSX, which carries the time it was
made, shows that the clock really moved between the two downloads."""

import csv
import datetime as datetime_module
import io
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace
from unittest import mock

import openpyxl.packaging.core
import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from core.models import Role
from funding.services import allocations as services
from funding.services import dedelegation
from schools.models import Establishment
from schools.services import register_changed
from tests.funding.allocation_world import RUN_ON, World

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
