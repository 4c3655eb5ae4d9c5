"""A scheme's versions compared (rules and distribution, the distribution equal to a real
recompute under each version), a version downloaded as a file and uploaded again, elsewhere or
here, and the files refused with the field named."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled

from categorisation import recompute, services
from categorisation.models import CategorisationScheme, CategoryComputation
from categorisation.schemes.presets import PRESETS
from categorisation.schemes.transfer import read_definition, read_scheme_file
from categorisation.selectors.scheme_compare import categories_of, rules_diff
from schools.models import School
from tests.categorisation.test_scheme_editor import _register, _without_3d

pytestmark = pytest.mark.django_db


def _stored(tenant, scheme) -> dict[str, int]:
    with scopes_disabled():
        codes = CategoryComputation.objects.filter(
            tenant=tenant, scheme=scheme, school__establishment__is_open=True,
        ).values_list("category_code", flat=True)
        return dict(Counter(code or "undetermined" for code in codes))


def _two_versions(tenant):
    """Version 1 (the preset) and version 2 (no 3D), each recomputed for real, with the counts
    per category each recompute stored."""
    with scope(tenant=tenant):
        first = services.scheme_preset_load(tenant=tenant, actor=None, preset="warwickshire")
        recompute.recompute_schools(tenant=tenant)
        first_counts = _stored(tenant, first)
        second = services.scheme_version_create(tenant=tenant, actor=None, scheme=first,
                                                definition=_without_3d(), change_note="No 3D")
        recompute.recompute_schools(tenant=tenant)
    return first, second, first_counts, _stored(tenant, second)


def _column(html: str, side: str) -> dict[str, int]:
    return {code: int(number) for code, number in
            re.findall(rf'data-testid="{side}-([\w-]+)">(-?\d+)<', html) if int(number)}


def test_two_versions_compared_show_the_rules_changed_and_a_real_recompute_of_each(
        tenant_a, personas, client_for):
    _register(tenant_a, 6)
    _, second, expected_before, expected_after = _two_versions(tenant_a)
    assert expected_before != expected_after  # the comparison has something to show
    client = client_for(personas["a"]["admin"])
    url = f"/t/{tenant_a.slug}/categorisation/schemes/{second.pk}/versions/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="version-1"' in html and 'data-testid="version-2"' in html
    assert "No 3D" in html
    assert _column(html, "before") == expected_before
    assert _column(html, "after") == expected_after
    rules = html.split('data-testid="rule-changes"')[1].split("</table>")[0]
    assert 'data-kind="removed"' in rules and "Rule giving category 3D" in rules
    assert 'data-kind="added"' not in rules
    # The other way round: version 2 against version 1.
    swapped = client.get(url, {"before": 2, "after": 1}).content.decode()
    assert _column(swapped, "before") == expected_after
    assert _column(swapped, "after") == expected_before
    assert 'data-kind="added"' in swapped.split('data-testid="rule-changes"')[1]


def test_a_version_that_is_not_there_is_refused_naming_the_field(tenant_a, personas,
                                                                 client_for):
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    client = client_for(personas["a"]["admin"])
    response = client.get(f"/t/{tenant_a.slug}/categorisation/schemes/{scheme.pk}/versions/",
                          {"before": "9", "after": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_before"' in html and 'href="#id_after"' in html


def test_the_rules_diff_names_thresholds_categories_and_changed_rules():
    before = copy.deepcopy(PRESETS["warwickshire"]["definition"])
    after = copy.deepcopy(before)
    after.setdefault("parameters", {})["att8_band"] = 1.5
    grade_rule = next(i for i, rule in enumerate(after["rules"]) if rule.get("category") == "4")
    after["rules"][grade_rule]["because"] = "Inadequate: the most support"
    categories = [{"code": code, "label": label, "description": description,
                   "colour": colour, "attributes": attributes}
                  for code, label, description, colour, attributes
                  in PRESETS["warwickshire"]["categories"]]
    renamed = copy.deepcopy(categories)
    renamed[0]["label"] = "Outstanding and sharing"
    diff = rules_diff(before, categories, after, renamed)
    assert [(c.kind, c.subject, c.after) for c in diff.thresholds] == [
        ("changed" if "att8_band" in before.get("parameters", {}) else "added",
         "Size of a real change in Attainment 8 (points)", "1.5")]
    assert [(c.kind, c.subject) for c in diff.categories] == [
        ("changed", f"Category {categories[0]['code']}")]
    assert "Outstanding and sharing" in diff.categories[0].after
    assert [(c.kind, c.subject) for c in diff.rules] == [("changed", "Rule giving category 4")]
    assert diff.rules[0].after.endswith("Reason: Inadequate: the most support")
    assert rules_diff(before, categories, before, categories).is_empty


def _upload(data, name="scheme.json") -> SimpleUploadedFile:
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, body, content_type="application/json")


def test_a_version_downloaded_imports_as_a_new_scheme_elsewhere_and_a_new_version_here(
        tenant_a, tenant_b, personas, client_for):
    _register(tenant_a, 3)
    second = _two_versions(tenant_a)[1]
    client = client_for(personas["a"]["admin"])
    download = client.get(f"/t/{tenant_a.slug}/categorisation/schemes/{second.pk}/export/")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    data = json.loads(download.content)
    assert data["definition"] == second.definition and data["version"] == 2
    # Another council: a new scheme, version 1, with the same rules and categories.
    _register(tenant_b, 2)
    other = client_for(personas["b"]["admin"])
    response = other.post(f"/t/{tenant_b.slug}/categorisation/schemes/import/", {
        "file": _upload(data), "into": "new", "name": "Northshire's scheme",
        "change_note": "Adopted from our neighbour"})
    assert response.status_code == 302, response.content.decode()[:3000]
    with scopes_disabled():
        imported = CategorisationScheme.objects.get(tenant=tenant_b, is_active=True)
        assert (imported.name, imported.version, imported.key) == (
            "Northshire's scheme", 1, "northshires-scheme")
        assert imported.definition == second.definition
        assert categories_of(imported) == categories_of(second)
        assert imported.created_by == personas["b"]["admin"]
    # Here, into the same scheme: the next version.
    response = client.post(f"/t/{tenant_a.slug}/categorisation/schemes/import/", {
        "file": _upload(data), "into": second.key, "change_note": "Back to version 2"})
    assert response.status_code == 302
    with scopes_disabled():
        third = CategorisationScheme.objects.get(tenant=tenant_a, is_active=True)
    assert (third.version, third.definition, third.change_note) == (
        3, second.definition, "Back to version 2")


def test_a_file_is_refused_naming_the_field_and_the_schools_left_out(tenant_a, personas,
                                                                    client_for):
    _register(tenant_a, 3)
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    client = client_for(personas["a"]["admin"])
    url = f"/t/{tenant_a.slug}/categorisation/schemes/import/"
    good = json.loads(client.get(
        f"/t/{tenant_a.slug}/categorisation/schemes/{scheme.pk}/export/").content)
    no_label = copy.deepcopy(good)
    del no_label["categories"][2]["label"]
    response = client.post(url, {"file": _upload(no_label), "into": scheme.key,
                                 "change_note": "x"})
    assert response.status_code == 400
    assert "categories[3].label: enter it as text." in response.content.decode()
    response = client.post(url, {"file": _upload(b"{not json"), "into": scheme.key,
                                 "change_note": "x"})
    assert response.status_code == 400 and "The file is not JSON" in response.content.decode()
    only_inadequate = copy.deepcopy(good)
    only_inadequate["definition"]["rules"] = [
        rule for rule in good["definition"]["rules"] if rule.get("category") == "4"]
    response = client.post(url, {"file": _upload(only_inadequate), "into": scheme.key,
                                 "change_note": "Only inadequate"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "School 00 (URN" in html and "would have no category" in html
    with scopes_disabled():
        assert CategorisationScheme.objects.filter(tenant=tenant_a).count() == 1
    # A new scheme may not take the name of one the council has.
    response = client.post(url, {"file": _upload(good), "into": "new", "name": good["name"],
                                 "change_note": "again"})
    assert response.status_code == 400 and 'href="#id_name"' in response.content.decode()


@pytest.mark.parametrize("definition, categories, expected", [
    ({"rules": [{"category": "A", "when": {"fact": "inspection.grade", "op": "eq",
                                           "value": "good"}}]},
     [{"code": "A", "label": "Alpha"}], "definition: Rule 1, graded judgement in force:"),
    ({"rules": [{"category": "Z", "when": {"fact": "inspection.grade", "op": "eq",
                                           "value": 1}}]},
     [{"code": "A", "label": "Alpha"}], "definition: Rule 1 names category 'Z'"),
    ({"parameters": {"att8_band": "wide"},
      "rules": [{"category": "A", "when": {"fact": "inspection.exists", "op": "is_true"}}]},
     [{"code": "A", "label": "Alpha"}], "definition: Size of a real change in Attainment 8"),
    ({"rules": [7]}, [{"code": "A", "label": "Alpha"}], "definition: a rule, condition"),
    ({"rules": []}, [{"code": "A", "label": "x" * 201}], "categories[1].label: 200 characters"),
    ({"rules": [{"category": "A", "when": {"not": {"not": {"not": {}}}}}]},
     [{"code": "A", "label": "Alpha"}], "definition: "),
])
def test_a_definition_is_read_with_each_problem_naming_its_field(definition, categories,
                                                                 expected):
    reading = read_definition(definition, categories)
    assert not reading.is_valid
    assert any(problem.startswith(expected) for problem in reading.problems), reading.problems


def test_conditions_nested_beyond_reason_are_refused_not_crashed():
    condition: dict = {"fact": "inspection.exists", "op": "is_true"}
    for _ in range(5000):
        condition = {"not": condition}
    reading = read_scheme_file({"definition": {"rules": [{"category": "A", "when": condition}]},
                                "categories": [{"code": "A", "label": "Alpha"}]})
    assert reading.problems == ["definition: conditions are nested more than 12 deep."]


def _page_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_versions_page_reads_in_bulk_whatever_the_schools_and_versions(
        tenant_a, personas, client_for):
    _register(tenant_a, 2)
    second = _two_versions(tenant_a)[1]
    client = client_for(personas["a"]["admin"])
    url = f"/t/{tenant_a.slug}/categorisation/schemes/{second.pk}/versions/"
    few = _page_queries(client, url)
    _register(tenant_a, 10)
    with scope(tenant=tenant_a):
        for number in range(3):
            services.scheme_version_create(tenant=tenant_a, actor=personas["a"]["admin"],
                                           scheme=second, definition=_without_3d(),
                                           change_note=f"again {number}")
    assert _page_queries(client, url) == few


def test_the_comparison_is_computed_once_until_the_register_or_its_data_changes(
        tenant_a, tenant_b, personas, client_for):
    _register(tenant_a, 6)
    second = _two_versions(tenant_a)[1]
    client = client_for(personas["a"]["admin"])
    url = f"/t/{tenant_a.slug}/categorisation/schemes/{second.pk}/versions/"
    cold = _page_queries(client, url)
    first = client.get(url).content.decode()
    warm = _page_queries(client, url)
    assert warm < cold  # the dry run over the register was not done again
    # Schools with new inspections arrive: the comparison counts them at once.
    _register(tenant_a, 3)
    after = client.get(url).content.decode()
    assert sum(_column(after, "after").values()) == sum(_column(first, "after").values()) + 3
    # Another council comparing its own versions never gets this one's figures.
    _register(tenant_b, 2)
    other = _two_versions(tenant_b)[1]
    theirs = client_for(personas["b"]["admin"]).get(
        f"/t/{tenant_b.slug}/categorisation/schemes/{other.pk}/versions/").content.decode()
    with scopes_disabled():
        their_schools = School.objects.filter(tenant=tenant_b,
                                              establishment__is_open=True).count()
    assert sum(_column(theirs, "after").values()) == their_schools != sum(
        _column(after, "after").values())
