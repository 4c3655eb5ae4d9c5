"""The recompute through a real Celery worker: import -> commit -> worker -> proposal."""

import time

import pytest
from django.db import transaction
from django_scopes import scope, scopes_disabled

from categorisation import recompute
from categorisation.models import CategoryProposal, DataArrival
from categorisation.services import inspections_import, scheme_preset_load
from config.celery import app
from tests.factories import SchoolFactory

# One Celery worker per module (tests/worker/conftest.py): keep the module on one process.
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("recompute_worker")]


def test_an_import_is_recomputed_by_the_worker_and_a_proposal_appears(tenant_a, real_worker):
    school = SchoolFactory(tenant=tenant_a, establishment__la_code="865")
    # Loading a scheme recomputes the register too; run that inline and first, so the only
    # work the worker gets is the import's and the proposal can only come from it.
    app.conf.task_always_eager = True
    try:
        with scope(tenant=tenant_a):
            scheme_preset_load(tenant=tenant_a, actor=None, preset="warwickshire")
    finally:
        app.conf.task_always_eager = False
    with transaction.atomic():
        result = inspections_import(rows=[{
            "URN": str(school.urn), "Inspection number": "WK1",
            "Inspection start date": "2025-01-14", "Overall effectiveness": "Inadequate",
            "Category of concern": "", "Safeguarding is effective?": "Yes"}], source="worker")
        arrival = recompute.schedule_recompute(urns=result.affected_urns, reason="worker test")

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        arrival.refresh_from_db()
        if arrival.status in (DataArrival.Status.DONE, DataArrival.Status.FAILED):
            break
        time.sleep(0.2)
    assert arrival.status == DataArrival.Status.DONE, arrival.error
    with scopes_disabled():
        codes = list(CategoryProposal.objects.filter(school=school, status="open")
                     .values_list("category__code", flat=True))
    assert codes == ["4"]
    assert arrival.proposals_count == 1
