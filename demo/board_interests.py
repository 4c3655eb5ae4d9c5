"""The demo board's register of interests and declarations: a governorship registered for
every alliance member, the co-opted maths lead's paid work for the maths hub (a disclosable
pecuniary interest, with a dispensation recorded for the maths strategy), a declaration on a
public item (published with the minutes) and one on the exempt item (never published)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from boards.models import AgendaItem, Board, InterestKind, SeatHolding
from boards.services import interests as services
from core.models import Membership, Tenant
from schools.selectors import school_of


def seed_register(*, tenant: Tenant, board: Board, clerk: Membership,
                  since: date) -> tuple[list[Membership], Membership]:
    """Every alliance member's headship and the maths lead's secondment; returns the alliance
    members and the maths lead. Call once the seats are held, inside the tenant's scope."""
    actor = clerk.user
    holdings = list(SeatHolding.objects.filter(seat__board=board, end_date__isnull=True)
                    .select_related("holder__user", "seat").order_by("seat__position", "kind"))
    heads = [h.holder for h in holdings if "headteacher" in h.seat.label and h.kind == "member"]
    maths = next(h.holder for h in holdings if h.seat.kind == "co_opted")
    for head in heads:
        school = school_of(head)
        services.interest_register(
            tenant=tenant, actor=actor, board=board, holder=head,
            kind=InterestKind.OTHER_REGISTRABLE, registered_on=since,
            description=f"Headteacher of {school}" if school else "Headteacher")
    services.interest_register(
        tenant=tenant, actor=actor, board=board, holder=heads[0], registered_on=since,
        kind=InterestKind.OTHER_REGISTRABLE, description="Trustee of a multi-academy trust in "
                                                         "the county")
    services.interest_register(
        tenant=tenant, actor=actor, board=board, holder=maths, registered_on=since,
        kind=InterestKind.DISCLOSABLE_PECUNIARY,
        description="Paid secondment to the maths hub (employment)")
    return heads, maths


def declare_at_first(*, tenant: Tenant, clerk: Membership, results: AgendaItem,
                     support: AgendaItem, heads: list[Membership]) -> None:
    """One declaration on a public item (published) and one on the exempt item (never)."""
    services.declaration_record(
        tenant=tenant, actor=clerk.user, item=results, person=heads[0],
        kind=InterestKind.OTHER_REGISTRABLE,
        note="Headteacher of a school whose results are in the report")
    services.declaration_record(
        tenant=tenant, actor=clerk.user, item=support, person=heads[-1],
        kind=InterestKind.NON_REGISTRABLE,
        note="A close friend chairs the governors of the school the item is about")


def declare_at_second(*, tenant: Tenant, clerk: Membership, strategy: AgendaItem,
                      maths: Membership) -> None:
    """The maths lead's pecuniary interest in the strategy, with the dispensation recorded."""
    declaration = services.declaration_record(
        tenant=tenant, actor=clerk.user, item=strategy, person=maths,
        kind=InterestKind.DISCLOSABLE_PECUNIARY,
        note="Paid by the maths hub, which would deliver the strategy")
    granted = timezone.localtime(strategy.meeting.starts_at).date() - timedelta(days=7)
    services.dispensation_record(
        tenant=tenant, actor=clerk.user, declaration=declaration,
        dispensation=f"Granted by the monitoring officer on {granted.day} {granted:%B %Y} for "
                     "the maths improvement strategy items of this academic year.")
