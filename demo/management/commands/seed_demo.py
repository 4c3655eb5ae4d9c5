"""Create (or recreate) a demo council: by default Northshire Council (`/t/demo/`, LA 999) with
about 300 schools, one login per role, and the whole product in use: regions and hubs with
chairs, advisers, meetings, priorities and actions, a consultation survey (`demo.partnerships`);
Ofsted inspections of every era and performance indicators (`demo.public`), the Warwickshire
scheme with proposals confirmed, overridden, waiting and in moderation, and local intelligence
(`demo.categorisation`). Then print where to sign in and what to try.

A second, independent council beside it (to see that councils never reach each other):

    python manage.py seed_demo --slug southvale --name "Southvale Council" --la-code 888 \
        --email-domain southvale.example.org

Each council has its own LA code, its own block of URNs (`demo.councils.DemoCouncil`) and logins
`<role>@<email-domain>`, all with the same password.

Safe to run again: it removes that council's previous tenant, its users, its made-up
establishments (its block of URNs) and their inspections and indicators first, and generates the
same data from the same seed. Other councils are left alone.
"""

import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import slug_re
from django.db import transaction
from django.test.utils import override_settings
from django_scopes import scope, scopes_disabled

from accounts.models import User
from boards.models import Board, Minutes
from boards.services.hubs import sync_hubs
from categorisation.models import CategoryProposal
from core import services
from core.audit import audit_record
from core.models import LA_CODE_PATTERN, Membership, Role, Tenant
from demo import boards as boards_demo
from demo import categorisation as categorisation_demo
from demo import funding as funding_demo
from demo import partnerships as partnerships_demo
from demo import peer_review as peer_review_demo
from demo import public as public_demo
from demo import support as support_demo
from demo import support_cases as support_cases_demo
from demo.councils import DEMO_LA_CODE, DEMO_LA_NAME, DemoCouncil
from demo.names import HEAD_NAME
from demo.printing import login_table, things_to_try
from demo.register import demo_head_school, generate_register, name_the_head
from demo.stable_ids import stable_ids
from partnerships.models import Partnership, PartnershipRole, RoleKind, Survey
from schools.models import Establishment, EstablishmentLink, Headship, School
from schools.searching import normalise
from schools.selectors import school_of

DEMO_SLUG = "demo"
DEMO_NAME = "Northshire Council"
DEMO_PASSWORD = "improve-together"
DEMO_DOMAIN = "northshire.example.org"



@dataclass(frozen=True)
class DemoSpec:
    """One demo council: where it lives, its LA code and the domain of its logins."""

    slug: str = DEMO_SLUG
    name: str = DEMO_NAME
    la_code: str = DEMO_LA_CODE
    email_domain: str = DEMO_DOMAIN
    # Northshire's size; the benchmarks make a council of 1,000 (bench/dataset.py).
    open_schools: int = 270

    @property
    def council(self) -> DemoCouncil:
        la_name = (DEMO_LA_NAME if self.la_code == DEMO_LA_CODE
                   else self.name.removesuffix(" Council"))
        return DemoCouncil.for_la(self.la_code, la_name)

    @property
    def staff_domain(self) -> str:
        return f"staff.{self.email_domain}"

    @property
    def schools_domain(self) -> str:
        return f"schools.{self.email_domain}"

    def people(self) -> list[tuple[str, str, str, str]]:
        """(role or "operator", e-mail, full name, job title) of each demo login."""
        return [(role, f"{local}@{self.email_domain}", name, title)
                for role, local, name, title in _PEOPLE]

    def advisers(self) -> list[tuple[str, str, str, tuple[str, ...]]]:
        """(e-mail, full name, title, the localities they advise): officers who are not logins."""
        return [(f"{local}@{self.staff_domain}", name, title, localities)
                for local, name, title, localities in _ADVISERS]


_PEOPLE: list[tuple[str, str, str, str]] = [
    ("operator", "operator", "Pat Operator", "Platform operator"),
    (Role.ADMIN, "admin", "Alison Grant", "Head of School Effectiveness"),
    (Role.OFFICER, "officer", "Rob Fielding", "School improvement adviser"),
    (Role.HEADTEACHER, "head", HEAD_NAME, "Headteacher"),
    (Role.BOARD_MEMBER, "board", "Geoff Marsh", "Board member"),
    (Role.VIEWER, "viewer", "Cllr Jean Oduya", "Elected member"),
]
# The other advisers (no usable password), with their own domain so a wipe finds them; the
# headteachers who chair hubs or respond to categories are on the schools domain.
_ADVISERS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("helen.carter", "Helen Carter", "Senior school improvement adviser", ("West",)),
    ("sunil.mehta", "Sunil Mehta", "Senior school improvement adviser", ("East",)),
    ("bethan.owen", "Bethan Owen", "School improvement adviser", ("South",)),
    ("chidi.okafor", "Chidi Okafor", "School improvement adviser", ()),
]
DEFAULT_SPEC = DemoSpec()
# Northshire's logins, as the README lists them.
DEMO_PEOPLE = DEFAULT_SPEC.people()


