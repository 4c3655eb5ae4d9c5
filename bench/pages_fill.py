"""Arguments for every tenant route on the benchmark's 1,000-school council.

Two sets of values are tried in turn for each route and role:
1. the dataset's own objects, chosen as the heaviest a page would show: the board with the most
   meetings and its meeting with the most items, the head's hub, the latest funding year, round
   and allocation run, the head's school and its proposal — on top of set 2;
2. the isolation matrix's fillers (tests/isolation/), which add a small object of each kind to
   the council for the arguments the dataset has no natural pick for (a paper, a vote, a seat).
A contribution whose fillers clash with the dataset (a year the demo already holds) is left
out; its routes still get the dataset's values.
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
    return {name: value for name, value in picks.items() if value is not None}
