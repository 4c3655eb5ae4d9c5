"""The scheme editor: rules as a form that converts to and from the engine's JSON, with every
kind of condition; buttons that add, move and remove; errors naming the field; a preview equal
to what a real recompute gives after saving, in a fixed number of queries."""

from __future__ import annotations

import copy
import itertools
from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from categorisation import recompute, services
from categorisation.models import CategoryComputation, Inspection
from categorisation.schemes import catalogue, editor
from categorisation.schemes.presets import PRESETS
from categorisation.selectors.scheme_preview import scheme_preview
from tests.categorisation.formdata import form_data
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db

SAMPLES = {  # one test of each kind of value, in the type the engine compares
    catalogue.BOOL: ("is_true", None),
    catalogue.DATE: ("lt", "2012-09-01"),
    catalogue.NUMBER: ("gte", -2.5),
    catalogue.TEXT: ("eq", "primary"),
}


def _test_of(kind: catalogue.FactKind) -> dict:
    if kind.choices:
        values = [value for value, _ in kind.choices]
        if kind.type == catalogue.INTEGER:
            return {"fact": kind.name, "op": "in", "value": values[:2]}
        return {"fact": kind.name, "op": "not_in" if len(values) > 2 else "eq",
                "value": values[1:] if len(values) > 2 else values[0]}
    op, value = SAMPLES[kind.type]
    return {"fact": kind.name, "op": op} | ({"value": value} if value is not None else {})


def every_kind_definition() -> dict:
    """A rule for each fact the engine knows, the officer judgements, a derived fact, every
    group, a test without a value, an undetermined rule and thresholds of every type."""
    tests = [_test_of(kind) for kind in catalogue.KINDS.values()]
    tests += [{"fact": "officer.capacity_level", "op": "eq", "value": "1"},
              {"fact": "officer.improvement_capacity", "op": "in", "value": ["A", "B"]},
              {"fact": "standards_group", "op": "eq", "value": 2},
              {"fact": "inspection.grade", "op": "missing"}]
    rules = [{"category": "A", "when": test, "because": f"because of {test['fact']}"}
             for test in tests]
    rules += [
        {"category": "B", "when": {"any": [
            {"all": [tests[0], {"not": tests[1]}]},
            {"not": {"all": [tests[2], tests[3]]}}]}},
        {"undetermined": ["A", "B"], "when": {"fact": "trend", "op": "eq", "value": "unknown"},
         "because": "no results"},
    ]
    return {
        "parameters": {"att8_band": 2.5, "trend_published_years": 3, "intelligence_months": 6,
                       "intelligence_kinds": ["safeguarding_concern"], "as_at": "2026-06-01",
                       "satisfactory_before": "2012-09-01"},
        "derive": [{"fact": "standards_group", "label": "standards group", "rules": [
            {"value": 1, "when": {"fact": "indicators.gap", "op": "gte", "value": 5}},
            {"value": 2, "when": {"fact": "indicators.gap", "op": "exists"}}]}],
        "rules": rules,
    }


CATEGORIES = [
    {"code": "A", "label": "Alpha", "description": "First", "colour": "green",
     "attributes": {"academy_offer": "Core CPD offer", "triggers_funding": True,
                    "support_days": 4}},
    {"code": "B", "label": "Beta", "description": "", "colour": "red",
     "attributes": {"triggers_funding": False}},
]


def _scheme_with(tenant, definition, categories=CATEGORIES):
    with scope(tenant=tenant):
        first = services.scheme_preset_load(tenant=tenant, actor=None, preset="warwickshire")
        return services.scheme_version_create(tenant=tenant, actor=None, scheme=first,
                                              definition=definition, categories=categories,
                                              change_note="every kind")


def _url(tenant, scheme) -> str:
    return f"/t/{tenant.slug}/categorisation/schemes/{scheme.pk}/rules/"


