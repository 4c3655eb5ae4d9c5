"""Categories changed -> a new draft: the hook queues (after commit) a task that makes a draft
run for the current year when the tenant has confirmed one; the confirmed run stays as it
was and its page names the schools whose category differs now."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from categorisation.models import SchoolCategory
from categorisation.signals import CategoryChange, categories_changed
from core.models import Role
from core.years import FinancialYear
from funding.models import AllocationRun, RunStatus
from funding.selectors.allocations import run_schools
from funding.services import allocations as services
from funding.services import dedelegation
from tests.funding.allocation_world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def confirmed(tenant_a, personas):
    admin = personas["a"][Role.ADMIN]
    today = timezone.localdate()
    with scope(tenant=tenant_a):
        world = World(tenant_a)
        declining = world.school("Declining Primary", "3A", "North", 100)
        good = world.school("Good Primary", "2A", "North", 200)
        year = dedelegation.funding_year_create(
            tenant=tenant_a, actor=admin, start_year=FinancialYear.of(today).start_year)
        formula = services.allocation_formula_create(
            tenant=tenant_a, actor=admin, name="Consortium funding", level_name="Consortium",
            rates={"3A": "25.00", "3B": "25.00"}, triggering_codes=["3A", "3B"])
        run = services.allocation_run_create(tenant=tenant_a, actor=admin, year=year,
                                             formula=formula, inputs_on=today)
        services.allocation_run_confirm(tenant=tenant_a, actor=admin, run=run)
    return world, run, declining, good


def change(world, school, code, on=None):
    with scopes_disabled():
        old = SchoolCategory.objects.get(school=school, is_current=True)
    # Without a date the step is taken now, as a real decision is: 10:00 today would be in
    # the future before ten and in the past after, and the redraft compares with it.
    step = (world.categorise(school, code, on=on) if on
            else world.categorise(school, code, at=timezone.now()))
    return CategoryChange(school_id=school.pk, old_step_id=old.pk, new_step_id=step.pk,
                          old_code=old.category.code, new_code=code)


def test_a_category_change_queues_a_new_draft_after_commit_and_leaves_the_confirmed_run(
        confirmed, tenant_a, django_capture_on_commit_callbacks):
    world, run, _, good = confirmed
    with django_capture_on_commit_callbacks() as callbacks:
        categories_changed.send(sender=SchoolCategory, tenant=tenant_a,
                                changes=[change(world, good, "3B")])
    with scopes_disabled():
        assert AllocationRun.objects.filter(tenant=tenant_a).count() == 1  # not before commit
    assert len(callbacks) == 1
    callbacks[0]()
    with scopes_disabled():
        draft = AllocationRun.objects.get(tenant=tenant_a, status=RunStatus.DRAFT)
        run.refresh_from_db()
    assert draft.total == 100 * 25 + 200 * 25 and draft.created_by is None
    assert draft.origin == "Made after categories changed (1 school: 2A to 3B)"
    assert run.status == RunStatus.CONFIRMED and run.total == 2500
    with scope(tenant=tenant_a):
        assert sum(row.amount for row in run_schools(run)) == 2500


def test_a_tenant_without_a_confirmed_run_queues_nothing(
        tenant_a, personas, django_capture_on_commit_callbacks):
    with scope(tenant=tenant_a):
        world = World(tenant_a)
        school = world.school("Declining Primary", "3A", "North", 100)
    with django_capture_on_commit_callbacks() as callbacks:
        categories_changed.send(sender=SchoolCategory, tenant=tenant_a,
                                changes=[change(world, school, "2A")])
    assert callbacks == []


def test_the_confirmed_runs_page_says_categories_have_changed_with_the_schools(
        confirmed, tenant_a, personas, client_for):
    world, run, declining, _ = confirmed
    client = client_for(personas["a"][Role.OFFICER])
    page = client.get(f"/t/{tenant_a.slug}/funding/runs/{run.pk}/").content.decode()
    assert "Categories have changed" not in page
    world.categorise(declining, "2B", on=date.today())
    page = client.get(f"/t/{tenant_a.slug}/funding/runs/{run.pk}/").content.decode()
    assert "Categories have changed since this run was confirmed" in page
    assert f"Declining Primary ({declining.urn}) was 3A, now 2B" in page


def test_a_second_change_replaces_the_systems_earlier_draft_not_the_admins(
        confirmed, tenant_a, personas, django_capture_on_commit_callbacks):
    world, run, declining, good = confirmed
    with scope(tenant=tenant_a):
        own = services.allocation_run_create(tenant=tenant_a, actor=personas["a"][Role.ADMIN],
                                             year=run.year, formula=run.formula,
                                             inputs_on=timezone.localdate())
    for school, code in ((good, "3B"), (declining, "2A")):
        with django_capture_on_commit_callbacks(execute=True):
            categories_changed.send(sender=SchoolCategory, tenant=tenant_a,
                                    changes=[change(world, school, code)])
    with scopes_disabled():
        drafts = list(AllocationRun.objects.filter(tenant=tenant_a, status=RunStatus.DRAFT)
                      .order_by("pk"))
    assert [d.pk for d in drafts][0] == own.pk and len(drafts) == 2
    assert drafts[1].total == 200 * 25 and "2A to 3B" not in drafts[1].origin


def test_a_batch_of_changes_committed_together_makes_one_draft(
        confirmed, tenant_a, django_capture_on_commit_callbacks):
    """A round or a demo seed commits many decisions at once, and each sends its signal after
    the commit: the first redraft covers them all; the others find it up to date and stop,
    rather than each reading the whole register again (261 redrafts made the demo seed 3
    minutes long)."""
    from core.models import AuditEvent
    world, _, declining, good = confirmed
    # Steps dated before now (the world dates a step at 10:00 of its day).
    yesterday = timezone.localdate() - timedelta(days=1)
    with django_capture_on_commit_callbacks() as callbacks:
        for school, code in ((good, "3B"), (declining, "2A")):
            categories_changed.send(sender=SchoolCategory, tenant=tenant_a,
                                    changes=[change(world, school, code, on=yesterday)])
    for callback in callbacks:
        callback()
    with scopes_disabled():
        drafts = AllocationRun.objects.filter(tenant=tenant_a, status=RunStatus.DRAFT)
        assert drafts.count() == 1
        assert drafts.get().total == 200 * 25   # both changes in it
        assert not AuditEvent.objects.filter(tenant=tenant_a,
                                             action="funding.run_discard").exists()


def test_the_redraft_of_an_academic_year_run_funds_the_same_year_profiled_alike(
        tenant_a, personas):
    admin = personas["a"][Role.ADMIN]
    today = timezone.localdate()
    with scope(tenant=tenant_a):
        world = World(tenant_a)
        world.school("Declining Primary", "3A", "North", 100)
        year = dedelegation.funding_year_create(
            tenant=tenant_a, actor=admin, start_year=FinancialYear.of(today).start_year)
        formula = services.allocation_formula_create(
            tenant=tenant_a, actor=admin, name="Consortium funding", level_name="Consortium",
            rates={"3A": "25.00"}, triggering_codes=["3A"])
        run = services.allocation_run_create(tenant=tenant_a, actor=admin, year=year,
                                             formula=formula, inputs_on=today,
                                             period="academic", first_year_months=8)
        services.allocation_run_confirm(tenant=tenant_a, actor=admin, run=run)
        draft = services.allocation_run_redraft(tenant=tenant_a, origin="Categories changed")
    assert draft is not None and draft.pk != run.pk
    assert (draft.period, draft.first_year_months) == ("academic", 8)
