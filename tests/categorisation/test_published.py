"""Categorisation's published read (the category in force on a date) and its hook (categories
changed), as funding, support and boards will use them."""

from datetime import date, datetime

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from categorisation import workflow
from categorisation.models import SchoolCategory
from categorisation.published import categories_in_force
from categorisation.signals import categories_changed
from tests.categorisation.test_workflow import confirm, disagree, proposed  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Every `categories_changed` sent during the test: (tenant, changes)."""
    calls = []

    def receiver(sender, *, tenant, changes, **kwargs):
        calls.append((tenant, changes))

    categories_changed.connect(receiver, dispatch_uid="test-heard")
    yield calls
    categories_changed.disconnect(dispatch_uid="test-heard")


def moderate(proposed, case, code):  # noqa: F811
    with scope(tenant=proposed["tenant"]):
        return workflow.moderation_decide(
            tenant=proposed["tenant"], actor=proposed["people"]["admin"], case=case,
            category=proposed["categories"][code], reason="Reviewed at the panel.")


def decided_on(step, day: date) -> None:
    with scopes_disabled():
        SchoolCategory.objects.filter(pk=step.pk).update(
            decided_at=timezone.make_aware(datetime(day.year, day.month, day.day, 10)))


def test_the_category_in_force_is_published_with_its_typed_attributes(proposed):  # noqa: F811
    step = confirm(proposed)
    with scope(tenant=proposed["tenant"]):
        published = categories_in_force(tenant=proposed["tenant"])
    school = proposed["school"]
    assert list(published) == [school.pk]
    category = published[school.pk]
    assert (category.step_id, category.scheme_key, category.code, category.status) == (
        step.pk, "warwickshire", "3C", "confirmed")
    # Warwickshire: "3C Requires improvement" triggers differentiated funding.
    assert category.triggers_funding is True
    assert category.attributes["academy_offer"].startswith("Core CPD")


def test_the_category_in_force_on_a_date_is_the_latest_decided_by_the_end_of_it(
        proposed):  # noqa: F811
    first, case = disagree(proposed)
    moderated = moderate(proposed, case, "3D")
    with scopes_disabled():
        confirmed = SchoolCategory.objects.get(school=proposed["school"], status="confirmed")
    decided_on(confirmed, date(2025, 2, 1))
    decided_on(first, date(2025, 3, 1))
    decided_on(moderated, date(2025, 4, 1))
    school = proposed["school"].pk

    def on(day):
        with scope(tenant=proposed["tenant"]):
            found = categories_in_force(tenant=proposed["tenant"], on=day)
        return found[school].code if school in found else None

    assert on(date(2025, 1, 31)) is None
    assert on(date(2025, 2, 1)) == "3C"
    assert on(date(2025, 3, 31)) == "3C"
    assert on(date(2025, 4, 1)) == "3D"
    assert on(None) == "3D"


def test_another_tenants_read_never_includes_these_schools(proposed, tenant_b):  # noqa: F811
    confirm(proposed)
    with scope(tenant=tenant_b):
        assert categories_in_force(tenant=tenant_b) == {}
        assert categories_in_force(tenant=tenant_b, schools=[proposed["school"]]) == {}


def test_the_hook_fires_after_commit_when_the_category_in_force_changes(
        proposed, heard, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = confirm(proposed)
    [(tenant, [change])] = heard
    assert tenant == proposed["tenant"]
    assert (change.school_id, change.old_step_id, change.new_step_id) == (
        proposed["school"].pk, None, confirmed.pk)
    assert (change.old_code, change.new_code) == (None, "3C")


def test_the_hook_is_silent_when_the_school_responds_and_the_category_stays(
        proposed, heard, django_capture_on_commit_callbacks):  # noqa: F811
    confirm(proposed)  # its callbacks are not run: only the response is listened to
    with django_capture_on_commit_callbacks(execute=True), scope(tenant=proposed["tenant"]):
        workflow.category_disagree(
            tenant=proposed["tenant"], actor=proposed["people"]["headteacher"],
            school=proposed["school"], reason="Our results are above national.")
    assert heard == []


def test_the_hook_fires_for_a_moderation_that_changes_the_category_not_one_that_keeps_it(
        proposed, heard, django_capture_on_commit_callbacks):  # noqa: F811
    disagreed, case = disagree(proposed)
    heard.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderated = moderate(proposed, case, "3D")
    [(_, [change])] = heard
    assert (change.old_step_id, change.new_step_id, change.old_code, change.new_code) == (
        disagreed.pk, moderated.pk, "3C", "3D")
