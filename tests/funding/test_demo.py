"""The demo council's de-delegation: a year of four realistic lines, behaviour support agreed by
primary and refused by secondary, and an academy buying school improvement back; seeding twice
leaves one of each."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django_scopes import scope

from core.models import Tenant
from demo.management.commands.seed_demo import DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SLUG
from funding.models import BuyBack, DeDelegationLine, FundingYear, PhaseVote
from funding.selectors.charges import dedelegation_schedule

pytestmark = pytest.mark.django_db
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
def test_the_demo_council_has_a_voted_year_of_de_delegation_and_seeding_twice_keeps_one(
        reference_data):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    tenant = Tenant.objects.get(slug=DEMO_SLUG)
    with scope(tenant=tenant):
        year = FundingYear.objects.get()
        lines = {line.name: line for line in DeDelegationLine.objects.all()}
        assert set(lines) == {"School improvement", "Behaviour support",
                              "Trade union facilities time", "Licences and subscriptions"}
        assert all(Decimal("3") <= rate <= Decimal("20") for line in lines.values()
                   for rate in (line.primary_rate, line.secondary_rate))
        failed = list(PhaseVote.objects.filter(outcome="failed")
                      .values_list("line__name", "phase"))
        assert failed == [("Behaviour support", "secondary")]
        assert BuyBack.objects.count() == 1
        schedule = dedelegation_schedule(year)
        assert len(schedule.schools) > 50
        for summary in schedule.lines:
            assert summary.total == sum((row.charges[summary.line.pk] or Decimal(0)
                                         for row in schedule.schools), Decimal(0))
            assert summary.total > 0
    client = Client()
    head_email = next(person[1] for person in DEMO_PEOPLE if person[0] == "headteacher")
    assert client.login(email=head_email, password=DEMO_PASSWORD)
    body = client.get(f"/t/{DEMO_SLUG}/funding/years/{year.pk}/").content.decode()
    assert "Your school" in body and "School improvement" in body


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
def test_the_demo_council_has_a_confirmed_allocation_and_a_draft_after_a_category_change(
        reference_data, django_capture_on_commit_callbacks):
    from funding.models import AllocationRun, AllocationRunSchool, RunStatus

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=StringIO())
    tenant = Tenant.objects.get(slug=DEMO_SLUG)
    with scope(tenant=tenant):
        confirmed = AllocationRun.objects.get(status=RunStatus.CONFIRMED, fund__isnull=True)
        rows = list(AllocationRunSchool.objects.filter(run=confirmed))
        assert confirmed.total > 0
        assert confirmed.total == sum((row.amount for row in rows), Decimal("0"))
        assert {row.category_code for row in rows if row.amount} <= {"3A", "3B", "3C", "3D"}
        draft = AllocationRun.objects.get(status=RunStatus.DRAFT)
        assert draft.origin.startswith("Made after categories changed")
    client = Client()
    officer_email = next(person[1] for person in DEMO_PEOPLE if person[0] == "officer")
    assert client.login(email=officer_email, password=DEMO_PASSWORD)
    body = client.get(f"/t/{DEMO_SLUG}/funding/runs/{confirmed.pk}/").content.decode()
    assert "Categories have changed since this run was confirmed" in body


@override_settings(PASSWORD_HASHERS=FAST_HASHERS)
def test_the_demo_council_has_a_strategic_fund_with_its_chair_a_contribution_and_a_share(
        reference_data):
    from funding.models import AllocationRunSchool, RunStatus, StrategicFund
    from funding.selectors.funds import fund_summary

    call_command("seed_demo", stdout=StringIO())
    tenant = Tenant.objects.get(slug=DEMO_SLUG)
    with scope(tenant=tenant):
        summary = fund_summary(StrategicFund.objects.get().pk)
        assert [(c.name, c.amount) for c in summary.costs] == [
            ("Independent chair", Decimal("4500.00"))]
        [contribution] = summary.contributions
        assert (contribution.contributor_kind, contribution.amount) == (
            "council", Decimal("17100.00"))
        [run] = summary.drawn_runs
        assert run.status == RunStatus.CONFIRMED and run.total == Decimal("90000.00")
        rows = list(AllocationRunSchool.objects.filter(run=run))
        assert sum((row.amount for row in rows), Decimal("0")) == Decimal("90000.00")
        assert summary.remaining == Decimal("22600.00")
    client = Client()
    board_email = next(person[1] for person in DEMO_PEOPLE if person[0] == "board_member")
    assert client.login(email=board_email, password=DEMO_PASSWORD)
    body = client.get(f"/t/{DEMO_SLUG}/funding/funds/{summary.fund.pk}/").content.decode()
    assert "Eastmoor Council" in body and "£22600.00" in body
