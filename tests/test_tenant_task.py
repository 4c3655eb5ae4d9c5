"""The tenant-aware task base (core.tasks.TenantTask): ids in, scope restored, one retry
policy."""

import pytest
from celery import Celery
from django_scopes import get_scope, scopes_disabled

from core.models import AuditEvent
from core.tasks import TRANSIENT, TenantTask, ping

pytestmark = pytest.mark.django_db


# A Celery app of the test's own: the task is not registered with the project's tasks (every
# one of which must be classified in tests/test_cross_tenant_writes.py).
test_app = Celery("test-tenant-task", set_as_current=False)


@test_app.task(base=TenantTask, name="scope_seen", shared=False)
def scope_seen(tenant, extra: int) -> dict:
    return {"tenant": tenant.pk, "scope": get_scope()["tenant"].pk, "extra": extra}


def test_the_task_receives_its_tenant_and_runs_in_its_scope(tenant_a):
    assert scope_seen(tenant_a.pk, 7) == {"tenant": tenant_a.pk, "scope": tenant_a.pk,
                                          "extra": 7}
    assert ping(tenant_a.pk, "hello") == "hello"
    with scopes_disabled():
        assert AuditEvent.objects.filter(tenant=tenant_a, action="worker.ping").count() == 1


def test_a_tenant_deleted_since_is_skipped():
    assert scope_seen(999_999, 1) is None


def test_transient_errors_are_retried_with_backoff_and_nothing_else():
    assert scope_seen.autoretry_for == TRANSIENT
    assert (scope_seen.retry_backoff, scope_seen.retry_backoff_max, scope_seen.max_retries) == (
        30, 900, 5)
    assert scope_seen.acks_late is True
