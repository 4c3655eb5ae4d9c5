import pytest
from django_scopes import scopes_disabled

from core.models import AuditEvent
from core.tasks import ping

# One Celery worker per module (tests/worker/conftest.py): keep the module on one process.
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True),
              pytest.mark.xdist_group("worker")]


def test_a_real_worker_runs_a_task_and_writes_to_the_test_database(tenant_a, worker_result):
    result = ping.delay(tenant_a.pk, "hello from the worker")

    assert worker_result(result) == "hello from the worker"
    with scopes_disabled():
        event = AuditEvent.objects.get(action="worker.ping")
    assert event.tenant_id == tenant_a.pk
    assert event.summary == "hello from the worker"
