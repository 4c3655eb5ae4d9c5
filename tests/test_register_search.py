"""Finding a school by a sloppy name: case, accents, punctuation and the usual spellings of
Saint, C of E, RC and "&" do not matter; URN, LAESTAB in any spelling, former name, predecessor
URN, postcode with or without its space and trust find it too; the register sorts by its
columns; the header search groups schools, partnerships and (for officers) people."""

import pytest
from django.db import connection
from django_scopes import scope, scopes_disabled

from core.models import Role
from schools.models import Establishment, EstablishmentLink, School
from schools.searching import laestab_parts, normalise
from tests.factories import EstablishmentFactory, SchoolFactory, gias_file

pytestmark = pytest.mark.django_db


# --- The normal form -------------------------------------------------------------------------


@pytest.mark.parametrize(("one", "other"), [
    ("St Peter's", "saint peters"),
    ("ST. PETERS", "St Peter’s"),
    ("St Mary's C of E Primary", "st marys church of england primary"),
    ("St Mary's CE Primary", "St Mary's C.E. Primary"),
    ("St Mary's CofE Primary", "st marys c of e primary"),
    ("Our Lady RC School", "our lady roman catholic school"),
    ("Our Lady R.C. School", "Our Lady Roman Catholic School"),
    ("Saints Peter & Paul", "saints peter and paul"),
    ("École Élémentaire", "ecole elementaire"),
])
def test_spellings_of_one_name_share_one_normal_form(one, other):
    assert normalise(one) == normalise(other)


def test_saint_is_not_changed_inside_a_word():
    assert normalise("Westfield Saintsbury") == "westfield saintsbury"


@pytest.mark.parametrize("text", ["9992001", "999/2001", "999-2001", "999 2001"])
def test_every_common_laestab_spelling_is_read(text):
    assert laestab_parts(text) == ("999", "2001")


# --- The register search -------------------------------------------------------------------


@pytest.fixture
def register(tenant_a, tenant_b):
    def school(tenant, **fields):
        return SchoolFactory(tenant=tenant, establishment=EstablishmentFactory(**fields))

    made = {
        "peter": school(tenant_a, name="St Peter's Church of England Primary School",
                        postcode="SN10 2AB", la_code="865", establishment_number="3301",
                        trust_name=""),
        "mary": school(tenant_a, name="Our Lady and St Mary RC School", postcode="BA14 8AA",
                       trust_name="Holy Family Catholic Academy Trust"),
        "elan": school(tenant_a, name="École Élan", postcode="SP1 1AA"),
        "academy": school(tenant_a, name="Oakfield Academy", postcode="SN1 1AA",
                          la_code="865", establishment_number="4002"),
        # Another council's St Peter's: never found from A.
        "other": school(tenant_b, name="St Peter's CE Primary School", postcode="DT1 1AA"),
    }
    predecessor = EstablishmentFactory(name="Oakfield Community School", is_open=False)
    EstablishmentLink.objects.create(urn=made["academy"].urn, linked_urn=predecessor.urn,
                                     link_type="Predecessor", linked_name=predecessor.name)
    made["predecessor_urn"] = predecessor.urn
    return made


def found(tenant, text: str) -> set[int]:
    with scope(tenant=tenant):
        return set(School.objects.search(text).values_list("establishment_id", flat=True))


@pytest.mark.parametrize("text", [
    "st peters", "Saint Peter's", "ST. PETERS C OF E", "saint peters ce primary",
    "peters church of england", "primary st peters",
])
def test_a_school_is_found_by_any_spelling_of_its_name(register, tenant_a, text):
    assert register["peter"].urn in found(tenant_a, text)
    assert register["other"].urn not in found(tenant_a, text)


@pytest.mark.parametrize("text", ["our lady roman catholic", "St Mary R.C.", "lady & st mary"])
def test_rc_and_ampersand_spellings_find_the_school(register, tenant_a, text):
    assert found(tenant_a, text) == {register["mary"].urn}


def test_accents_do_not_matter(register, tenant_a):
    assert found(tenant_a, "ecole elan") == {register["elan"].urn}


@pytest.mark.parametrize("text", ["8653301", "865/3301", "865-3301", "865 3301"])
def test_a_school_is_found_by_its_laestab_in_any_spelling(register, tenant_a, text):
    assert found(tenant_a, text) == {register["peter"].urn}


def test_a_school_is_found_by_its_urn(register, tenant_a):
    assert found(tenant_a, str(register["mary"].urn)) == {register["mary"].urn}


