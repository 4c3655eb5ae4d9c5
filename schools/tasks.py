"""Background work for GIAS imports. Arguments are plain ids; each task restores the import's
tenant scope and calls one service."""

import logging

from celery import shared_task
from django_scopes import scope, scopes_disabled

from schools import importing
from schools.models import GiasImport

logger = logging.getLogger(__name__)


def _load(import_id: int) -> GiasImport | None:
    # Named cross-tenant read: the task knows only the id, and must find the tenant to enter
    # its scope; everything after runs scoped.
    with scopes_disabled():
        return GiasImport.objects.select_related("tenant", "uploaded_by").filter(
            pk=import_id).first()


def _run(import_id: int, service) -> None:
    gias_import = _load(import_id)
    if gias_import is None:
        logger.warning("GIAS import %s no longer exists", import_id)
        return
    with scope(tenant=gias_import.tenant):
        try:
            service(gias_import=gias_import)
        except Exception:
            # Logged, not re-raised: the status record is what the admin's page shows, and a
            # retry would meet the same file. With tasks inline it also spares the upload
            # request a server error.
            logger.exception("GIAS import %s failed", import_id)
            importing.gias_import_fail(
                gias_import=gias_import,
                message="The import stopped because of an unexpected error. Nothing was "
                        "changed; try again, and tell support if it happens again.")


@shared_task(name="schools.tasks.gias_import_analyse", acks_late=True)
def gias_import_analyse(import_id: int) -> None:
    _run(import_id, importing.gias_import_analyse)


@shared_task(name="schools.tasks.gias_import_apply", acks_late=True)
def gias_import_apply(import_id: int) -> None:
    _run(import_id, importing.gias_import_apply)
