"""Background work for Ofsted and performance imports. Arguments are plain ids; each task
restores the import's tenant scope and calls one service."""

import logging

from celery import shared_task
from django_scopes import scope, scopes_disabled

from categorisation import importing
from categorisation.models import DataImport

logger = logging.getLogger(__name__)


def _load(import_id: int) -> DataImport | None:
    # Named cross-tenant read: the task knows only the id, and must find the tenant to enter
    # its scope; everything after runs scoped.
    with scopes_disabled():
        return DataImport.objects.select_related("tenant", "uploaded_by").filter(
            pk=import_id).first()


def _run(import_id: int, service) -> None:
    data_import = _load(import_id)
    if data_import is None:
        logger.warning("Data import %s no longer exists", import_id)
        return
    with scope(tenant=data_import.tenant):
        try:
            service(data_import=data_import)
        except Exception:
            # Logged, not re-raised: the status record is what the admin's page shows, and a
            # retry would meet the same file.
            logger.exception("Data import %s failed", import_id)
            importing.data_import_fail(
                data_import=data_import,
                message="The import stopped because of an unexpected error. Nothing was "
                        "changed; try again, and tell support if it happens again.")


@shared_task(name="categorisation.import_tasks.data_import_analyse", acks_late=True)
def data_import_analyse(import_id: int) -> None:
    _run(import_id, importing.data_import_analyse)


@shared_task(name="categorisation.import_tasks.data_import_apply", acks_late=True)
def data_import_apply(import_id: int) -> None:
    _run(import_id, importing.data_import_apply)
