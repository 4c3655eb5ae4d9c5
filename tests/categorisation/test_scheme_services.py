"""Schemes per tenant: presets loaded as versions, edits validated against the register."""

import copy
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_scopes import scope, scopes_disabled

from categorisation import judgements, selectors, services
from categorisation.models import CategorisationScheme, Inspection
from categorisation.schemes.presets import WARWICKSHIRE
from core.models import AuditEvent
from schools.models import EstablishmentLink
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def stored_inspection(urn, number, grade, start=date(2023, 3, 1), inspected_urn=None, **more):
    return Inspection.objects.create(
        inspection_number=number, urn=urn, inspected_urn=inspected_urn or urn,
        era="oeif_graded", start_date=start, overall_effectiveness=grade, **more)


def test_loading_a_preset_creates_version_one_with_its_categories(tenant_a):
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
        assert (scheme.version, scheme.is_active) == (1, True)
        assert [c.code for c in scheme.categories.all()] == [
            "1", "2A", "2B", "3A", "3B", "3C", "3D", "4", "U"]
        assert AuditEvent.objects.filter(action="categorisation.scheme_preset_loaded").exists()


def test_an_edit_creates_the_next_version_and_retires_the_previous(tenant_a):
    with scope(tenant=tenant_a):
        first = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="welsh")
        definition = copy.deepcopy(first.definition)
        definition["parameters"]["trend_threshold"] = 3
        second = services.scheme_version_create(tenant=tenant_a, actor=None, scheme=first,
                                                definition=definition, change_note="Threshold")
        first.refresh_from_db()
        assert (second.version, second.is_active, first.is_active) == (2, True, False)
        assert second.categories.count() == first.categories.count()


def test_an_edit_that_leaves_a_school_with_no_category_is_refused(tenant_a):
    school = SchoolFactory(tenant=tenant_a, establishment__name="Avon Primary School")
    stored_inspection(school.urn, "G1", 2)
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
        definition = copy.deepcopy(WARWICKSHIRE["definition"])
        definition["rules"] = [rule for rule in definition["rules"]
                               if rule.get("category") not in ("2A", "2B")
                               and "undetermined" not in rule]
        with pytest.raises(services.SchemeRefused) as refused:
            services.scheme_version_create(tenant=tenant_a, actor=None, scheme=scheme,
                                           definition=definition)
        assert refused.value.problems[0].startswith(
            f"Avon Primary School (URN {school.urn}) would have no category. No rule matched")
        assert CategorisationScheme.objects.filter(key="warwickshire").count() == 1


def test_an_unsound_edit_is_refused_with_the_problem(tenant_a):
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="wiltshire")
        with pytest.raises(services.SchemeRefused) as refused:
            services.scheme_version_create(tenant=tenant_a, actor=None, scheme=scheme,
                                           definition={"rules": []})
        assert refused.value.problems == ["The scheme needs at least one rule."]


def test_a_scheme_of_another_tenant_cannot_be_edited(tenant_a, tenant_b):
    with scope(tenant=tenant_b):
        theirs = services.scheme_preset_load(tenant=tenant_b, actor=None, preset="welsh")
    with scope(tenant=tenant_a), pytest.raises(ValidationError):
        services.scheme_version_create(tenant=tenant_a, actor=None, scheme=theirs,
                                       definition=theirs.definition)


def test_a_converter_academy_is_categorised_from_its_predecessors_inspection(tenant_a):
    academy = SchoolFactory(tenant=tenant_a)
    EstablishmentLink.objects.create(urn=academy.urn, linked_urn=100099,
                                     link_type="Predecessor")
    stored_inspection(100099, "P1", 1, start=date(2019, 5, 1))
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
        outcome = selectors.scheme_outcomes(tenant=tenant_a, scheme=scheme)[academy]
    assert outcome.category == "1"
    assert outcome.reasons[0] == ("Graded inspection 1 May 2019 (of predecessor URN 100099): "
                                  "Outstanding (1)")


