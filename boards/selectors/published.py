"""The published view: the one read every public output of a board goes through — the
published-minutes page (signed in or not), the API for those who are not members, and later
the published PDF, search, exports and digests. Redaction is decided here and nowhere else.

An exempt item appears only as "Item N: exempt under paragraph P of Schedule 12A": the objects
returned for it carry no title, no text, no minute, no declaration, no decision and no vote,
so no template or serializer can show them by mistake. Only published minutes have a published view.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch

from boards.models import (
    AgendaItem,
    Attendance,
    Board,
    Decision,
    Declaration,
    Meeting,
    MinuteCorrection,
    MinuteEntry,
    Minutes,
    Paper,
    Vote,
)


@dataclass(frozen=True)
class PublishedVote:
    seat: str
    voter: str
    as_substitute: bool
    choice: str


@dataclass(frozen=True)
class PublishedDecision:
    motion: str
    outcome: str
    votes_for: int
    votes_against: int
    abstentions: int
    votes: tuple[PublishedVote, ...]


@dataclass(frozen=True)
class PublishedDeclaration:
    name: str
    kind: str
    note: str


@dataclass(frozen=True)
class PublishedPaper:
    id: int
    title: str
    kind: str
    size: int


@dataclass(frozen=True)
class PublishedCorrection:
    text: str
    reason: str
    approved_at: datetime | None


@dataclass(frozen=True)
class PublishedItem:
    number: int
    is_exempt: bool
    heading: str
    minute: str
    decisions: tuple[PublishedDecision, ...]
    declarations: tuple[PublishedDeclaration, ...] = ()
    papers: tuple[PublishedPaper, ...] = ()
    # Approved corrections, kept beside the minute as first approved (never replacing it).
    corrections: tuple[PublishedCorrection, ...] = ()


@dataclass(frozen=True)
class PublishedAttendee:
    seat: str
    name: str
    as_substitute: bool
    attendance: str


@dataclass(frozen=True)
class PublishedMinutes:
    board_id: int
    board_name: str
    meeting_id: int
    starts_at: datetime
    location: str
    approved_at: datetime | None
    published_at: datetime | None
    attendance: tuple[PublishedAttendee, ...]
    items: tuple[PublishedItem, ...]


def _redacted(item: AgendaItem) -> PublishedItem:
    return PublishedItem(number=item.number, is_exempt=True, heading=item.exempt_label,
                         minute="", decisions=())


def _decision(decision: Decision) -> PublishedDecision:
    return PublishedDecision(
        motion=decision.motion, outcome=decision.get_outcome_display(),
        votes_for=decision.votes_for, votes_against=decision.votes_against,
        abstentions=decision.abstentions,
        votes=tuple(PublishedVote(seat=vote.seat.label, voter=str(vote.voter.user),
                                  as_substitute=vote.as_substitute,
                                  choice=vote.get_choice_display())
                    for vote in decision.votes.all()))


def published_minutes(*, meeting: Meeting) -> PublishedMinutes | None:
    """The meeting's minutes as published, or None when they are not published. Nine queries
    at most, whatever the number of items, decisions, votes or corrections."""
    # The minutes come with their entries (read alone when no item is minuted).
    entries = list(MinuteEntry.objects.filter(minutes__meeting=meeting,
                                              minutes__status=Minutes.Status.PUBLISHED)
                   .select_related("minutes"))
    minutes = (entries[0].minutes if entries else
               Minutes.objects.filter(meeting=meeting, status=Minutes.Status.PUBLISHED).first())
    if minutes is None:
        return None
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("number"))
    public_ids = [item.pk for item in items if not item.is_exempt]
    texts = {entry.item_id: entry.text for entry in entries if entry.item_id in public_ids}
    votes = Vote.objects.select_related("seat", "voter__user").order_by("seat__position",
                                                                        "seat_id")
    decisions: dict[int, list[Decision]] = {}
    for decision in (Decision.objects.filter(item_id__in=public_ids)
                     .exclude(outcome=Decision.Outcome.OPEN)
                     .prefetch_related(Prefetch("votes", queryset=votes))
                     .order_by("created_at", "id")):
        decisions.setdefault(decision.item_id, []).append(decision)
    declarations: dict[int, list[PublishedDeclaration]] = {}
    for declared in (Declaration.objects.filter(item_id__in=public_ids)
                     .select_related("person__user").order_by("person__user__full_name", "pk")):
        declarations.setdefault(declared.item_id, []).append(PublishedDeclaration(
            name=str(declared.person.user), kind=declared.get_kind_display(),
            note=declared.note))
    papers: dict[int, list[PublishedPaper]] = {}
    # Public papers of public items only: an exempt paper is not even named.
    # A withdrawn paper left the pack: it is not published either.
    for paper in Paper.objects.filter(item_id__in=public_ids, is_exempt=False,
                                      withdrawn_at__isnull=True).order_by(
            "uploaded_at", "pk"):
        papers.setdefault(paper.item_id, []).append(PublishedPaper(
            id=paper.pk, title=paper.title, kind=paper.get_kind_display(), size=paper.size))
    corrections: dict[int, list[PublishedCorrection]] = {}
    for correction in MinuteCorrection.objects.filter(
            minutes=minutes, item_id__in=public_ids,
            status=MinuteCorrection.Status.APPROVED).order_by("approved_at", "pk"):
        corrections.setdefault(correction.item_id, []).append(PublishedCorrection(
            text=correction.text, reason=correction.reason, approved_at=correction.approved_at))
    published = tuple(
        _redacted(item) if item.is_exempt else PublishedItem(
            number=item.number, is_exempt=False, heading=f"Item {item.number}: {item.title}",
            minute=texts.get(item.pk, ""),
            decisions=tuple(_decision(d) for d in decisions.get(item.pk, [])),
            declarations=tuple(declarations.get(item.pk, [])),
            papers=tuple(papers.get(item.pk, [])),
            corrections=tuple(corrections.get(item.pk, [])))
        for item in items)
    attendance = tuple(
        PublishedAttendee(seat=a.seat.label, name=str(a.person.user),
                          as_substitute=a.as_substitute, attendance=a.get_mode_display())
        for a in Attendance.objects.filter(meeting=meeting)
        .select_related("seat", "person__user").order_by("seat__position", "seat_id",
                                                         "as_substitute"))
    return PublishedMinutes(
        board_id=meeting.board_id, board_name=meeting.board.name, meeting_id=meeting.pk,
        starts_at=meeting.starts_at, location=meeting.location,
        approved_at=minutes.approved_at, published_at=minutes.published_at,
        attendance=attendance, items=published)


def published_meetings(*, board: Board) -> list[Meeting]:
    """The board's meetings whose minutes are published, newest first."""
    published = Minutes.objects.filter(meeting__board=board,
                                       status=Minutes.Status.PUBLISHED).values("meeting_id")
    return list(Meeting.objects.filter(pk__in=published).order_by("-starts_at"))


