"""Support's panels beside a school's category (core.school_panels): the links an officer
follows from a school's category to its visits and brokering, and the school's open RISE case,
for whoever may see it (officers and admins; the school's own headteacher)."""

from __future__ import annotations

from typing import Any

from core.permissions import VISITS_RECORD, VISITS_VIEW, has
from support.permissions import is_head_of
from support.selectors.rise import open_case_of


def _rise(request: Any, school: Any) -> dict | None:
    membership = request.membership
    if not (has(membership, VISITS_VIEW) or is_head_of(membership, school)):
        return None
    case = open_case_of(school)
    return {"case": case} if case is not None else None


def _support(request: Any, school: Any) -> dict | None:
    """Officers who plan visits and broker support go there from the category (no query)."""
    if VISITS_RECORD not in request.tenant_permissions:
        return None
    return {"school": school}


def register_panels(school_panels) -> None:
    school_panels.register(school_panels.Panel(order=5, template="support/panels/support.html",
                                               context=_support))
    school_panels.register(school_panels.Panel(order=10, template="support/panels/rise.html",
                                               context=_rise))
