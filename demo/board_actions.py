"""The demo board's priorities and actions: three areas of focus agreed at the results meeting,
and six actions in every state — on track, at risk, off track and overdue, not started, done and
cancelled — some arising from the meetings' items, one owned by a named outsider. Through
`boards.services.actions`, so the rules hold and every write is audited."""

from __future__ import annotations

from datetime import date, timedelta

from boards.models import AgendaItem, Board, HoldingKind, SeatHolding, SeatKind
from boards.services import actions as services
from core.models import Membership, Tenant
from core.years import AcademicYear

PRIORITIES = [
    ("Disadvantaged learners", "Close the gap at key stages 2 and 4 for pupils eligible for the "
                               "pupil premium, starting with the two regions furthest behind."),
    ("Reading", "Every pupil reading fluently by the end of key stage 2: phonics in the early "
                "years, and reading for pleasure across the schools."),
    ("Leadership and governance", "Strong leadership and governing boards in every school, "
                                  "with support before an inspection rather than after."),
]


def seed_actions(*, tenant: Tenant, board: Board, clerk: Membership, today: date,
                 results: AgendaItem | None = None,
                 maths: AgendaItem | None = None) -> None:
    """Call inside the tenant's scope, after the board's seats are filled."""
    actor = clerk.user
    this_year = AcademicYear.of(today)
    started = max(today - timedelta(weeks=10), this_year.start)
    disadvantaged, reading, leadership = (
        services.priority_create(tenant=tenant, actor=actor, board=board, title=title,
                                 description=text, start_date=started,
                                 academic_year=this_year.start_year)
        for title, text in PRIORITIES)
    # Last year's priority, achieved and ended, shown on request beside this year's.
    last_year = this_year.shifted(-1)
    attendance = services.priority_create(
        tenant=tenant, actor=actor, board=board, title="Attendance",
        description="Persistent absence below the national rate in every alliance.",
        start_date=last_year.start, academic_year=last_year.start_year)
    services.priority_end(tenant=tenant, actor=actor, priority=attendance,
                          end_date=last_year.end, reason="Achieved: below the national rate "
                                                         "in every alliance by the summer.")
    members = [holding.holder for holding in SeatHolding.objects.current(today)
               .filter(seat__board=board, kind=HoldingKind.MEMBER)
               .exclude(seat__kind=SeatKind.CLERK)
               .select_related("holder__user").order_by("seat__position")]
    chair, heads, la = members[0], members[1:-2], members[-1]
    maths_lead = members[-2]

    def action(description: str, *, owner: Membership | None = None, owner_name: str = "",
               due: int, priority=None, item=None, rag: str = "",
               updates: tuple[tuple[str, str, str | None], ...] = ()):
        made = services.action_create(tenant=tenant, actor=actor, board=board,
                                      description=description, owner=owner,
                                      owner_name=owner_name,
                                      due_date=today + timedelta(days=due), priority=priority,
                                      item=item, rag=rag)
        for status, note, new_rag in updates:
            services.action_progress(tenant=tenant, actor=actor, action=made, status=status,
                                     note=note, rag=new_rag)
        return made

    action("Map the reading support offered in each region and share it with every primary "
           "head.", owner=heads[0], due=21, priority=reading, item=results,
           updates=(("in_progress", "Two regions mapped; the third by half-term.", "green"),))
    action("Review how the pupil premium is spent in the schools with the widest gaps and "
           "report to the Board.", owner=la, due=-7, priority=disadvantaged, item=results,
           updates=(("in_progress", "Data collected from eight of the twelve schools.", "amber"),
                    ("in_progress", "Four schools have not replied; the report will be late.",
                     "red")))
    action("Share attendance data for disadvantaged pupils with the alliances each half-term.",
           owner_name="Attendance and inclusion lead (local authority)", due=35,
           priority=disadvantaged, rag="amber")
    action("Offer pre-inspection governance training to every governing board.", owner=chair,
           due=-14, priority=leadership,
           updates=(("in_progress", "Dates set for the autumn term.", "green"),
                    ("done", "Three sessions held; 41 governors attended.", "green")))
    action("Report each term on the impact of the maths improvement strategy.",
           owner=maths_lead, due=60, item=maths,
           updates=(("in_progress", "First termly report drafted.", "green"),))
    action("Commission a reading-for-pleasure survey of key stage 2 pupils.",
           owner=heads[-1] if heads else chair, due=28, priority=reading,
           updates=(("cancelled", "The national survey covers it; no need to duplicate.",
                     None),))
