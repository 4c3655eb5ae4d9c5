import re
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from accounts.models import User
from boards.models import Board, Meeting
from categorisation.models import (
    CategorisationRound,
    CategoryOfConcern,
    CategoryProposal,
    DataArrival,
    DataImport,
    Inspection,
    InspectionEra,
    ModerationCase,
    PerformanceIndicator,
    SchoolCategory,
)
from core.models import AuditEvent, Membership, Role, Tenant
from core.years import is_working_day
from demo.management.commands.seed_demo import DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SLUG, demo_wipe
from demo.names import MEN, title_for
from demo.partnerships import coverage_share
from demo.sample_files import (
    FILES_DIR,
    GIAS_ESTABLISHMENTS,
    GIAS_LINKS,
    KS2,
    OFSTED_MI,
    SAMPLES,
    sample_files,
)
from funding.models import (
    AllocationRun,
    AllocationRunSchool,
    BuyBack,
    CarryForward,
    CensusReturn,
    Commitment,
    DeDelegationLine,
    FundingYear,
    PhaseVote,
    RunStatus,
    Spend,
    SpendImport,
    StrategicFund,
    TradedDayPurchase,
)
from funding.selectors.charges import dedelegation_schedule
from funding.selectors.funds import fund_summary
from partnerships.models import (
    Partnership,
    PartnershipRole,
    RoleKind,
    SurveyResponse,
)
from schools.models import (
    Establishment,
    EstablishmentLink,
    GiasImport,
    Governance,
    LocalIntelligence,
    NationalGiasImport,
    Phase,
    School,
)
from schools.selectors import HEADSHIP_RELATED, school_of
from support.models import Visit, VisitOrigin
from tests.conftest import ensure_reference_data

DEMO_LOGINS = [person[1] for person in DEMO_PEOPLE]
# As tests/conftest.py's per-test fixture sets, for the seed made once per module.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The module's seed is made once per process that runs its tests: keep them on one process.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo_data")]


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """One committed seed for the module's read-only tests (a seed takes a few seconds); each
    test still runs in its own rolled-back transaction. Removed again afterwards, with the
    recompute records its commit left, so no other test sees it."""
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        ensure_reference_data()
        last_arrival = DataArrival.objects.order_by("-pk").values_list("pk", flat=True).first()
        out = StringIO()
        call_command("seed_demo", stdout=out)
        app.conf.task_always_eager = eager
        yield out.getvalue()
        demo_wipe()
        DataArrival.objects.filter(pk__gt=last_arrival or 0).delete()


@pytest.fixture
def seeded(seeded_once):
    return Tenant.objects.get(slug=DEMO_SLUG), seeded_once


def demo_membership(email: str) -> Membership:
    return Membership.objects.select_related("user", HEADSHIP_RELATED).get(
        user__email=email)


