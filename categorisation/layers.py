"""The two layers an import writes to (DESIGN §2): the national store, written only by the
national import, and one council's own layer, written by its uploads and API calls.

`Layer` is what the writers (`services.inspections_import`, `importing.indicators_import`)
are given instead of a model: it names the table, stamps a new row with its tenant, who entered
it and from which upload, and keeps every read of a council's rows inside that council's scope.
A council's row that the national store already has (same inspection number; same URN, measure
and year) is not written: the national data supersedes it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django_scopes import scope

from accounts.models import User
from categorisation.models import (
    DataImport,
    Inspection,
    PerformanceIndicator,
    TenantIndicator,
    TenantInspection,
)
from core.models import Tenant

# The fields `Layer.stamp` sets on a council's row: a writer validates a row's values without
# them (they are set by the layer, not read from the file).
STAMPED_FIELDS = ("tenant", "entered_by", "data_import")


@dataclass(frozen=True)
class Layer:
    tenant: Tenant | None = None
    entered_by: User | None = None
    data_import: DataImport | None = None

    @property
    def is_national(self) -> bool:
        return self.tenant is None

    @property
    def inspections(self) -> type[Inspection] | type[TenantInspection]:
        return Inspection if self.tenant is None else TenantInspection

    @property
    def indicators(self) -> type[PerformanceIndicator] | type[TenantIndicator]:
        return PerformanceIndicator if self.tenant is None else TenantIndicator

    @contextmanager
    def scoped(self) -> Iterator[None]:
        """Inside the council's scope (its rows only); nationally, nothing to scope."""
        if self.tenant is None:
            yield
            return
        with scope(tenant=self.tenant):
            yield

    def stamp(self, row):
        """A new row of this layer: a council's carries its tenant, its author and upload."""
        if self.tenant is not None:
            row.tenant = self.tenant
            row.entered_by = self.entered_by
            row.data_import = self.data_import
        return row


NATIONAL = Layer()
