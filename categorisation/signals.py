"""What categorisation publishes for the apps above it to react to (DESIGN §4).

`categories_changed` is sent once the transaction that changed them has committed, whenever the
category *in force* of one or more schools changes — an officer confirms or overrides a
proposal, or a moderation decides another category (a school's agreement or disagreement keeps
the category, so it sends nothing) — with:
    tenant: the tenant whose categories changed;
    changes: a list of `CategoryChange` (school, old and new step ids and codes).
Funding recalculates what money follows categories; support re-plans visits. Receivers are
connected in their app's AppConfig.ready() and should enqueue long work.
"""

from dataclasses import dataclass

from django.dispatch import Signal

categories_changed = Signal()


@dataclass(frozen=True)
class CategoryChange:
    school_id: int
    old_step_id: int | None
    new_step_id: int
    old_code: str | None
    new_code: str
