"""Fixtures for the boards tests: a School Improvement Board set up from Dorset's terms of
reference (seed 002, appendix 1) in tenant A, through the services — an independent chair, a
seat per alliance with a designated substitute, the LA representative and a clerk — and a
meeting held an hour ago."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_scopes import scope

from boards.models import Attendance, AttendanceMode, HoldingKind, Minutes, SeatKind
from boards.services import boards as board_services
from boards.services import decisions as decision_services
from boards.services import interests as interest_services
from boards.services import meetings as meeting_services
from boards.services import minutes as minutes_services
from boards.services import papers as paper_services
from core.models import Role
from demo.paper_files import minimal_pdf
from tests.factories import MembershipFactory, UserFactory

START = date(2024, 9, 1)
ALLIANCES = ["Chesil", "Purbeck", "Blackmore Vale"]


@pytest.fixture
def in_a(tenant_a):
    with scope(tenant=tenant_a):
        yield tenant_a


def person(tenant, name: str, role: str = Role.HEADTEACHER):
    email = name.lower().replace(" ", ".") + f"@{tenant.slug}.example.org"
    return MembershipFactory(tenant=tenant, role=role,
                             user=UserFactory(email=email, full_name=name))


@pytest.fixture
def board(in_a):
    """The board, its people by seat, and helpers to hold a meeting."""
    tenant = in_a
    officer = person(tenant, "Olive Officer", Role.OFFICER)
    actor = officer.user
    dorset = board_services.board_create(
        tenant=tenant, actor=actor, name="School Improvement Board",
        terms="The Schools-led partnership will meet half-termly.", quorum_numerator=1,
        quorum_denominator=2, minutes_readers="members")
    people = SimpleNamespace(officer=officer, seats={}, members={}, substitutes={})

    def seat(label, kind=SeatKind.MEMBER, member=None, substitute=None):
        made = board_services.seat_create(tenant=tenant, actor=actor, board=dorset, label=label,
                                          kind=kind)
        people.seats[label] = made
        if member:
            people.members[label] = person(tenant, member, Role.BOARD_MEMBER
                                           if kind != SeatKind.MEMBER else Role.HEADTEACHER)
            board_services.seat_holding_add(tenant=tenant, actor=actor, seat=made,
                                            holder=people.members[label], start_date=START)
        if substitute:
            people.substitutes[label] = person(tenant, substitute)
            board_services.seat_holding_add(tenant=tenant, actor=actor, seat=made,
                                            holder=people.substitutes[label],
                                            kind=HoldingKind.SUBSTITUTE, start_date=START)
        return made

    seat("Independent chair", SeatKind.INDEPENDENT_CHAIR, member="Ruth Ellery")
    for alliance in ALLIANCES:
        seat(f"{alliance} alliance", member=f"{alliance} Head",
             substitute=f"{alliance} Deputy")
    seat("Local authority", SeatKind.LA_REPRESENTATIVE, member="Lara Council")
    seat("Clerk", SeatKind.CLERK, member="Colin Clerk")
    return SimpleNamespace(tenant=tenant, board=dorset, actor=actor, **vars(people),
                           chair=people.members["Independent chair"],
                           clerk=people.members["Clerk"])


def hold_meeting(board, *, ago: timedelta = timedelta(hours=1), present=(), substitutes=(),
                 remote=()):
    """A meeting of `board` that started `ago`, with the members of the seats in `present`
    there in person, those in `remote` joining remotely, and the substitutes of the seats in
    `substitutes` standing in."""
    meeting = meeting_services.meeting_create(
        tenant=board.tenant, actor=board.actor, board=board.board,
        starts_at=timezone.now() - ago, location="County Hall, Dorchester")
    for label in present:
        attend(board, meeting, label)
    for label in remote:
        attend(board, meeting, label, mode=AttendanceMode.REMOTE)
    for label in substitutes:
        attend(board, meeting, label, substitute=True)
    return meeting


def attend(board, meeting, label, *, substitute=False, mode=AttendanceMode.IN_PERSON,
           reason=""):
    who = (board.substitutes if substitute else board.members)[label]
    return meeting_services.attendance_record(
        tenant=board.tenant, actor=board.actor, meeting=meeting, seat=board.seats[label],
        person=who, mode=mode, apology_reason=reason)


def at(days: int) -> datetime:
    return timezone.now() + timedelta(days=days)


@pytest.fixture(autouse=True)
def papers_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


# --- Redaction: a published meeting with markers in every exempt field ---------------------

EVERYONE = ["Independent chair", *[f"{a} alliance" for a in ALLIANCES], "Local authority"]
MARKERS = {
    "title": "MARKER-TITLE-7f3a", "text": "MARKER-TEXT-91bc",
    "reason": "MARKER-REASON-55de", "minute": "MARKER-MINUTE-0a1b",
    "motion": "MARKER-MOTION-c4d2", "declaration": "MARKER-DECLARATION-e8f0",
    "paper": "MARKER-PAPER-NAME-3c9d", "item_paper": "MARKER-ITEM-PAPER-77aa",
    "presence": "MARKER-PRESENCE-2d6e",
}
# Inside the exempt papers' files: never in a published output (the pack's PDF included).
CONTENT_MARKER = "MARKER-PAPER-CONTENT-b1e4"


@pytest.fixture
def published(board):
    """A held meeting of the board with a public item and an exempt one (markers in every
    field of it, and a vote on it), minutes approved at the next meeting and published."""
    t, actor = board.tenant, board.actor
    meeting = hold_meeting(board, ago=timedelta(days=30),
                           present=EVERYONE, substitutes=[])
    public = meeting_services.agenda_item_create(tenant=t, actor=actor, meeting=meeting,
                                                 title="Results and priorities")
    exempt = meeting_services.agenda_item_create(
        tenant=t, actor=actor, meeting=meeting, title=f"Support for {MARKERS['title']}",
        text=f"The school {MARKERS['text']}", is_exempt=True, exempt_paragraph=3,
        public_interest_reason=MARKERS["reason"])
    for item, note in ((public, "Governor of a school in the reading project."),
                       (exempt, f"Related to {MARKERS['declaration']}")):
        interest_services.declaration_record(tenant=t, actor=actor, item=item,
                                             person=board.members["Chesil alliance"],
                                             kind="other_registrable", note=note)
    for item, title, exempt_paper in ((public, "Reading results", False),
                                      (public, MARKERS["paper"], True),
                                      (exempt, MARKERS["item_paper"], False)):
        text = CONTENT_MARKER if exempt_paper or item.is_exempt else "Reading at KS2"
        paper_services.paper_upload(
            tenant=t, actor=actor, item=item, title=title, is_exempt=exempt_paper,
            upload=SimpleUploadedFile("paper.pdf", minimal_pdf([text])))
    # The LA representative leaves the room for the exempt item: who and why are exempt too.
    meeting_services.item_presence_record(
        tenant=t, actor=actor, item=exempt, reason=f"Left the room {MARKERS['presence']}",
        out=[Attendance.objects.get(meeting=meeting, person=board.members["Local authority"])])
    for item, motion, choice in ((public, "That reading is a priority.", "for"),
                                 (exempt, f"Commission {MARKERS['motion']}", "against")):
        decision = decision_services.decision_create(tenant=t, actor=actor, item=item,
                                                     motion=motion)
        for label in EVERYONE if item == public else EVERYONE[:-1]:
            decision_services.vote_record(tenant=t, actor=actor, decision=decision,
                                          voter=board.members[label],
                                          choice=choice if label != "Local authority"
                                          else "abstain")
        decision_services.decision_close(tenant=t, actor=actor, decision=decision)
    minutes_services.minutes_save(tenant=t, actor=actor, meeting=meeting, texts={
        public.pk: "Members agreed reading as a priority.",
        exempt.pk: f"Members discussed {MARKERS['minute']}."})
    minutes = Minutes.objects.get(meeting=meeting)
    minutes_services.minutes_circulate(tenant=t, actor=actor, minutes=minutes)
    later = hold_meeting(board, present=EVERYONE)
    item = meeting_services.agenda_item_create(tenant=t, actor=actor, meeting=later,
                                               title="Minutes of the last meeting")
    approval = decision_services.decision_create(tenant=t, actor=actor, item=item,
                                                 motion="Approve", approves_minutes_of=meeting)
    for label in EVERYONE:
        decision_services.vote_record(tenant=t, actor=actor, decision=approval,
                                      voter=board.members[label], choice="for")
    decision_services.decision_close(tenant=t, actor=actor, decision=approval)
    minutes.refresh_from_db()
    minutes_services.minutes_publish(tenant=t, actor=actor, minutes=minutes)
    return meeting


def leaked(body: str) -> list[str]:
    return [name for name, marker in MARKERS.items() if marker in body]