def test_it_loads_a_register_of_about_300_schools_of_mixed_phases(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        schools = list(School.objects.with_establishment())
    phases = Counter(s.establishment.phase for s in schools if s.establishment.is_open)
    open_total = sum(phases.values())
    assert 280 <= len(schools) <= 340
    assert 0.6 < phases[Phase.PRIMARY] / open_total < 0.8
    assert 0.1 < phases[Phase.SECONDARY] / open_total < 0.2
    for phase in (Phase.SPECIAL, Phase.NURSERY, Phase.ALTERNATIVE_PROVISION, Phase.ALL_THROUGH):
        assert phases[phase] >= 1


def test_the_register_mixes_maintained_schools_academies_in_several_trusts_and_free_schools(
    seeded,
):
    tenant, _ = seeded
    with scope(tenant=tenant):
        open_schools = [s.establishment for s in School.objects.with_establishment()
                        if s.establishment.is_open]
    governance = Counter(e.governance for e in open_schools)
    types = {e.type_name for e in open_schools}
    assert governance[Governance.MAINTAINED] > 50
    assert governance[Governance.ACADEMY] > 50
    assert governance[Governance.FREE_SCHOOL] >= 1
    assert {"Community school", "Voluntary aided school", "Voluntary controlled school",
            "Foundation school", "Academy converter", "Academy sponsor led"} <= types
    assert len({e.trust_name for e in open_schools if e.trust_name}) >= 4
    assert all(e.easting and e.northing and e.postcode for e in open_schools)


def test_each_conversion_links_a_closed_predecessor_and_its_open_academy_both_ways(seeded):
    tenant, _ = seeded
    predecessor_links = EstablishmentLink.objects.filter(link_type="Predecessor", urn__gte=900000)
    assert predecessor_links.count() >= 10
    with scope(tenant=tenant):
        in_register = set(School.objects.values_list("establishment_id", flat=True))
    for link in predecessor_links:
        academy = Establishment.objects.get(urn=link.urn)
        predecessor = Establishment.objects.get(urn=link.linked_urn)
        assert academy.is_open and academy.governance == Governance.ACADEMY
        assert not predecessor.is_open and predecessor.governance == Governance.MAINTAINED
        assert academy.open_date == link.established_date
        assert {academy.urn, predecessor.urn} <= in_register
        assert EstablishmentLink.objects.filter(
            urn=predecessor.urn, linked_urn=academy.urn, link_type="Successor"
        ).exists()


def test_there_is_one_login_per_role_and_a_platform_operator(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        roles = Counter(Membership.objects.filter(user__email__in=DEMO_LOGINS)
                        .values_list("role", flat=True))
        officer = demo_membership(DEMO_PEOPLE[2][1])
        head = demo_membership(DEMO_PEOPLE[3][1])
    assert roles == Counter(role.value for role in Role)
    assert officer.title == "School improvement adviser"
    assert school_of(head) is not None and school_of(head).tenant_id == tenant.id
    operator = User.objects.get(email=DEMO_PEOPLE[0][1])
    assert operator.is_platform_operator
    with scopes_disabled():
        assert not Membership.objects.filter(user=operator).exists()


def test_it_prints_the_url_and_every_login(seeded):
    _, output = seeded
    assert "http://127.0.0.1:8000/" in output
    assert DEMO_PASSWORD in output
    for _, email, _, _ in DEMO_PEOPLE:
        assert email in output


def test_the_printed_officer_login_signs_in_and_sees_the_register(seeded):
    client = Client()
    assert client.login(email=DEMO_PEOPLE[2][1], password=DEMO_PASSWORD)
    response = client.get(f"/t/{DEMO_SLUG}/schools/")
    assert response.status_code == 200
    assert "Northshire Council" in response.content.decode()


def printed_links(output: str) -> list[tuple[str, str, str]]:
    """(the login named above it, label, path) of each link under "Things to try"."""
    links: list[tuple[str, str, str]] = []
    login = ""
    for line in output.split("Things to try", 1)[1].splitlines():
        if match := re.fullmatch(r"\s+As the .*\((\w+)@\)", line):
            login = match[1]
        elif match := re.fullmatch(r"\s+(\S.*?)\s+(https?://\S+)", line):
            links.append((login, match[1], urlsplit(match[2]).path))
    return links


def assert_links_answer(links: list[tuple[str, str, str]]) -> None:
    clients: dict[str, Client] = {}
    for login, label, path in links:
        if login not in clients:
            clients[login] = Client()
            clients[login].force_login(User.objects.get(email=f"{login}@northshire.example.org"))
        response = clients[login].get(path)
        assert response.status_code == 200, (login, label, path, response.status_code)
        if "no sign-in" in label:
            assert Client().get(path).status_code == 200, (label, path)


def test_every_printed_link_answers_for_the_login_named_beside_it(seeded):
    _, output = seeded
    links = printed_links(output)
    assert len(links) >= 20
    assert {login for login, _, _ in links} == {"officer", "admin", "head", "board"}
    assert_links_answer(links)


# --- Partnerships -------------------------------------------------------------------------------


def test_about_twenty_hubs_sit_in_three_regions(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        regions = Partnership.objects.filter(level__name="Region")
        hubs = list(Partnership.objects.filter(level__name="Hub").select_related("parent"))
    assert regions.count() == 3
    assert 17 <= len(hubs) <= 23
    assert all(hub.parent is not None and hub.parent.level.name == "Region" for hub in hubs)


def test_hubs_cover_most_but_not_all_open_schools(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        share = coverage_share(tenant)
    assert 0.85 < share < 1.0


def test_every_hub_has_a_chair_one_or_two_advisers_and_its_region_a_lead(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        roles = Counter(PartnershipRole.objects.filter(end_date__isnull=True)
                        .values_list("partnership__level__name", "partnership_id", "kind"))
        hubs = list(Partnership.objects.filter(level__name="Hub").values_list("pk", flat=True))
        regions = list(Partnership.objects.filter(level__name="Region")
                       .values_list("pk", flat=True))
    for hub in hubs:
        assert roles[("Hub", hub, RoleKind.CHAIR)] == 1
        assert 1 <= roles[("Hub", hub, RoleKind.ADVISER)] <= 2
    for region in regions:
        assert roles[("Region", region, RoleKind.REGIONAL_LEAD)] == 1


def test_the_demo_headteacher_chairs_their_schools_hub_and_the_officer_advises_several(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        head = demo_membership(DEMO_PEOPLE[3][1])
        officer = demo_membership(DEMO_PEOPLE[2][1])
        chair = PartnershipRole.objects.get(person=head, kind=RoleKind.CHAIR)
        in_hub = chair.partnership.memberships.filter(school=school_of(head),
                                                      end_date__isnull=True).exists()
        advised = PartnershipRole.objects.filter(person=officer, kind=RoleKind.ADVISER).count()
    assert in_hub
    assert advised >= 3


def test_every_partnership_has_its_hub_on_the_boards_engine_seated_by_its_heads(seeded):
    from boards.models import Board, Seat, SeatHolding, SeatKind
    from schools.selectors import heads_of

    tenant, _ = seeded
    with scope(tenant=tenant):
        today = timezone.localdate()
        partnerships = set(Partnership.objects.values_list("pk", flat=True))
        hubs = dict(Board.objects.filter(kind="hub").values_list("partnership_id", "pk"))
        head = demo_membership(DEMO_PEOPLE[3][1])
        chaired = PartnershipRole.objects.get(person=head, kind=RoleKind.CHAIR).partnership
        members = set(chaired.memberships.filter(end_date__isnull=True)
                      .values_list("school_id", flat=True))
        seated = set(Seat.objects.filter(board_id=hubs[chaired.pk], kind=SeatKind.MEMBER)
                     .values_list("school_id", flat=True))
        held = list(SeatHolding.objects.current(today).filter(seat__board_id=hubs[chaired.pk])
                    .values_list("seat__kind", "seat__school_id", "holder_id"))
        heads = {school_of(m).pk: m.pk for m in heads_of(members).filter(role=Role.HEADTEACHER)}
    assert set(hubs) == partnerships
    # A seat per member school; held by its head where the demo gave the school one.
    assert seated == members
    assert {(school, holder) for kind, school, holder in held if kind == SeatKind.MEMBER} == \
        set(heads.items())
    assert (SeatKind.CHAIR, None, head.pk) in held
    assert (SeatKind.MEMBER, school_of(head).pk, head.pk) in held


def test_hubs_have_meetings_priorities_and_actions_in_every_state(seeded):
    from boards.models import BoardAction, BoardPriority, MeetingNote

    tenant, _ = seeded
    with scope(tenant=tenant):
        head_hub = PartnershipRole.objects.get(person__user__email=DEMO_PEOPLE[3][1],
                                               kind=RoleKind.CHAIR).partnership
        hubs = Meeting.objects.filter(board__kind="hub")
        meetings = Counter(hubs.values_list("status", flat=True))
        titles = set(BoardPriority.objects.filter(board__kind="hub")
                     .values_list("title", flat=True))
        actions = Counter(BoardAction.objects.filter(board__kind="hub")
                          .values_list("status", flat=True))
        head_hub_meetings = hubs.filter(board__partnership=head_hub).count()
        notes = MeetingNote.objects.filter(meeting__board__partnership=head_hub).count()
    assert set(meetings) == set(Meeting.Status.values)
    assert {"Disadvantaged learners", "Reading", "Attendance"} <= titles
    assert set(actions) == set(BoardAction.Progress.values)
    assert head_hub_meetings >= 3 and notes == 2


def test_the_consultation_survey_has_about_forty_respondents_of_both_roles_and_phases(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        responses = list(SurveyResponse.objects.values("respondent_key", "respondent_role",
                                                       "phase"))
    assert 35 <= len({r["respondent_key"] for r in responses}) <= 45
    assert {r["respondent_role"] for r in responses} == {"headteacher", "governor"}
    assert {Phase.PRIMARY, Phase.SECONDARY} <= {r["phase"] for r in responses}


# --- Categorisation -----------------------------------------------------------------------------


def test_most_open_schools_have_inspections_of_every_era(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        open_urns = set(School.objects.filter(establishment__is_open=True)
                        .values_list("establishment_id", flat=True))
    inspections = Inspection.objects.filter(urn__in=open_urns)
    eras = Counter(inspections.values_list("era", flat=True))
    concerns = set(inspections.exclude(category_of_concern="")
                   .values_list("category_of_concern", flat=True))
    assert len(set(inspections.values_list("urn", flat=True))) > 0.85 * len(open_urns)
    assert eras[InspectionEra.OEIF_GRADED] > 100
    assert eras[InspectionEra.OEIF_SUB_JUDGEMENTS] >= 10
    assert eras[InspectionEra.UNGRADED] >= 10
    assert 3 <= eras[InspectionEra.REPORT_CARD] <= 30
    assert {CategoryOfConcern.SPECIAL_MEASURES, CategoryOfConcern.SERIOUS_WEAKNESSES} <= concerns


def test_some_academies_latest_inspection_is_their_predecessors(seeded):
    assert Inspection.objects.filter(urn__gte=900000, relates_to_current_urn=False).count() >= 3


def test_primaries_and_secondaries_have_three_years_of_results_against_national(seeded):
    measures = Counter(PerformanceIndicator.objects.filter(urn__gte=900000)
                       .values_list("measure", "year"))
    for year in (2022, 2023, 2024):
        assert measures[("ks2_rwm_expected", year)] > 100
        assert measures[("ks4_att8", year)] > 20
        assert measures[("ks4_p8", year)] > 20
    assert not PerformanceIndicator.objects.filter(
        urn__gte=900000, measure="ks4_att8", national__isnull=True).exists()


def test_about_ten_proposals_wait_and_the_rest_were_decided_by_the_officer(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        statuses = Counter(CategoryProposal.objects.values_list("status", flat=True))
        officer = demo_membership(DEMO_PEOPLE[2][1])
        admin = demo_membership(DEMO_PEOPLE[1][1])
        decided = Counter(SchoolCategory.objects.filter(status__in=["confirmed", "overridden"])
                          .values_list("decided_by", flat=True))
        overrides = list(SchoolCategory.objects.filter(status="overridden")
                         .values_list("reason", flat=True))
    assert 8 <= statuses["open"] <= 12
    assert statuses["confirmed"] > 200
    # The officer decided them all but the one the funding demo's admin confirms afterwards
    # (to show a confirmed allocation run going out of date).
    assert set(decided) <= {officer.user_id, admin.user_id}
    assert decided[admin.user_id] <= 1 and decided[officer.user_id] > 200
    assert 1 <= len(overrides) <= 6 and all(overrides)


def test_the_headteachers_school_is_confirmed_and_waits_for_their_response(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        head = demo_membership(DEMO_PEOPLE[3][1])
        step = SchoolCategory.objects.get(school=school_of(head), is_current=True)
    assert step.status == SchoolCategory.Status.CONFIRMED


def test_another_schools_disagreement_waits_in_moderation(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        head = demo_membership(DEMO_PEOPLE[3][1])
        cases = list(ModerationCase.objects.filter(status="open").select_related("disagreement"))
    assert len(cases) == 1
    assert cases[0].school_id != school_of(head).pk
    assert cases[0].disagreement.reason


def test_one_round_is_closed_with_its_summary_and_the_next_is_open(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        found = {r.name: r for r in CategorisationRound.objects.all()}
    assert set(found) == {"Summer 2026", "Autumn 2026"}
    summer, autumn = found["Summer 2026"], found["Autumn 2026"]
    assert (summer.status, autumn.status) == ("closed", "open")
    assert summer.summary["confirmed"] > 200 and 8 <= summer.summary["still_open"] <= 12


def test_the_officer_entered_local_intelligence_of_several_kinds_and_severities(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        officer = demo_membership(DEMO_PEOPLE[2][1])
        items = list(LocalIntelligence.objects.values_list("kind", "severity", "entered_by"))
    assert len({kind for kind, _, _ in items}) >= 4
    assert {severity for _, severity, _ in items} == {"low", "medium", "high"}
    assert {entered_by for _, _, entered_by in items} == {officer.user_id}


def test_the_demo_writes_go_through_the_services_with_their_audit_rows(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"partnership.add_school", "partnership.assign_role", "board.meeting_create",
            "survey.response", "categorisation.scheme_preset_loaded",
            "categorisation.category_confirmed", "categorisation.category_overridden",
            "categorisation.category_disagreed", "schools.intelligence_recorded"} <= actions


def test_it_prints_things_to_try_with_the_headteachers_hub_and_category(seeded):
    tenant, output = seeded
    with scope(tenant=tenant):
        head = demo_membership(DEMO_PEOPLE[3][1])
        hub = PartnershipRole.objects.get(person=head, kind=RoleKind.CHAIR).partnership
        hub_board = Board.objects.get(kind="hub", partnership=hub)
    assert "Things to try" in output
    assert f"/t/{DEMO_SLUG}/categorisation/proposals/" in output
    assert f"/t/{DEMO_SLUG}/partnerships/coverage/" in output
    assert f"/t/{DEMO_SLUG}/boards/{hub_board.pk}/" in output  # a hub is a board
    assert f"/t/{DEMO_SLUG}/categorisation/schools/{school_of(head).establishment_id}/" in output
    assert f"/t/{DEMO_SLUG}/imports/" in output


def test_the_school_improvement_board_follows_dorsets_terms_with_three_meetings(seeded):
    from boards.models import Board, Decision, Minutes, SeatKind

    tenant, output = seeded
    with scope(tenant=tenant):
        board = Board.objects.get(kind="board")
        kinds = Counter(board.seats.values_list("kind", flat=True))
        assert kinds[SeatKind.INDEPENDENT_CHAIR] == kinds[SeatKind.LA_REPRESENTATIVE] == 1
        assert kinds[SeatKind.CLERK] == 1 and kinds[SeatKind.MEMBER] >= 5
        assert board.seats.filter(holdings__kind="substitute").count() >= 3
        chair = board.seats.get(kind=SeatKind.INDEPENDENT_CHAIR).holdings.get()
        assert chair.holder.user.email == DEMO_PEOPLE[4][1]
        statuses = [Minutes.objects.filter(meeting=m).values_list("status", flat=True).first()
                    for m in board.meetings.order_by("starts_at")]
        assert statuses == ["published", "draft", None]
        first, _, ahead = board.meetings.order_by("starts_at")
        assert first.items.filter(is_exempt=True).exists()
        assert Decision.objects.filter(item__meeting=first, votes__isnull=False).exists()
        assert ahead.rsvps.count() >= 4
    assert f"/t/{DEMO_SLUG}/boards/{board.pk}/meetings/{first.pk}/minutes/published/" in output
    public = Client().get(f"/t/{DEMO_SLUG}/boards/{board.pk}/meetings/{first.pk}/minutes/"
                          "published/")
    assert public.status_code == 200
    assert "exempt under paragraph 3 of Schedule 12A" in public.content.decode()
    assert "Support package" not in public.content.decode()


def test_the_demo_board_keeps_a_register_and_declarations_only_public_ones_published(seeded):
    from boards.models import Board, Declaration, RegisteredInterest

    tenant, _ = seeded
    with scope(tenant=tenant):
        board = Board.objects.get(kind="board")
        first = board.meetings.order_by("starts_at").first()
        assert RegisteredInterest.objects.filter(board=board).count() >= 6
        kinds = set(Declaration.objects.values_list("kind", flat=True))
        assert kinds == {"disclosable_pecuniary", "other_registrable", "non_registrable"}
        assert Declaration.objects.exclude(dispensation="").count() == 1
    body = Client().get(f"/t/{DEMO_SLUG}/boards/{board.pk}/meetings/{first.pk}/minutes/"
                        "published/").content.decode()
    assert "whose results are in the report" in body
    assert "chairs the governors of the school" not in body
    assert "Results summary 2024/25" in body and "Adviser's report" not in body


def test_the_demo_board_has_pdf_and_word_papers_and_one_out_late(seeded):
    from boards.models import Board, Paper
    from boards.selectors.papers import papers_notice

    tenant, _ = seeded
    with scope(tenant=tenant):
        board = Board.objects.get(kind="board")
        assert set(Paper.objects.values_list("kind", flat=True)) == {"pdf", "docx"}
        assert Paper.objects.filter(is_exempt=True).count() == 1
        late = [papers_notice(meeting=m).late for m in board.meetings.order_by("starts_at")]
        assert [[p.title for p in papers] for papers in late] == [
            [], ["Maths strategy: costed annex"], []]


# --- Running it again -------------------------------------------------------------------------


def _snapshot(tenant: Tenant) -> dict:
    with scope(tenant=tenant):
        return {
            "register": sorted(School.objects.values_list("establishment__urn",
                                                          "establishment__name")),
            "logins": Membership.objects.filter(user__email__in=DEMO_LOGINS).count(),
            "partnerships": sorted(Partnership.objects.values_list("name", "level__name")),
            "categories": sorted(SchoolCategory.objects.filter(is_current=True).values_list(
                "school__establishment_id", "category__code", "status")),
            "inspections": Inspection.objects.filter(urn__gte=900000).count(),
            "indicators": PerformanceIndicator.objects.filter(urn__gte=900000).count(),
            "funding": (FundingYear.objects.count(), DeDelegationLine.objects.count(),
                        PhaseVote.objects.count(), BuyBack.objects.count()),
        }


def test_running_it_again_in_under_a_minute_recreates_the_same_council_and_no_other(
        seeded, personas, tenant_a):
    """One re-seed shows it all (each seed costs half a minute of the suite): the same
    register, logins, hubs, categories, public data and funding, no duplicates, another
    tenant untouched, and the whole seed (wiping the last one first) under a minute of this
    process's CPU time. CPU, not the wall clock: with other work on the machine (a parallel
    suite, other processes) the wall clock measured the machine's load, 81 s for a seed of
    35 s of CPU."""
    tenant, output = seeded
    first = _snapshot(tenant)
    started = time.process_time()
    again = StringIO()
    call_command("seed_demo", stdout=again)
    took = time.process_time() - started
    # The same links, ids and all (a hub, the survey, the board and its meeting), answering.
    # (Labels may differ: inside the test's transaction the after-commit recomputes wait.)
    links = printed_links(output)
    assert [(login, path) for login, _, path in printed_links(again.getvalue())] == [
        (login, path) for login, _, path in links]
    assert sum(bool(re.search(r"/boards/999\d{6}/$", path)) for _, _, path in links) >= 2
    assert_links_answer(links)
    assert _snapshot(Tenant.objects.get(slug=DEMO_SLUG)) == first
    assert first["logins"] == len(Role) and first["funding"] == (2, 5, 11, 1)
    assert Tenant.objects.filter(slug=DEMO_SLUG).count() == 1
    assert User.objects.filter(email__endswith="@northshire.example.org").count() == 6
    with scope(tenant=tenant_a):
        assert School.objects.filter(pk=personas["a"]["school"].pk).exists()
        assert Membership.objects.count() == len(Role)
    assert took < 60, f"the seed took {took:.1f} s of CPU"


# --- Funding ------------------------------------------------------------------------------------


def this_funding_year() -> FundingYear:
    """The demo's current financial year (last year's is there too, closed)."""
    return FundingYear.objects.order_by("-start_year").first()


def test_the_demo_council_closed_last_year_carrying_part_of_the_funds_underspend(seeded):
    """Last year: the fund's £80,000 with £9,600 committed, £12,000 carried into this year by
    the year-end step; the hubs' allocation for last academic year, 5/12 of it in this year."""
    tenant, _ = seeded
    with scope(tenant=tenant):
        year = this_funding_year()
        last = FundingYear.objects.get(start_year=year.start_year - 1)
        [carried] = CarryForward.objects.all()
        assert (carried.from_year, carried.to_year, carried.amount) == (
            last, year, Decimal("12000.00"))
        academic = AllocationRun.objects.get(year=last, period="academic")
        assert academic.is_confirmed and academic.first_year_months == 7
    officer = Client()
    officer_email = next(person[1] for person in DEMO_PEOPLE if person[0] == "officer")
    assert officer.login(email=officer_email, password=DEMO_PASSWORD)
    before = officer.get(f"/t/{DEMO_SLUG}/funding/years/{last.pk}/reconciliation/")
    assert b'data-testid="carried-out"' in before.content
    now = officer.get(f"/t/{DEMO_SLUG}/funding/years/{year.pk}/reconciliation/").content
    assert b'data-testid="carried-in"' in now and b"5/12 of academic year" in now
    report = officer.get(f"/t/{DEMO_SLUG}/funding/years/{year.pk}/report/")
    assert report.status_code == 200 and b'data-testid="history-chart"' in report.content


def test_the_demo_council_sold_traded_days_at_its_day_rate(seeded):
    """Two academies and a small trust bought days at £450, one request sent to the ledger;
    the purchases are the year's income on the reconciliation."""
    tenant, _ = seeded
    with scope(tenant=tenant):
        year = this_funding_year()
        purchases = list(TradedDayPurchase.objects.filter(year=year).select_related(
            "school__establishment"))
        assert [p.customer_kind for p in purchases] == ["school", "school", "trust"]
        assert all(p.rate == Decimal("450.00") and p.amount == p.days * p.rate
                   for p in purchases)
        assert all(p.school.establishment.governance == "academy"
                   for p in purchases if p.school)
        assert [p.is_sent for p in purchases] == [True, False, False]
        income = sum((p.amount for p in purchases), Decimal(0))
    officer = Client()
    officer_email = next(person[1] for person in DEMO_PEOPLE if person[0] == "officer")
    assert officer.login(email=officer_email, password=DEMO_PASSWORD)
    page = officer.get(f"/t/{DEMO_SLUG}/funding/years/{year.pk}/reconciliation/").content
    assert f"£{income:,.2f}".encode() in page


def test_the_demo_council_charges_pupils_from_its_applied_october_census(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        [census] = CensusReturn.objects.filter(status="applied")
        assert census.census_date.month == 10
        # The January return is checked and waits for the admin to apply it.
        [spring] = CensusReturn.objects.exclude(pk=census.pk)
        assert (spring.status, spring.census_date.month) == ("previewed", 1)
        schedule = dedelegation_schedule(this_funding_year())
        assert schedule.schools
        assert all(row.source == census.source for row in schedule.schools if row.pupils)


def test_the_demo_council_has_a_voted_year_of_de_delegation(seeded):
    """Four realistic lines, behaviour support agreed by primary and refused by secondary, an
    academy buying school improvement back, and the head sees their own school's charge."""
    tenant, _ = seeded
    with scope(tenant=tenant):
        year = this_funding_year()
        lines = {line.name: line for line in DeDelegationLine.objects.all()}
        assert set(lines) == {"School improvement", "Behaviour support",
                              "Trade union facilities time", "Licences and subscriptions",
                              "EAL and Traveller support"}
        assert all(Decimal("3") <= line.rate_for(phase) <= Decimal("20")
                   for line in lines.values() for phase in ("primary", "secondary")
                   if line.basis_for(phase) == "per_pupil")
        eal = lines["EAL and Traveller support"]
        assert (eal.primary_basis, eal.secondary_basis) == ("per_eal_pupil", "per_school")
        [corrected] = PhaseVote.objects.filter(superseded_at__isnull=False)
        assert corrected.superseded_reason and corrected.corrections.get().is_current
        failed = list(PhaseVote.objects.filter(outcome="failed", superseded_at__isnull=True)
                      .values_list("line__name", "phase"))
        assert failed == [("Behaviour support", "secondary")]
        assert BuyBack.objects.count() == 1
        schedule = dedelegation_schedule(year)
        assert len(schedule.schools) > 50
        for summary in schedule.lines:
            assert summary.total == sum((row.charges[summary.line.pk] or Decimal(0)
                                         for row in schedule.schools), Decimal(0))
            assert summary.total > 0
    client = Client()
    head_email = next(person[1] for person in DEMO_PEOPLE if person[0] == "headteacher")
    assert client.login(email=head_email, password=DEMO_PASSWORD)
    body = client.get(f"/t/{DEMO_SLUG}/funding/years/{year.pk}/").content.decode()
    assert "Your school" in body and "School improvement" in body


def test_the_demo_council_has_a_confirmed_allocation_and_a_draft_after_a_category_change(
        seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        confirmed = AllocationRun.objects.get(status=RunStatus.CONFIRMED, fund__isnull=True,
                                              year=this_funding_year())
        rows = list(AllocationRunSchool.objects.filter(run=confirmed))
        assert confirmed.total > 0
        assert confirmed.total == sum((row.amount for row in rows), Decimal("0"))
        assert {row.category_code for row in rows if row.amount} <= {"3A", "3B", "3C", "3D"}
        draft = AllocationRun.objects.get(status=RunStatus.DRAFT)
        assert draft.origin.startswith("Made after categories changed")
    client = Client()
    officer_email = next(person[1] for person in DEMO_PEOPLE if person[0] == "officer")
    assert client.login(email=officer_email, password=DEMO_PASSWORD)
    body = client.get(f"/t/{DEMO_SLUG}/funding/runs/{confirmed.pk}/").content.decode()
    assert "Categories have changed since this run was confirmed" in body


def test_the_demo_council_has_commitments_awaiting_approval_with_vat_and_imported_spend(seeded):
    """One commitment awaiting a second person, one with VAT, one above the limit approved
    by someone other than who asked, and actuals imported beside typed spend."""
    tenant, _ = seeded
    with scope(tenant=tenant):
        year = this_funding_year()
        commitments = list(Commitment.objects.all())
        assert [c.status for c in commitments].count("requested") == 1
        assert any(c.vat and c.vat_amount > 0 for c in commitments)
        assert any(c.status == "approved" and c.needs_approval
                   and c.approved_by_id != c.requested_by_id for c in commitments)
        assert SpendImport.objects.get().status == "applied"
        assert Spend.objects.filter(source="imported").count() == 2
        assert Spend.objects.filter(source="typed").count() == 2
    officer = Client()
    officer_email = next(person[1] for person in DEMO_PEOPLE if person[0] == "officer")
    assert officer.login(email=officer_email, password=DEMO_PASSWORD)
    page = officer.get(f"/t/{DEMO_SLUG}/funding/years/{year.pk}/commitments/").content.decode()
    assert "awaiting a second person" in page and "Intensive support programme" in page
    assert officer.get(f"/t/{DEMO_SLUG}/funding/years/{year.pk}/reconciliation/"
                       ).status_code == 200


def test_the_demo_council_has_a_strategic_fund_with_its_chair_a_contribution_and_a_share(
        seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        summary = fund_summary(StrategicFund.objects.get(year=this_funding_year()).pk)
        assert [(c.name, c.amount) for c in summary.costs] == [
            ("Independent chair", Decimal("4500.00"))]
        [contribution] = summary.contributions
        assert (contribution.contributor_kind, contribution.amount) == (
            "council", Decimal("17100.00"))
        [run] = summary.drawn_runs
        assert run.status == RunStatus.CONFIRMED and run.total == Decimal("90000.00")
        rows = list(AllocationRunSchool.objects.filter(run=run))
        assert sum((row.amount for row in rows), Decimal("0")) == Decimal("90000.00")
        assert summary.remaining == Decimal("22600.00")
    client = Client()
    board_email = next(person[1] for person in DEMO_PEOPLE if person[0] == "board_member")
    assert client.login(email=board_email, password=DEMO_PASSWORD)
    body = client.get(f"/t/{DEMO_SLUG}/funding/funds/{summary.fund.pk}/").content.decode()
    assert "Eastmoor Council" in body and "£22,600.00" in body


# --- Support -----------------------------------------------------------------------------------


def test_the_demo_has_planned_and_recorded_visits_and_a_note_the_head_marked_inaccurate(
        seeded):
    from support.models import Response, Visit, VisitNote, VisitOrigin, VisitStatus

    tenant, _ = seeded
    with scope(tenant=tenant):
        head = demo_membership(DEMO_PEOPLE[3][1])
        planned = Visit.objects.filter(origin=VisitOrigin.PLAN,
                                       status=VisitStatus.PLANNED).count()
        recorded = Visit.objects.filter(status=VisitStatus.DONE).count()
        [inaccurate] = VisitNote.objects.filter(response=Response.INACCURATE)
        own_notes = VisitNote.objects.filter(visit__school=school_of(head)).count()
    assert planned > 10 and recorded >= 3
    assert inaccurate.visit.school == school_of(head) and inaccurate.response_comment
    assert inaccurate.responded_by == head.user and own_notes == 3


def test_the_demo_has_a_deployment_under_way_and_one_ended_with_its_impact_and_assurance(
        seeded):
    from support.models import DeploymentStatus, QualityAssurance
    from support.selectors.deployments import deployment_rows

    tenant, _ = seeded
    with scope(tenant=tenant):
        rows = {row.status: row for row in deployment_rows()}
        assurance = QualityAssurance.objects.select_related("checked_by").get()
    assert set(rows) == {DeploymentStatus.AGREED, DeploymentStatus.ENDED}
    ended = rows[DeploymentStatus.ENDED]
    assert ended.impact == "met" and ended.days_used == ended.days
    assert assurance.deployment_id == ended.pk
    assert assurance.checked_by.role == Role.ADMIN and ended.officer_id != assurance.checked_by_id
    assert rows[DeploymentStatus.AGREED].commitment_id is not None


def test_the_demo_has_strong_schools_able_to_give_support(seeded):
    """Category 1 gives support in the demo's scheme: its outstanding schools are in the
    directory and offered by brokering, never the school in need itself."""
    from decimal import Decimal

    from categorisation.published import categories_in_force
    from support.selectors.brokering import brokering_for
    from support.selectors.directory import directory

    tenant, _ = seeded
    today = timezone.localdate()
    with scope(tenant=tenant):
        outstanding = {school_id for school_id, category in categories_in_force(
            tenant=tenant, on=today).items() if category.code == "1"}
        _, schools = directory(tenant=tenant, on=today)
        head = demo_membership(DEMO_PEOPLE[3][1])
        officer = Membership.objects.get(tenant=tenant, role=Role.OFFICER,
                                         user__email=DEMO_PEOPLE[2][1])
        found = brokering_for(tenant=tenant, school=school_of(head), officer=officer,
                              days=Decimal("2"), on=today)
        giving = School.objects.filter(establishment_id__in=[e.urn for e in schools])
        offered = {s.candidate.school_id for s in found.suggestions
                   if s.candidate.person_id is None}
    assert len(schools) >= 3 and all(entry.is_school for entry in schools)
    assert {school.pk for school in giving} == outstanding
    assert offered and offered <= outstanding and school_of(head).pk not in offered


# --- A demo that teaches: sample files, names and dates ----------------------------------------


def test_the_committed_sample_files_are_what_the_demo_generates(seeded):
    """`manage.py demo_sample_files` writes them: run it after changing the generators."""
    assert set(SAMPLES) == {path.name for path in FILES_DIR.iterdir()}
    made = sample_files()
    for name in SAMPLES:
        assert made[name] == (FILES_DIR / name).read_bytes(), name


def _download(client: Client, html: str) -> dict[str, bytes]:
    links = re.findall(r'href="(/demo/files/[^"]+)"', html)
    files = {}
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        files[link.rsplit("/", 1)[1]] = b"".join(response.streaming_content)
    return files


def test_each_import_page_offers_the_sample_files_and_each_imports_cleanly(
        seeded, django_capture_on_commit_callbacks):
    """What a newcomer does: follow the page's link, upload the file there, apply the preview."""
    tenant, _ = seeded
    admin = Client()
    admin.force_login(User.objects.get(email="admin@northshire.example.org"))
    gias_page = f"/t/{DEMO_SLUG}/imports/"
    data_page = f"/t/{DEMO_SLUG}/categorisation/imports/"
    gias = _download(admin, admin.get(gias_page).content.decode())
    data = _download(admin, admin.get(data_page).content.decode())
    assert set(gias) == {GIAS_ESTABLISHMENTS} and set(data) == {OFSTED_MI, KS2}
    uploads = [(gias_page, GIAS_ESTABLISHMENTS, {}), (data_page, OFSTED_MI, {"kind": "ofsted"}),
               (data_page, KS2, {"kind": "performance"})]
    for page, name, extra in uploads:
        with django_capture_on_commit_callbacks(execute=True):
            response = admin.post(page, {"file": SimpleUploadedFile(name, (gias | data)[name]),
                                         **extra})
        assert response.status_code == 302, (name, response.content.decode()[:300])
        with django_capture_on_commit_callbacks(execute=True):
            assert admin.post(f"{response['Location']}apply/").status_code == 302
    with scope(tenant=tenant):
        gias_import = GiasImport.objects.get()
        ofsted_import, ks2_import = DataImport.objects.order_by("created_at")
        schools = School.objects.count()
    for record in (gias_import, ofsted_import, ks2_import):
        assert (record.status, record.errors) == ("done", []), record.original_name
    assert gias_import.total_rows == schools
    assert ks2_import.total_rows > 100 and ofsted_import.total_rows > 200


def test_the_sample_links_file_imports_cleanly_as_the_national_links(
        seeded, django_capture_on_commit_callbacks):
    operator = Client()
    operator.force_login(User.objects.get(email="operator@northshire.example.org"))
    files = _download(operator, operator.get("/platform/imports/gias/").content.decode())
    assert set(files) == {GIAS_LINKS}
    with django_capture_on_commit_callbacks(execute=True):
        response = operator.post("/platform/imports/gias/", {
            "kind": "links", "file": SimpleUploadedFile(GIAS_LINKS, files[GIAS_LINKS])})
    assert response.status_code == 302, response.content.decode()[:300]
    record = NationalGiasImport.objects.get()
    assert (record.status, record.errors) == ("previewed", [])
    assert record.total_rows == EstablishmentLink.objects.filter(urn__gte=900000).count()


def test_a_sample_file_not_listed_is_not_found(client):
    assert client.get("/demo/files/..%2Fsample_files.py").status_code == 404
    assert client.get("/demo/files/settings.py").status_code == 404


def test_heads_titles_suit_their_first_names_and_no_name_says_a_word_twice(seeded):
    """No "Mr Fatima", no "Kingsbridge High School School"."""
    establishments = list(Establishment.objects.filter(urn__gte=900000, urn__lt=910000))
    assert len(establishments) > 300
    for e in establishments:
        assert not re.search(r"\b(\w+) \1\b", e.name), e.name
        if e.head_first_name in MEN:
            assert e.head_title in ("Mr", "Dr"), (e.head_title, e.head_first_name)
        else:
            assert e.head_title in ("Mrs", "Ms", "Miss", "Dr"), (e.head_title, e.head_first_name)
    # The conversion that used to make "... High School School" still has a predecessor.
    assert any(e.name.endswith("High School Academy") for e in establishments)
    assert title_for("Fatima", "Mr") in ("Mrs", "Ms") and title_for("Gareth", "Miss") == "Mr"


def test_the_heads_name_is_the_same_on_their_school_and_their_login(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        head = demo_membership(DEMO_PEOPLE[3][1])
        e = school_of(head).establishment
        assert f"{e.head_first_name} {e.head_last_name}" == head.user.full_name == "Nadia Rahman"
        assert e.head_title == "Mrs"
        # The other heads with a login (hub chairs, governors' contacts) too.
        others = Membership.objects.filter(role=Role.HEADTEACHER, user__email__contains="@schools.")
        assert others.count() >= 10
        for membership in others.select_related("user", HEADSHIP_RELATED):
            school = school_of(membership).establishment
            assert membership.user.full_name == f"{school.head_first_name} {school.head_last_name}"


def test_no_meeting_or_visit_falls_on_a_weekend_or_a_bank_holiday(seeded):
    tenant, _ = seeded
    with scope(tenant=tenant):
        days = [timezone.localtime(at).date() for at in
                Meeting.objects.values_list("starts_at", flat=True)]
        # The visits the demo dates itself, and those planned from the entitlements' cadence.
        days += [day for pair in Visit.objects.values_list("planned_on", "done_on")
                 for day in pair if day]
        assert Visit.objects.filter(origin=VisitOrigin.PLAN).count() >= 20
        days += list(PhaseVote.objects.values_list("decided_on", flat=True))
        urns = list(School.objects.values_list("establishment_id", flat=True))
    with scopes_disabled():  # the demo's Ofsted inspections of its schools (national layer)
        inspected = list(Inspection.objects.filter(urn__in=urns)
                         .values_list("start_date", flat=True))
    assert len(inspected) >= 300
    days += inspected
    assert len(days) >= 330
    assert sorted({day for day in days if not is_working_day(day)}) == []


@pytest.mark.parametrize("today", [date(2026, 1, 15), date(2025, 12, 27), date(2026, 4, 8)])
def test_counted_from_any_today_a_demo_meeting_day_is_a_working_day(today):
    """Hub meetings are counted in weeks from today: ten weeks before 5 March 2026 was
    Christmas Day."""
    from demo.dates import working_day_between, working_day_on_or_after, working_day_on_or_before
    from demo.hubs import _at
    assert working_day_on_or_before(date(2025, 12, 25)) == date(2025, 12, 24)
    assert working_day_on_or_after(date(2025, 12, 25)) == date(2025, 12, 29)
    assert working_day_between(date(2025, 8, 31), date(2025, 9, 1), today) == date(2025, 9, 1)
    for weeks in range(-12, 13):
        assert is_working_day(timezone.localtime(_at(today + timedelta(weeks=weeks))).date())


@pytest.mark.parametrize("schools", ["99", "7001"])
def test_seed_demo_refuses_a_register_too_small_for_its_choices_or_beyond_its_urns(schools):
    with pytest.raises(CommandError, match=f"--schools: {schools} is not between 100 and 7,000"):
        call_command("seed_demo", "--schools", schools, stdout=StringIO())


def test_the_demo_has_a_cluster_peer_review_with_themes_and_a_programme(seeded):
    from support.models.peer_review import PeerReview, PeerReviewCycle, PeerReviewOutcome
    from support.models.programmes import Programme
    from support.peer_review_notifications import SOURCE

    tenant, _ = seeded
    with scope(tenant=tenant):
        head = demo_membership(DEMO_PEOPLE[3][1])
        cycles = list(PeerReviewCycle.objects.order_by("starts_on"))
        last, current = cycles
        reviewed = set(PeerReview.objects.filter(cycle=current).values_list("school_id",
                                                                           flat=True))
        outcomes = list(PeerReviewOutcome.objects.filter(review__cycle=last))
        judgements = {outcome.judgement for outcome in outcomes}
        waiting = SOURCE.waiting(head, frozenset())
        programme = Programme.objects.get()
        signed_up, trained = programme.schools.count(), programme.trained.count()
    assert last.partnership_id == current.partnership_id and len(reviewed) >= 4
    assert school_of(head).pk in reviewed
    assert len(outcomes) >= 12 and judgements == {"strength", "area_to_develop"}
    assert any("starts on" in item.text and "you are on its team" in item.text
               for item in waiting)
    assert signed_up > 50 and trained >= 8
