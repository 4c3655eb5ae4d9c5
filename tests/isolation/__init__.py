"""Rows of the isolation matrix contributed by each app (tests/test_isolation_matrix.py).

Each module here defines `EXPECTED` ({url name: {role: (GET status, POST status)}}, built with
`statuses(...)`) and `fillers(tenant_a, personas) -> dict` returning tenant-A objects' ids for
the URL arguments it introduces (e.g. {"partnership_id": ...}). Use `scopes_disabled()` to create
them. The matrix merges every module, so an app adds its URLs without editing the matrix.
"""

import importlib
import pkgutil


def contributions() -> list:
    return [
        importlib.import_module(f"{__name__}.{module.name}")
        for module in pkgutil.iter_modules(__path__)
    ]


def statuses(admin, officer, head, board, viewer) -> dict:
    return dict(zip(("admin", "officer", "headteacher", "board_member", "viewer"),
                    (admin, officer, head, board, viewer), strict=True))


FORBIDDEN = (403, 403)
