"""Changing what peer review and programmes recorded (issue 13 items 6 and 7): a review's dates
(the team's access follows the new end date; a start before a reviewer's training is refused
with the rule), a theme retired (kept on old reviews, not offered on new ones), a training
record corrected, a programme changed; pages and API, officers only, audited, refusals naming
the field."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from rest_framework.test import APIClient

from core import grants
from core.models import AuditEvent, Role
from support.models.peer_review import PeerReview, PeerReviewTheme, PeerReviewTraining
from support.models.programmes import Programme
from support.peer_review_access import PEER_REVIEW
from support.services import peer_review as services
from support.services import peer_review_edits as edits
from support.services import programmes as programme_services
from tests.support.test_peer_review import _head

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START = TODAY - timedelta(days=10)
END = TODAY + timedelta(days=20)


def api(user) -> APIClient:
    client = APIClient()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def world(tenant_a, personas):
    """A review of a school with one reviewer, trained 30 days before the review starts."""
    officer = personas["a"][Role.OFFICER]
    reviewed, reviewer = _head(tenant_a, "Ann Ash"), _head(tenant_a, "Ben Elm")
    with scope(tenant=tenant_a):
        training = services.training_record(tenant=tenant_a, actor=officer, person=reviewer,
                                            trained_on=START - timedelta(days=30),
                                            trained_by="The LA")
        cycle = services.cycle_create(
            tenant=tenant_a, actor=officer, name="Spring reviews",
            academic_year=START.year if START.month >= 9 else START.year - 1,
            starts_on=START - timedelta(days=60), ends_on=END + timedelta(days=60))
        review = services.review_add(tenant=tenant_a, actor=officer, cycle=cycle,
                                     school=reviewed.headship.school,
                                     starts_on=START, ends_on=END)
        services.reviewer_assign(tenant=tenant_a, actor=officer, review=review,
                                 person=reviewer, is_lead=True)
    return {"officer": officer, "reviewer": reviewer, "review": review, "cycle": cycle,
            "training": training}


def test_the_teams_access_follows_the_reviews_new_end_date(tenant_a, world):
    reviewer, review = world["reviewer"], world["review"]
    with scope(tenant=tenant_a):
        assert grants.may(reviewer, PEER_REVIEW, review, END)
        edits.review_dates_change(tenant=tenant_a, actor=world["officer"], review=review,
                                  starts_on=START, ends_on=TODAY + timedelta(days=2))
        moved = PeerReview.objects.get(pk=review.pk)
        assert grants.may(reviewer, PEER_REVIEW, moved, TODAY + timedelta(days=2))
        assert not grants.may(reviewer, PEER_REVIEW, moved, TODAY + timedelta(days=3))
        event = AuditEvent.objects.get(action="support.peer_review_dates_changed")
        assert event.changes == {"ends_on": [str(END), str(TODAY + timedelta(days=2))]}


def test_a_start_before_a_reviewers_training_is_refused_with_the_rule(tenant_a, world):
    too_early = START - timedelta(days=40)
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as refused:
        edits.review_dates_change(tenant=tenant_a, actor=world["officer"],
                                  review=world["review"], starts_on=too_early, ends_on=END)
    assert "no peer review training" in refused.value.message_dict["starts_on"][0]
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as outside:
        edits.review_dates_change(tenant=tenant_a, actor=world["officer"],
                                  review=world["review"], starts_on=START,
                                  ends_on=END + timedelta(days=365))
    assert "within the cycle" in outside.value.message_dict["starts_on"][0]
    with scopes_disabled():
        assert PeerReview.objects.get().starts_on == START


def test_a_training_moved_after_a_review_it_qualified_for_is_refused(tenant_a, world):
    with scope(tenant=tenant_a), pytest.raises(ValidationError) as refused:
        edits.training_edit(tenant=tenant_a, actor=world["officer"], record=world["training"],
                            trained_on=START + timedelta(days=1), trained_by="The LA")
    assert "no peer review training" in refused.value.message_dict["trained_on"][0]
    with scope(tenant=tenant_a):
        edits.training_edit(tenant=tenant_a, actor=world["officer"], record=world["training"],
                            trained_on=START - timedelta(days=5), trained_by="Teaching hub")
    with scopes_disabled():
        record = PeerReviewTraining.objects.get()
        assert (record.trained_on, record.trained_by) == (START - timedelta(days=5),
                                                          "Teaching hub")


def test_a_retired_theme_stays_on_old_reviews_and_is_not_offered(tenant_a, world,
                                                                 client_for):
    officer, review = world["officer"], world["review"]
    with scope(tenant=tenant_a):
        theme = PeerReviewTheme.objects.get(name="Curriculum")
        services.outcome_record(tenant=tenant_a, actor=officer, review=review, theme=theme,
                                judgement="strength", text="Broad and ambitious.")
    response = client_for(officer).post(
        f"/t/{tenant_a.slug}/support/peer-review/themes/{theme.pk}/retire/")
    assert response.status_code == 302
    page = client_for(officer).get(f"/t/{tenant_a.slug}/support/peer-review/themes/")
    assert 'data-testid="retired-themes"><li>Curriculum</li>' in page.content.decode()
    outcome_form = client_for(officer).get(
        f"/t/{tenant_a.slug}/support/peer-review/reviews/{review.pk}/outcomes/")
    assert f'value="{theme.pk}"' not in outcome_form.content.decode()
    shown = client_for(officer).get(f"/t/{tenant_a.slug}/support/peer-review/reviews/"
                                    f"{review.pk}/").content.decode()
    assert "Broad and ambitious." in shown
    theme.refresh_from_db()
    with scope(tenant=tenant_a), pytest.raises(ValidationError, match="no longer a theme"):
        services.outcome_record(tenant=tenant_a, actor=officer, review=review, theme=theme,
                                judgement="strength", text="Again.")
    again = api(officer).post(f"/api/t/{tenant_a.slug}/support/peer-review/themes/"
                              f"{theme.pk}/retire/")
    assert again.status_code == 400 and "already retired" in str(again.json()["theme"])
    listed = api(officer).get(f"/api/t/{tenant_a.slug}/support/peer-review/themes/").json()
    assert {row["name"]: row["retired"] for row in listed}["Curriculum"] is True


def test_the_pages_and_api_change_dates_and_training_naming_the_field(tenant_a, world,
                                                                      client_for, personas):
    officer, review = world["officer"], world["review"]
    page = f"/t/{tenant_a.slug}/support/peer-review/reviews/{review.pk}/dates/"
    bad = client_for(officer).post(page, {"starts_on": str(START - timedelta(days=40)),
                                          "ends_on": str(END)})
    assert bad.status_code == 400 and "no peer review training" in bad.content.decode()
    good = client_for(officer).post(page, {"starts_on": str(START),
                                           "ends_on": str(END + timedelta(days=1))})
    assert good.status_code == 302
    url = f"/api/t/{tenant_a.slug}/support/peer-review/reviews/{review.pk}/dates/"
    moved = api(officer).post(url, {"starts_on": str(START + timedelta(days=1)),
                                    "ends_on": str(END)}, format="json")
    assert moved.status_code == 200 and moved.json()["starts_on"] == str(START
                                                                         + timedelta(days=1))
    head = personas["a"][Role.HEADTEACHER]
    assert api(head).post(url, {"starts_on": str(START), "ends_on": str(END)},
                          format="json").status_code == 403
    training = world["training"]
    record_url = f"/api/t/{tenant_a.slug}/support/peer-review/training/{training.pk}/"
    refused = api(officer).put(record_url, {"trained_on": str(TODAY + timedelta(days=5)),
                                            "trained_by": "The LA"}, format="json")
    assert refused.status_code == 400 and "trained_on" in refused.json()
    edit_page = f"/t/{tenant_a.slug}/support/peer-review/training/{training.pk}/edit/"
    future = client_for(officer).post(edit_page, {"trained_on": str(TODAY + timedelta(days=5)),
                                                  "trained_by": "The LA"})
    body = future.content.decode()
    assert future.status_code == 400 and 'href="#id_trained_on">Record training once' in body
    with scope(tenant=tenant_a), pytest.raises(PermissionDenied):
        edits.training_edit(tenant=tenant_a, actor=head, record=training,
                            trained_on=training.trained_on, trained_by="Me")


@pytest.fixture
def programmes(tenant_a, personas):
    officer = personas["a"][Role.OFFICER]
    with scope(tenant=tenant_a):
        first = programme_services.programme_create(tenant=tenant_a, actor=officer,
                                                    name="Mobilise", starts_on=date(2025, 9, 1))
        programme_services.programme_create(tenant=tenant_a, actor=officer, name="Maths hubs",
                                            starts_on=date(2025, 9, 1))
    return officer, first


def test_a_programme_is_changed_on_its_page_and_through_the_api(tenant_a, programmes,
                                                                client_for, personas):
    officer, programme = programmes
    page = f"/t/{tenant_a.slug}/support/programmes/{programme.pk}/edit/"
    taken = client_for(officer).post(page, {"name": "maths HUBS", "starts_on": "2025-09-01"})
    assert taken.status_code == 400 and "already a programme called" in taken.content.decode()
    backwards = client_for(officer).post(page, {"name": "Mobilise", "starts_on": "2025-09-01",
                                                "ends_on": "2025-08-01"})
    assert backwards.status_code == 400 and "cannot end before it starts" in \
        backwards.content.decode()
    saved = client_for(officer).post(page, {"name": "Mobilise TA", "starts_on": "2025-09-01",
                                            "ends_on": "2026-07-31"})
    assert saved.status_code == 302
    url = f"/api/t/{tenant_a.slug}/support/programmes/{programme.pk}/"
    changed = api(officer).put(url, {"name": "Mobilise (EEF)", "starts_on": "2025-10-01"},
                               format="json")
    assert changed.status_code == 200, changed.content
    assert (changed.json()["name"], changed.json()["starts_on"], changed.json()["ends_on"]) \
        == ("Mobilise (EEF)", "2025-10-01", None)
    assert api(personas["a"][Role.HEADTEACHER]).put(
        url, {"name": "X", "starts_on": "2025-10-01"}, format="json").status_code == 403
    with scopes_disabled():
        assert Programme.objects.get(pk=programme.pk).name == "Mobilise (EEF)"
        events = AuditEvent.objects.filter(action="support.programme_edited").order_by("pk")
        assert [e.changes.get("name") for e in events] == [
            ["Mobilise", "Mobilise TA"], ["Mobilise TA", "Mobilise (EEF)"]]
