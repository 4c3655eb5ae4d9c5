"""A board's meeting cycle in a real browser (issue 12): the clerk drafts the minutes of a
held meeting item by item and circulates them; the chair puts them to approval at the next
meeting, a vote like any other, and they lock; a headteacher member reads the meeting's pack,
HTML and PDF; a member of the public reads the published minutes of a public board and finds
nothing of the exempt item. The board is the Dorset one the boards tests set up through the
services (tests/boards/conftest.py); every page passes axe."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from boards.models import Minutes
from boards.services import boards as board_services
from boards.services import meetings as meeting_services
from boards.services import papers as paper_services
from demo.paper_files import minimal_pdf
from tests.boards import conftest as boards_world
from tests.boards.conftest import EVERYONE, MARKERS, at, hold_meeting, leaked
from tests.browser.helpers import assert_accessible, use_session_of

# The boards tests' world, as fixtures of this module: the Dorset board in tenant A (`board`),
# a meeting published with markers in every exempt field (`published`), papers kept in a
# temporary folder.
in_a = boards_world.in_a
board = boards_world.board
published = boards_world.published
papers_in_a_temporary_folder = boards_world.papers_in_a_temporary_folder

EXEMPT_TITLE = "Support for Hardy's School"


def day_of(meeting) -> str:
    """A meeting's date as the pages write it ("3 November 2026")."""
    return f"{timezone.localtime(meeting.starts_at):%-d %B %Y}"


def go_to_the_board(page, live_server, board):
    page.goto(f"{live_server.url}/t/{board.tenant.slug}/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Boards").click()
    page.get_by_role("link", name="School Improvement Board").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("School Improvement Board")


def agenda(board, meeting):
    for title in ("Apologies and declarations of interest", "Results and priorities"):
        meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                            meeting=meeting, title=title)
    return meeting_services.agenda_item_create(
        tenant=board.tenant, actor=board.actor, meeting=meeting, title=EXEMPT_TITLE,
        text="The school's budget recovery plan.", is_exempt=True, exempt_paragraph=3,
        public_interest_reason="The school's financial affairs.")


@pytest.fixture
def two_meetings(board):
    """A meeting held a month ago (agenda of three items, one exempt) with no minutes yet, and
    the next meeting, held an hour ago, with the minutes of the last one on its agenda."""
    held = hold_meeting(board, ago=timedelta(days=30), present=[*EVERYONE, "Clerk"])
    agenda(board, held)
    following = hold_meeting(board, present=[*EVERYONE, "Clerk"])
    meeting_services.agenda_item_create(tenant=board.tenant, actor=board.actor,
                                        meeting=following, title="Minutes of the last meeting")
    return held, following


