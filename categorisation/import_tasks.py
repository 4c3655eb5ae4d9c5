"""Background work for Ofsted and performance imports. Arguments are plain ids; each task
restores the import's tenant scope and calls one service (`core.tasks.run_file_import_step`)."""

from celery import shared_task

from categorisation import importing
from categorisation.models import DataImport
from core.tasks import run_file_import_step


@shared_task(name="categorisation.import_tasks.data_import_analyse", acks_late=True)
def data_import_analyse(import_id: int) -> None:
    run_file_import_step(
        DataImport, import_id, lambda record: importing.data_import_analyse(data_import=record)
    )


@shared_task(name="categorisation.import_tasks.data_import_apply", acks_late=True)
def data_import_apply(import_id: int) -> None:
    run_file_import_step(
        DataImport, import_id, lambda record: importing.data_import_apply(data_import=record)
    )