@pytest.mark.parametrize("text", ["SN10 2AB", "sn102ab", "SN10"])
def test_a_school_is_found_by_its_postcode_with_or_without_the_space(register, tenant_a,
                                                                     text):
    assert register["peter"].urn in found(tenant_a, text)


def test_a_converted_academy_is_found_by_its_former_name(register, tenant_a):
    assert found(tenant_a, "oakfield community") == {register["academy"].urn}


def test_a_converted_academy_is_found_by_its_predecessors_urn(register, tenant_a):
    assert found(tenant_a, str(register["predecessor_urn"])) == {register["academy"].urn}


@pytest.mark.parametrize("text", ["holy family catholic", "family trust", "Holy-Family  Trust"])
def test_a_school_is_found_by_its_trust_in_its_words(register, tenant_a, text):
    assert found(tenant_a, text) == {register["mary"].urn}


@pytest.mark.parametrize("text", ["!!!", "'’.,-/&", "\x00", "st\x00", "%", "_"])
def test_only_punctuation_or_a_nul_byte_finds_nothing_without_an_error(register, tenant_a,
                                                                       text):
    expected = found(tenant_a, "st") if text == "st\x00" else set()
    assert found(tenant_a, text) == expected


@pytest.mark.parametrize("text", ["!!!", "\x00", "st\x00peters", "%25", "   "])
def test_the_register_page_answers_bad_input_with_a_page(register, tenant_a, client_for,
                                                         personas, text):
    client = client_for(personas["a"]["admin"])
    assert client.get(f"/t/{tenant_a.slug}/schools/", {"q": text}).status_code == 200
    assert client.get(f"/t/{tenant_a.slug}/search/", {"q": text}).status_code == 200


def test_a_name_written_later_is_searchable_at_once(tenant_a):
    school = SchoolFactory(tenant=tenant_a)
    establishment = Establishment.objects.get(pk=school.urn)
    establishment.name = "St Bede's C of E School"
    establishment.save(update_fields=["name"])
    assert found(tenant_a, "saint bedes church of england") == {school.urn}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_on_postgresql_a_typo_still_finds_the_school_and_the_closest_comes_first(
        register, tenant_a):
    assert register["academy"].urn in found(tenant_a, "Oakfeild Academy")
    close = SchoolFactory(tenant=tenant_a, establishment=EstablishmentFactory(
        name="Peters Road Infant School"))
    with scope(tenant=tenant_a):
        ranked = list(School.objects.search("st peters primary").ranked("st peters primary")
                      .values_list("establishment_id", flat=True))
    assert ranked[0] == register["peter"].urn
    assert close.urn not in ranked[:1]


# --- Sorting -------------------------------------------------------------------------------


def rows(html: str) -> list[str]:
    table = html.split('data-testid="school-table"')[1].split("</tbody>")[0]
    return [cell.split("</a>")[0].rsplit(">", 1)[1]
            for cell in table.split('<td class="govuk-table__cell"><a class="govuk-link"')[1:]]


def test_the_register_sorts_by_a_column_both_ways_and_keeps_the_filters(
        tenant_a, client_for, personas):
    for name, pupils in (("Alpha School", 300), ("Beta School", 100), ("Gamma School", 200)):
        SchoolFactory(tenant=tenant_a, establishment=EstablishmentFactory(
            name=name, number_of_pupils=pupils, town="Sortford"))
    client = client_for(personas["a"]["admin"])
    url = f"/t/{tenant_a.slug}/schools/"
    ascending = client.get(url, {"q": "sortford", "sort": "pupils"}).content.decode()
    assert rows(ascending) == ["Beta School", "Gamma School", "Alpha School"]
    assert 'aria-sort="ascending"' in ascending
    # The header now offers the other way, the search kept.
    assert "q=sortford&amp;sort=-pupils" in ascending
    descending = client.get(url, {"q": "sortford", "sort": "-pupils"}).content.decode()
    assert rows(descending) == ["Alpha School", "Gamma School", "Beta School"]
    assert 'aria-sort="descending"' in descending
    by_name = client.get(url, {"q": "sortford", "sort": "-name"}).content.decode()
    assert rows(by_name) == ["Gamma School", "Beta School", "Alpha School"]
    # An unknown sort is ignored, not an error.
    assert client.get(url, {"sort": "-password"}).status_code == 200


# --- The header search ---------------------------------------------------------------------