def demo_wipe(spec: DemoSpec = DEFAULT_SPEC) -> None:
    """Remove everything a previous run for this council made: the tenant (its rows cascade),
    its demo users and its made-up establishments with their links. Nothing of another
    council: its slug, its e-mail domain and its block of URNs are its own."""
    council = spec.council
    with scopes_disabled():
        for tenant in Tenant.objects.filter(slug=spec.slug):
            # Boards' seats, partnership roles and categories protect memberships, schemes and
            # schools (a seat may be nominated by a partnership).
            boards_demo.demo_wipe(tenant)
            peer_review_demo.demo_wipe(tenant)
            support_demo.demo_wipe(tenant)
            support_cases_demo.demo_wipe(tenant)
            funding_demo.demo_wipe(tenant)
            partnerships_demo.demo_wipe(tenant)
            categorisation_demo.demo_wipe(tenant)
        # Memberships protect the headteacher's school, so they go before the tenant cascades.
        Membership.objects.filter(tenant__slug=spec.slug).delete()
        Tenant.objects.filter(slug=spec.slug).delete()
        User.objects.filter(email__in=[person[1] for person in spec.people()]).delete()
        User.objects.filter(email__endswith=f"@{spec.staff_domain}").delete()
        User.objects.filter(email__endswith=f"@{spec.schools_domain}").delete()
        public_demo.public_data_wipe(urn_first=council.urn_first,
                                     urn_last=council.urn_last)
        EstablishmentLink.objects.filter(urn__gte=council.urn_first,
                                         urn__lte=council.urn_last).delete()
        Establishment.objects.filter(urn__gte=council.urn_first,
                                     urn__lte=council.urn_last).delete()


def demo_seed(*, seed: int = 2025, spec: DemoSpec = DEFAULT_SPEC) -> Tenant:
    """Wipe the council's last seed and make it again, with the same ids (`demo.stable_ids`:
    the block covers the rows made after the commit too)."""
    with stable_ids(spec.la_code):
        tenant, admin, officer, head = _demo_seed(seed=seed, spec=spec)
        # Money and visits in a second transaction: the first one's category decisions have
        # told funding after their commit, before any allocation is confirmed, so a confirmed
        # allocation is redrafted once (for the decision made after it), not once per school.
        with transaction.atomic(), scope(tenant=tenant):
            _seed_money(tenant=tenant, admin=admin, officer=officer, head=head, spec=spec)
            # The heads made after the hubs were seated (peer reviewers, supporters) take their
            # hub seats now, as the nightly sync would seat them.
            sync_hubs(tenant=tenant)
    # Every demo login has the same password: hashed once, not once per login (each hash
    # costs a good part of a second on purpose).
    User.objects.filter(email__in=[person[1] for person in spec.people()]).update(
        password=make_password(DEMO_PASSWORD))
    return tenant


def _login(email: str, full_name: str, **extra) -> User:
    """A demo login's user, made before its invitation is accepted (the password follows)."""
    return User.objects.create_user(email, None, full_name=full_name, **extra)


