"""No action of one tenant changes what another tenant sees (DESIGN §2).

1. Every way in that can write is classified: each URL from the resolver, each management
   command, each Celery task, as writing national (shared) data, writing the tenant's own data,
   reading, the user's own account, the platform operator's, or Django's staff-only admin. A
   new path fails here until it is classified and tried.
2. Every tenant URL is tried by tenant A's admin and headteacher with every write
   method, on A's objects and on tenant B's ids under A's address, with bodies naming B's
   schools, partnerships and people; what B sees (`tests.crosstenant.seen_by`) is identical
   afterwards. A URL classified as reading must change nothing at all, for A either.
3. The paths that write shared data — GIAS, Ofsted and performance uploads, the inspection API,
   the GIAS command with `--tenant`, the recompute tasks, the demo seed — are replayed as the
   review found them, by one demo council (Northshire, LA 999) against the other (Southvale,
   LA 888), comparing B's data *and* B's pages and API answers before and after.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, get_commands
from django.test import Client, override_settings
from django_scopes import scope, scopes_disabled
from rest_framework.test import APIClient

from categorisation.models import (
    DataArrival,
    DataImport,
    Inspection,
    TenantIndicator,
    TenantInspection,
)
from core.models import Membership, Role, Tenant
from demo.management.commands.seed_demo import DEMO_PASSWORD, DemoSpec, demo_seed, demo_wipe
from partnerships.models import Partnership
from schools.models import Establishment, EstablishmentLink, GiasImport, School
from tests.conftest import ensure_reference_data
from tests.crosstenant import differences, pages_seen_by, seen_by, tenant_fillers
from tests.factories import EstablishmentFactory, gias_file
from tests.test_isolation_matrix import ALL_ROUTES, TENANT_ROUTES, Route

# The two demo councils are seeded once per process that runs the module's tests: one process.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("cross_tenant_writes")]

NATIONAL = "writes national (shared) data"
TENANT = "writes the tenant's own data"
READS = "reads"
ACCOUNT = "writes the signed-in user's own account"
PLATFORM = "the platform operator: tenants and their first invitation, no tenant data"
STAFF = "Django's admin site, staff only (not tenant-scoped; issue 8 unmounts it)"
BEAT = "runs on the schedule, never on a tenant's request"
SERVER = ("the national layer's writer: a whole national file, run on the server by the "
          "platform's operator, never on a tenant's request or token")

# --- 1. The classification ----------------------------------------------------------------

_READING_ROUTES = [
    "core:tenant-home",
    "core:search",
    "core:waiting",
    "core:waiting-count",
    "core_api:api-waiting",
    "core:member-list-export",
    "core:security-log-export",
    "categorisation:scheme-list-export",
    "categorisation:category-round-list-export",
    "partnerships:partnership-level-list-export",
    "boards:interest-register-export",
    "partnerships:hub-actions-export",
    "funding:census-detail-export",
    "funding:actuals-detail-export",
    "funding:fund-detail-export",
    "funding:traded-day-list",
    "funding:traded-day-list-export",
    "partnerships:coverage-summary",
    "partnerships:survey-results-list",
    "partnerships:survey-results",
    "schools:school-list",
    "schools:school-detail",
    "partnerships:partnership-structure",
    "partnerships:partnership-level-list",
    "partnerships:partnership-coverage",
    "partnerships:partnership-detail",
    "partnerships:formation-home",
    "partnerships:formation-my-school",
    "partnerships:pro-forma-list",
    "partnerships:proposal-detail",
    "partnerships:proposal-schools",
    "partnerships:survey-list",
    "partnerships:survey-detail",
    "partnerships:my-hub",
    "partnerships:partnership-hub",
    "partnerships:hub-meeting-detail",
    # The old hub pages, moved to boards: each only redirects, whatever the method.
    "partnerships:partnership-hub-export",
    "partnerships:hub-meeting-add",
    "partnerships:hub-meeting-status",
    "partnerships:hub-note-add",
    "partnerships:hub-note-edit",
    "partnerships:hub-priority-add",
    "partnerships:hub-priority-end",
    "partnerships:hub-action-add",
    "partnerships:hub-action-progress",
    "categorisation:intelligence-list",
    "categorisation:category-dashboard",
    "categorisation:category-proposal-list",
    "categorisation:category-proposal-detail",
    "categorisation:school-category",
    "categorisation:category-moderation-list",
    "categorisation:scheme-detail",
    "categorisation:scheme-versions",
    "categorisation:scheme-export",
    "categorisation:category-round-detail",
    "schools_api:api-school-list",
    "schools_api:api-school-lineage",
    "partnerships_api:api-partnership-coverage",
    "partnerships_api:api-partnership-detail",
    "partnerships_api:api-pro-forma-list",
    "partnerships_api:api-formation-proposal-detail",
    "partnerships_api:api-survey-detail",
    "partnerships_api:api-survey-tally",
    "categorisation_api:api-category-proposal-list",
    "categorisation_api:api-school-category",
    "categorisation_api:api-category-round-detail",
    "categorisation_api:api-scheme-list",
    "categorisation_api:api-scheme-detail",
    "categorisation_api:api-scheme-preview",  # a dry run: counts and moves, nothing written
    "boards:board-list",
    "boards:board-detail",
    "boards:meeting-detail",
    "boards:meeting-calendar",
    "boards:board-members",
    "boards:action-list",
    "boards:minutes-published",
    "boards:paper-download",
    "boards:paper-published",
    "boards:meeting-pack",
    "boards:meeting-pack-pdf",
    "boards:meeting-pack-published",
    "boards:meeting-pack-published-pdf",
    "boards_api:api-board-detail",
    "boards_api:api-published-minutes",
    "funding:year-list",
    "funding:year-detail",
    "funding:year-export",
    "funding:school-charges",
    "funding:line-detail",
    "funding:line-export",
    "funding_api:api-year-schedule",
    "funding_api:api-school-charges",
    "funding_api:api-line-charges",
    "funding:formula-list",
    "funding:run-detail",
    "funding:run-what-if",
    "funding:run-export",
    "funding_api:api-run-detail",
    "funding:commitment-list",
    "funding:commitment-detail",
    "funding:actuals-detail",
    "funding:reconciliation",
    "funding:reconciliation-export",
    "funding_api:api-commitment-detail",
    "funding_api:api-reconciliation",
    "funding:fund-list",
    "funding:fund-detail",
    "funding_api:api-fund-detail",
    "funding:census-list",
    "funding:census-detail",
    "funding:budget-history",
    "funding:budget-history-export",
    "funding:year-report",
    "funding:year-report-export",
    "funding_api:api-census-list",
    "funding_api:api-census-detail",
    "funding_api:api-budget-history",
    "funding_api:api-settings",
    "support:caseload",
    "support:dashboard",
    "support:note-check-list",
    "support:school-visits",
    "support:visit-detail",
    "support:note-print",
    "support:note-pdf",
    "support:broker",
    "support:deployment-detail",
    "support:deployment-list",
    "support:rise-list",
    "support:rise-detail",
    "support_api:api-rise-list",
    "support:support-plan",
    "support:plan-action-detail",
    "support:escalation-list",
    "support:escalation-detail",
    "support_api:api-escalation-list",
    "support_api:api-escalation-detail",
    "support_api:api-deployment-list",
    "support_api:api-deployment-detail",
    "support_api:api-caseload",
    "support_api:api-rag-summary",
    "support_api:api-visit-detail",
    "support:peer-review",
    "support:peer-review-cycle",
    "support:peer-review-detail",
    "support:peer-review-training",
    "support:peer-review-trends",
    "support:peer-review-mine",
    "support_api:api-peer-review-cycle",
    "support_api:api-peer-review-detail",
    "support_api:api-peer-review-trends",
    "support:programme-list",
    "support:programme-detail",
    "support:directory",
    "support:directory-export",
    "support:directory-own",
    "support:school-notes",
    "support_api:api-directory-schools",
    "support_api:api-directory-mine",
    "support_api:api-peer-review-themes",
]
# Since the tenant layer these write the council's own layer only (its register entries and
# provisional schools; its own inspections and indicators); kept here because they are the
# paths that once wrote shared data, and their tests prove another council sees no change.
_NATIONAL_ROUTES = {
    "imports:gias-import-list":
        "uploads a GIAS extract (checked, then applied to the council's register only)",
    "imports:gias-import-apply":
        "adds the council's schools to its register; writes its provisional schools",
    # With tasks inline, the pages of a running import do its next chunk, the last one the
    # whole check or apply (core.file_imports).
    "imports:gias-import-detail": "with tasks inline, does a running import's next chunk",
    "imports:gias-import-progress": "with tasks inline, does a running import's next chunk",
    "categorisation:data-import-list": "uploads an Ofsted or performance file",
    "categorisation:data-import-detail": "with tasks inline, does a running import's next chunk",
    "categorisation:data-import-progress":
        "with tasks inline, does a running import's next chunk",
    "categorisation:data-import-apply":
        "writes inspections or indicators to the council's own layer",
    "categorisation_api:api-inspection-create":
        "writes one inspection to the council's own layer",
}
ROUTE_KINDS: dict[str, str] = {
    **{name: READS for name in _READING_ROUTES},
    **{name: NATIONAL for name in _NATIONAL_ROUTES},
}
for _route in TENANT_ROUTES:
    ROUTE_KINDS.setdefault(_route.name, TENANT)

# URLs without a tenant, by prefix.
NON_TENANT_KINDS = {
    "": READS,  # home: the user's own memberships
    "healthz/": READS,
    "accounts/": ACCOUNT,
    "invitations/": ACCOUNT,
    "account/": ACCOUNT,
    "platform/": PLATFORM,
    "api/schema/": READS,
    "api/docs/": READS,
    "accessibility/": READS,  # the accessibility statement: public, no tenant data
    "demo/": READS,  # the demo council's sample import files
    "django-admin/": STAFF,
}

COMMAND_KINDS = {
    "import_gias": NATIONAL,  # national without --tenant; with it, only the tenant's schools
    "seed_demo": NATIONAL,  # its own council and its own block of made-up URNs
    "create_operator": PLATFORM,
    "demo_sample_files": READS,  # reads reference data; writes demo/files/, no database row
    "import_ofsted": SERVER,
    "import_performance": SERVER,
    "account_unsetmultipleprimaryemails": ACCOUNT,
    # Each tenant's hubs from its own partnerships, tenant by tenant
    # (tests/boards/test_hub_boards.py: one tenant's sync leaves another's hubs alone).
    "sync_hubs": TENANT,
}
TASK_KINDS = {
    "schools.tasks.gias_import_analyse": READS,
    "schools.tasks.gias_import_apply": NATIONAL,
    "categorisation.import_tasks.data_import_analyse": READS,
    "categorisation.import_tasks.data_import_apply": NATIONAL,
    "categorisation.tasks.recompute_arrival": TENANT,  # each tenant's schools from public data
    "categorisation.tasks.recompute_tenant": TENANT,
    "categorisation.tasks.recompute_sweep": BEAT,
    # The operator's national imports (/platform/imports/): no tenant can reach them.
    "schools.tasks.national_gias_import_analyse": SERVER,
    "schools.tasks.national_gias_import_apply": SERVER,
    "categorisation.import_tasks.national_data_import_analyse": SERVER,
    "categorisation.import_tasks.national_data_import_apply": SERVER,
    "core.tasks.ping": READS,
    "funding.tasks.allocation_redraft": TENANT,
    "support.tasks.visits_replan": TENANT,
    "support.tasks.notes_retention": TENANT,
    "support.tasks.notes_retention_sweep": BEAT,
    "boards.tasks.hubs_sync": TENANT,
    "boards.tasks.hubs_sync_sweep": BEAT,
    "core.tasks.weekly_digest": BEAT,
    # Finishes the council's checks left running: a check writes only its status record.
    "core.tasks.file_imports_finish": READS,
    "core.tasks.file_imports_sweep": BEAT,
}
# Where each path that writes shared data or triggers a recompute is tried by a council
# against another (the tests of part 3, below).
TRIED_BY = {
    "imports:gias-import-list":
        "test_finding_1_a_gias_file_cannot_rename_or_take_another_councils_school",
    "imports:gias-import-apply":
        "test_finding_1_a_gias_file_cannot_rename_or_take_another_councils_school",
    "imports:gias-import-detail":
        "test_a_gias_file_done_a_chunk_per_poll_leaves_another_council_alone",
    "imports:gias-import-progress":
        "test_a_gias_file_done_a_chunk_per_poll_leaves_another_council_alone",
    "categorisation:data-import-list":
        "test_an_ofsted_file_cannot_write_another_councils_inspections",
    "categorisation:data-import-apply":
        "test_an_ofsted_file_cannot_write_another_councils_inspections",
    "categorisation:data-import-detail":
        "test_an_ofsted_file_done_a_chunk_per_poll_leaves_another_council_alone",
    "categorisation:data-import-progress":
        "test_an_ofsted_file_done_a_chunk_per_poll_leaves_another_council_alone",
    "categorisation_api:api-inspection-create":
        "test_finding_2_links_give_no_right_to_another_councils_inspections",
    "command:import_gias": "test_the_gias_command_for_one_council_leaves_the_other_alone",
    "command:seed_demo": "test_seeding_one_demo_council_leaves_the_other_alone",
    "task:schools.tasks.gias_import_apply":
        "test_finding_1_a_gias_file_cannot_rename_or_take_another_councils_school",
    "task:categorisation.import_tasks.data_import_apply":
        "test_an_ofsted_file_cannot_write_another_councils_inspections",
    "task:categorisation.tasks.recompute_arrival":
        "test_an_ofsted_file_cannot_write_another_councils_inspections",
    "task:categorisation.tasks.recompute_tenant":
        "test_one_councils_recompute_leaves_the_other_alone",
    "task:funding.tasks.allocation_redraft":
        "test_one_councils_allocation_redraft_leaves_the_other_alone",
    "task:support.tasks.visits_replan":
        "test_one_councils_visit_replan_leaves_the_other_alone",
    "task:support.tasks.notes_retention":
        "test_one_councils_notes_retention_leaves_the_other_alone",
    "task:boards.tasks.hubs_sync": "test_one_councils_hub_sync_leaves_the_other_alone",
}
PROJECT_COMMAND_APPS = {"core", "schools", "categorisation", "partnerships", "funding", "boards",
                        "accounts", "demo", "support"}


def non_tenant_kind(route: Route) -> str | None:
    if route.pattern in ("", "healthz/"):
        return NON_TENANT_KINDS[route.pattern]
    for prefix, kind in NON_TENANT_KINDS.items():
        if prefix and route.pattern.startswith(prefix):
            return kind
    return None


def discovered_commands() -> set[str]:
    return {name for name, app in get_commands().items()
            if app in PROJECT_COMMAND_APPS or name in COMMAND_KINDS}


def discovered_tasks() -> set[str]:
    from config.celery import app

    app.loader.import_default_modules()
    return {name for name in app.tasks if not name.startswith("celery.")}


def test_every_url_is_classified():
    unclassified = [f"/{route.pattern} ({route.name})" for route in ALL_ROUTES
                    if route.name not in ROUTE_KINDS and not non_tenant_kind(route)]
    assert not unclassified, "classify in ROUTE_KINDS or NON_TENANT_KINDS: " + ", ".join(
        unclassified)


def test_every_classified_url_still_exists():
    names = {route.name for route in TENANT_ROUTES}
    assert not set(ROUTE_KINDS) - names


def test_every_management_command_is_classified():
    # Django's own and third-party commands come from their packages; ours and any that
    # write tenants' or users' data are listed.
    ours = {name for name, app in get_commands().items() if app in PROJECT_COMMAND_APPS}
    assert ours, "the project's commands were not found"
    assert ours <= set(COMMAND_KINDS), f"classify in COMMAND_KINDS: {ours - set(COMMAND_KINDS)}"
    assert set(COMMAND_KINDS) <= set(get_commands())


def test_every_celery_task_is_classified():
    tasks = discovered_tasks()
    assert tasks == set(TASK_KINDS), (
        f"classify in TASK_KINDS: {tasks - set(TASK_KINDS)}; gone: {set(TASK_KINDS) - tasks}")


def test_every_path_writing_shared_data_or_recomputing_is_tried_against_another_council():
    paths = [name for name, kind in ROUTE_KINDS.items() if kind == NATIONAL]
    paths += [f"command:{name}" for name, kind in COMMAND_KINDS.items() if kind == NATIONAL]
    paths += [f"task:{name}" for name, kind in TASK_KINDS.items() if kind in (NATIONAL, TENANT)]
    untried = [path for path in paths if TRIED_BY.get(path) not in globals()]
    assert not untried, f"add a cross-tenant test and name it in TRIED_BY: {untried}"


# --- 2. Every tenant URL, tried by A against B ----------------------------------------------


def _give_public_data(school) -> None:
    """An inspection and a national link for B's school, so there is shared data to protect."""
    predecessor = EstablishmentFactory(la_code=school.establishment.la_code, is_open=False,
                                       name="Old School of B")
    EstablishmentLink.objects.create(urn=school.urn, linked_urn=predecessor.urn,
                                     link_type="Predecessor", linked_name=predecessor.name)
    Inspection.objects.create(
        inspection_number=f"99{school.urn}", urn=school.urn, inspected_urn=school.urn,
        relates_to_current_urn=True, era="graded", start_date=date(2024, 1, 10),
        overall_effectiveness=2, row_hash="x")