def test_the_header_search_groups_schools_and_people_for_an_officer(
        register, tenant_a, client_for, personas):
    html = client_for(personas["a"]["officer"]).get(
        f"/t/{tenant_a.slug}/search/", {"q": "peter"}).content.decode()
    schools = html.split('data-testid="results-schools"')[1].split("</ul>")[0]
    assert "St Peter&#x27;s Church of England Primary School" in schools
    assert "St Peter&#x27;s CE Primary School" not in html  # B's
    people = client_for(personas["a"]["officer"]).get(
        f"/t/{tenant_a.slug}/search/", {"q": "viewer@wiltshire"}).content.decode()
    assert 'data-testid="results-people"' in people
    assert "viewer@dorset" not in people


def test_a_headteacher_search_shows_no_register_and_no_people(
        register, tenant_a, client_for, personas):
    html = client_for(personas["a"]["headteacher"]).get(
        f"/t/{tenant_a.slug}/search/", {"q": "st peters"}).content.decode()
    assert "St Peter&#x27;s Church of England" not in html
    head = client_for(personas["a"]["headteacher"]).get(
        f"/t/{tenant_a.slug}/search/", {"q": "wiltshire"}).content.decode()
    assert 'data-testid="results-people"' not in head


def test_the_header_has_the_search_box_for_those_with_something_to_search(
        tenant_a, client_for, personas):
    box = f'action="/t/{tenant_a.slug}/search/"'
    for role in (Role.ADMIN, Role.OFFICER):
        assert box in client_for(personas["a"][role]).get(f"/t/{tenant_a.slug}/").content.decode()
    # A headteacher, board member or viewer sees no register, partnership list or people: a
    # box that could only ever answer "nothing found" is not offered to them.
    for role in (Role.HEADTEACHER, Role.BOARD_MEMBER, Role.VIEWER):
        html = client_for(personas["a"][role]).get(f"/t/{tenant_a.slug}/").content.decode()
        assert box not in html
        answer = client_for(personas["a"][role]).get(
            f"/t/{tenant_a.slug}/search/", {"q": "st peters"}).content.decode()
        assert "there is nothing here for you to search" in answer
        assert "Check the spelling" not in answer


def test_the_migration_filled_names_are_used_by_imports_too(tenant_a):
    with scopes_disabled():
        establishment = EstablishmentFactory(name="Holy Trinity C.E. (VA) School")
    assert establishment.search_name == "holy trinity ce va school"


@pytest.mark.parametrize("stage", [False, True])
def test_the_gias_import_writes_the_normalised_name_and_a_renaming_updates_it(
        tenant_a, settings, tmp_path, stage):
    """Both write paths: in Python (SQLite) and, on PostgreSQL, through the staging table
    (`stage=True` streams the rows into it while reading)."""
    from schools import importing

    settings.MEDIA_ROOT = tmp_path
    first = importing.establishments_read(
        gias_file((612345, "865", "St Anne's C of E Primary", "Open")), stage=stage)
    importing.establishments_apply(first, tenant=tenant_a)
    with scopes_disabled():
        assert Establishment.objects.get(pk=612345).search_name == "st annes ce primary"
    renamed = importing.establishments_read(
        gias_file((612345, "865", "Saint Anne's Roman Catholic Primary", "Open")), stage=stage)
    importing.establishments_apply(renamed, tenant=tenant_a)
    with scopes_disabled():
        assert Establishment.objects.get(pk=612345).search_name == "st annes rc primary"
    assert found(tenant_a, "st annes r.c.") == {612345}


@pytest.mark.parametrize("stage", [False, True])
def test_every_name_of_a_national_import_gets_the_python_normal_form(settings, tmp_path, stage):
    """On PostgreSQL the staging table makes an ASCII name's search name in SQL and takes any
    other from Python: both agree with `normalise`, whichever wrote the row."""
    from schools import importing

    settings.MEDIA_ROOT = tmp_path
    names = {612346: "École Saint-Jean C of E", 612347: "Ysgol Gymraeg Bro Ŵyr",
             612348: "R C E Federation & Partners", 612349: "St Mary's R.C. (Aided)",
             612350: "Çedar ‘Hill’ C.E."}
    parsed = importing.establishments_read(
        gias_file(*[(urn, "865", name, "Open") for urn, name in names.items()]), stage=stage)
    importing.establishments_apply(parsed)
    with scopes_disabled():
        stored = dict(Establishment.objects.filter(pk__in=names).values_list("pk", "search_name"))
    assert stored == {urn: normalise(name) for urn, name in names.items()}
    assert stored[612348] == "rc e federation and partners"
