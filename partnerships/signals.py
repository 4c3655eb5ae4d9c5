"""What partnerships publishes for the apps above it to react to (DESIGN §4).

`memberships_changed` is sent once the transaction has committed, whenever schools join or
leave partnerships (one school added or ended, or the partnerships a confirmed formation
proposal creates), with:
    tenant: the tenant;
    partnership_ids: the partnerships whose membership changed;
    school_ids: the schools that joined or left.
Funding reads it to recalculate a cluster's allocation; boards to refresh who nominates seats
and who holds a hub's seats.

`roles_changed` is sent once the transaction has committed, whenever a role in a partnership
is given or ends (a chair, a lead, an adviser), with `tenant` and `partnership_ids`; boards
moves a hub's chair seat to its new chair.

`partnerships_created` is sent once the transaction has committed, with `tenant` and
`partnership_ids`, for every partnership made (one by an officer, or the partnerships a
confirmed formation proposal creates); boards gives each its hub.
"""

from django.db import transaction
from django.dispatch import Signal

memberships_changed = Signal()
roles_changed = Signal()
partnerships_created = Signal()


def send_after_commit(*, tenant, partnership_ids, school_ids) -> None:
    partnership_ids, school_ids = sorted(set(partnership_ids)), sorted(set(school_ids))
    transaction.on_commit(lambda: memberships_changed.send(
        sender=None, tenant=tenant, partnership_ids=partnership_ids, school_ids=school_ids))


def send_roles_changed(*, tenant, partnership_ids) -> None:
    partnership_ids = sorted(set(partnership_ids))
    transaction.on_commit(lambda: roles_changed.send(
        sender=None, tenant=tenant, partnership_ids=partnership_ids))


def send_partnerships_created(*, tenant, partnership_ids) -> None:
    partnership_ids = sorted(set(partnership_ids))
    transaction.on_commit(lambda: partnerships_created.send(
        sender=None, tenant=tenant, partnership_ids=partnership_ids))