@pytest.fixture
def worlds(personas, tenant_a, tenant_b):
    _give_public_data(personas["b"]["school"])
    fillers_a = tenant_fillers(tenant_a, personas, "a")
    fillers_b = tenant_fillers(tenant_b, personas, "b")
    b_school = personas["b"]["school"]
    hostile = {key: value for key, value in fillers_b.items() if key != "tenant_slug"}
    hostile.update({
        "urn": b_school.urn, "URN": str(b_school.urn), "school": b_school.pk,
        "school_id": b_school.pk, "schools": [b_school.pk], "establishment": b_school.urn,
        "inspected_urn": b_school.urn, "linked_urn": b_school.urn, "lead_school": b_school.pk,
        "partnership": fillers_b.get("partnership_id"), "person": fillers_b["membership_id"],
        "membership": fillers_b["membership_id"], "name": "Taken over", "title": "Taken over",
        "reason": "Cross-tenant test", "note": "Cross-tenant test", "text": "Cross-tenant test",
        "inspection_number": "10999999", "start_date": "2025-01-14",
        "overall_effectiveness": "Inadequate", "category_of_concern": "Special measures",
        "email": "intruder@example.org", "role": "admin", "kind": "establishments",
        # Boards: B's seat, people and meeting named where a form or body takes them.
        "seat": fillers_b.get("seat_id"), "holder": fillers_b["membership_id"],
        "voter": fillers_b["membership_id"], "approves_minutes_of": fillers_b.get("meeting_id"),
        "attendee": f"{fillers_b.get('seat_id')}:{fillers_b['membership_id']}",
        "out": f"{fillers_b.get('seat_id')}:{fillers_b['membership_id']}",
        "item": fillers_b.get("agenda_item_id"), "dispensation": "Cross-tenant test",
        "approves_run": fillers_b.get("run_id"),
        "decides_case": fillers_b.get("moderation_case_id"),
        "description": "Cross-tenant test",
        "priority": fillers_b.get("board_priority_id"), "owner": fillers_b["membership_id"],
        "owner_name": "", "due_date": "2025-01-14", "status": "done", "rag": "red",
        # Funding: B's year and line named, with a body that would otherwise be valid.
        "year": fillers_b.get("funding_year_id"), "line": fillers_b.get("line_id"),
        "start_year": "2031", "primary_rate": "10.00", "secondary_rate": "10.00",
        "outcome": "passed", "decided_on": "2025-01-14", "amount": "100.00",
        "agreed_on": "2025-01-14",
        # Allocation: B's formula and run named; a formula body that would otherwise be valid.
        "formula": fillers_b.get("formula_id"), "run": fillers_b.get("run_id"),
        "level_name": "Consortium", "rates": "3A = 25.00", "triggering_codes": "3A",
        "minimum_pupils": "0", "inputs_on": "2025-04-01",
        # Commitments: B's line and allocation as the budget, a body otherwise valid.
        "allocation": fillers_b.get("allocation_id"),
        "budget": f"line:{fillers_b.get('line_id')}", "supplier": "Cross-tenant test",
        "on": "2025-06-02", "override_reason": "Cross-tenant test", "approval_limit": "1.00",
        "ledger_reference": "X-1", "confirm_over_commitment": "on",
        # Traded days: B's academy (`school`, `urn`) buying days at a rate, otherwise valid.
        "customer_kind": "school", "days": "2.5", "purchased_on": "2025-06-02",
        "day_rate": "450.00", "school_urn": b_school.urn,
        # A round's bulk confirm: every unchanged proposal, not a bare POST's refusal.
        "confirm": "all",
        # Programmes and peer review: B's school signed up, B's head trained, by a body
        # otherwise valid.
        "urns": [b_school.urn], "signed_up_on": "2025-01-14", "trained_on": "2025-01-14",
        "trained_by": "Cross-tenant test",
    })
    return {"a": fillers_a, "b": fillers_b, "hostile": hostile}