def test_the_clerk_drafts_the_minutes_and_the_chair_has_them_approved(
        page, live_server, board, two_meetings):
    held, following = two_meetings
    use_session_of(page, live_server.url, board.clerk.user)
    go_to_the_board(page, live_server, board)
    assert_accessible(page)
    page.get_by_role("link", name=day_of(held), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Meeting on {day_of(held)}")
    expect(page.get_by_role("main")).to_contain_text("No minutes yet.")
    assert_accessible(page)

    page.get_by_role("link", name="Draft the minutes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Minutes")
    assert_accessible(page)
    page.get_by_label("Item 1: Apologies and declarations of interest").fill(
        "Apologies from nobody; no declarations.")
    page.get_by_label("Item 2: Results and priorities").fill(
        "Members agreed reading as the first priority.")
    page.get_by_label(f"Item 3: {EXEMPT_TITLE} (exempt)").fill(
        "Members agreed to fund the recovery plan.")
    page.get_by_role("button", name="Save the minutes").click()
    expect(page.get_by_role("alert")).to_contain_text("Saved the draft minutes.")
    minutes = page.get_by_test_id("minute")
    expect(minutes).to_have_text(["Apologies from nobody; no declarations.",
                                  "Members agreed reading as the first priority.",
                                  "Members agreed to fund the recovery plan."])
    expect(page.get_by_role("main")).to_contain_text("Draft")
    assert_accessible(page)

    page.get_by_role("button", name="Circulate to members").click()
    expect(page.get_by_role("alert")).to_contain_text("The minutes are circulated to members.")
    expect(page.get_by_role("main")).to_contain_text("Put them to approval at the next meeting")
    assert Minutes.objects.get(meeting=held).status == Minutes.Status.CIRCULATED

    # The chair, at the next meeting, puts the minutes to a vote.
    page.context.clear_cookies()
    use_session_of(page, live_server.url, board.chair.user)
    go_to_the_board(page, live_server, board)
    page.get_by_role("link", name=day_of(following), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Meeting on {day_of(following)}")
    page.get_by_role("link", name="Put a motion on item 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Put a motion on item 1")
    assert_accessible(page)
    page.get_by_label("Motion").fill("That the minutes of the last meeting are a true record.")
    page.get_by_label("Method").select_option(label="Put to a vote")
    page.get_by_label("Approves the minutes of").select_option(
        label=f"the meeting of {timezone.localtime(held.starts_at):%d %B %Y}")
    page.get_by_role("button", name="Put the motion").click()
    expect(page.get_by_role("alert")).to_contain_text("The motion is put")
    assert_accessible(page)

    votes = [("Ruth Ellery — Independent chair", "For"),
             ("Chesil Head — Chesil alliance", "For"),
             ("Purbeck Head — Purbeck alliance", "For"),
             ("Blackmore Vale Head — Blackmore Vale alliance", "Abstain"),
             ("Lara Council — Local authority", "For")]
    for voter, choice in votes:
        page.get_by_label("Voter").select_option(label=voter)
        page.get_by_label("Vote", exact=True).select_option(label=choice)
        page.get_by_role("button", name="Record vote").click()
        expect(page.get_by_role("alert")).to_contain_text(
            f"Recorded {voter.split(' — ')[0]}'s vote.")
    expect(page.get_by_test_id("votes").get_by_role("row")).to_have_count(1 + len(votes))
    assert_accessible(page)
    page.get_by_role("button", name="Close the vote and record the outcome").click()
    expect(page.get_by_role("alert")).to_contain_text("The motion is carried.")
    expect(page.get_by_role("main")).to_contain_text(
        f"Carried: 4 for, 0 against, 1 abstaining (5 seats present, quorum 3). "
        f"Approves the minutes of {day_of(held)}")

    # The held meeting's minutes are approved and locked: no more drafting.
    page.get_by_role("link", name=f"Back to {board.board.name}").click()
    page.get_by_role("link", name=day_of(held), exact=True).click()
    main = page.get_by_role("main")
    expect(main).to_contain_text(f"Approved at the meeting of {day_of(following)}.")
    expect(main).to_contain_text("Approved minutes are not edited")
    expect(page.get_by_role("link", name="Draft the minutes")).to_have_count(0)
    expect(page.get_by_role("button", name="Publish the minutes")).to_be_visible()
    assert_accessible(page)
    locked = Minutes.objects.get(meeting=held)
    assert locked.status == Minutes.Status.APPROVED and locked.is_locked

    # The editor's address, typed in, says so and offers no form.
    page.goto(f"{live_server.url}/t/{board.tenant.slug}/boards/{board.board.pk}/meetings/"
              f"{held.pk}/minutes/")
    expect(page.get_by_test_id("minutes-locked")).to_contain_text("are locked")
    expect(page.get_by_role("button", name="Save the minutes")).to_have_count(0)
    assert_accessible(page)


@pytest.fixture
def coming_meeting(board):
    """The next meeting, in a week: an agenda with an exempt item, and a PDF paper."""
    meeting = meeting_services.meeting_create(tenant=board.tenant, actor=board.actor,
                                              board=board.board, starts_at=at(7),
                                              location="County Hall, Dorchester")
    agenda(board, meeting)
    item = meeting.items.get(number=2)
    paper_services.paper_upload(
        tenant=board.tenant, actor=board.actor, item=item, title="Reading results 2026",
        upload=SimpleUploadedFile("reading.pdf", minimal_pdf(["Reading at key stage 2"])))
    return meeting


def test_a_headteacher_member_reads_the_pack(page, live_server, board, coming_meeting):
    head = board.members["Chesil alliance"]
    assert head.role == "headteacher"
    use_session_of(page, live_server.url, head.user)
    go_to_the_board(page, live_server, board)
    when = timezone.localtime(coming_meeting.starts_at)
    page.get_by_role("link", name=f"{when:%A %-d %B %Y, %H:%M}").click()
    page.get_by_role("link", name="Board pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Board pack: {day_of(coming_meeting)}")
    items = page.get_by_test_id("pack-item")
    expect(items).to_have_count(3)
    expect(items.nth(1)).to_contain_text("Reading results 2026")
    # A member's pack includes the exempt item, marked as such.
    expect(items.nth(2)).to_contain_text(EXEMPT_TITLE)
    expect(items.nth(2)).to_contain_text("Exempt")
    page.get_by_role("link", name=f"Item 3: {EXEMPT_TITLE}").click()
    assert page.url.endswith("#item-3")
    assert_accessible(page)

    pdf = page.get_by_role("link", name="Download the pack as a PDF")
    answer = page.request.get(live_server.url + pdf.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(answer.body())).pages)
    assert EXEMPT_TITLE in text and "Reading at key stage 2" in text

    page.get_by_role("link", name="Back to the meeting").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Meeting on {day_of(coming_meeting)}")


def test_the_public_reads_published_minutes_without_the_exempt_item(page, live_server, board,
                                                                     published):
    url = (f"{live_server.url}/t/{board.tenant.slug}/boards/{board.board.pk}/meetings/"
           f"{published.pk}/minutes/published/")
    # While the terms keep the minutes to members, the address tells an outsider nothing.
    assert page.goto(url).status == 404
    board_services.board_update(tenant=board.tenant, actor=board.actor, board=board.board,
                                minutes_readers="public")
    answer = page.goto(url)
    assert answer.status == 200 and page.url == url, "the public minutes asked for a sign-in"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"School Improvement Board: minutes of the meeting on {day_of(published)}")
    items = page.get_by_test_id("published-item")
    expect(items.nth(0)).to_contain_text("Members agreed reading as a priority.")
    expect(items.nth(1)).to_have_text("Item 2: exempt under paragraph 3 of Schedule 12A")
    # No way "back" to the board's page, which would only ask a member of the public to sign in.
    expect(page.get_by_role("link", name="Back to School Improvement Board")).to_have_count(0)
    assert_accessible(page)
    assert leaked(page.content()) == []
    # Nor in what a reader finds by searching the page (Ctrl+F finds visible text).
    for marker in MARKERS.values():
        expect(page.get_by_text(marker)).to_have_count(0)