@transaction.atomic
def _demo_seed(*, seed: int, spec: DemoSpec) -> tuple[Tenant, Membership, Membership,
                                                      Membership]:
    """The tenant, its register, people, partnerships, categories and board: (tenant, admin,
    officer, headteacher)."""
    demo_wipe(spec)
    people = {role: (email, name, title) for role, email, name, title in spec.people()}
    email, name, _ = people["operator"]
    operator = _login(email, name, is_platform_operator=True)
    tenant, invitation = services.tenant_create(
        actor=operator, name=spec.name, slug=spec.slug, la_codes=[spec.la_code],
        admin_email=people[Role.ADMIN][0],
    )
    admin = services.invitation_accept(
        invitation=invitation, user=_login(*people[Role.ADMIN][:2]))
    with scope(tenant=tenant):
        Membership.objects.filter(pk=admin.pk).update(title=people[Role.ADMIN][2])
        register = generate_register(seed=seed, council=spec.council,
                                     open_schools=spec.open_schools)
        head_establishment = demo_head_school(register)
        name_the_head(head_establishment, people[Role.HEADTEACHER][1])
        # bulk_create skips `save`: the search columns are written here, as the imports do.
        for establishment in register.establishments:
            establishment.search_name = normalise(establishment.name)
        for link in register.links:
            link.linked_search_name = normalise(link.linked_name)
        Establishment.objects.bulk_create(register.establishments, batch_size=500)
        EstablishmentLink.objects.bulk_create(register.links, batch_size=500)
        School.objects.bulk_create(
            [School(tenant=tenant, establishment=e, locality=register.localities[e.urn])
             for e in register.establishments],
            batch_size=500,
        )
        audit_record(
            tenant=tenant, actor=admin.user, action="register.demo_seed",
            summary=f"Loaded the demo register: {len(register.establishments)} schools, "
                    f"{len(register.links) // 2} academy conversions",
        )
        memberships = {}
        for role in (Role.OFFICER, Role.HEADTEACHER, Role.BOARD_MEMBER, Role.VIEWER):
            email, name, title = people[role]
            school = (School.objects.with_establishment().get(establishment=head_establishment)
                      if role == Role.HEADTEACHER else None)
            invitation = services.invitation_create(
                tenant=tenant, actor=admin.user, email=email, role=role, title=title,
                school=school,
            )
            memberships[role] = services.invitation_accept(invitation=invitation,
                                                           user=_login(email, name))
        # The adviser is linked to the schools of two localities, as an SIA's patch would be.
        School.objects.filter(locality__in=["Central", "North"]).update(
            link_adviser=memberships[Role.OFFICER]
        )
        _seed_product(tenant=tenant, admin=admin, officer=memberships[Role.OFFICER],
                      head=memberships[Role.HEADTEACHER], register=register, seed=seed,
                      spec=spec, board_member=memberships[Role.BOARD_MEMBER])
    return tenant, admin, memberships[Role.OFFICER], memberships[Role.HEADTEACHER]


def _member(tenant: Tenant, *, email: str, full_name: str, role: str, title: str,
            school: School | None = None) -> Membership:
    """A person of the demo who is not a demo login: no usable password, no invitation."""
    user = User.objects.create_user(email, None, full_name=full_name)
    membership = Membership(tenant=tenant, user=user, role=role, title=title)
    membership.full_clean()
    membership.save()
    if school is not None:
        Headship.objects.create(tenant=tenant, membership=membership, school=school)
    return membership


def _school_head(tenant: Tenant, school: School, spec: DemoSpec) -> Membership:
    existing = Membership.objects.filter(role=Role.HEADTEACHER, headship__school=school).first()
    if existing is not None:
        return existing
    e = school.establishment
    return _member(tenant, email=f"head.{e.urn}@{spec.schools_domain}",
                   full_name=f"{e.head_first_name} {e.head_last_name}".strip() or "Headteacher",
                   role=Role.HEADTEACHER, title="Headteacher", school=school)


def _seed_product(*, tenant: Tenant, admin: Membership, officer: Membership,
                  head: Membership, register, seed: int, spec: DemoSpec,
                  board_member: Membership) -> None:
    """Partnerships, categorisation, the board and funding, through each app's demo module (inside
    the scope)."""
    advisers = {"Central": officer, "North": officer}
    staff = {}
    for email, name, title, localities in spec.advisers():
        staff[name] = _member(tenant, email=email, full_name=name, role=Role.OFFICER, title=title)
        advisers.update({locality: staff[name] for locality in localities})
    # The headteacher's school: good at its last graded inspection, results falling since.
    public = public_demo.generate_public_data(
        establishments=register.establishments, links=register.links, seed=seed,
        profiles={school_of(head).establishment_id: (2, "declining", "graded")},
    )
    public_demo.public_data_load(public)
    result = partnerships_demo.seed_partnerships(
        tenant=tenant, admin=admin, head=head, advisers=advisers,
        second_adviser=staff["Chidi Okafor"],
        regional_leads={"North and West": staff["Helen Carter"], "Central": officer,
                        "East and South": staff["Sunil Mehta"]},
        headteacher_for=lambda school: _school_head(tenant, school, spec), seed=seed,
    )
    categorisation_demo.seed_categorisation(
        tenant=tenant, admin=admin, officer=officer, head=head,
        other_heads=[chair for chair in result.chairs if chair.pk != head.pk], seed=seed,
    )
    boards_demo.seed_boards(
        tenant=tenant, admin=admin, head=head, chair=board_member, regions=result.regions,
        headteacher_for=lambda school: _school_head(tenant, school, spec),
        person_for=lambda local, name, role, title: _member(
            tenant, email=f"{local}@{spec.staff_domain}", full_name=name, role=role,
            title=title))


