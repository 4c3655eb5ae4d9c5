"""Create (or recreate) the demo tenant: Northshire Council with about 300 schools and one user
per role, then print where to sign in.

Safe to run again: it removes the previous demo tenant, its users and its made-up establishments
(URNs 900001-909999) first, and generates the same register from the same seed.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django_scopes import scope, scopes_disabled

from accounts.models import User
from core import services
from core.models import Membership, Role, Tenant
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


def demo_wipe() -> None:
    """Remove everything a previous run made: the tenant (its rows cascade), the demo users and
    the made-up establishments with their links."""
    with scopes_disabled():
        # Memberships protect the headteacher's school, so they go before the tenant cascades.
        Membership.objects.filter(tenant__slug=DEMO_SLUG).delete()
        Tenant.objects.filter(slug=DEMO_SLUG).delete()
        User.objects.filter(email__in=[person[1] for person in DEMO_PEOPLE]).delete()
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
    return tenant


class Command(BaseCommand):
    help = "Create the demo tenant (Northshire Council, /t/demo/) and print the demo logins."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--seed", type=int, default=2025,
                            help="Random seed for the generated register (default 2025).")

    def handle(self, *args, seed: int, **options) -> None:
        # Demo invitations are accepted on the spot: their e-mails are not sent or printed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            tenant = demo_seed(seed=seed)
        with scope(tenant=tenant):
            total = School.objects.count()
            open_count = School.objects.filter(establishment__is_open=True).count()
            head = Membership.objects.select_related("school__establishment").get(
                role=Role.HEADTEACHER)
        self.stdout.write(self.style.SUCCESS(
            f"Demo tenant {tenant.name} ready: {total} schools ({open_count} open), "
            f"LA code {DEMO_LA_CODE}."
        ))
        self.stdout.write(login_table(headteacher_school=head.school.establishment.name))


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
