"""Support's tile on the tenant home page (core.home): an officer's caseload, a headteacher's
school visits, the RAG dashboard for those who see counts."""

from django.http import HttpRequest
from django.utils import timezone

from support.notes_access import notes_grants
from support.permissions import support_access


def _support(request: HttpRequest) -> dict | None:
    membership = request.membership  # type: ignore[attr-defined]
    access = support_access(membership)
    # A person given a school's visit notes (a chair of governors): a link to each school's.
    given = ([] if access.sees_all or access.own_school is not None else
             [grant.target for grant in notes_grants([membership], timezone.localdate())
              .get(membership.pk, [])])
    if not access.sees_anything and not given:
        return None
    return {"access": access, "notes_schools": given}


def register_tiles(home) -> None:
    home.register(home.Tile(order=48, template="support/tiles/support.html", context=_support))
