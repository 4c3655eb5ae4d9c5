"""Peer review's part of "waiting for you" (core.notifications): a reviewer is told of each
review they are on that starts within a fortnight or is under way, with its link. One query."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from core.notifications import Source, Waiting
from support.models.peer_review import PeerReviewer

SOON = timedelta(days=14)


def _waiting(membership, permissions) -> list[Waiting]:
    today, slug = timezone.localdate(), membership.tenant.slug
    places = (PeerReviewer.objects.filter(person=membership, review__ends_on__gte=today,
                                          review__starts_on__lte=today + SOON)
              .select_related("review__school__establishment")
              .order_by("review__starts_on", "pk"))
    items = []
    for place in places:
        review = place.review
        when = (f"under way until {review.ends_on:%-d %B %Y}" if review.starts_on <= today
                else f"starts on {review.starts_on:%-d %B %Y}")
        items.append(Waiting(f"Peer review of {review.school.establishment.name} {when}: you "
                             f"are {'its lead reviewer' if place.is_lead else 'on its team'}",
                             reverse("support:peer-review-detail", args=[slug, review.pk])))
    return items


SOURCE = Source(key="support.peer_review", waiting=_waiting)
