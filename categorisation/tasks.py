"""Background work for categorisation: the recompute, and the checks and applies of Ofsted and
performance imports. Arguments are plain ids; each task restores the scope it needs and calls
one service (`categorisation.recompute`; `categorisation.importing` through
`core.tasks.run_file_import_step`; the platform operator's national imports, which no tenant
owns, unscoped through `core.national_imports.run_national_import_step`).

Only transient errors of the recompute (the database or the broker briefly unreachable) are
retried, with exponential backoff; anything else marks the arrival failed for the nightly sweep
and a person to look at. Time limits keep a stuck batch from holding a worker for ever.

The import tasks keep their names under `categorisation.import_tasks`: names are what callers
enqueue (`core.tasks.enqueue_on_commit`) and what queued messages carry.
"""

import logging
from typing import cast

from celery import shared_task

from categorisation import importing, recompute
from categorisation.models import DataImport, NationalDataImport
from core.file_import_chunks import inline_chunk_rows
from core.models import Tenant
from core.national_imports import run_national_import_step
from core.tasks import TRANSIENT, TenantTask, run_file_import_step

logger = logging.getLogger(__name__)

LIMITS = {"soft_time_limit": 60 * 20, "time_limit": 60 * 25}


@shared_task(name="categorisation.tasks.recompute_arrival", acks_late=True, bind=True,
             max_retries=5, **LIMITS)
def recompute_arrival(self, arrival_id: int) -> dict | None:
    try:
        stats = recompute.run_arrival(arrival_id=arrival_id)
    except TRANSIENT as error:
        raise self.retry(exc=error, countdown=min(30 * 2 ** self.request.retries, 900)) from error
    except Exception:
        logger.exception("Recompute of data arrival %s failed", arrival_id)
        return None
    if stats is None:
        return None
    return {"schools": stats.schools, "proposals": stats.proposals}


@shared_task(base=TenantTask, name="categorisation.tasks.recompute_tenant", **LIMITS)
def recompute_tenant(tenant: Tenant, school_ids: list[int] | None = None,
                     reason: str = "") -> dict:
    stats = recompute.recompute_schools(tenant=tenant, school_ids=school_ids, reason=reason)
    return {"schools": stats.schools, "proposals": stats.proposals}


@shared_task(name="categorisation.tasks.recompute_sweep", acks_late=True, **LIMITS)
def recompute_sweep() -> dict:
    result = recompute.sweep()
    return {"arrivals": len(result.arrivals), "schools": sum(result.tenants.values())}


@shared_task(name="categorisation.import_tasks.data_import_analyse", acks_late=True)
def data_import_analyse(import_id: int) -> None:
    run_file_import_step(DataImport, import_id, lambda record: importing.data_import_analyse(
        data_import=cast(DataImport, record), chunk_rows=inline_chunk_rows()))


@shared_task(name="categorisation.import_tasks.data_import_apply", acks_late=True)
def data_import_apply(import_id: int) -> None:
    run_file_import_step(DataImport, import_id, lambda record: importing.data_import_apply(
        data_import=cast(DataImport, record), chunk_rows=inline_chunk_rows()))


@shared_task(name="categorisation.import_tasks.national_data_import_analyse", acks_late=True)
def national_data_import_analyse(import_id: int) -> None:
    run_national_import_step(
        NationalDataImport, import_id, lambda record: importing.national_data_import_analyse(
            record=cast(NationalDataImport, record)))


@shared_task(name="categorisation.import_tasks.national_data_import_apply", acks_late=True)
def national_data_import_apply(import_id: int) -> None:
    run_national_import_step(
        NationalDataImport, import_id, lambda record: importing.national_data_import_apply(
            record=cast(NationalDataImport, record)))