def _client(user, api: bool):
    client = APIClient() if api else Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _write(client, route: Route, url: str, body: dict, capture) -> list[int]:
    statuses = []
    methods = ["post", "put", "patch", "delete"] if route.is_api else ["post"]
    for method in methods:
        with capture(execute=True):
            if route.is_api:
                response = getattr(client, method)(url, body, format="json")
            else:
                response = client.post(url, body)
        statuses.append(response.status_code)
        assert response.status_code < 500, f"{method.upper()} {url}: {response.status_code}"
    return statuses


WRITING_TENANT_ROUTES = [route for route in TENANT_ROUTES if ROUTE_KINDS[route.name] != READS]
READING_TENANT_ROUTES = [route for route in TENANT_ROUTES if ROUTE_KINDS[route.name] == READS]


@pytest.mark.parametrize("route", WRITING_TENANT_ROUTES, ids=str)
def test_no_tenant_url_lets_a_change_what_b_sees(
        route, worlds, personas, tenant_a, tenant_b, django_capture_on_commit_callbacks):
    before = seen_by(tenant_b)
    urls = [route.url(worlds["a"]), route.url({**worlds["b"], "tenant_slug": tenant_a.slug})]
    # The admin holds every permission an officer has; the headteacher adds the own-school and
    # hub-chair paths.
    for role in (Role.ADMIN, Role.HEADTEACHER):
        client = _client(personas["a"][role], route.is_api)
        for url in urls:
            _write(client, route, url, worlds["hostile"], django_capture_on_commit_callbacks)
    after = seen_by(tenant_b)
    assert after == before, f"/{route.pattern} changed B's {differences(before, after)}"


