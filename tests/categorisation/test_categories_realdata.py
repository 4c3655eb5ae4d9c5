"""Issue 10's "done when" on the real Leeds Ofsted file (latest inspections as at 28 February
2026; skipped where ../shared/data/real is absent): what the Warwickshire preset proposes, by
category, with no performance data at all — as an LA analyst would write it by hand."""

from collections import Counter
from datetime import date
from types import SimpleNamespace

import pytest

from categorisation.models import GradeLabel
from categorisation.ofsted import parse_file
from categorisation.schemes import engine
from categorisation.schemes.facts import SchoolInputs, build_facts
from categorisation.schemes.presets import WARWICKSHIRE
from tests.categorisation.conftest import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.realdata]
AS_AT = date(2026, 3, 1)


def leeds_outcomes(real_ofsted_bytes, labels) -> dict[int, engine.Outcome]:
    parsed = parse_file(real_ofsted_bytes, labels=labels, today=TODAY)
    outcome_labels = {label.pk: label for label in GradeLabel.objects.all()}
    by_urn: dict[int, list] = {}
    for row in parsed.inspections:
        inspection = SimpleNamespace(**row, ungraded_outcome_label=outcome_labels.get(
            row.get("ungraded_outcome_label_id")))
        by_urn.setdefault(inspection.urn, []).append(inspection)
    definition = WARWICKSHIRE["definition"]
    parameters = {**definition["parameters"], "as_at": AS_AT.isoformat()}
    names = {code: label for code, label, *_ in WARWICKSHIRE["categories"]}
    compiled = engine.compile_definition(definition)
    return {urn: compiled.evaluate(build_facts(SchoolInputs(urn=urn, inspections=inspections),
                                               parameters=parameters), labels=names)
            for urn, inspections in by_urn.items()}


def test_leeds_without_results_no_good_school_is_called_improving(real_ofsted_bytes, labels):
    outcomes = leeds_outcomes(real_ofsted_bytes, labels)
    by_category = Counter(outcome.category or "undetermined " + "/".join(outcome.undetermined)
                          for outcome in outcomes.values())
    print("Leeds, Warwickshire preset, as at 1 March 2026:", dict(sorted(by_category.items())))
    # Finding 2: with no performance data no school is "2A Good - improving" or "2B Good -
    # declining" on a trend; the good ones wait for an officer to choose.
    assert by_category["2A"] == 0
    assert by_category["undetermined 2A/2B"] > 150
    assert by_category["2B"] == sum(
        1 for outcome in outcomes.values()
        if outcome.category == "2B" and "Ofsted raised concerns" in outcome.summary)
    # The two schools in an Ofsted category of concern are category 4.
    assert by_category["4"] == 2
    assert sum(by_category.values()) == len(outcomes) == 274
