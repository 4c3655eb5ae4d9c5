import logging
from collections.abc import Callable

from celery import current_app, shared_task
from django.db import transaction
from django_scopes import scope, scopes_disabled

from core.models import FileImport, Tenant
from core.services import audit_record

logger = logging.getLogger(__name__)


@shared_task(name="core.tasks.ping")
def ping(tenant_id: int, message: str = "pong") -> str:
    """Prove a worker reaches the broker and the database: write an audit row in the tenant's
    scope and return the message."""
    tenant = Tenant.objects.get(pk=tenant_id)
    with scope(tenant=tenant), transaction.atomic():
        audit_record(tenant=tenant, actor=None, action="worker.ping", summary=message)
    return message


def task_named(name: str):
    """A registered task, by the name given to `shared_task` (each app's ready() imports its
    tasks modules, so they are registered in every process)."""
    return current_app.tasks[name]


def enqueue_on_commit(name: str, *args) -> None:
    """Queue the named task with these plain arguments once the current transaction commits
    (with tasks inline, run it then).

    By name, so a service never imports the tasks module that imports it: no import circle
    between an app's services and its tasks.
    """
    transaction.on_commit(lambda: task_named(name).delay(*args))


FAILED_UNEXPECTEDLY = (
    "The import stopped because of an unexpected error. Nothing was changed; try again, and "
    "tell support if it happens again."
)


def run_file_import_step(
    model: type[FileImport], import_id: int, step: Callable[[FileImport], object],
    fail: Callable[[FileImport, str], object],
) -> None:
    """Run one step (analyse or apply) of a file import inside its tenant's scope.

    The task knows only the id, so the record is found with a named cross-tenant read and
    everything after it runs scoped. An unexpected error is logged and recorded on the import,
    not re-raised: the status record is what the admin's page shows, a retry would meet the
    same file, and with tasks inline it spares the upload request a server error.
    """
    with scopes_disabled():
        record = model.objects.select_related("tenant", "uploaded_by").filter(
            pk=import_id).first()
    if record is None:
        logger.warning("%s %s no longer exists", model.__name__, import_id)
        return
    with scope(tenant=record.tenant):
        try:
            step(record)
        except Exception:
            logger.exception("%s %s failed", model.__name__, import_id)
            fail(record, FAILED_UNEXPECTEDLY)