def _posted(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, values in data.items():
        query.setlist(name, values)
    return query


def test_every_kind_of_condition_round_trips_json_form_json(tenant_a, personas, client_for):
    definition = every_kind_definition()
    covered = {test["when"].get("fact") for test in definition["rules"]}
    assert set(catalogue.KINDS) <= covered  # every fact the engine knows has its rule
    scheme = _scheme_with(tenant_a, definition)
    client = client_for(personas["a"]["admin"])
    page = client.get(_url(tenant_a, scheme))
    assert page.status_code == 200
    # JSON -> form (the page a browser shows) -> JSON (what it posts back)
    data = form_data(page.content, "rules")
    built = editor.build(editor.draft_from_post(_posted(data)))
    assert built.errors == []
    assert built.definition == definition
    assert built.categories == CATEGORIES
    # ... and the form the posted JSON gives back is the same form.
    again = form_data(client.post(_url(tenant_a, scheme),
                                  {**data, "action": ["refresh"]}).content, "rules")
    assert again.pop("csrfmiddlewaretoken") and data.pop("csrfmiddlewaretoken")
    assert again == data


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_each_preset_round_trips_through_the_form(preset):
    data = PRESETS[preset]
    categories = [{"code": code, "label": label, "description": description, "colour": colour,
                   "attributes": attributes}
                  for code, label, description, colour, attributes in data["categories"]]
    built = editor.build(editor.draft_from_definition(data["definition"], categories))
    assert built.errors == []
    assert built.definition == data["definition"]


def test_buttons_add_move_and_remove_without_javascript(tenant_a, personas, client_for):
    scheme = _scheme_with(tenant_a, every_kind_definition())
    client = client_for(personas["a"]["admin"])
    data = form_data(client.get(_url(tenant_a, scheme)).content, "rules")
    first, second = data["rule0-because"], data["rule1-because"]
    moved = form_data(client.post(_url(tenant_a, scheme),
                                  {**data, "action": "rule-down:0"}).content, "rules")
    assert (moved["rule0-because"], moved["rule1-because"]) == (second, first)
    # A condition added to a rule's single test makes "all of" the two.
    added = form_data(client.post(_url(tenant_a, scheme),
                                  {**moved, "action": "add:w0"}).content, "rules")
    assert (added["w0-type"], added["w0-n"], added["w0_0-fact"]) == (
        ["all"], ["2"], moved["w0-fact"])
    removed = form_data(client.post(_url(tenant_a, scheme),
                                    {**added, "action": "rule-remove:0"}).content, "rules")
    assert removed["rules"] == [str(int(added["rules"][0]) - 1)]
    assert removed["rule0-because"] == first


def test_a_wrong_value_is_refused_naming_the_rule_and_the_field(tenant_a, personas,
                                                               client_for):
    scheme = _scheme_with(tenant_a, every_kind_definition())
    client = client_for(personas["a"]["admin"])
    data = form_data(client.get(_url(tenant_a, scheme)).content, "rules")
    grade_rule = next(name for name, value in data.items()
                      if value == ["inspection.grade"] and name.endswith("-fact"))
    path = grade_rule.removesuffix("-fact")
    data[f"{path}-value"] = ["good"]
    response = client.post(_url(tenant_a, scheme), {**data, "action": "preview"})
    assert response.status_code == 400
    text = response.content.decode()
    assert f'href="#{path}-value"' in text
    assert "graded judgement in force: Enter one of: 1 (outstanding)" in text
    # Saving needs a reason.
    data[f"{path}-value"] = ["1, 2"]
    response = client.post(_url(tenant_a, scheme), {**data, "action": "save"})
    assert response.status_code == 400 and 'href="#change_note"' in response.content.decode()


def _graded(school, number, grade, leadership=None):
    Inspection.objects.create(
        inspection_number=number, urn=school.urn, inspected_urn=school.urn, era="oeif_graded",
        start_date=date(2023, 3, 1), overall_effectiveness=grade,
        leadership_and_management=leadership)


NUMBERS = itertools.count()


def _register(tenant, count: int) -> list:
    schools = []
    for index in range(count):
        school = SchoolFactory(tenant=tenant, establishment__name=f"School {index:02d}")
        grade, leadership = [(3, 2), (3, 3), (1, None), (4, None), (3, 1), (2, 2)][index % 6]
        _graded(school, f"N{next(NUMBERS)}", grade, leadership)
        schools.append(school)
    return schools


def _without_3d() -> dict:
    definition = copy.deepcopy(PRESETS["warwickshire"]["definition"])
    definition["rules"] = [rule for rule in definition["rules"] if rule.get("category") != "3D"]
    return definition


def test_the_preview_counts_equal_a_real_recompute_after_saving(tenant_a):
    _register(tenant_a, 6)
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
        categories = [{"code": c.code, "label": c.label, "description": c.description,
                       "colour": c.colour, "attributes": c.attributes}
                      for c in scheme.categories.all()]
        preview = scheme_preview(tenant=tenant_a, current=scheme, definition=_without_3d(),
                                 categories=categories)
        # The two grade-3 schools with good or outstanding leadership move from 3D to 3C.
        assert sorted((m.school.establishment.name, m.before, m.after) for m in preview.moves) \
            == [("School 00", "3D Requires improvement with good leadership",
                 "3C Requires improvement"),
                ("School 04", "3D Requires improvement with good leadership",
                 "3C Requires improvement")]
        assert any("requires improvement" in reason for reason in preview.moves[0].reasons)
        services.scheme_version_create(tenant=tenant_a, actor=None, scheme=scheme,
                                       definition=_without_3d(), change_note="No 3D")
        recompute.recompute_schools(tenant=tenant_a)
    with scopes_disabled():
        stored = Counter(code or "undetermined" for code in CategoryComputation.objects.filter(
            tenant=tenant_a, scheme__is_active=True).values_list("category_code", flat=True))
    # Grade 3 (x3, one with outstanding leadership... all 3C now), 1, 4, and a good school
    # with no results to tell its trend (undetermined).
    assert dict(stored) == {"3C": 3, "1": 1, "4": 1, "undetermined": 1}
    assert {count.code: count.after for count in preview.counts if count.after} == dict(stored)
    assert sum(stored.values()) == preview.schools == 6


def test_the_preview_warns_of_missing_data_and_hidden_categories(tenant_a):
    _register(tenant_a, 2)
    definition = _without_3d()
    definition["rules"].insert(0, {"category": "3C", "when": {
        "all": [{"fact": "inspection.grade", "op": "gte", "value": 3},
                {"fact": "officer.improvement_capacity", "op": "eq", "value": "D"}]}})
    definition["rules"].insert(0, {"category": "1", "when": {
        "fact": "inspection.grade", "op": "lte", "value": 1}})
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
        categories = [{"code": c.code, "label": c.label} for c in scheme.categories.all()]
        preview = scheme_preview(tenant=tenant_a, current=scheme, definition=definition,
                                 categories=categories)
    assert any("Officer's judgement: improvement capacity" in warning
               for warning in preview.warnings)
    assert "Category 3D Requires improvement with good leadership" not in " ".join(
        preview.warnings)  # removed, not hidden
    assert any(warning.startswith("Rule 5 (1 Outstanding) can never apply: rule 1 (1 "
                                  "Outstanding)") for warning in preview.warnings)


def test_an_edit_leaving_schools_uncategorised_is_refused_naming_them(tenant_a, personas,
                                                                     client_for):
    _register(tenant_a, 3)
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    client = client_for(personas["a"]["admin"])
    data = form_data(client.get(_url(tenant_a, scheme)).content, "rules")
    data["rules"] = ["1"]  # only "category 4 when inadequate" is left
    data["change_note"] = ["Only inadequate"]
    preview = client.post(_url(tenant_a, scheme), {**data, "action": "preview"})
    assert "School 00 (URN" in preview.content.decode()
    assert 'data-testid="preview-uncategorised"' in preview.content.decode()
    saved = client.post(_url(tenant_a, scheme), {**data, "action": "save"})
    assert saved.status_code == 400
    assert "School 01 (URN" in saved.content.decode()


def test_saving_creates_a_version_with_who_and_why(tenant_a, personas, client_for):
    _register(tenant_a, 2)
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    client = client_for(personas["a"]["admin"])
    data = form_data(client.get(_url(tenant_a, scheme)).content, "rules")
    data["param-att8_band"] = ["2"]
    data["change_note"] = ["A smaller change in Attainment 8 counts"]
    response = client.post(_url(tenant_a, scheme), {**data, "action": "save"})
    assert response.status_code == 302
    with scopes_disabled():
        new = type(scheme).objects.get(tenant=tenant_a, is_active=True)
    assert (new.version, new.definition["parameters"]["att8_band"], new.created_by) == (
        2, 2, personas["a"]["admin"])
    assert new.change_note == "A smaller change in Attainment 8 counts"


def _preview_queries(tenant, scheme) -> int:
    with scope(tenant=tenant), CaptureQueriesContext(connection) as captured:
        scheme_preview(tenant=tenant, current=scheme, definition=_without_3d(),
                       categories=[{"code": c.code, "label": c.label}
                                   for c in scheme.categories.all()])
    return len(captured)


def test_the_preview_reads_in_bulk_whatever_the_number_of_schools(tenant_a):
    _register(tenant_a, 2)
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    few = _preview_queries(tenant_a, scheme)
    _register(tenant_a, 12)
    assert _preview_queries(tenant_a, scheme) == few