def published_agendas(*, board: Board) -> list[Meeting]:
    """The board's meetings still to come whose agenda the clerk has published, soonest
    first."""
    return list(Meeting.objects.filter(board=board, agenda_published_at__isnull=False,
                                       status=Meeting.Status.SCHEDULED)
                .order_by("starts_at"))




@dataclass(frozen=True)
class PublishedAgendaItem:
    number: int
    is_exempt: bool
    heading: str
    text: str
    papers: tuple[PublishedPaper, ...]


def published_agenda(*, meeting: Meeting) -> tuple[PublishedAgendaItem, ...] | None:
    """The meeting's agenda as the public may see it (the published pack): public items with
    their text and public papers; an exempt item as its number and paragraph only. Three
    queries.

    None until the clerk publishes the agenda (`boards.services.agenda`) or the meeting's
    minutes are published: an agenda still being drafted may hold an item not yet marked
    exempt, so nothing of it is public before then."""
    if meeting.agenda_published_at is None and not Minutes.objects.filter(
            meeting=meeting, status=Minutes.Status.PUBLISHED).exists():
        return None
    items = list(AgendaItem.objects.filter(meeting=meeting).order_by("number"))
    public_ids = [item.pk for item in items if not item.is_exempt]
    papers: dict[int, list[PublishedPaper]] = {}
    # A withdrawn paper left the pack: it is not published either.
    for paper in Paper.objects.filter(item_id__in=public_ids, is_exempt=False,
                                      withdrawn_at__isnull=True).order_by(
            "uploaded_at", "pk"):
        papers.setdefault(paper.item_id, []).append(PublishedPaper(
            id=paper.pk, title=paper.title, kind=paper.get_kind_display(), size=paper.size))
    return tuple(
        PublishedAgendaItem(number=item.number, is_exempt=True, heading=item.exempt_label,
                            text="", papers=())
        if item.is_exempt else
        PublishedAgendaItem(number=item.number, is_exempt=False,
                            heading=f"Item {item.number}: {item.title}", text=item.text,
                            papers=tuple(papers.get(item.pk, [])))
        for item in items)


def previous_meeting(*, meeting: Meeting) -> Meeting | None:
    """The board's last meeting held before this one (cancelled ones skipped)."""
    return (Meeting.objects.filter(board_id=meeting.board_id, starts_at__lt=meeting.starts_at)
            .exclude(status=Meeting.Status.CANCELLED).order_by("-starts_at").first())


def published_paper(*, meeting: Meeting, paper_id: int) -> Paper | None:
    """The paper, if the meeting's published agenda lists it (a public paper of a public item,
    as the published pack and the published minutes list them); else None."""
    agenda = published_agenda(meeting=meeting)
    listed = {paper.id for item in agenda or () for paper in item.papers}
    if paper_id not in listed:
        return None
    return Paper.objects.filter(pk=paper_id).first()
