"""Who sees and does what of peer review (DESIGN §5), on top of the role table:

- Officers and admins (VISITS_VIEW) see every cycle, review and training record; with
  VISITS_RECORD they set cycles up, record training, assign teams and keep the theme list.
- A reviewer holds a dated grant (`core.grants`, PEER_REVIEW) on each review they are on,
  from the cycle's start until the review ends: while it holds they read the review (the
  school's public facts and the review's own material, never its category, intelligence or
  capacity) and record its outcomes and workshop. The day after the review ends it is gone:
  the review answers 403.
- The reviewed school's headteacher reads their own school's reviews.
- Board members and viewers (AGGREGATES_VIEW) read the themes' trends: counts, no school.
Another tenant's review is not found (404); one's own tenant's beyond one's rights is 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from core.grants import Grant, grants_including, may
from core.models import Membership
from core.permissions import VISITS_RECORD, VISITS_VIEW, has
from support.models.peer_review import PeerReview, PeerReviewer
from support.permissions import is_head_of
from support.selectors import peer_review as selectors

# Held on one review, never by a role.
PEER_REVIEW = "support.peer_review"


def peer_review_grants(memberships: list[Membership], on: date) -> dict[int, list[Grant]]:
    """The reviews these people are on whose access holds on the date: from the cycle's start
    to the review's end, inclusive. One query."""
    held: dict[int, list[Grant]] = {}
    places = (PeerReviewer.objects.filter(person__in=[m.pk for m in memberships],
                                          review__cycle__starts_on__lte=on,
                                          review__ends_on__gte=on)
              .select_related("review__cycle", "review__school__establishment")
              .order_by("review__starts_on", "pk"))
    for place in places:
        review = place.review
        held.setdefault(place.person_id, []).append(Grant(
            PEER_REVIEW, review,
            f"{'Lead reviewer' if place.is_lead else 'Reviewer'} of "
            f"{review.school.establishment.name} in {review.cycle.name}, until "
            f"{review.ends_on:%-d %B %Y}",
            starts_on=review.cycle.starts_on, ends_on=review.access_ends))
    return held


@dataclass(frozen=True)
class ReviewAccess:
    manages: bool  # an officer: the team, the dates, everything
    writes: bool  # outcomes and the workshop: an officer, or a reviewer while access holds
    is_reviewer: bool
    is_own_school: bool


def _on_the_team(membership: Membership, review: PeerReview, on: date) -> bool:
    """`may(membership, PEER_REVIEW, review, on)`, asking only peer review's grants (one
    query) rather than every app's holder: the grant is held on one review, never by a role."""
    if not membership.is_active or review.tenant_id != membership.tenant_id:
        return False
    return may(membership, PEER_REVIEW) or any(
        grant.permission == PEER_REVIEW and grant.covers(review)
        for grant in grants_including(membership, PEER_REVIEW, on))


def review_access(membership: Membership, review: PeerReview,
                  on: date | None = None) -> ReviewAccess | None:
    """What this member may do with the review, or None: nothing at all."""
    officer = has(membership, VISITS_VIEW)
    manages = officer and has(membership, VISITS_RECORD)
    # Reviewers are headteachers: an officer who manages the review is never on its team, and
    # already writes to it, so their grants are not read.
    reviewer = not manages and _on_the_team(membership, review, on or timezone.localdate())
    own = is_head_of(membership, review.school)
    if not (officer or reviewer or own):
        return None
    return ReviewAccess(manages=manages, writes=manages or reviewer, is_reviewer=reviewer,
                        is_own_school=own)


def review_for(*, membership: Membership, review_id: int,
               write: bool = False) -> tuple[PeerReview, ReviewAccess]:
    """The review, if this member may see it (404 none in this tenant, 403 beyond their
    rights: a reviewer's access ended, another school's review), and may write to it when
    `write`. The pages that write show neither its team nor its outcomes: those are read
    only for the others."""
    found = selectors.review(review_id, material=not write)
    if found is None:
        raise Http404("No such peer review.")
    access = review_access(membership, found)
    if access is None:
        raise PermissionDenied("Only the review's team, while the review lasts, the school's "
                               "headteacher and officers see a peer review.")
    if write and not access.writes:
        raise PermissionDenied("Only the review's team, while the review lasts, and officers "
                               "record its outcomes.")
    return found, access
