"""The council's census return: checked into a preview naming bad rows and columns, applied
whole, and read by de-delegation and allocation runs through `pupils_on`, with GIAS as a
labelled fallback."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope

from core.models import AuditEvent, Role
from funding.models import CensusPupils, CensusReturn
from funding.selectors.allocations import run_schools
from funding.selectors.charges import dedelegation_schedule
from funding.selectors.pupils import FALLBACK_SOURCE, pupils_on
from funding.services import allocations, dedelegation
from funding.services import census as services
from tests.funding.allocation_world import RUN_ON, World
from tests.funding.conftest import school

pytestmark = pytest.mark.django_db

OCTOBER = date(2024, 10, 3)


def upload(tenant, admin, text, *, on=OCTOBER, source="October 2024 school census"):
    return services.census_return_check(tenant=tenant, actor=admin, data=text.encode(),
                                        name="census.csv", census_date=on, source=source)


def applied(tenant, admin, text, **kwargs):
    return services.census_return_apply(tenant=tenant, actor=admin,
                                        record=upload(tenant, admin, text, **kwargs))


def test_a_good_return_is_previewed_then_applied_whole_and_audited(in_a, admin):
    hill = school(in_a, "Hill Top Primary", pupils=187)
    vale = school(in_a, "Vale Primary", pupils=93)
    record = upload(in_a, admin, f"URN,Pupils,EAL pupils\n{hill.urn},190,12\n{vale.urn},95,\n")
    assert record.status == CensusReturn.Status.PREVIEWED
    assert not CensusPupils.objects.exists()
    done = services.census_return_apply(tenant=in_a, actor=admin, record=record)
    assert done.status == CensusReturn.Status.APPLIED
    assert sorted(CensusPupils.objects.values_list("pupils", "eal_pupils")) == [
        (95, None), (190, 12)]
    assert AuditEvent.objects.filter(action="funding.census_apply").count() == 1


def test_each_bad_row_is_named_with_its_column_and_the_return_cannot_be_applied(
        in_a, admin, tenant_b):
    hill = school(in_a, "Hill Top Primary")
    elsewhere = school(tenant_b, "Elsewhere Primary")
    record = upload(in_a, admin, "URN,Pupils,EAL pupils\n"
                                 f"{hill.urn},190,\n"
                                 f"{elsewhere.urn},100,\n"
                                 f"{hill.urn},191,\n"
                                 f"{hill.urn},lots,\n"
                                 f"{hill.urn},-4,\n"
                                 f"{hill.urn},20,30\n")
    assert record.status == CensusReturn.Status.FAILED
    assert [(e["row"], e["column"]) for e in record.errors] == [
        (3, "URN"), (4, "URN"), (5, "URN"), (5, "Pupils"), (6, "URN"), (6, "Pupils"),
        (7, "URN"), (7, "EAL pupils")]
    assert record.errors[0]["message"] == f"No school in the register has the URN {elsewhere.urn}."
    assert record.errors[1]["message"] == f"The URN {hill.urn} is already on row 2."
    with pytest.raises(ValidationError):
        services.census_return_apply(tenant=in_a, actor=admin, record=record)
    assert not CensusPupils.objects.exists()


def test_a_return_without_a_pupils_column_or_a_census_date_is_refused(in_a, admin):
    with pytest.raises(ValidationError) as error:
        upload(in_a, admin, "URN,Roll\n100001,5\n")
    assert "no Pupils column" in error.value.message_dict["file"][0]
    with pytest.raises(ValidationError) as error:
        upload(in_a, admin, "URN,Pupils\n100001,5\n", on=None)
    assert "census_date" in error.value.message_dict
    assert not CensusReturn.objects.exists()


def test_without_a_census_pupils_come_from_gias_labelled_as_the_fallback(in_a):
    hill = school(in_a, "Hill Top Primary", pupils=187)
    number = pupils_on([hill], date(2025, 4, 1))[hill.pk]
    assert (number.pupils, number.census_date, number.source) == (
        187, date(2025, 1, 16), FALLBACK_SOURCE)
    assert FALLBACK_SOURCE == "GIAS (January census) – fallback"


def test_the_latest_applied_census_on_or_before_the_date_is_used(in_a, admin):
    hill = school(in_a, "Hill Top Primary", pupils=187)
    vale = school(in_a, "Vale Primary", pupils=93)
    applied(in_a, admin, f"URN,Pupils\n{hill.urn},190\n")
    applied(in_a, admin, f"URN,Pupils\n{hill.urn},200\n", on=date(2025, 10, 2),
            source="October 2025 school census")
    upload(in_a, admin, f"URN,Pupils\n{hill.urn},999\n", on=date(2024, 12, 1))  # not applied
    found = pupils_on([hill, vale], date(2025, 4, 1))
    assert (found[hill.pk].pupils, found[hill.pk].census_date, found[hill.pk].source) == (
        190, OCTOBER, "October 2024 school census")
    assert found[vale.pk].source == FALLBACK_SOURCE  # not on the return
    assert pupils_on([hill], date(2025, 10, 2))[hill.pk].pupils == 200


def test_de_delegation_charges_pupils_from_the_census_before_the_year(in_a, admin):
    hill = school(in_a, "Hill Top Primary", pupils=187)
    year = dedelegation.funding_year_create(tenant=in_a, actor=admin, start_year=2025)
    line = dedelegation.dedelegation_line_create(
        tenant=in_a, actor=admin, year=year, name="School improvement", primary_rate="10.00",
        secondary_rate="10.00")
    dedelegation.phase_vote_record(tenant=in_a, actor=admin, line=line, phase="primary",
                                   outcome="passed", decided_on=date(2025, 1, 14))
    applied(in_a, admin, f"URN,Pupils\n{hill.urn},190\n")
    [row] = [row for row in dedelegation_schedule(year).schools if row.school == hill]
    assert (row.pupils, row.census_date, row.source, row.charges[line.pk]) == (
        190, OCTOBER, "October 2024 school census", Decimal("1900.00"))


def test_a_run_snapshots_the_census_and_keeps_it_after_a_later_upload(in_a, admin):
    world = World(in_a)
    funded = world.school("Hill Top Primary", "3A", "North Consortium", 187)
    year = dedelegation.funding_year_create(tenant=in_a, actor=admin, start_year=2025)
    formula = allocations.allocation_formula_create(
        tenant=in_a, actor=admin, name="Consortium funding", level_name="Consortium",
        rates={"3A": "25.00"}, triggering_codes=["3A"])
    applied(in_a, admin, f"URN,Pupils\n{funded.urn},190\n")
    run = allocations.allocation_run_create(tenant=in_a, actor=admin, year=year,
                                            formula=formula, inputs_on=RUN_ON)
    applied(in_a, admin, f"URN,Pupils\n{funded.urn},300\n", on=date(2025, 1, 20),
            source="Spring 2025 census")
    [row] = run_schools(run)
    assert (row.pupils, row.census_date, row.pupils_source, row.amount) == (
        190, OCTOBER, "October 2024 school census", Decimal("4750.00"))


def test_the_admin_uploads_previews_and_applies_a_return_through_the_pages(
        tenant_a, personas, client_for):
    admin = personas["a"][Role.ADMIN]
    client = client_for(admin)
    base = f"/t/{tenant_a.slug}/funding/census/"
    urn = personas["a"]["school"].urn
    bad = client.post(base + "new/", {
        "census_date": "2024-10-03", "source": "October 2024 school census",
        "file": SimpleUploadedFile("census.csv", f"URN,Pupils\n{urn},-4\n".encode())})
    assert bad.status_code == 302
    assert "Row 2, column “Pupils”" in client.get(bad.url).content.decode()
    good = client.post(base + "new/", {
        "census_date": "2024-10-03", "source": "October 2024 school census",
        "file": SimpleUploadedFile("census.csv", f"URN,Pupils\n{urn},211\n".encode())})
    assert client.post(good.url + "apply/").status_code == 302
    listing = client.get(base).content.decode()
    assert "October 2024 school census" in listing and "Applied" in listing


def test_a_returns_rows_are_shown_fifty_a_page_and_downloaded_whole(tenant_a, personas,
                                                                     client_for):
    rows = [{"row": n + 2, "urn": 900000 + n, "name": f"School {n:03d}", "pupils": 100 + n,
             "eal_pupils": None} for n in range(60)]
    with scope(tenant=tenant_a):
        record = CensusReturn.objects.create(
            tenant=tenant_a, census_date=OCTOBER, source="October 2024 census",
            original_name="census.csv", content="x", rows=rows)
    client = client_for(personas["a"][Role.ADMIN])
    url = f"/t/{tenant_a.slug}/funding/census/{record.pk}/"

    def shown(body: str) -> list[str]:
        return re.findall(r'<td class="govuk-table__cell">(School \d+)</td>', body)

    first, second = (client.get(url).content.decode(),
                     client.get(url + "?page=2").content.decode())
    assert shown(first) == [row["name"] for row in rows[:50]]
    assert shown(second) == [row["name"] for row in rows[50:]]
    assert "Apply pupils for 60 schools" in first
    download = client.get(url + "export/?format=csv").content.decode("utf-8-sig")
    assert len(list(csv.reader(io.StringIO(download)))) == 61
