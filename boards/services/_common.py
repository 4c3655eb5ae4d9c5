"""What every boards service starts with."""

from django.db import models

from accounts.models import User
from boards.models import Board
from boards.permissions import BoardAccess, ensure_access
from core.models import Tenant
from core.selectors import membership_for
from core.tenancy import ensure_same_tenant


def check(*, tenant: Tenant, actor: User | None, board: Board, run: bool = False,
          manage: bool = False, **objects: models.Model | None) -> BoardAccess:
    """Refuse objects of another tenant, then an actor beyond their rights on the board."""
    ensure_same_tenant(tenant, board=board, **objects)
    membership = membership_for(user=actor, tenant=tenant) if actor is not None else None
    return ensure_access(membership=membership, board=board, run=run, manage=manage)


def save(obj: models.Model) -> None:
    obj.full_clean()
    obj.save()
