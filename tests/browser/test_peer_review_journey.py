"""Peer review in the browser, Lincolnshire's model (issue 13): an officer sets up a cycle for
a whole cluster in one step, with a team of trained headteachers for each school (never the
school's own head nor one of its trust); a reviewer head finds the review from their home page
and opens the reviewed school's public facts and the review's own material through the
time-limited grant — never its category — and records outcomes by theme and the workshop; the
day after the review ends the grant is gone; a board member reads the themes' trends as a
chart and a table of counts, no school named. Every page is checked with axe.

The world (a cluster of four schools, two in one trust, each head trained) is the peer review
tests' own; the reviewed school has a confirmed category the reviewer must never see."""

from datetime import timedelta

from django.utils import timezone
from django_scopes import scope, scopes_disabled
from playwright.sync_api import Page, expect

from core.models import Role
from support.models.peer_review import PeerReview, PeerReviewer
from support.services import peer_review as services
from tests.browser.helpers import assert_accessible, use_session_of
from tests.support.conftest import confirm, warwickshire  # noqa: F401 (fixture)
from tests.support.test_peer_review import world  # noqa: F401 (fixture)

TODAY = timezone.localdate()
CYCLE = "Spring peer reviews, Wolds cluster"


def test_a_cluster_cycle_from_set_up_to_the_boards_trends(
        page: Page, live_server, tenant_a, personas, world, warwickshire):  # noqa: F811
    base = f"{live_server.url}/t/{tenant_a.slug}"
    officer = world["officer"]
    oak = world["schools"][0]  # Ann Oak's school, in Oak Trust with Ben Oak's
    name = oak.establishment.name
    confirm(tenant_a, oak, warwickshire["3A"], officer)
    category = f"3A {warwickshire['3A'].label}"

    # The officer sets up the cycle for the whole cluster in one step.
    use_session_of(page, live_server.url, officer)
    page.goto(f"{base}/support/")
    page.get_by_role("link", name="Peer review: cycles, teams of trained heads").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peer review")
    assert_accessible(page)
    page.get_by_role("link", name="Set up a cycle").click()
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill(CYCLE)
    page.get_by_label("Starts on", exact=True).fill((TODAY - timedelta(days=7)).isoformat())
    page.get_by_label("Ends on", exact=True).fill((TODAY + timedelta(days=21)).isoformat())
    page.get_by_label("Review every school of a partnership").select_option(label="Wolds (Cluster)")
    page.get_by_label("Reviewers to propose for each school").fill("2")
    page.get_by_role("button", name="Set up the cycle").click()
    expect(page.get_by_role("alert")).to_contain_text(f"Cycle {CYCLE} set up.")
    expect(page.get_by_role("heading", level=1)).to_have_text(CYCLE)
    reviews = page.get_by_test_id("peer-reviews")
    expect(reviews.locator("tbody tr")).to_have_count(4)
    expect(reviews).not_to_contain_text("No team yet")
    assert_accessible(page)
    with scopes_disabled():
        review = PeerReview.objects.get(cycle__name=CYCLE, school=oak)
        team = {place.person.user.full_name: place.is_lead for place in
                PeerReviewer.objects.filter(review=review).select_related("person__user")}
    # Oak Trust's school: neither its own head nor the trust's other head, so the two others.
    assert set(team) == {"Cat Ash", "Dan Elm"}
    lead = next(person for person in world["heads"] if team.get(person.user.full_name))

    reviews.get_by_role("link", name=name).click()
    expect(page.get_by_test_id("team")).to_contain_text("Cat Ash")
    expect(page.get_by_test_id("team")).to_contain_text("Dan Elm")
    expect(page.get_by_test_id("team")).not_to_contain_text("Ben Oak")
    assert_accessible(page)
    review_url = page.url

    # The lead reviewer finds it from their home page: the public facts and the review's own
    # material, never the school's category.
    page.context.clear_cookies()
    use_session_of(page, live_server.url, lead.user)
    page.goto(f"{base}/")
    page.get_by_role("link", name="Your peer reviews").click()
    assert_accessible(page)
    page.get_by_test_id("reviewing").get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Peer review of {name}")
    expect(page.get_by_text("You are on this review's team")).to_be_visible()
    expect(page.get_by_test_id("public-facts")).to_contain_text(str(oak.urn))
    main = page.get_by_role("main")
    expect(main).not_to_contain_text(category)
    expect(main).not_to_contain_text("Category")
    expect(page.get_by_role("link", name="Add a reviewer")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Record Leadership").click()
    assert_accessible(page)
    page.get_by_label("Strength", exact=True).check()
    page.get_by_label("What the review found").fill("A clear vision every teacher shares.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Leadership recorded.")
    page.get_by_role("link", name="Record Curriculum").click()
    page.get_by_label("Area to develop", exact=True).check()
    page.get_by_label("What the review found").fill("Sequencing in foundation subjects.")
    page.get_by_role("button", name="Save", exact=True).click()
    outcomes = page.get_by_test_id("outcomes")
    expect(outcomes.get_by_role("row").filter(has_text="Leadership")).to_contain_text(
        "Strength")
    expect(outcomes.get_by_role("row").filter(has_text="Curriculum")).to_contain_text(
        "Sequencing in foundation subjects.")
    assert_accessible(page)
    page.get_by_role("link", name="Record the summary and workshop").click()
    assert_accessible(page)
    page.get_by_label("Summary of the review").fill("Strong leadership; curriculum next.")
    page.get_by_label("Improvement workshop held on").fill(TODAY.isoformat())
    page.get_by_label("Workshop notes: the priorities agreed").fill("Map foundation subjects.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("Summary and workshop saved.")
    expect(main).to_contain_text("Map foundation subjects.")
    assert_accessible(page)

    # The school's category page is refused to the reviewer, whatever the grant gives.
    refused = page.goto(f"{base}/categorisation/schools/{oak.urn}/")
    assert refused is not None and refused.status == 403
    expect(page.get_by_role("main")).not_to_contain_text(category)
    assert_accessible(page)

    # Another review of the cycle finds leadership a strength too (its team, by the service).
    with scope(tenant=tenant_a):
        other = PeerReview.objects.get(cycle__name=CYCLE, school=world["schools"][2])
        other_lead = PeerReviewer.objects.get(review=other, is_lead=True).person
        leadership = next(theme for theme in services.themes_ensure(tenant=tenant_a)
                          if theme.name == "Leadership")
        services.outcome_record(tenant=tenant_a, actor=other_lead.user, review=other,
                                theme=leadership, judgement="strength", text="Calm, focused.")

    # The day after the review ends, the grant has gone.
    with scopes_disabled():
        PeerReview.objects.filter(pk=review.pk).update(ends_on=TODAY - timedelta(days=1))
    ended = page.goto(review_url)
    assert ended is not None and ended.status == 403
    expect(page.get_by_role("main")).not_to_contain_text("A clear vision")
    page.goto(f"{base}/support/peer-review/mine/")
    expect(page.get_by_role("main").get_by_role("link", name=name, exact=True)).to_have_count(0)
    assert_accessible(page)

    # A board member reads the themes across reviews: a chart and its numbers, no school.
    page.context.clear_cookies()
    use_session_of(page, live_server.url, personas["a"][Role.BOARD_MEMBER])
    page.goto(f"{base}/")
    page.get_by_role("link", name="Peer review themes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Themes across reviews")
    expect(page.get_by_test_id("trends-chart")).to_be_visible()
    table = page.get_by_test_id("trends")
    counts = {}
    for row in table.locator("tbody tr").all():
        cells = [text.strip() for text in row.locator("th, td").all_inner_texts()]
        counts[cells[0]] = (cells[1], int(cells[2]), int(cells[3]))
    assert counts["Leadership"][1:] == (2, 0)
    assert counts["Curriculum"][1:] == (0, 1)
    assert counts["Outcomes"][1:] == (0, 0)
    assert counts["Leadership"][0].startswith(CYCLE)
    for school in world["schools"]:
        expect(page.get_by_role("main")).not_to_contain_text(school.establishment.name)
    assert_accessible(page)
