"""A national links file marked full: links it no longer carries have ended (end-dated, kept),
a link that reappears is in force again, and an extract marked full is refused."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from schools import gias, importing
from schools.models import EstablishmentLink
from tests.factories import EstablishmentFactory

pytestmark = pytest.mark.django_db
REAL_LINKS = (Path(__file__).resolve().parents[2] / "shared" / "data" / "real" / "gias"
              / "links_edubasealldata20250422.csv")
HEADER = '"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"'


def links_file(*rows: tuple[int, int, str]) -> gias.LinksFile:
    lines = [HEADER] + [f'{urn},{linked},"{name}","Predecessor","01-09-2019"'
                        for urn, linked, name in rows]
    return gias.parse_links(("\n".join(lines) + "\n").encode())


LAS = [str(800 + n) for n in range(10)]


def every_link(*, leave_out: tuple[int, int] | None = None) -> list[tuple[int, int, str]]:
    """Two links in each of ten LAs (URNs la*10+1 and la*10+2, both ways)."""
    links = []
    for la in LAS:
        first, second = int(la) * 10 + 1, int(la) * 10 + 2
        links += [(first, second, f"School {second}"), (second, first, f"School {first}")]
    return [link for link in links if leave_out is None or link[:2] != leave_out]


@pytest.fixture
def ten_las():
    for la in LAS:
        for urn in (int(la) * 10 + 1, int(la) * 10 + 2):
            EstablishmentFactory(urn=urn, la_code=la)
    importing.links_apply(links_file(*every_link()))
    assert EstablishmentLink.objects.count() == 20


GONE = (8031, 8032)  # the link GIAS no longer carries


def test_a_full_file_ends_the_links_it_no_longer_carries(ten_las):
    result = importing.links_apply(links_file(*every_link(leave_out=GONE)), full=True)
    assert result["counts"]["ended"] == 1
    assert not EstablishmentLink.objects.filter(urn=GONE[0], linked_urn=GONE[1]).exists()
    ended = EstablishmentLink.all_links.get(urn=GONE[0], linked_urn=GONE[1])
    assert ended.ended_on is not None  # kept, with the date, not deleted
    assert EstablishmentLink.objects.count() == 19


def test_the_preview_counts_and_names_the_links_that_would_end(ten_las):
    summary, errors = importing.links_analyse(links_file(*every_link(leave_out=GONE)),
                                              full=True)
    assert not errors
    assert summary["counts"]["ended"] == 1
    assert (summary["examples"]["ended"][0]["urn"],
            summary["examples"]["ended"][0]["linked_urn"]) == GONE
    assert EstablishmentLink.objects.count() == 20  # a preview writes nothing


def test_a_link_that_reappears_is_in_force_again(ten_las):
    importing.links_apply(links_file(*every_link(leave_out=GONE)), full=True)
    result = importing.links_apply(links_file(*every_link()), full=True)
    assert result["counts"] == {"added": 0, "changed": 1, "unchanged": 19, "outside": 0,
                                "ended": 0}
    assert EstablishmentLink.objects.count() == 20


def test_a_file_not_marked_full_ends_nothing(ten_las):
    result = importing.links_apply(links_file(*every_link(leave_out=GONE)))
    assert result["counts"]["ended"] == 0
    assert EstablishmentLink.objects.count() == 20


def test_a_councils_own_links_are_not_ended_by_the_national_file(ten_las):
    EstablishmentLink.objects.create(urn=8001, linked_urn=8002, link_type="Successor",
                                     source=EstablishmentLink.Source.TENANT)
    importing.links_apply(links_file(*every_link()), full=True)
    assert EstablishmentLink.objects.filter(source=EstablishmentLink.Source.TENANT).count() == 1


def test_an_extract_marked_full_is_refused_and_ends_nothing(ten_las):
    one_la = [link for link in every_link() if link[0] // 10 == 800]
    with pytest.raises(importing.NotAFullFile, match="touch 1 of the 10 local authorities"):
        importing.links_apply(links_file(*one_la), full=True)
    assert EstablishmentLink.objects.count() == 20


def test_a_councils_file_cannot_be_full(ten_las, tenant_a):
    with pytest.raises(importing.NotAFullFile, match="Only the national import"):
        importing.links_analyse(links_file(*every_link()), tenant=tenant_a, full=True)


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_gias", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def csv_file(tmp_path, links: list[tuple[int, int, str]]) -> Path:
    path = tmp_path / "links.csv"
    path.write_text("\n".join([HEADER] + [f'{urn},{linked},"{name}","Predecessor","01-09-2019"'
                                          for urn, linked, name in links]) + "\n")
    return path


def test_the_command_takes_a_full_links_file(ten_las, tmp_path):
    output, _ = run("--links", str(csv_file(tmp_path, every_link(leave_out=GONE))), "--full")
    assert "1 ended" in output
    assert EstablishmentLink.objects.count() == 19


def test_the_command_refuses_an_extract_marked_full(ten_las, tmp_path):
    with pytest.raises(CommandError, match="Nothing was imported"):
        run("--links", str(csv_file(tmp_path, every_link()[:2])), "--full")
    assert EstablishmentLink.objects.count() == 20


def test_full_is_refused_with_a_tenant(tenant_a, tmp_path):
    with pytest.raises(CommandError, match="--full is for the national links file"):
        run("--links", str(tmp_path / "x.csv"), "--full", "--tenant", tenant_a.slug)


@pytest.mark.realdata
@pytest.mark.skipif(not REAL_LINKS.exists(), reason="../shared/data/real is not present")
def test_the_real_national_links_file_marked_full_ends_what_it_no_longer_carries():
    parsed = gias.parse_links(REAL_LINKS.read_bytes())
    importing.links_apply(parsed)
    EstablishmentFactory(urn=parsed.rows[0].urn, la_code="865")
    EstablishmentLink.objects.create(urn=parsed.rows[0].urn, linked_urn=999999,
                                     link_type="Predecessor")  # withdrawn since
    result = importing.links_apply(parsed, full=True)
    assert result["counts"]["ended"] == 1
    assert result["counts"]["unchanged"] == len(parsed.rows)
    assert not EstablishmentLink.objects.filter(linked_urn=999999).exists()
