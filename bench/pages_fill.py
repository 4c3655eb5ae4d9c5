"""Arguments for every tenant route on the benchmark's 1,000-school council.

Two sets of values are tried in turn for each route and role:
1. the dataset's own objects, chosen as the heaviest a page would show: the board with the most
   meetings and its meeting with the most items, the head's hub, the latest funding year, round
   and allocation run, the head's school and its proposal — on top of set 2;
2. the isolation matrix's fillers (tests/isolation/), which add a small object of each kind to
   the council for the arguments the dataset has no natural pick for (a paper, a vote, a seat).
A contribution whose fillers clash with the dataset (a year the demo already holds) is left
out; its routes still get the dataset's values, so every kind of record the dataset holds is
picked here (`_dataset_picks`, `_record_picks`), not only the ones the fillers miss today.
"""

from functools import cache

from bench.dataset import LARGE_DOMAIN, LARGE_SLUG

LOGINS = {"admin": "admin", "officer": "officer", "headteacher": "head",
          "board_member": "board", "viewer": "viewer"}


@cache
def people() -> dict:
    from accounts.models import User

    return {role: User.objects.get(email=f"{local}@{LARGE_DOMAIN}")
            for role, local in LOGINS.items()}


@cache
def candidate_values() -> tuple[dict, ...]:
    from django.db import transaction
    from django_scopes import scopes_disabled

    from core.models import Membership, Role, Tenant
    from tests.isolation import contributions

    with scopes_disabled():
        tenant = Tenant.objects.get(slug=LARGE_SLUG)
        head = Membership.objects.get(tenant=tenant, role=Role.HEADTEACHER,
                                      user=people()["headteacher"])
        school = head.headship.school
        base = {"tenant_slug": LARGE_SLUG, "urn": school.urn,
                "membership_id": Membership.objects.get(tenant=tenant, role=Role.VIEWER).pk}
        personas = {"a": {**people(), "school": school}}
        fillers = dict(base)
        for contribution in contributions():
            try:
                with transaction.atomic():
                    fillers.update(contribution.fillers(tenant, personas))
            except Exception as error:  # noqa: BLE001 - a clash leaves that module out
                print(f"  fillers of {contribution.__name__} left out: {error!s:.120}")
        picks = {**fillers, **base, **_dataset_picks(tenant, school)}
    return picks, fillers


def _dataset_picks(tenant, school) -> dict:
    from django.db.models import Count

    from boards.models import Board
    from categorisation.models import CategorisationRound, CategorisationScheme, CategoryProposal
    from funding.models import AllocationRun, FundingYear, StrategicFund
    from partnerships.models import Partnership, PartnershipRole, RoleKind, Survey
    from support.models import Deployment, Visit

    def first_pk(queryset) -> int | None:
        return queryset.values_list("pk", flat=True).first()

    picks: dict = {}
    board = (Board.objects.filter(tenant=tenant, kind="board")
             .annotate(meeting_count=Count("meetings"))
             .order_by("-meeting_count", "pk").first())
    if board is not None:
        picks["board_id"] = board.pk
        meeting = (board.meetings.annotate(item_count=Count("items"))
                   .order_by("-item_count", "pk").first())
        if meeting is not None:
            picks["meeting_id"] = meeting.pk
    hub = (PartnershipRole.objects.filter(tenant=tenant, kind=RoleKind.CHAIR,
                                          person__headship__school=school)
           .values_list("partnership_id", flat=True).first())
    picks["partnership_id"] = hub or first_pk(Partnership.objects.filter(tenant=tenant))
    year = FundingYear.objects.filter(tenant=tenant).order_by("-start_year").first()
    if year is not None:
        picks["funding_year_id"] = year.pk
        picks["run_id"] = first_pk(AllocationRun.objects.filter(tenant=tenant, year=year)
                                   .order_by("-pk"))
        picks["fund_id"] = first_pk(StrategicFund.objects.filter(tenant=tenant, year=year))
    picks["category_round_id"] = first_pk(CategorisationRound.objects.filter(tenant=tenant)
                                          .order_by("-pk"))
    picks["category_scheme_id"] = first_pk(CategorisationScheme.objects.filter(tenant=tenant)
                                           .order_by("-is_active", "pk"))
    picks["category_proposal_id"] = first_pk(CategoryProposal.objects.filter(
        tenant=tenant, school=school).order_by("-pk"))
    picks["survey_id"] = first_pk(Survey.objects.filter(tenant=tenant).order_by("pk"))
    picks["deployment_id"] = first_pk(Deployment.objects.filter(tenant=tenant).order_by("pk"))
    picks["visit_id"] = first_pk(Visit.objects.filter(tenant=tenant, school=school)
                                 .order_by("-pk"))
    picks.update(_record_picks(tenant, picks.get("funding_year_id"), picks["partnership_id"]))
    picks["import_id"] = _finished_gias_upload(tenant, people()["admin"])
    return {name: value for name, value in picks.items() if value is not None}