@pytest.mark.parametrize("route", READING_TENANT_ROUTES, ids=str)
def test_a_url_classified_as_reading_writes_nothing(
        route, worlds, personas, tenant_a, tenant_b, django_capture_on_commit_callbacks):
    # Signed in first: a sign-in is itself written to the tenant's security log.
    client = _client(personas["a"][Role.ADMIN], route.is_api)
    before = (seen_by(tenant_a), seen_by(tenant_b))
    _write(client, route, route.url(worlds["a"]), worlds["hostile"],
           django_capture_on_commit_callbacks)
    after = (seen_by(tenant_a), seen_by(tenant_b))
    assert after == before, (
        f"/{route.pattern} is classified as reading but changed "
        f"{differences(before[0], after[0])} of A and {differences(before[1], after[1])} of B")


# --- 3. The two demo councils: the review's findings, replayed -------------------------------

ATTACKER = DemoSpec()  # Northshire Council, /t/demo/, LA 999
VICTIM = DemoSpec(slug="southvale", name="Southvale Council", la_code="888",
                  email_domain="southvale.example.org")
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def demo_councils(django_db_setup, django_db_blocker):
    """Both demo councils, seeded once for the module and removed afterwards (with the
    recompute records their commits left); each test runs in its own rolled-back
    transaction."""
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    with django_db_blocker.unblock(), override_settings(
            PASSWORD_HASHERS=FAST_HASHERS,
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        ensure_reference_data()
        last_arrival = DataArrival.objects.order_by("-pk").values_list("pk", flat=True).first()
        try:
            demo_seed(spec=ATTACKER)
            out = StringIO()
            # The victim through the command, as the README gives it.
            call_command("seed_demo", slug=VICTIM.slug, name=VICTIM.name,
                         la_code=VICTIM.la_code, email_domain=VICTIM.email_domain, stdout=out)
            app.conf.task_always_eager = eager
            yield out.getvalue()
        finally:
            app.conf.task_always_eager = eager
            demo_wipe(VICTIM)
            demo_wipe(ATTACKER)
            DataArrival.objects.filter(pk__gt=last_arrival or 0).delete()


def test_a_second_demo_council_has_its_own_la_code_urns_and_logins(demo_councils):
    assert "Demo tenant Southvale Council ready" in demo_councils
    assert "LA code 888" in demo_councils
    assert "admin@southvale.example.org" in demo_councils
    assert "/t/southvale/categorisation/proposals/" in demo_councils
    with scopes_disabled():
        northshire = set(School.objects.filter(tenant__slug=ATTACKER.slug)
                         .values_list("establishment_id", flat=True))
        southvale = set(School.objects.filter(tenant__slug=VICTIM.slug)
                        .values_list("establishment_id", flat=True))
        assert len(northshire) == len(southvale) > 250
        assert not northshire & southvale
        assert set(Establishment.objects.filter(urn__in=southvale)
                   .values_list("la_code", flat=True)) == {"888"}
        assert Membership.objects.get(user__email="head@southvale.example.org").tenant.slug == (
            VICTIM.slug)
    assert _login(VICTIM, Role.OFFICER).get(f"/t/{VICTIM.slug}/schools/").status_code == 200
    assert _login(VICTIM, Role.OFFICER).get(f"/t/{ATTACKER.slug}/schools/").status_code == 404


@pytest.fixture
def councils(demo_councils, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attacker = Tenant.objects.get(slug=ATTACKER.slug)
    victim = Tenant.objects.get(slug=VICTIM.slug)
    return attacker, victim


def _login(spec: DemoSpec, role: str, api: bool = False):
    email = dict((person[0], person[1]) for person in spec.people())[role]
    client = APIClient() if api else Client()
    assert client.login(email=email, password=DEMO_PASSWORD)
    return client


def _victim_schools(victim: Tenant) -> list[School]:
    """Two of the victim's open schools, one of them with a predecessor (a converter)."""
    with scope(tenant=victim):
        schools = School.objects.with_establishment().filter(establishment__is_open=True)
        converted = EstablishmentLink.objects.filter(
            link_type="Predecessor",
            urn__in=schools.values_list("establishment_id", flat=True)).first()
        plain = schools.exclude(establishment_id=converted.urn).order_by("establishment_id")
        return [schools.get(establishment_id=converted.urn), plain.first()]


def _attacker_school(attacker: Tenant) -> School:
    with scope(tenant=attacker):
        return (School.objects.with_establishment().filter(establishment__is_open=True)
                .order_by("establishment_id").first())


class _Watch:
    """What the victim sees, through its data and through its admin's pages, before and
    after; `unchanged()` asserts they are identical."""

    def __init__(self, victim: Tenant, urns: list[int]):
        self.victim, self.urns = victim, urns
        self.client = _login(VICTIM, Role.ADMIN)
        self.before = self._look()

    def _look(self) -> tuple[dict, dict]:
        return seen_by(self.victim), pages_seen_by(self.client, self.victim, self.urns)

    def unchanged(self) -> None:
        data, pages = self._look()
        assert data == self.before[0], f"the victim's {differences(self.before[0], data)} changed"
        assert pages == self.before[1], (
            f"the victim's pages {differences(self.before[1], pages)} changed")


def _upload(client, url: str, name: str, data: bytes, capture, **extra):
    with capture(execute=True):
        response = client.post(url, {"file": SimpleUploadedFile(name, data), **extra})
    assert response.status_code == 302, response.content.decode()[:500]
    return response["Location"]


def _apply(client, detail_url: str, capture) -> str:
    with capture(execute=True):
        response = client.post(f"{detail_url}apply/")
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_finding_1_a_gias_file_cannot_rename_or_take_another_councils_school(
        councils, django_capture_on_commit_callbacks):
    attacker, victim = councils
    target, _other = _victim_schools(victim)
    watch = _Watch(victim, [target.urn])
    mail.outbox.clear()
    admin = _login(ATTACKER, Role.ADMIN)
    # The review's file: the victim's URN with the uploader's own LA code, a new name and a
    # closed status.
    data = gias_file((target.urn, attacker.la_codes[0], "Renamed By Another Council", "Closed"))
    detail = _upload(admin, f"/t/{attacker.slug}/imports/", "edubasealldata.csv", data,
                     django_capture_on_commit_callbacks, kind="establishments")
    preview = admin.get(detail).content.decode()
    assert "Not for your council" in preview
    assert str(target.urn) in preview and "Another council&#x27;s school (LA 888)" in preview
    with scopes_disabled():
        gias_import = GiasImport.objects.get(tenant=attacker, pk=int(detail.rstrip("/")
                                                                      .rsplit("/", 1)[1]))
    assert gias_import.summary["counts"]["changed"] == 0
    assert gias_import.summary["counts"]["outside"] == 1
    _apply(admin, detail, django_capture_on_commit_callbacks)
    watch.unchanged()
    assert not [m for m in mail.outbox if "Renamed By Another Council" in m.body]
    with scope(tenant=attacker):
        assert not School.objects.filter(establishment_id=target.urn).exists()
    refused = attacker_audit(attacker, "gias_import.apply")
    assert refused.changes["refused"][0]["urn"] == target.urn


def test_a_gias_file_done_a_chunk_per_poll_leaves_another_council_alone(
        councils, settings, django_capture_on_commit_callbacks):
    attacker, victim = councils
    settings.FILE_IMPORT_CHUNK_ROWS = 1
    target, _other = _victim_schools(victim)
    own = _attacker_school(attacker)
    watch = _Watch(victim, [target.urn])
    admin = _login(ATTACKER, Role.ADMIN)
    data = gias_file((own.urn, attacker.la_codes[0], own.establishment.name, "Open"),
                     (target.urn, attacker.la_codes[0], "Renamed By Another Council", "Closed"))
    detail = _upload(admin, f"/t/{attacker.slug}/imports/", "edubasealldata.csv", data,
                     django_capture_on_commit_callbacks, kind="establishments")
    # The victim's admin polls the attacker's running import, through either council: 404.
    victim_admin = watch.client  # signed in before the watch looked (a sign-in is audited)
    for url in (f"{detail}progress/", f"{detail}progress/".replace(
            f"/t/{attacker.slug}/", f"/t/{victim.slug}/")):
        assert victim_admin.get(url, headers={"HX-Request": "true"}).status_code == 404
    with scopes_disabled():
        record = GiasImport.objects.get(tenant=attacker, pk=int(detail.rstrip("/")
                                                                 .rsplit("/", 1)[1]))
    assert (record.status, record.processed_rows) == ("analysing", 1)
    polls = [admin.get(f"{detail}progress/", headers={"HX-Request": "true"})
             for _poll in range(2)]
    assert polls[-1]["HX-Refresh"] == "true"  # two rows: the upload's chunk and two polls
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"{detail}apply/")
    for _poll in range(2):
        admin.get(detail)
    with scopes_disabled():
        record.refresh_from_db()
    assert record.status == "done" and record.summary["counts"]["outside"] == 1
    watch.unchanged()


def attacker_audit(attacker: Tenant, action: str):
    from core.models import AuditEvent

    with scopes_disabled():
        return AuditEvent.objects.filter(tenant=attacker, action=action).latest("pk")


def test_a_gias_file_cannot_move_a_school_to_another_la_code(
        councils, django_capture_on_commit_callbacks):
    attacker, victim = councils
    own = _attacker_school(attacker)
    admin = _login(ATTACKER, Role.ADMIN)
    data = gias_file((own.urn, victim.la_codes[0], own.establishment.name, "Open"))
    detail = _upload(admin, f"/t/{attacker.slug}/imports/", "edubasealldata.csv", data,
                     django_capture_on_commit_callbacks, kind="establishments")
    assert "moves it from LA 999 to LA 888" in admin.get(detail).content.decode()
    _apply(admin, detail, django_capture_on_commit_callbacks)
    assert Establishment.objects.get(urn=own.urn).la_code == "999"


def test_finding_2_links_give_no_right_to_another_councils_inspections(
        councils, django_capture_on_commit_callbacks):
    attacker, victim = councils
    target, _other = _victim_schools(victim)
    own = _attacker_school(attacker)
    watch = _Watch(victim, [target.urn])
    admin = _login(ATTACKER, Role.ADMIN)
    # The review's links file: the victim's school as the "predecessor" of the attacker's own.
    links = ('"URN","LinkURN","LinkName","LinkType","LinkEstablishedDate"\n'
             f"{own.urn},{target.urn},Taken,Predecessor,01-09-2020\n").encode()
    # Links come only from the national import: the upload is refused outright.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"/t/{attacker.slug}/imports/", {
            "kind": "links", "file": SimpleUploadedFile("links.csv", links)})
    assert response.status_code == 302  # read as an establishments file, which it is not
    preview = admin.get(response["Location"]).content.decode()
    assert "govuk-error-summary" in preview
    assert not EstablishmentLink.objects.filter(urn=own.urn, linked_urn=target.urn).exists()
    # Even a link already stored (as one made before the rule would be) gives no right.
    EstablishmentLink.objects.create(urn=own.urn, linked_urn=target.urn, link_type="Predecessor",
                                     source=EstablishmentLink.Source.TENANT)
    watch.before = watch._look()
    officer = _login(ATTACKER, Role.OFFICER, api=True)
    inadequate = {"inspection_number": "10999001", "start_date": "2025-01-14",
                  "overall_effectiveness": "Inadequate",
                  "category_of_concern": "Special measures"}
    api = f"/api/t/{attacker.slug}/categorisation/inspections/"
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(api, {**inadequate, "urn": target.urn}, format="json")
    assert response.status_code == 400, response.content
    [error] = response.json()["errors"]
    assert error["field"] == "urn" and str(target.urn) in error["message"]
    assert attacker_audit(attacker, "categorisation.inspection_refused")
    # Reported for the attacker's own school, "carried out" on the victim's: it is kept, but
    # in the attacker's own layer, which the victim never reads.
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(api, {**inadequate, "urn": own.urn, "inspected_urn": target.urn},
                                format="json")
    assert response.status_code == 201, response.content
    assert not Inspection.objects.filter(inspection_number="10999001").exists()
    watch.unchanged()


