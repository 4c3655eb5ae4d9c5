"""Support's tile on the tenant home page (core.home): an officer's caseload, a headteacher's
school visits, the RAG dashboard for those who see counts."""

from django.http import HttpRequest
from django.utils import timezone

from partnerships.published import system_leaders_on
from support.notes_access import notes_grants
from support.permissions import support_access


def _support(request: HttpRequest) -> dict | None:
    membership = request.membership  # type: ignore[attr-defined]
    access = support_access(membership)
    # A person given a school's visit notes (a chair of governors): a link to each school's.
    given = ([] if access.sees_all or access.own_school is not None else
             [grant.target for grant in notes_grants([membership], timezone.localdate())
              .get(membership.pk, [])])
    # A system leader (not an officer: they see the whole directory) sees their own entry.
    leads = (not access.records
             and any(leader.person_id == membership.pk
                     for leader in system_leaders_on(tenant=membership.tenant)))
    if not access.sees_anything and not given and not leads:
        return None
    return {"access": access, "notes_schools": given, "leads": leads}


def register_tiles(home) -> None:
    home.register(home.Tile(order=48, template="support/tiles/support.html", context=_support))