def _finished_gias_upload(tenant, admin) -> int:
    """A council's GIAS upload, applied (the dataset's register came from the national import,
    so the council has none of its own): the upload's page as it stays once done."""
    from schools.models import GiasImport

    return GiasImport.objects.create(
        tenant=tenant, original_name="edubasealldata.csv", file="imports/gias/bench.csv",
        uploaded_by=admin, status=GiasImport.Status.DONE).pk


def _record_picks(tenant, funding_year_id: int | None, partnership_id: int) -> dict:
    """One record of each other kind a detail page or its API shows, the one with most parts
    where that is cheap to tell (the line with most votes, the cycle with most reviews …)."""
    from django.db.models import Count

    from categorisation.models import ModerationCase
    from funding.models import (
        AllocationFormula,
        CensusReturn,
        Commitment,
        DeDelegationLine,
        SpendImport,
        TradedDayPurchase,
    )
    from partnerships.models import (
        PartnershipLevel,
        PartnershipMembership,
        PartnershipRole,
        SystemLeaderDesignation,
    )
    from support.models import Escalation, RiseCase, SupportPlanAction
    from support.models.peer_review import PeerReviewCycle, PeerReviewTheme, PeerReviewTraining
    from support.models.programmes import Programme

    def most(queryset, parts: str) -> int | None:
        return (queryset.filter(tenant=tenant).annotate(parts=Count(parts))
                .order_by("-parts", "pk").values_list("pk", flat=True).first())

    def first(queryset) -> int | None:
        return queryset.filter(tenant=tenant).order_by("pk").values_list("pk", flat=True).first()

    lines = DeDelegationLine.objects.filter(year_id=funding_year_id)
    picks = {
        "line_id": most(lines, "votes"),
        "formula_id": first(AllocationFormula.objects),
        "commitment_id": most(Commitment.objects, "spend"),
        "actuals_id": first(SpendImport.objects),
        "census_id": first(CensusReturn.objects),
        "purchase_id": first(TradedDayPurchase.objects),
        "level_id": first(PartnershipLevel.objects),
        # (their pages' addresses name the partnership too)
        "partnership_membership_id": first(
            PartnershipMembership.objects.filter(partnership_id=partnership_id)),
        "partnership_role_id": first(PartnershipRole.objects.filter(partnership_id=partnership_id)),
        "designation_id": first(SystemLeaderDesignation.objects),
        "person_id": (SystemLeaderDesignation.objects.filter(tenant=tenant).order_by("pk")
                      .values_list("person_id", flat=True).first()),
        "moderation_case_id": first(ModerationCase.objects),
        "case_id": most(RiseCase.objects, "changes"),
        "plan_action_id": most(SupportPlanAction.objects, "updates"),
        "escalation_id": most(Escalation.objects, "steps"),
        "cycle_id": most(PeerReviewCycle.objects, "reviews"),
        "programme_id": most(Programme.objects, "schools"),
        "theme_id": first(PeerReviewTheme.objects),
        "training_id": first(PeerReviewTraining.objects),
    }
    if picks["line_id"] is not None:
        picks["vote_id"] = first(lines.get(pk=picks["line_id"]).votes)
    if picks["escalation_id"] is not None:
        picks["escalation_step_id"] = first(
            Escalation.objects.get(pk=picks["escalation_id"]).steps)
    if picks["cycle_id"] is not None:
        review = (PeerReviewCycle.objects.get(pk=picks["cycle_id"]).reviews
                  .annotate(places=Count("team")).order_by("-places", "pk").first())
        if review is not None:
            picks["review_id"] = review.pk
            picks["reviewer_id"] = first(review.team)
    return picks
