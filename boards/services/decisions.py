"""Decisions and votes: a motion on an agenda item, each voting seat's open vote, the quorum
checked from who is present for the item (the meeting's attendance less whoever was out of the
room for it), and the outcome. The counting rules are `boards.quorum`'s; these services gather
the facts from the meeting and refuse, naming the field, what the rules forbid: a vote from
someone who holds no seat, a second vote for a seat, a substitute's vote while the member is
present, a vote from someone out of the room for the item, a vote from a member who declared a
disclosable pecuniary interest in the item (unless a dispensation is recorded), and any
decision without a quorum."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from boards import quorum
from boards.models import (
    AgendaItem,
    Decision,
    Declaration,
    InterestKind,
    Meeting,
    MinuteCorrection,
    Minutes,
    Vote,
    VoteChoice,
)
from boards.selectors.meetings import MeetingDay, meeting_day
from boards.services import links
from boards.services._common import check, save
from boards.services.minutes import minute_correction_approve, minutes_approve
from categorisation.models import ModerationCase, SchemeCategory
from core.audit import audit_record
from core.models import Membership, Tenant
from funding.models import AllocationRun


def _check_quorum(day: MeetingDay) -> quorum.QuorumCount:
    """The quorum for the day's item: who was present for it (the meeting's attendance less
    whoever was out of the room for the item)."""
    count = day.quorum
    if not count.is_quorate:
        what = f"Item {day.item.number} is" if day.item is not None else "The meeting is"
        raise ValidationError({"quorum": (
            f"{what} not quorate: {count.represented} voting seat"
            f"{'s' if count.represented != 1 else ''} represented, {count.required} needed "
            f"({day.board.quorum_label}). Record attendance and who was present for the "
            "item first, or defer the item.")})
    return count


def _check_meeting_on(meeting: Meeting) -> None:
    if meeting.is_cancelled:
        raise ValidationError({"meeting": "That meeting was cancelled."})
    if timezone.localdate() < timezone.localtime(meeting.starts_at).date():
        raise ValidationError({"meeting": "Decisions are taken at the meeting, on its day."})


def _check_approval(item: AgendaItem, earlier: Meeting | None) -> Minutes | None:
    if earlier is None:
        return None
    meeting = item.meeting
    if earlier.board_id != meeting.board_id or earlier.starts_at >= meeting.starts_at:
        raise ValidationError({"approves_minutes_of": "Minutes are approved at a later meeting "
                                                      "of the same board."})
    minutes = Minutes.objects.select_for_update().filter(meeting=earlier).first()
    if minutes is None or minutes.status != Minutes.Status.CIRCULATED:
        raise ValidationError({"approves_minutes_of": (
            "Only minutes circulated to members can be put to approval" if minutes is None
            or minutes.status == Minutes.Status.DRAFT
            else "Those minutes are already approved.")})
    return minutes


def _check_correction(item: AgendaItem,
                      correction: MinuteCorrection | None) -> MinuteCorrection | None:
    if correction is None:
        return None
    corrected = correction.minutes.meeting
    if (corrected.board_id != item.meeting.board_id
            or corrected.starts_at >= item.meeting.starts_at):
        raise ValidationError({"approves_correction": "A correction is approved at a later "
                                                      "meeting of the same board."})
    correction = MinuteCorrection.objects.select_for_update().get(pk=correction.pk)
    if correction.status != MinuteCorrection.Status.PROPOSED:
        raise ValidationError({"approves_correction": "That correction is already approved."})
    return correction


@transaction.atomic
def decision_create(*, tenant: Tenant, actor: User | None, item: AgendaItem, motion: str,
                    method: str = Decision.Method.VOTE,
                    approves_minutes_of: Meeting | None = None,
                    approves_correction: MinuteCorrection | None = None,
                    approves_run: AllocationRun | None = None,
                    decides_case: ModerationCase | None = None,
                    decides_category: SchemeCategory | None = None) -> Decision:
    """Put a motion on an item. Refused without a quorum. "Agreed without a vote" closes at
    once (and approves the minutes, the correction, the allocation run or decides the
    moderation case it names: one of them)."""
    meeting = item.meeting
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, item=item,
          approves_minutes_of=approves_minutes_of, approves_correction=approves_correction)
    if approves_minutes_of is not None and approves_correction is not None:
        raise ValidationError({"approves_correction": "A motion approves minutes or a "
                                                      "correction, not both: put two motions."})
    _check_meeting_on(meeting)
    if method not in Decision.Method.values:
        raise ValidationError({"method": "Put the motion to a vote, or record it agreed "
                                         "without a vote."})
    if not motion.strip():
        raise ValidationError({"motion": "Write the motion."})
    links.check_links(tenant=tenant, actor=actor, item=item, run=approves_run,
                      case=decides_case, category=decides_category,
                      approves_minutes=approves_minutes_of is not None
                      or approves_correction is not None)
    count = _check_quorum(meeting_day(meeting=meeting, item=item))
    minutes = _check_approval(item, approves_minutes_of)
    correction = _check_correction(item, approves_correction)
    decision = Decision(tenant=tenant, item=item, motion=motion.strip(), method=method,
                        approves_minutes_of=approves_minutes_of,
                        approves_correction=approves_correction, approves_run=approves_run,
                        decides_case=decides_case, decides_category=decides_category,
                        created_by=actor)
    if method == Decision.Method.WITHOUT_VOTE:
        decision.outcome = Decision.Outcome.AGREED
        decision.closed_at = timezone.now()
        decision.seats_present, decision.quorum_required = count.represented, count.required
    save(decision)
    audit_record(tenant=tenant, actor=actor, action="board.decision_create", obj=decision,
                 summary=f"{meeting}: a motion on item {item.number}",
                 changes={"method": method, "approves_minutes_of":
                          approves_minutes_of.pk if approves_minutes_of else None,
                          "approves_correction":
                          approves_correction.pk if approves_correction else None,
                          "approves_run": approves_run.pk if approves_run else None,
                          "decides_case": decides_case.pk if decides_case else None})
    if decision.outcome == Decision.Outcome.AGREED:
        _approve(tenant=tenant, actor=actor, decision=decision, minutes=minutes,
                 correction=correction)
    return decision


def _approve(*, tenant: Tenant, actor: User | None, decision: Decision, minutes: Minutes | None,
             correction: MinuteCorrection | None) -> None:
    if minutes is not None:
        minutes_approve(tenant=tenant, actor=actor, minutes=minutes, decision=decision)
    if correction is not None:
        minute_correction_approve(tenant=tenant, actor=actor, correction=correction,
                                  decision=decision)
    links.carry_out(tenant=tenant, actor=actor, decision=decision)


REFUSALS = {
    quorum.NOT_A_MEMBER: "{voter} holds no seat on {board} at this meeting, so cannot vote.",
    quorum.NO_VOTE: "{voter} holds the clerk's seat, which has no vote.",
    quorum.ALREADY_VOTED: "The seat {seat} has already voted on this motion: one vote a seat.",
    quorum.MEMBER_PRESENT: "{voter} is the substitute for {seat}, whose member is present: "
                           "only the member votes.",
    quorum.NOT_PRESENT: "{voter} is not recorded as present for {seat}{remote}, so cannot vote.",
}


def _check_no_pecuniary_interest(decision: Decision, voter: Membership) -> None:
    barred = Declaration.objects.filter(item=decision.item, person=voter,
                                        kind=InterestKind.DISCLOSABLE_PECUNIARY,
                                        dispensation="").exists()
    if barred:
        raise ValidationError({"voter": (
            f"{voter.user} declared a disclosable pecuniary interest in item "
            f"{decision.item.number}, so cannot vote on it unless a dispensation is recorded.")})


@transaction.atomic
def vote_record(*, tenant: Tenant, actor: User | None, decision: Decision, voter: Membership,
                choice: str) -> Vote:
    """Record a seat's vote, cast by its member or by its substitute standing in."""
    meeting = decision.item.meeting
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, decision=decision,
          voter=voter)
    # One vote at a time per decision: two clerks' screens cannot both record a seat's vote.
    Decision.objects.select_for_update().filter(pk=decision.pk).first()
    decision.refresh_from_db()
    if decision.method != Decision.Method.VOTE or not decision.is_open:
        raise ValidationError({"decision": "Voting on this motion has closed."})
    if choice not in VoteChoice.values:
        raise ValidationError({"choice": "Vote for, against, or abstain."})
    day = meeting_day(meeting=meeting, item=decision.item)
    found = day.seat_of(voter.pk)
    seat_day, as_substitute = found if found else (None, False)
    facts = seat_day.in_the_room(day.board) if seat_day else None
    voter_present = bool(facts and (facts.substitute_present if as_substitute
                                    else facts.member_present))
    already = seat_day is not None and Vote.objects.filter(decision=decision,
                                                           seat=seat_day.seat).exists()
    refusal = quorum.vote_refusal(facts, as_substitute=as_substitute,
                                  voter_present=voter_present, already_voted=already)
    if refusal == quorum.NOT_PRESENT and seat_day is not None and any(
            a.person_id == voter.pk and a.pk in seat_day.out for a in seat_day.attendances):
        raise ValidationError({"voter": f"{voter.user} was out of the room for item "
                                        f"{decision.item.number}, so cannot vote on it."})
    if refusal is not None:
        remote = ("" if day.board.remote_attendance_counts
                  else " (joining remotely does not count on this board)")
        raise ValidationError({"voter": REFUSALS[refusal].format(
            voter=voter.user, board=day.board.name, remote=remote,
            seat=seat_day.seat.label if seat_day else "")})
    assert seat_day is not None
    _check_no_pecuniary_interest(decision, voter)
    vote = Vote(tenant=tenant, decision=decision, seat=seat_day.seat, voter=voter,
                as_substitute=as_substitute, choice=choice, recorded_by=actor)
    save(vote)
    audit_record(tenant=tenant, actor=actor, action="board.vote", obj=vote,
                 summary=f"{meeting}: a vote on item {decision.item.number}",
                 changes={"seat": seat_day.seat.pk, "as_substitute": as_substitute,
                          "choice": choice})
    return vote


