"""The schools forum's downloads, through the core exporter: the XLSX opened with openpyxl,
amounts as numbers, a totals row that is the sum of the schools' rows."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.models import Role

pytestmark = pytest.mark.django_db


def xlsx(client, path: str) -> list[tuple]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_line_download_has_each_schools_charge_and_a_total_that_reconciles(
        voted, tenant_a, personas, client_for):
    rows = xlsx(client_for(personas["a"][Role.OFFICER]),
                f"/t/{tenant_a.slug}/funding/lines/{voted.behaviour.pk}/export/?format=xlsx")
    header, *schools, total = rows
    assert header == ("URN", "School", "Phase", "Pupils", "EAL pupils", "Census date",
                      "Pupil numbers from", "Rate (£)", "Basis", "Forum vote for the phase",
                      "Charge (£)", "Note (why this charge)")
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in schools}
    assert by_name["Hill Top Primary"]["Charge (£)"] == pytest.approx(1140.70)  # 6.10 x 187
    assert isinstance(by_name["Hill Top Primary"]["Charge (£)"], float | int)
    assert by_name["Castle High School"]["Forum vote for the phase"] == "Not agreed"
    assert by_name["Castle High School"]["Charge (£)"] is None
    assert by_name["Hill Top Primary"]["Basis"] == "per pupil"
    assert by_name["New Primary"]["Note (why this charge)"].startswith("No pupil number")
    charges = [Decimal(str(row[10])) for row in schools if row[10] is not None]
    assert total[1] == "Total" and Decimal(str(total[10])) == sum(charges) == Decimal("2989.00")
    assert "Oak Academy" not in by_name and "Meadow Special School" not in by_name


def test_the_year_download_has_a_column_per_line_and_totals(voted, tenant_a, personas,
                                                            client_for):
    client = client_for(personas["a"][Role.ADMIN])
    path = f"/t/{tenant_a.slug}/funding/years/{voted.year.pk}/export/"
    header, *schools, total = xlsx(client, path + "?format=xlsx")
    basis = " (£: primary per pupil, secondary per pupil)"
    assert header[7:] == (f"Behaviour support{basis}", f"Licences{basis}",
                          f"School improvement{basis}", "Total (£)", "Note (why this charge)")
    for column in range(7, 11):
        assert Decimal(str(total[column] or 0)) == sum(
            (Decimal(str(row[column])) for row in schools if row[column] is not None),
            Decimal(0))
    response = client.get(path + "?format=csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == list(header) and lines[-1][1] == "Total"


def test_the_downloads_are_for_officers_only(voted, tenant_a, personas, client_for):
    for role in (Role.HEADTEACHER, Role.BOARD_MEMBER, Role.VIEWER):
        client = client_for(personas["a"][role])
        assert client.get(f"/t/{tenant_a.slug}/funding/years/{voted.year.pk}/export/"
                          "?format=xlsx").status_code == 403


@pytest.mark.parametrize("role", [Role.BOARD_MEMBER, Role.VIEWER, Role.HEADTEACHER])
def test_everyone_who_sees_the_year_downloads_its_lines_rates_and_votes(
        voted, tenant_a, personas, client_for, role):
    """The year's table of lines, rates and votes by phase, as its page shows it to each role:
    with the totals for those who see them (not a headteacher), never a school named."""
    from tests.downloads import downloaded
    from tests.funding.conftest import FORUM

    client = client_for(personas["a"][role])
    page_url = f"/t/{tenant_a.slug}/funding/years/{voted.year.pk}/"
    html = client.get(page_url).content.decode()
    rows = downloaded(client, page_url, html, export="/lines/export/")
    by_line = {(row["Line"], row["Phase"]): row for row in rows}
    assert len(rows) == 6
    behaviour = by_line[("Behaviour support", "Primary")]
    assert behaviour["Rate (£)"] == pytest.approx(6.10)
    assert behaviour["Schools forum vote"] == (
        f"Agreed on {FORUM:%-d %B %Y}, 9 for, 1 against")
    assert by_line[("Behaviour support", "Secondary")]["Schools forum vote"] == (
        f"Not agreed on {FORUM:%-d %B %Y}")
    assert by_line[("Licences", "Primary")]["Schools forum vote"] == "Not yet voted"
    if role == Role.HEADTEACHER:
        assert "Total (£)" not in behaviour and "Pupils" not in behaviour
    else:
        # The same sum as the officers' download of the line's schools (2,989.00).
        assert sum(Decimal(str(row["Total (£)"] or 0)) for (line, _), row in by_line.items()
                   if line == "Behaviour support") == Decimal("2989.00")
    assert "Hill Top Primary" not in str(rows)
