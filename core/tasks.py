import logging
from collections.abc import Callable
from datetime import timedelta

from celery import Task, current_app, shared_task
from django.db import InterfaceError, OperationalError, transaction
from django_scopes import scope, scopes_disabled

from core.audit import audit_record
from core.models import FileImport, Tenant

logger = logging.getLogger(__name__)


# Errors worth another try: the database or the broker briefly unreachable.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)


class TenantTask(Task):
    """The base of every task that works for one tenant: its first argument is the tenant's
    id (plain ids in, never objects), and the body receives the Tenant and runs inside its
    scope. A tenant deleted since the task was queued is logged and skipped. One retry policy:
    transient errors are retried with exponential backoff (30 s, doubling, at most 15 min,
    five times); anything else fails the task.

        @shared_task(base=TenantTask, name="app.tasks.do_it")
        def do_it(tenant: Tenant, thing_id: int) -> None: ...

        do_it.delay(tenant.pk, thing.pk)
    """

    acks_late = True
    autoretry_for = TRANSIENT
    retry_backoff = 30
    retry_backoff_max = 900
    max_retries = 5

    def __call__(self, tenant_id: int, *args, **kwargs):
        with scopes_disabled():
            tenant = Tenant.objects.filter(pk=tenant_id).first()
        if tenant is None:
            logger.warning("%s: tenant %s no longer exists", self.name, tenant_id)
            return None
        with scope(tenant=tenant):
            return super().__call__(tenant, *args, **kwargs)


@shared_task(base=TenantTask, name="core.tasks.ping")
def ping(tenant: Tenant, message: str = "pong") -> str:
    """Prove a worker reaches the broker and the database: write an audit row in the tenant's
    scope and return the message."""
    with transaction.atomic():
        audit_record(tenant=tenant, actor=None, action="worker.ping", summary=message)
    return message


def task_named(name: str):
    """A registered task, by the name given to `shared_task` (each app's ready() imports its
    tasks modules, so they are registered in every process)."""
    return current_app.tasks[name]


class QueuedTask:
    """A task waiting for the commit: named, so a test can tell which tasks a write queued."""

    def __init__(self, name: str, args: tuple) -> None:
        self.name, self.args = name, args

    def __call__(self) -> None:
        task_named(self.name).delay(*self.args)


def queue_for_every_tenant(task: Task) -> int:
    """Queue a `TenantTask` once for each tenant (a nightly sweep's fan-out: each tenant's run
    in its own scope and its own task, so one council's failure stops no other). Returns how
    many were queued."""
    with scopes_disabled():
        tenants = list(Tenant.objects.order_by("pk").values_list("pk", flat=True))
    for tenant_id in tenants:
        task.delay(tenant_id)
    return len(tenants)


def enqueue_on_commit(name: str, *args) -> None:
    """Queue the named task with these plain arguments once the current transaction commits
    (with tasks inline, run it then).

    By name, so a service never imports the tasks module that imports it: no import circle
    between an app's services and its tasks.
    """
    transaction.on_commit(QueuedTask(name, args))


FAILED_UNEXPECTEDLY = (
    "The import stopped because of an unexpected error. Nothing was changed; try again, and "
    "tell support if it happens again."
)


def run_file_import_step(
    model: type[FileImport], import_id: int, step: Callable[[FileImport], object],
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
            record.record_failure(FAILED_UNEXPECTEDLY)


DIGEST_EVERY = timedelta(days=7)


@shared_task(name="core.tasks.weekly_digest")
def weekly_digest() -> dict:
    """E-mail each active member, in each of their tenants, what is waiting for them and what
    happened in the last week (core.notifications), with links; nothing to people with
    nothing. Runs on the schedule (Monday morning), each tenant inside its own scope."""
    from django.core.mail import send_mail
    from django.utils import timezone

    from core.models import Membership
    from core.notifications import absolute, digest_for, waiting_for

    since = timezone.now() - DIGEST_EVERY
    sent = 0
    with scopes_disabled():
        tenants = list(Tenant.objects.order_by("pk"))
    for tenant in tenants:
        with scope(tenant=tenant):
            members = (Membership.objects.filter(is_active=True, user__is_active=True)
                       .select_related("user", "tenant").order_by("pk"))
            for membership in members:
                waiting, news = waiting_for(membership), digest_for(membership, since)
                if not waiting and not news:
                    continue
                lines = [f"Your week in {tenant.name} school improvement."]
                if waiting:
                    lines += ["", "Waiting for you:"]
                    lines += [f"- {item.text}\n  {absolute(item.url)}" for item in waiting]
                if news:
                    lines += ["", "Since last week:"]
                    lines += [f"- {line.text}\n  {absolute(line.url)}" for line in news]
                send_mail(subject=f"{tenant.name}: your week in school improvement",
                          message="\n".join(lines), from_email=None,
                          recipient_list=[membership.user.email])
                sent += 1
    return {"sent": sent}


# A check takes seconds to minutes; one still running after the longest a task may run
# (CELERY_TASK_TIME_LIMIT) was lost: its task never reached a worker, or the worker died.
ABANDONED_AFTER = timedelta(minutes=30)


@shared_task(base=TenantTask, name="core.tasks.file_imports_finish")
def file_imports_finish(tenant: Tenant) -> int:
    """Finish this tenant's uploads whose check was left running (`core.file_import_chunks`).
    Returns how many were moved on."""
    from core.file_import_chunks import finish_abandoned_checks

    return finish_abandoned_checks(started_before=ABANDONED_AFTER)


@shared_task(name="core.tasks.file_imports_sweep", acks_late=True)
def file_imports_sweep() -> int:
    """Every quarter of an hour: each tenant's abandoned checks finished in its own task. An
    admin who uploads and goes away expects to find the file checked when they come back —
    "ready to apply" in what is waiting for them, or its bad rows named — not "Checking the
    file" because a broker outage dropped its task. (With tasks inline the imports list does
    the same each time it is opened, as no beat runs.)"""
    return queue_for_every_tenant(file_imports_finish)