@transaction.atomic
def decision_close(*, tenant: Tenant, actor: User | None, decision: Decision) -> Decision:
    """Close the vote: check the quorum from who is present, count, record the outcome. A
    carried motion approving earlier minutes approves (and locks) them; one approving a
    correction approves it."""
    meeting = decision.item.meeting
    check(tenant=tenant, actor=actor, board=meeting.board, run=True, decision=decision)
    Decision.objects.select_for_update().filter(pk=decision.pk).first()
    decision.refresh_from_db()
    if not decision.is_open:
        raise ValidationError({"decision": "This decision is already closed."})
    count = _check_quorum(meeting_day(meeting=meeting, item=decision.item))
    minutes = _check_approval(decision.item, decision.approves_minutes_of)
    correction = _check_correction(decision.item, decision.approves_correction)
    counted = quorum.tally(Vote.objects.filter(decision=decision).values_list("choice",
                                                                              flat=True))
    if counted.votes_for + counted.votes_against + counted.abstentions == 0:
        raise ValidationError({"decision": "No votes are recorded: record the seats' votes, or "
                                           "record the motion agreed without a vote."})
    decision.votes_for, decision.votes_against = counted.votes_for, counted.votes_against
    decision.abstentions = counted.abstentions
    decision.seats_present, decision.quorum_required = count.represented, count.required
    decision.outcome = Decision.Outcome.CARRIED if counted.carried else Decision.Outcome.LOST
    decision.closed_at = timezone.now()
    save(decision)
    audit_record(tenant=tenant, actor=actor, action="board.decision_close", obj=decision,
                 summary=f"{meeting}: item {decision.item.number} "
                         f"{decision.get_outcome_display().lower()}",
                 changes={"for": counted.votes_for, "against": counted.votes_against,
                          "abstain": counted.abstentions, "seats_present": count.represented,
                          "quorum": count.required})
    if decision.outcome == Decision.Outcome.CARRIED:
        _approve(tenant=tenant, actor=actor, decision=decision, minutes=minutes,
                 correction=correction)
    return decision
