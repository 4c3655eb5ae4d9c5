"""Peer review's and programmes' addresses under `/t/<slug>/support/`, included by
`support.urls` (kept apart so each area's routes read together)."""

from django.urls import path

from core.downloads import list_paths
from support.views import edits, peer_review, peer_review_people, programmes

PR = "peer-review/"
CYCLE = PR + "cycles/<int:cycle_id>/"
REVIEW = PR + "reviews/<int:review_id>/"

PATHS = [
    path(PR, peer_review.peer_review_home, name="peer-review"),
    path(PR + "cycles/new/", peer_review.cycle_create, name="peer-review-cycle-create"),
    *list_paths(CYCLE, peer_review.cycle_detail, name="peer-review-cycle"),
    path(CYCLE + "reviews/new/", peer_review.review_add, name="peer-review-add"),
    path(REVIEW, peer_review.review_detail, name="peer-review-detail"),
    path(REVIEW + "team/", peer_review.team_add, name="peer-review-team"),
    path(REVIEW + "team/<int:reviewer_id>/remove/", peer_review.team_remove,
         name="peer-review-team-remove"),
    path(REVIEW + "outcomes/", peer_review.outcome_record, name="peer-review-outcome"),
    path(REVIEW + "workshop/", peer_review.workshop_record, name="peer-review-workshop"),
    path(REVIEW + "dates/", edits.review_dates, name="peer-review-dates"),
    *list_paths(PR + "training/", peer_review_people.training_list,
                name="peer-review-training"),
    path(PR + "training/new/", peer_review_people.training_record,
         name="peer-review-training-record"),
    path(PR + "training/<int:training_id>/edit/", edits.training_edit,
         name="peer-review-training-edit"),
    path(PR + "themes/", peer_review_people.theme_list, name="peer-review-themes"),
    path(PR + "themes/<int:theme_id>/retire/", edits.theme_retire,
         name="peer-review-theme-retire"),
    *list_paths(PR + "trends/", peer_review_people.trends, name="peer-review-trends"),
    path(PR + "mine/", peer_review_people.my_reviews, name="peer-review-mine"),
]

PROGRAMME = "programmes/<int:programme_id>/"
PATHS += [
    path("programmes/", programmes.programme_list, name="programme-list"),
    path("programmes/new/", programmes.programme_create, name="programme-create"),
    *list_paths(PROGRAMME, programmes.programme_detail, name="programme-detail"),
    path(PROGRAMME + "edit/", edits.programme_edit, name="programme-edit"),
    path(PROGRAMME + "schools/", programmes.programme_sign_up, name="programme-sign-up"),
    path(PROGRAMME + "trained/", programmes.programme_trained, name="programme-trained"),
]
