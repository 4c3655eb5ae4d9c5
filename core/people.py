"""Extension point for what an app above core records with an invitation and a membership.

Core knows people, roles and tenants, never a school (DESIGN §4). The register needs a
headteacher's invitation to name their school and the school to follow the person once they
accept, so schools registers a `MemberDetail` in its AppConfig.ready(); the people page and the
invitation services then ask every registered detail, in order:

- `fields(tenant)`: extra fields of the invitation form (name -> form field);
- `check(tenant, role, values)`: refuse (ValidationError naming a field) values that do not fit
  the role or the tenant, before anything is stored;
- `save(invitation, values)`: store them with the invitation, in its transaction;
- `accept(invitation, membership)`: carry them onto the membership, in the acceptance's
  transaction;
- `describe_members(memberships)` and `describe_invitations(invitations)`: one short text per
  id for the people page (one query for the whole list, not one per row).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class MemberDetail:
    key: str
    label: str
    fields: Callable[..., dict[str, forms.Field]]
    check: Callable[..., None]
    save: Callable[..., None]
    accept: Callable[..., None]
    describe_members: Callable[[Iterable], dict[int, str]]
    describe_invitations: Callable[[Iterable], dict[int, str]]


_details: dict[str, MemberDetail] = {}


def register(detail: MemberDetail) -> None:
    _details[detail.key] = detail


def details() -> list[MemberDetail]:
    return list(_details.values())


def with_details(rows, *, kind: str) -> list:
    """Memberships or invitations (kind "members" or "invitations"), each given `details`: the
    registered details' texts joined, e.g. the school a headteacher leads."""
    rows = list(rows)
    texts = [getattr(detail, f"describe_{kind}")(rows) for detail in details()]
    for row in rows:
        row.details = " · ".join(text[row.pk] for text in texts if row.pk in text)
    return rows