def _seed_money(*, tenant: Tenant, admin: Membership, officer: Membership, head: Membership,
                spec: DemoSpec) -> None:
    """Funding, then support's visits and brokering (inside the scope)."""
    funding_demo.seed_funding(tenant=tenant, admin=admin, finance=_member(
        tenant, email=f"finance@{spec.staff_domain}", full_name="Priya Shah", role=Role.ADMIN,
        title="Finance business partner (schools)"))
    support_demo.seed_support(tenant=tenant, officer=officer, head=head)
    support_demo.seed_brokering(tenant=tenant, officer=officer, head=head, admin=admin)
    case = support_cases_demo.seed_rise(tenant=tenant, officer=officer)
    academy = case.school if case else None
    support_cases_demo.seed_plans(tenant=tenant, officer=officer, head=head, academy=academy)
    support_cases_demo.seed_escalation(tenant=tenant, officer=officer, academy=academy)
    peer_review_demo.seed_peer_review(
        tenant=tenant, officer=officer, head=head,
        head_for=lambda school: _school_head(tenant, school, spec))
    peer_review_demo.seed_programme(tenant=tenant, officer=officer)


class Command(BaseCommand):
    help = ("Create a demo council (by default Northshire Council, /t/demo/) and print its "
            "logins. Another council beside it: --slug southvale --name \"Southvale Council\" "
            "--la-code 888 --email-domain southvale.example.org")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=2025,
                            help="Random seed for the generated register (default 2025).")
        parser.add_argument("--slug", default=DEMO_SLUG,
                            help=f"Its short name in web addresses (default {DEMO_SLUG}).")
        parser.add_argument("--name", default=DEMO_NAME,
                            help=f"The council's name (default {DEMO_NAME}).")
        parser.add_argument("--la-code", default=DEMO_LA_CODE,
                            help=f"Its three-digit LA code (default {DEMO_LA_CODE}).")
        parser.add_argument("--schools", type=int, default=DemoSpec.open_schools,
                            help="How many open schools its register holds (default "
                                 f"{DemoSpec.open_schools}; from 100 to 7,000).")
        parser.add_argument("--email-domain", default=DEMO_DOMAIN,
                            help=f"Logins are <role>@<domain> (default {DEMO_DOMAIN}).")

    def handle(self, *args, seed: int, slug: str, name: str, la_code: str, email_domain: str,
               schools: int, **options) -> None:
        # The demo's own choices (hub chairs, the head's school) need a county-sized register;
        # the council's block of URNs (9,000) bounds it above, with room for predecessors.
        if not 100 <= schools <= 7000:
            raise CommandError(f"--schools: {schools} is not between 100 and 7,000.")
        if not LA_CODE_PATTERN.match(la_code):
            raise CommandError(f"--la-code: {la_code!r} is not a three-digit LA code.")
        if not slug_re.match(slug):
            raise CommandError(f"--slug: {slug!r} may hold only letters, digits, - and _.")
        spec = DemoSpec(slug=slug, name=name, la_code=la_code,
                        email_domain=email_domain.strip().lower(), open_schools=schools)
        started = time.monotonic()
        # Demo invitations are accepted on the spot: their e-mails are not sent or printed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            try:
                tenant = demo_seed(seed=seed, spec=spec)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        with scope(tenant=tenant):
            total = School.objects.count()
            open_count = School.objects.filter(establishment__is_open=True).count()
            head = Membership.objects.get(user__email=spec.people()[3][1])
            head_school = school_of(head)
            hub = (PartnershipRole.objects.filter(person=head, kind=RoleKind.CHAIR)
                   .select_related("partnership").first())
            survey = Survey.objects.order_by("pk").first()
            waiting = CategoryProposal.objects.filter(status=CategoryProposal.Status.OPEN).count()
            hubs = Partnership.objects.filter(level__name="Hub").count()
            share = partnerships_demo.coverage_share(tenant)
            board = Board.objects.filter(kind="board").order_by("pk").first()
            # The head's hub, a board of kind hub, for the "things to try".
            hub_board = (Board.objects.filter(kind="hub", partnership_id=hub.partnership_id)
                         .values_list("pk", flat=True).first() if hub else None)
            published = (Minutes.objects.filter(meeting__board=board, status="published")
                         .values_list("meeting_id", flat=True).first())
        self.stdout.write(self.style.SUCCESS(
            f"Demo tenant {tenant.name} ready in {time.monotonic() - started:.1f} s: {total} "
            f"schools ({open_count} open), {hubs} hubs covering {share:.0%} of open schools, "
            f"{waiting} category proposals waiting; LA code {spec.la_code}."
        ))
        self.stdout.write(login_table(headteacher_school=head_school.establishment.name,
                                      spec=spec, password=DEMO_PASSWORD))
        self.stdout.write(things_to_try(
            head_urn=head_school.establishment_id,
            head_hub_id=hub_board,
            survey_id=survey.pk if survey else None, waiting=waiting, share=share, spec=spec,
            board_id=board.pk if board else None, published_meeting_id=published,
        ))
