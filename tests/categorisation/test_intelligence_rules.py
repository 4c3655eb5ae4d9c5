"""Local intelligence is a rule input (issue 10, finding 4): a recent high-severity
safeguarding or leadership concern recorded by the LA changes what the presets propose, and the
reason names the item by kind and date — never by its summary, which the school must not read.
Recording or withdrawing an item recomputes the school, and the proposal follows."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_scopes import scope

from categorisation.models import CategoryProposal
from categorisation.schemes import engine
from categorisation.schemes.facts import SchoolInputs, build_facts, months_before
from categorisation.schemes.presets import PRESETS
from schools import intelligence
from schools.intelligence import IntelligenceFact
from tests.categorisation.test_scheme_presets import AS_AT, IMPROVING, URN, graded, results
from tests.categorisation.workflow_setup import make_proposal

SAFEGUARDING = "Safeguarding concern"


def concern(kind="safeguarding_concern", severity="high", days_before=40,
            label=SAFEGUARDING) -> IntelligenceFact:
    return IntelligenceFact(kind, label, severity, AS_AT - timedelta(days=days_before))


def categorise(preset, *, items=(), inspections=(), indicators=(), judgements=None):
    data = PRESETS[preset]
    inputs = SchoolInputs(urn=URN, governance="maintained", phase="primary",
                          inspections=list(inspections), indicators=list(indicators),
                          judgements=judgements or {}, intelligence=list(items))
    facts = build_facts(inputs, parameters={**data["definition"]["parameters"],
                                            "as_at": AS_AT.isoformat()})
    labels = {code: label for code, label, *_ in data["categories"]}
    return engine.evaluate(data["definition"], facts, labels=labels)


def high_concern(items, **parameters):
    facts = build_facts(SchoolInputs(urn=URN, intelligence=list(items)),
                        parameters={"as_at": AS_AT.isoformat(), **parameters})
    return facts["intelligence.high_concern"]


# --- The fact --------------------------------------------------------------------------------

def test_a_recent_high_safeguarding_concern_is_named_by_kind_and_date():
    fact = high_concern([concern()])
    assert fact.value is True
    assert fact.text == ("Local intelligence: high-severity safeguarding concern dated "
                         "26 October 2019 (recorded by the LA)")


@pytest.mark.parametrize("item", [
    concern(severity="medium"),
    concern(days_before=400),                                   # older than twelve months
    concern(kind="finance_concern", label="Finance concern"),   # not a kind the rule reads
    concern(days_before=-3),                                    # after the as-at date
], ids=["medium", "old", "finance", "after-as-at"])
def test_other_items_are_not_a_concern_for_the_rules(item):
    assert high_concern([item]).value is False


def test_the_scheme_names_the_kinds_and_the_months():
    finance = concern(kind="finance_concern", label="Finance concern", days_before=500)
    assert high_concern([finance], intelligence_kinds=["finance_concern"],
                        intelligence_months=24).value is True


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 3, 31), 1, date(2026, 2, 28)),
    (date(2024, 3, 31), 1, date(2024, 2, 29)),
    (date(2026, 1, 15), 12, date(2025, 1, 15)),
    (date(2026, 1, 15), 13, date(2024, 12, 15)),
])
def test_months_before_keeps_the_day_or_the_months_last(day, months, expected):
    assert months_before(day, months) == expected


# --- The presets ------------------------------------------------------------------------------

def test_warwickshire_a_good_improving_school_with_a_concern_is_no_better_than_2b():
    assert categorise("warwickshire", inspections=[graded(2)], indicators=IMPROVING).category \
        == "2A"
    outcome = categorise("warwickshire", inspections=[graded(2)], indicators=IMPROVING,
                         items=[concern()])
    assert outcome.category == "2B"
    assert "high-severity safeguarding concern dated 26 October 2019" in outcome.summary
    assert "no better than 2B" in outcome.summary


def test_warwickshire_an_outstanding_school_with_a_leadership_concern_is_2b():
    leadership = concern(kind="leadership_concern", label="Leadership concern")
    outcome = categorise("warwickshire", inspections=[graded(1)], items=[leadership])
    assert outcome.category == "2B"
    assert "leadership concern" in outcome.summary


def test_warwickshire_a_concern_never_lifts_a_school_below_good():
    outcome = categorise("warwickshire", inspections=[graded(3)], items=[concern()])
    assert outcome.category == "3C"


def capacity(letter):
    return {"improvement_capacity": (letter, f"Improvement capacity {letter}")}


@pytest.mark.parametrize(("gap_value", "letter", "without", "with_concern"), [
    (66, "A", "green", "yellow"),
    (61, "B", "yellow", "amber"),
    (60, "C", "amber", "red"),     # group 2 + C = 5
    (57, "C", "red", "red"),       # red stays red
])
def test_welsh_a_concern_moves_the_colour_one_up(gap_value, letter, without, with_concern):
    indicators = results(gap_value, national=60)
    assert categorise("welsh", indicators=indicators,
                      judgements=capacity(letter)).category == without
    outcome = categorise("welsh", indicators=indicators, judgements=capacity(letter),
                         items=[concern()])
    assert outcome.category == with_concern
    assert "safeguarding concern" in outcome.summary


# --- Through the product: record, recompute, withdraw -----------------------------------------

@pytest.mark.django_db
def test_recording_a_concern_changes_the_proposal_and_withdrawing_it_changes_it_back(
        tenant_a, personas, django_capture_on_commit_callbacks):
    school = personas["a"]["school"]
    officer = personas["a"]["officer"]
    proposal, _ = make_proposal(tenant_a, school, django_capture_on_commit_callbacks,
                                words="Good")
    assert proposal.undetermined == ["2A", "2B"]   # Good, no results: an officer decides
    with scope(tenant=tenant_a), django_capture_on_commit_callbacks(execute=True):
        item = intelligence.intelligence_record(
            tenant=tenant_a, actor=officer, school=school, kind="safeguarding_concern",
            occurred_on=timezone.localdate() - timedelta(days=10), source="Designated officer",
            severity="high", summary="Allegation against a member of staff")
    with scope(tenant=tenant_a):
        changed = CategoryProposal.objects.get(school=school, status="open")
        assert changed.category.code == "2B"
        reasons = " ".join(changed.reasons)
        assert "high-severity safeguarding concern dated" in reasons
        assert "Allegation" not in reasons and "Designated officer" not in reasons
    with scope(tenant=tenant_a), django_capture_on_commit_callbacks(execute=True):
        intelligence.intelligence_withdraw(tenant=tenant_a, actor=officer, item=item,
                                           reason="Entered against the wrong school")
    with scope(tenant=tenant_a):
        again = CategoryProposal.objects.get(school=school, status="open")
        assert again.category is None and again.undetermined == ["2A", "2B"]


@pytest.mark.django_db
def test_the_rules_read_only_items_of_the_schools_own_tenant(tenant_a, tenant_b, personas):
    """The read behind the rules keeps an item only when its tenant is its school's."""
    from django_scopes import scopes_disabled

    from schools.models import LocalIntelligence
    school = personas["a"]["school"]
    with scopes_disabled():
        LocalIntelligence.objects.create(
            tenant=tenant_b, school=school, kind="safeguarding_concern", severity="high",
            occurred_on=date(2026, 1, 5), source="x", summary="y")
        LocalIntelligence.objects.create(
            tenant=tenant_a, school=school, kind="leadership_concern", severity="high",
            occurred_on=date(2026, 1, 6), source="x", summary="y")
        found = intelligence.intelligence_for_rules(school_ids=[school.pk])
    assert [item.kind for item in found[school.pk]] == ["leadership_concern"]
