"""Create (or recreate) the demo tenant: Northshire Council with about 300 schools, one login
per role, and the whole product in use: regions and hubs with chairs, advisers, meetings,
priorities and actions, a consultation survey (`partnerships.demo`); Ofsted inspections of every
era, performance indicators, the Warwickshire scheme with proposals confirmed, overridden, waiting
and in moderation, and local intelligence (`categorisation.demo`). Then print where to sign in and
what to try.

Safe to run again: it removes the previous demo tenant, its users, its made-up establishments
(URNs 900001-909999) and their inspections and indicators first, and generates the same data
from the same seed.
"""

import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django_scopes import scope, scopes_disabled

from accounts.models import User
from categorisation import demo as categorisation_demo
from categorisation.models import CategoryProposal
from core import services
from core.models import Membership, Role, Tenant
from partnerships import demo as partnerships_demo
from partnerships.models import Partnership, PartnershipRole, RoleKind, Survey
from schools.demo import DEMO_LA_CODE, DEMO_URN_FIRST, DEMO_URN_LAST, generate_register
from schools.models import Establishment, EstablishmentLink, Phase, School

DEMO_SLUG = "demo"
DEMO_NAME = "Northshire Council"
DEMO_PASSWORD = "improve-together"
DEMO_DOMAIN = "northshire.example.org"

# (role or "operator", e-mail, full name, job title)
DEMO_PEOPLE: list[tuple[str, str, str, str]] = [
    ("operator", f"operator@{DEMO_DOMAIN}", "Pat Operator", "Platform operator"),
    (Role.ADMIN, f"admin@{DEMO_DOMAIN}", "Alison Grant", "Head of School Effectiveness"),
    (Role.OFFICER, f"officer@{DEMO_DOMAIN}", "Rob Fielding", "School improvement adviser"),
    (Role.HEADTEACHER, f"head@{DEMO_DOMAIN}", "Nadia Rahman", "Headteacher"),
    (Role.BOARD_MEMBER, f"board@{DEMO_DOMAIN}", "Geoff Marsh", "Board member"),
    (Role.VIEWER, f"viewer@{DEMO_DOMAIN}", "Cllr Jean Oduya", "Elected member"),
]
# People who are not demo logins (no usable password): the other advisers, and the headteachers
# who chair hubs or respond to their categories. Their own domains, so a wipe finds them.
STAFF_DOMAIN = f"staff.{DEMO_DOMAIN}"
SCHOOLS_DOMAIN = f"schools.{DEMO_DOMAIN}"
# (e-mail, full name, title, the localities they advise)
DEMO_ADVISERS: list[tuple[str, str, str, tuple[str, ...]]] = [
    (f"helen.carter@{STAFF_DOMAIN}", "Helen Carter", "Senior school improvement adviser",
     ("West",)),
    (f"sunil.mehta@{STAFF_DOMAIN}", "Sunil Mehta", "Senior school improvement adviser",
     ("East",)),
    (f"bethan.owen@{STAFF_DOMAIN}", "Bethan Owen", "School improvement adviser", ("South",)),
    (f"chidi.okafor@{STAFF_DOMAIN}", "Chidi Okafor", "School improvement adviser", ()),
]


def demo_wipe() -> None:
    """Remove everything a previous run made: the tenant (its rows cascade), the demo users and
    the made-up establishments with their links."""
    with scopes_disabled():
        for tenant in Tenant.objects.filter(slug=DEMO_SLUG):
            # Partnership roles and categories protect memberships, schemes and schools.
            partnerships_demo.demo_wipe(tenant)
            categorisation_demo.demo_wipe(tenant)
        # Memberships protect the headteacher's school, so they go before the tenant cascades.
        Membership.objects.filter(tenant__slug=DEMO_SLUG).delete()
        Tenant.objects.filter(slug=DEMO_SLUG).delete()
        User.objects.filter(email__in=[person[1] for person in DEMO_PEOPLE]).delete()
        User.objects.filter(email__endswith=f"@{STAFF_DOMAIN}").delete()
        User.objects.filter(email__endswith=f"@{SCHOOLS_DOMAIN}").delete()
        categorisation_demo.public_data_wipe(urn_first=DEMO_URN_FIRST, urn_last=DEMO_URN_LAST)
        EstablishmentLink.objects.filter(urn__gte=DEMO_URN_FIRST, urn__lte=DEMO_URN_LAST).delete()
        Establishment.objects.filter(urn__gte=DEMO_URN_FIRST, urn__lte=DEMO_URN_LAST).delete()