def test_an_inspection_number_of_another_council_cannot_be_taken_over(
        councils, django_capture_on_commit_callbacks):
    attacker, victim = councils
    target, _ = _victim_schools(victim)
    own = _attacker_school(attacker)
    theirs = Inspection.objects.for_urns([target.urn]).first()
    assert theirs is not None
    watch = _Watch(victim, [target.urn])
    officer = _login(ATTACKER, Role.OFFICER, api=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(
            f"/api/t/{attacker.slug}/categorisation/inspections/",
            {"urn": own.urn, "inspection_number": theirs.inspection_number,
             "start_date": "2025-01-14", "overall_effectiveness": "Good"}, format="json")
    # The national store has that inspection: the attacker's copy is not even stored.
    assert response.status_code == 200 and response.json()["in_national_data"] is True
    theirs_now = Inspection.objects.get(pk=theirs.pk)
    assert (theirs_now.urn, theirs_now.row_hash) == (theirs.urn, theirs.row_hash)
    watch.unchanged()


def _ofsted_file(rows: list[tuple[int, int, str]]) -> bytes:
    """An Ofsted MI file (2026 columns) with one graded inspection per (URN, inspected URN,
    inspection number)."""
    fixture = (Path(__file__).resolve().parent / "categorisation" / "fixtures"
               / "ofsted_mi_2026_format.csv").read_text()
    header, first = fixture.splitlines()[:2]
    columns = next(csv.reader([header]))
    template = next(csv.reader([first]))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for urn, inspected, number in rows:
        row = list(template)
        for at, column in enumerate(columns):
            if column == "URN":
                row[at] = str(urn)
            elif column.startswith("URN at time of"):
                row[at] = str(inspected)
            elif column.startswith("Inspection number of latest"):
                row[at] = number if row[at] not in ("", "NULL") else row[at]
            elif column.startswith("Does the latest") and row[at] not in ("", "NULL"):
                row[at] = "Yes" if urn == inspected else "No"
        writer.writerow(row)
    return out.getvalue().encode()


def test_an_ofsted_file_cannot_write_another_councils_inspections(
        councils, django_capture_on_commit_callbacks):
    attacker, victim = councils
    target, other = _victim_schools(victim)
    own = _attacker_school(attacker)
    watch = _Watch(victim, [target.urn, other.urn])
    admin = _login(ATTACKER, Role.ADMIN)
    data = _ofsted_file([(target.urn, target.urn, "10998001"), (own.urn, other.urn, "10998002"),
                         (own.urn, own.urn, "10998003")])
    detail = _upload(admin, f"/t/{attacker.slug}/categorisation/imports/", "ofsted.csv", data,
                     django_capture_on_commit_callbacks, kind="ofsted")
    preview = admin.get(detail).content.decode()
    assert str(target.urn) in preview
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(f"{detail}apply/")
    assert response.status_code == 302
    watch.unchanged()
    # Nothing reaches the national store; the attacker keeps its own school's rows, read by
    # it alone.
    assert not Inspection.objects.filter(
        inspection_number__in=["10998001", "10998002", "10998003"]).exists()
    with scope(tenant=attacker):
        assert set(TenantInspection.objects.values_list("inspection_number", flat=True)) == {
            "10998002", "10998003"}


def test_an_ofsted_file_done_a_chunk_per_poll_leaves_another_council_alone(
        councils, settings, django_capture_on_commit_callbacks):
    attacker, victim = councils
    settings.FILE_IMPORT_CHUNK_ROWS = 1
    target, other = _victim_schools(victim)
    own = _attacker_school(attacker)
    watch = _Watch(victim, [target.urn, other.urn])
    admin = _login(ATTACKER, Role.ADMIN)
    data = _ofsted_file([(target.urn, target.urn, "10998001"), (own.urn, other.urn, "10998002"),
                         (own.urn, own.urn, "10998003")])
    detail = _upload(admin, f"/t/{attacker.slug}/categorisation/imports/", "ofsted.csv", data,
                     django_capture_on_commit_callbacks, kind="ofsted")
    # The victim's admin polls the attacker's running import, through either council: 404;
    # and opening the victim's own imports list finishes none of the attacker's.
    victim_admin = watch.client
    for url in (f"{detail}progress/", f"{detail}progress/".replace(
            f"/t/{attacker.slug}/", f"/t/{victim.slug}/")):
        assert victim_admin.get(url, headers={"HX-Request": "true"}).status_code == 404
    victim_admin.get(f"/t/{victim.slug}/categorisation/imports/")
    with scopes_disabled():
        record = DataImport.objects.get(tenant=attacker, pk=int(detail.rstrip("/")
                                                                 .rsplit("/", 1)[1]))
    assert (record.status, record.processed_rows) == ("analysing", 1)
    for _poll in range(3):
        admin.get(f"{detail}progress/", headers={"HX-Request": "true"})
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"{detail}apply/")
    for _poll in range(3):
        admin.get(detail)
    with scopes_disabled():
        record.refresh_from_db()
    assert record.status == "done"
    watch.unchanged()
    with scope(tenant=attacker):
        assert set(TenantInspection.objects.values_list("inspection_number", flat=True)) == {
            "10998002", "10998003"}