def test_an_officers_capacity_judgement_feeds_the_welsh_preset(tenant_a, personas):
    school = SchoolFactory(tenant=tenant_a)
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="welsh")
        judgements.judgement_record(tenant=tenant_a, actor=personas["a"]["officer"],
                                    school=school, key="improvement_capacity", value="B",
                                    reason="Leadership secure", judged_on=date(2026, 2, 1))
        outcome = selectors.scheme_outcomes(tenant=tenant_a, scheme=scheme)[school]
    # No indicators: no standards group, so the school waits, citing the capacity it has.
    assert outcome.category == "awaiting"


def test_reading_inputs_costs_the_same_queries_for_more_schools(tenant_a,
                                                               django_assert_max_num_queries):
    for n in range(12):
        school = SchoolFactory(tenant=tenant_a)
        stored_inspection(school.urn, f"G{n}", 2)
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
        # Schools, links, national inspections and indicators, the council's own inspections
        # and indicators, judgements, local intelligence and the labels: a fixed number,
        # whatever the schools.
        with django_assert_max_num_queries(9):
            outcomes = selectors.scheme_outcomes(tenant=tenant_a, scheme=scheme)
    # Good, with no results on record: not determined between 2A and 2B.
    assert {outcome.undetermined for outcome in outcomes.values()} == {("2A", "2B")}


def test_a_judgement_for_a_school_of_another_tenant_is_refused(tenant_a, tenant_b, personas):
    theirs = SchoolFactory(tenant=tenant_b)
    with scope(tenant=tenant_a), pytest.raises(ValidationError):
        judgements.judgement_record(tenant=tenant_a, actor=personas["a"]["officer"],
                                    school=theirs, key="improvement_capacity", value="A",
                                    reason="x", judged_on=date(2026, 2, 1))
    with scopes_disabled():
        assert not theirs.officer_judgements.exists()


# --- One active scheme per tenant ------------------------------------------------------------


def test_loading_another_preset_retires_the_active_scheme_and_keeps_its_versions(tenant_a):
    with scope(tenant=tenant_a):
        first = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
        second = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="welsh")
        first.refresh_from_db()
        assert (first.is_active, second.is_active) == (False, True)
        assert list(CategorisationScheme.objects.filter(is_active=True)) == [second]
        assert CategorisationScheme.objects.filter(key="warwickshire").count() == 1


def test_editing_a_retired_scheme_makes_it_the_active_one_and_retires_the_other(tenant_a):
    with scope(tenant=tenant_a):
        welsh = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="welsh")
        wiltshire = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="wiltshire")
        again = services.scheme_version_create(tenant=tenant_a, actor=None, scheme=welsh,
                                               definition=welsh.definition)
        wiltshire.refresh_from_db()
        assert (again.key, again.version, again.is_active) == ("welsh", 2, True)
        assert not wiltshire.is_active
        assert CategorisationScheme.objects.filter(is_active=True).count() == 1


def test_the_database_refuses_a_second_active_scheme_for_a_tenant(tenant_a):
    with scope(tenant=tenant_a):
        scheme = services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
        with pytest.raises(IntegrityError), transaction.atomic():
            CategorisationScheme.objects.create(tenant=tenant_a, key="other", name="Other",
                                                is_active=True, definition=scheme.definition)


def test_each_tenant_keeps_its_own_active_scheme(tenant_a, tenant_b):
    with scope(tenant=tenant_a):
        services.scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    with scope(tenant=tenant_b):
        services.scheme_preset_load(tenant=tenant_b, actor=None, preset="welsh")
    with scopes_disabled():
        assert sorted(CategorisationScheme.objects.filter(is_active=True)
                      .values_list("tenant__slug", "key")) == [
            ("dorset", "welsh"), ("wiltshire", "warwickshire")]