def _headteacher_school() -> School:
    """A maintained primary school, the most common kind, for the demo headteacher."""
    return (
        School.objects.with_establishment()
        .filter(establishment__is_open=True, establishment__phase=Phase.PRIMARY,
                establishment__type_name="Community school", establishment__statutory_low_age=4,
                establishment__statutory_high_age=11)
        .order_by("establishment__urn")
        .first()
    )


@transaction.atomic
def demo_seed(*, seed: int = 2025) -> Tenant:
    demo_wipe()
    people = {role: (email, name, title) for role, email, name, title in DEMO_PEOPLE}
    email, name, _ = people["operator"]
    operator = User.objects.create_user(email, DEMO_PASSWORD, full_name=name,
                                        is_platform_operator=True)
    tenant, invitation = services.tenant_create(
        actor=operator, name=DEMO_NAME, slug=DEMO_SLUG, la_codes=[DEMO_LA_CODE],
        admin_email=people[Role.ADMIN][0],
    )
    admin = services.invitation_accept(
        invitation=invitation, password=DEMO_PASSWORD, full_name=people[Role.ADMIN][1]
    )
    with scope(tenant=tenant):
        Membership.objects.filter(pk=admin.pk).update(title=people[Role.ADMIN][2])
        register = generate_register(seed=seed)
        Establishment.objects.bulk_create(register.establishments, batch_size=500)
        EstablishmentLink.objects.bulk_create(register.links, batch_size=500)
        School.objects.bulk_create(
            [School(tenant=tenant, establishment=e, locality=register.localities[e.urn])
             for e in register.establishments],
            batch_size=500,
        )
        services.audit_record(
            tenant=tenant, actor=admin.user, action="register.demo_seed",
            summary=f"Loaded the demo register: {len(register.establishments)} schools, "
                    f"{len(register.links) // 2} academy conversions",
        )
        memberships = {}
        for role in (Role.OFFICER, Role.HEADTEACHER, Role.BOARD_MEMBER, Role.VIEWER):
            email, name, title = people[role]
            invitation = services.invitation_create(
                tenant=tenant, actor=admin.user, email=email, role=role, title=title,
                school=_headteacher_school() if role == Role.HEADTEACHER else None,
            )
            memberships[role] = services.invitation_accept(
                invitation=invitation, password=DEMO_PASSWORD, full_name=name
            )
        # The adviser is linked to the schools of two localities, as an SIA's patch would be.
        School.objects.filter(locality__in=["Central", "North"]).update(
            link_adviser=memberships[Role.OFFICER]
        )
        _seed_product(tenant=tenant, admin=admin, officer=memberships[Role.OFFICER],
                      head=memberships[Role.HEADTEACHER], register=register, seed=seed)
    return tenant


def _member(tenant: Tenant, *, email: str, full_name: str, role: str, title: str,
            school: School | None = None) -> Membership:
    """A person of the demo who is not a demo login: no usable password, no invitation."""
    user = User.objects.create_user(email, None, full_name=full_name)
    membership = Membership(tenant=tenant, user=user, role=role, title=title, school=school)
    membership.full_clean()
    membership.save()
    return membership


def _school_head(tenant: Tenant, school: School) -> Membership:
    existing = Membership.objects.filter(role=Role.HEADTEACHER, school=school).first()
    if existing is not None:
        return existing
    e = school.establishment
    return _member(tenant, email=f"head.{e.urn}@{SCHOOLS_DOMAIN}",
                   full_name=f"{e.head_first_name} {e.head_last_name}".strip() or "Headteacher",
                   role=Role.HEADTEACHER, title="Headteacher", school=school)


def _seed_product(*, tenant: Tenant, admin: Membership, officer: Membership,
                  head: Membership, register, seed: int) -> None:
    """Partnerships and categorisation, through each app's demo module (inside the scope)."""
    advisers = {"Central": officer, "North": officer}
    staff = {}
    for email, name, title, localities in DEMO_ADVISERS:
        staff[name] = _member(tenant, email=email, full_name=name, role=Role.OFFICER, title=title)
        advisers.update({locality: staff[name] for locality in localities})
    # The headteacher's school: good at its last graded inspection, results falling since.
    public = categorisation_demo.generate_public_data(
        establishments=register.establishments, links=register.links, seed=seed,
        profiles={head.school.establishment_id: (2, "declining", "graded")},
    )
    categorisation_demo.public_data_load(public)
    result = partnerships_demo.seed_partnerships(
        tenant=tenant, admin=admin, head=head, advisers=advisers,
        second_adviser=staff["Chidi Okafor"],
        regional_leads={"North and West": staff["Helen Carter"], "Central": officer,
                        "East and South": staff["Sunil Mehta"]},
        headteacher_for=lambda school: _school_head(tenant, school), seed=seed,
    )
    categorisation_demo.seed_categorisation(
        tenant=tenant, admin=admin, officer=officer, head=head,
        other_heads=[chair for chair in result.chairs if chair.pk != head.pk], seed=seed,
    )


