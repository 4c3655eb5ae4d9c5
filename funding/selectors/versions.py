"""Versions of funding's data, read from the committed rows in one query each, so a page can
keep what it computes from them (`core.kept.kept`) and a write is seen by the next request
after its transaction commits, without any write having to clear anything (issue 16).

- `charges_version`: what the de-delegation charges read (the register, the lines' rates and
  bases, the forum's votes, the census returns, the conversion rule);
- `funding_version`: all of funding's money — the charges' inputs and every funding table a
  budget, balance, report, history or income figure reads.

Each table is summed up by aggregates over columns every write moves, as every funding write
is an insert (a higher id, one more row), a delete (one row fewer), or an update that sets a
column counted here:
- lines: `updated_at` (auto_now on every save);
- votes: a correction supersedes one vote and adds another (count of superseded);
- census returns, spend imports: applying sets the status (count of applied);
- settings, day rates: `updated_at`, `set_at` (auto_now);
- runs: confirming sets the status and `confirmed_at`; discarding and redrafting delete;
- commitments: approving and cancelling set the status and their times;
- traded-day purchases: marking the invoice request sent sets `request_sent_at`.
The register's own version is the tenant's `register_version` (bumped by every register write
and GIAS import). The query is plain SQL built once from the models' tables and columns: the
ORM took longer to compile fifty subqueries than the database took to answer them.
`tests/funding/test_kept_money.py` makes each write and checks the version moves.
"""

from __future__ import annotations

import hashlib
from functools import cache

from django.db import connection
from django.db.models import Field, Model

from core.models import Tenant
from funding.models import (
    AllocationFormula,
    AllocationRun,
    BuyBack,
    CarryForward,
    CensusReturn,
    Commitment,
    CommitmentStatus,
    DeDelegationLine,
    FundContribution,
    FundCost,
    FundingSettings,
    FundingYear,
    PhaseVote,
    RunStatus,
    Spend,
    SpendImport,
    StrategicFund,
)
from funding.models.traded import TradedDayPurchase, TradedDayRate

# A figure of a table: ("count",), ("latest", field), ("equal", field, value) or
# ("set", field) (how many rows have it).
Figure = tuple[str, ...]
ADDED: list[Figure] = [("count",), ("latest", "id")]  # rows added (latest id) or deleted

CHARGES: list[tuple[type[Model], list[Figure]]] = [
    (DeDelegationLine, [("count",), ("latest", "updated_at")]),
    (PhaseVote, [*ADDED, ("set", "superseded_at")]),
    (CensusReturn, [*ADDED, ("equal", "status", CensusReturn.Status.APPLIED)]),
    (FundingSettings, [("count",), ("latest", "updated_at")]),
]

MONEY: list[tuple[type[Model], list[Figure]]] = [
    (FundingYear, ADDED),
    (BuyBack, ADDED),
    (AllocationFormula, ADDED),
    (AllocationRun, [*ADDED, ("equal", "status", RunStatus.CONFIRMED),
                     ("latest", "confirmed_at")]),
    (StrategicFund, ADDED),
    (FundCost, ADDED),
    (FundContribution, ADDED),
    (CarryForward, ADDED),
    (Commitment, [*ADDED, ("equal", "status", CommitmentStatus.REQUESTED),
                  ("equal", "status", CommitmentStatus.CANCELLED),
                  ("latest", "approved_at"), ("latest", "cancelled_at")]),
    (Spend, ADDED),
    (SpendImport, [*ADDED, ("equal", "status", SpendImport.Status.APPLIED)]),
    (TradedDayRate, [("count",), ("latest", "set_at")]),
    (TradedDayPurchase, [*ADDED, ("set", "request_sent_at")]),
]


def _sql(figure: Figure, model: type[Model]) -> tuple[str, list]:
    kind, *rest = figure
    if kind == "count":
        return "COUNT(*)", []
    field = model._meta.get_field(rest[0])
    assert isinstance(field, Field) and field.column
    column = connection.ops.quote_name(field.column)
    if kind == "latest":
        return f"MAX({column})", []
    if kind == "set":
        return f"SUM(CASE WHEN {column} IS NULL THEN 0 ELSE 1 END)", []
    assert kind == "equal"
    return f"SUM(CASE WHEN {column} = %s THEN 1 ELSE 0 END)", [str(rest[1])]


@cache
def _query(which: str) -> tuple[str, list, int]:
    """The SQL reading every table's figures (a scalar subquery each, its figures joined as
    text), the parameters before each tenant's, and how many tables."""
    tables = CHARGES + MONEY if which == "money" else CHARGES
    columns, params = [], []
    for model, figures in tables:
        parts = [_sql(figure, model) for figure in figures]
        text = " || ',' || ".join(f"COALESCE(CAST({sql} AS TEXT), '')" for sql, _ in parts)
        table = connection.ops.quote_name(model._meta.db_table)
        tenant = connection.ops.quote_name("tenant_id")
        columns.append(f"(SELECT {text} FROM {table} WHERE {tenant} = %s)")
        params.append([value for _, values in parts for value in values])
    return "SELECT " + ", ".join(columns), params, len(tables)


def _read(tenant: Tenant, which: str) -> tuple:
    """Every table's figures for the tenant, in one query."""
    sql, params, _ = _query(which)
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for values in params for value in (*values, tenant.pk)])
        row = cursor.fetchone()
    return (tenant.pk, tenant.register_version, tuple(row))


def _digest(parts: tuple) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def charges_version(tenant: Tenant) -> str:
    """A digest of everything the tenant's de-delegation charges read. One query."""
    return _digest(_read(tenant, "charges"))


def funding_version(tenant: Tenant) -> str:
    """A digest of everything funding's money pages read: the charges' inputs and every
    funding table. One query."""
    return _digest(_read(tenant, "money"))