def test_a_school_two_councils_share_changes_only_for_the_council_that_entered_data(
        councils, django_capture_on_commit_callbacks):
    """Issue 8, the tenant layer: where the operator let two councils hold the same school, an
    inspection or a provisional results file one of them enters is read by it alone."""
    from tests.categorisation.performance_files import ks2

    attacker, victim = councils
    target, _ = _victim_schools(victim)
    with scopes_disabled():
        School.objects.create(tenant=attacker, establishment_id=target.urn)
    watch = _Watch(victim, [target.urn])
    officer = _login(ATTACKER, Role.OFFICER, api=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(
            f"/api/t/{attacker.slug}/categorisation/inspections/",
            {"urn": target.urn, "inspection_number": "10999777", "start_date": "2026-11-17",
             "inclusion": "Urgent improvement", "leadership_and_governance":
             "Urgent improvement", "safeguarding_met": "Not met"},
            format="json")
    assert response.status_code == 201, response.content
    admin = _login(ATTACKER, Role.ADMIN)
    row = ["1", "a", attacker.la_codes[0], "2001", str(target.urn), "Shared", "Town", "30",
           "12%", "1%", "-5.5"]
    detail = _upload(admin, f"/t/{attacker.slug}/categorisation/imports/",
                     "2025-2026_ks2provisional.csv", ks2([row]).encode(),
                     django_capture_on_commit_callbacks, kind="performance")
    _apply(admin, detail, django_capture_on_commit_callbacks)
    with scope(tenant=attacker):
        assert TenantInspection.objects.filter(urn=target.urn).exists()
        assert TenantIndicator.objects.filter(urn=target.urn).exists()
    # The attacker's own page reads its entry, marked as the council's own...
    page = admin.get(f"/t/{attacker.slug}/categorisation/schools/{target.urn}/").content.decode()
    assert "Entered by your council on" in page
    # ...and the victim, holding the same school, sees nothing change at all.
    watch.unchanged()


def test_the_gias_command_for_one_council_leaves_the_other_alone(councils, tmp_path):
    attacker, victim = councils
    target, _ = _victim_schools(victim)
    watch = _Watch(victim, [target.urn])
    path = tmp_path / "edubasealldata.csv"
    path.write_bytes(gias_file((target.urn, attacker.la_codes[0], "Renamed By Command",
                                "Closed")))
    out = StringIO()
    call_command("import_gias", file=str(path), tenant=attacker.slug, stdout=out)
    watch.unchanged()


def test_one_councils_recompute_leaves_the_other_alone(councils):
    from categorisation import tasks

    attacker, victim = councils
    target, _ = _victim_schools(victim)
    watch = _Watch(victim, [target.urn])
    tasks.recompute_tenant(attacker.pk, None, "cross-tenant test")
    watch.unchanged()


def test_one_councils_allocation_redraft_leaves_the_other_alone(councils):
    from funding import tasks

    attacker, victim = councils
    target, _ = _victim_schools(victim)
    watch = _Watch(victim, [target.urn])
    tasks.allocation_redraft(attacker.pk, "cross-tenant test")
    watch.unchanged()


def test_one_councils_visit_replan_leaves_the_other_alone(councils):
    from support import tasks

    attacker, victim = councils
    target, _ = _victim_schools(victim)
    watch = _Watch(victim, [target.urn])
    # The victim's school id, named in the attacker's task: the attacker's scope never finds it.
    tasks.visits_replan(attacker.pk, [[target.pk, "2B", "4"]])
    watch.unchanged()


def test_one_councils_notes_retention_leaves_the_other_alone(councils):
    from support import tasks
    from support.models import VisitNote

    attacker, victim = councils
    target, _ = _victim_schools(victim)
    with scopes_disabled():
        # Every note of both councils names staff, its visit long past any retention period.
        notes = VisitNote.objects.filter(tenant__in=[attacker, victim])
        assert notes.filter(tenant=victim).exists()
        notes.update(names_staff=True)
        for note in notes.select_related("visit"):
            note.visit.done_on = note.visit.planned_on = date(2001, 9, 3)
            note.visit.save(update_fields=["done_on", "planned_on"])
    watch = _Watch(victim, [target.urn])
    assert tasks.notes_retention(attacker.pk) > 0
    watch.unchanged()


def test_one_councils_hub_sync_leaves_the_other_alone(councils):
    from boards import tasks
    from boards.models import SeatHolding

    attacker, victim = councils
    target, _ = _victim_schools(victim)
    watch = _Watch(victim, [target.urn])
    with scopes_disabled():
        before = sorted(SeatHolding.objects.filter(tenant=victim).values_list(
            "pk", "seat_id", "holder_id", "start_date", "end_date"))
    assert tasks.hubs_sync(attacker.pk) > 0
    watch.unchanged()
    with scopes_disabled():
        assert sorted(SeatHolding.objects.filter(tenant=victim).values_list(
            "pk", "seat_id", "holder_id", "start_date", "end_date")) == before


def test_seeding_one_demo_council_leaves_the_other_alone(councils):
    attacker, victim = councils
    target, _ = _victim_schools(victim)
    watch = _Watch(victim, [target.urn])
    ids_before = _partnership_ids()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        demo_seed(spec=ATTACKER)
    watch.unchanged()
    # Each council numbers its rows in its own block, and a re-run gives the same ids.
    assert _partnership_ids() == ids_before
    assert {(slug, pk // 1_000_000) for pk, _, slug in ids_before} == {
        (ATTACKER.slug, 999), (VICTIM.slug, 888)}


def _partnership_ids() -> list[tuple[int, str, str]]:
    with scopes_disabled():
        return sorted(Partnership.objects.filter(tenant__slug__in=[ATTACKER.slug, VICTIM.slug])
                      .values_list("pk", "name", "tenant__slug"))


def test_finding_3_the_operator_cannot_cover_another_councils_la_or_join_a_tenant(
        councils):
    attacker, victim = councils
    operator = _login(ATTACKER, "operator")
    operator_email = dict((p[0], p[1]) for p in ATTACKER.people())["operator"]
    response = operator.post("/platform/tenants/new/", {
        "name": "Southvale Partnership", "slug": "southvale-partnership",
        "kind": Tenant.Kind.PARTNERSHIP_BODY, "la_codes": victim.la_codes[0],
        "admin_email": operator_email})
    assert response.status_code == 400
    html = response.content.decode()
    assert "LA 888 is already covered by Southvale Council" in html
    assert "a platform operator cannot be a member of a tenant" in html
    assert not Tenant.objects.filter(slug="southvale-partnership").exists()
    # A tenant of its own LA code still may not take the operator as a member.
    response = operator.post("/platform/tenants/new/", {
        "name": "Another Body", "slug": "another-body", "kind": Tenant.Kind.PARTNERSHIP_BODY,
        "la_codes": "777", "admin_email": operator_email})
    assert response.status_code == 400
    assert not Tenant.objects.filter(slug="another-body").exists()
