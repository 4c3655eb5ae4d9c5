"""The recompute pipeline: from data arrival to proposals, idempotently, in batches.

Every path that brings new inspections or indicators (import, API, an officer's entry) calls
`schedule_recompute(urns=...)` inside its transaction. That writes a `DataArrival` status record
and, once the transaction commits, enqueues `tasks.recompute_arrival` with its id. The task finds
every tenant whose register holds those URNs (or a school whose predecessor URN is among them)
and recomputes those schools in batches of up to 500 that may span tenants
(`recompute_targets`): a monthly Ofsted file touching 500 schools in 144 councils is one batch,
not 144.

Idempotence: each school has one `CategoryComputation` row per scheme key holding a hash of the
last result (scheme version, category, reasons, evidence). An unchanged hash writes nothing but
the batch's `computed_at`; a changed one creates a `CategoryProposal` only when the category
differs from the one in force (a new proposal supersedes an open one; a result that returns to
the category in force supersedes the open proposal and proposes nothing).

Queries per batch are fixed whatever its size or number of tenants: ten reads
(`selectors.recompute_batch_across_tenants`: schools, schemes and their categories, links,
inspections, indicators, judgements, computations, categories in force, open proposals) and at
most six writes (touch, delete and create computations, supersede and create proposals, one
statement for every tenant's audit row). Each school is evaluated with its own tenant's schemes
and each row written with its own school's tenant.

Speed (bench/bench_recompute.py, bench/README.md): a scheme is compiled once per batch (cached
by content), facts are built once per school whatever the number of schemes, rows are built from
ids, and the cyclic garbage collector is paused while a batch evaluates and writes.

If the broker is down when the data commits, the arrival stays pending; the nightly sweep
(`sweep`) enqueues pending and failed arrivals again and recomputes any school whose inputs
changed after its last computation or which the active scheme version has not computed yet.

Modules: `scheduling` (arrivals, one tenant's recompute, the nightly sweep), `running` (an
arrival's or a tenant's schools in batches), `deciding` (each school under its tenant's
schemes: what changed, what to propose) and `writing` (a batch's rows and the advisers'
e-mails). The names below are the package's API.
"""

from categorisation.recompute.deciding import RecomputeStats, result_hash
from categorisation.recompute.running import (
    BATCH_SIZE,
    affected_schools,
    recompute_batch,
    recompute_schools,
    recompute_targets,
    run_arrival,
)
from categorisation.recompute.scheduling import (
    MAX_ATTEMPTS,
    SweepResult,
    schedule_recompute,
    schedule_tenant_recompute,
    stale_schools,
    sweep,
)

__all__ = [
    "BATCH_SIZE", "MAX_ATTEMPTS", "RecomputeStats", "SweepResult", "affected_schools",
    "recompute_batch", "recompute_schools", "recompute_targets", "result_hash", "run_arrival",
    "schedule_recompute", "schedule_tenant_recompute", "stale_schools", "sweep",
]
