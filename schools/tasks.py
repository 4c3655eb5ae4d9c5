"""Background work for GIAS imports. Arguments are plain ids; each task restores the import's
tenant scope and calls one service (`core.tasks.run_file_import_step`); a national import
(the platform operator's) has no tenant and runs unscoped (`run_national_import_step`)."""

from typing import cast

from celery import shared_task

from core.file_import_chunks import inline_chunk_rows
from core.national_imports import run_national_import_step
from core.tasks import run_file_import_step
from schools import importing
from schools.models import GiasImport, NationalGiasImport


@shared_task(name="schools.tasks.gias_import_analyse", acks_late=True)
def gias_import_analyse(import_id: int) -> None:
    run_file_import_step(
        GiasImport, import_id, lambda record: importing.gias_import_analyse(
            gias_import=record, chunk_rows=inline_chunk_rows()))


@shared_task(name="schools.tasks.gias_import_apply", acks_late=True)
def gias_import_apply(import_id: int) -> None:
    run_file_import_step(
        GiasImport, import_id, lambda record: importing.gias_import_apply(
            gias_import=record, chunk_rows=inline_chunk_rows()))


@shared_task(name="schools.tasks.national_gias_import_analyse", acks_late=True)
def national_gias_import_analyse(import_id: int) -> None:
    run_national_import_step(
        NationalGiasImport, import_id,
        lambda record: importing.national_gias_import_analyse(
            record=cast(NationalGiasImport, record)))


@shared_task(name="schools.tasks.national_gias_import_apply", acks_late=True)
def national_gias_import_apply(import_id: int) -> None:
    run_national_import_step(
        NationalGiasImport, import_id,
        lambda record: importing.national_gias_import_apply(
            record=cast(NationalGiasImport, record)))