class Command(BaseCommand):
    help = "Create the demo tenant (Northshire Council, /t/demo/) and print the demo logins."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=2025,
                            help="Random seed for the generated register (default 2025).")

    def handle(self, *args, seed: int, **options) -> None:
        started = time.monotonic()
        # Demo invitations are accepted on the spot: their e-mails are not sent or printed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            tenant = demo_seed(seed=seed)
        with scope(tenant=tenant):
            total = School.objects.count()
            open_count = School.objects.filter(establishment__is_open=True).count()
            head = Membership.objects.select_related("school__establishment").get(
                user__email=DEMO_PEOPLE[3][1])
            hub = (PartnershipRole.objects.filter(person=head, kind=RoleKind.CHAIR)
                   .select_related("partnership").first())
            survey = Survey.objects.order_by("pk").first()
            waiting = CategoryProposal.objects.filter(status=CategoryProposal.Status.OPEN).count()
            hubs = Partnership.objects.filter(level__name="Hub").count()
            share = partnerships_demo.coverage_share(tenant)
        self.stdout.write(self.style.SUCCESS(
            f"Demo tenant {tenant.name} ready in {time.monotonic() - started:.1f} s: {total} "
            f"schools ({open_count} open), {hubs} hubs covering {share:.0%} of open schools, "
            f"{waiting} category proposals waiting; LA code {DEMO_LA_CODE}."
        ))
        self.stdout.write(login_table(headteacher_school=head.school.establishment.name))
        self.stdout.write(things_to_try(
            head_urn=head.school.establishment_id, head_hub_id=hub.partnership_id if hub else None,
            survey_id=survey.pk if survey else None, waiting=waiting, share=share,
        ))


def things_to_try(*, head_urn: int, head_hub_id: int | None, survey_id: int | None,
                  waiting: int, share: float) -> str:
    base = f"{settings.SITE_URL.rstrip('/')}/t/{DEMO_SLUG}/"
    groups = [
        ("As the officer (officer@)", [
            ("Categories dashboard", "categorisation/"),
            (f"Proposals waiting ({waiting})", "categorisation/proposals/"),
            ("Partnerships: regions and hubs", "partnerships/"),
            (f"Coverage map ({share:.0%} of open schools in a hub)", "partnerships/coverage/"),
            ("Consultation survey results",
             f"partnerships/surveys/{survey_id}/" if survey_id else "partnerships/surveys/"),
            ("Local intelligence", "categorisation/intelligence/"),
        ]),
        ("As the tenant admin (admin@)", [
            ("A school's disagreement to moderate", "categorisation/moderation/"),
            ("Import the GIAS register", "imports/"),
            ("Import Ofsted or performance files", "categorisation/imports/"),
        ]),
        ("As the headteacher (head@)", [
            ("Your hub (you chair it)",
             f"partnerships/{head_hub_id}/hub/" if head_hub_id else "partnerships/my-hub/"),
            ("Your school's category: agree or disagree",
             f"categorisation/schools/{head_urn}/"),
        ]),
    ]
    width = max(len(label) for _, items in groups for label, _ in items)
    lines = ["", "Things to try"]
    for title, items in groups:
        lines += ["", f"  {title}"]
        lines += [f"    {label:<{width}}  {base}{path}" for label, path in items]
    return "\n".join(lines) + "\n"


def login_table(*, headteacher_school: str = "") -> str:
    url = settings.SITE_URL.rstrip("/") + "/"
    rows = []
    for role, email, _name, title in DEMO_PEOPLE:
        label = "Platform operator" if role == "operator" else Role(role).label
        if role == Role.HEADTEACHER and headteacher_school:
            title = f"{title}, {headteacher_school}"
        rows.append((label, email, title))
    width_role = max(len(r[0]) for r in rows + [("Role", "", "")])
    width_email = max(len(r[1]) for r in rows)
    lines = [
        "",
        f"Open {url} and sign in (password for every demo login: {DEMO_PASSWORD})",
        f"The demo tenant's pages are under {url}t/{DEMO_SLUG}/",
        "",
        f"  {'Role':<{width_role}}  {'E-mail':<{width_email}}  As",
        f"  {'-' * width_role}  {'-' * width_email}  {'-' * 20}",
    ]
    lines += [f"  {r[0]:<{width_role}}  {r[1]:<{width_email}}  {r[2]}" for r in rows]
    return "\n".join(lines) + "\n"
