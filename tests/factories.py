"""factory_boy factories. Child factories take their parent's tenant; all create rows with
scopes disabled, so tests set up data freely while the code under test stays scoped."""

import factory
from django_scopes import scopes_disabled
from faker import Faker

from accounts.models import User
from core.models import Membership, Role, Tenant
from schools.models import Establishment, Governance, Headship, Phase, School


class ScopeFreeFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


class TenantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tenant

    name = factory.Sequence(lambda n: f"Council {n}")
    slug = factory.Sequence(lambda n: f"council-{n}")
    la_codes = factory.List(["936"])


_fake = Faker("en_GB")
_last_names_by_first: dict[str, set[str]] = {}


def unique_full_name() -> str:
    """A random first and last name that no other person of this test process has, nor one
    that contains it or is contained in it ("Ann Robert", "Ann Roberts"): tests that check a
    person's name is absent from a page must not trip over a namesake. Letters only: a test
    that looks for a name in a page's HTML would not find "O'Neill", which is escaped there."""
    while True:
        first, last = _fake.first_name(), _fake.last_name()
        if not (first.isalpha() and last.isalpha()):
            continue
        taken = _last_names_by_first.setdefault(first, set())
        if not any(last.startswith(other) or other.startswith(last) for other in taken):
            taken.add(last)
            return f"{first} {last}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.LazyFunction(unique_full_name)
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook
        if create:
            obj.save()


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    urn = factory.Sequence(lambda n: 700000 + n)
    la_code = "936"
    la_name = "Surrey"
    establishment_number = factory.Sequence(lambda n: f"{2000 + n % 7000}")
    name = factory.Sequence(lambda n: f"Test Primary School {n}")
    type_name = "Community school"
    type_group = "Local authority maintained schools"
    governance = Governance.MAINTAINED
    phase = Phase.PRIMARY
    status_name = "Open"
    is_open = True
    number_of_pupils = 210
    town = "Guildford"
    postcode = "GU1 1AA"


class SchoolFactory(ScopeFreeFactory):
    class Meta:
        model = School

    tenant = factory.SubFactory(TenantFactory)
    establishment = factory.SubFactory(
        EstablishmentFactory,
        la_code=factory.LazyAttribute(lambda o: o.factory_parent.tenant.la_codes[0]),
    )


class MembershipFactory(ScopeFreeFactory):
    class Meta:
        model = Membership
        skip_postgeneration_save = True

    tenant = factory.SubFactory(TenantFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.OFFICER

    @factory.post_generation
    def school(membership, create, school, **kwargs):
        """`school=`: the school a headteacher leads (a Headship); a headteacher given none
        leads a new school of the tenant."""
        if school is None and membership.role == Role.HEADTEACHER:
            school = SchoolFactory(tenant=membership.tenant)
        if school is not None and create:
            with scopes_disabled():
                Headship.objects.create(tenant=membership.tenant, membership=membership,
                                        school=school)


GIAS_MINIMAL_HEADER = ('"URN","LA (code)","LA (name)","EstablishmentNumber","EstablishmentName",'
                       '"TypeOfEstablishment (name)","EstablishmentStatus (name)",'
                       '"PhaseOfEducation (name)"')


def gias_file(*rows: tuple[int, str, str, str]) -> bytes:
    """A GIAS establishments file with the fewest columns that add a school: one row per
    (URN, LA code, name, status)."""
    lines = [GIAS_MINIMAL_HEADER] + [
        f'{urn},{la_code},"Somewhere",2999,"{name}","Community school","{status}","Primary"'
        for urn, la_code, name, status in rows]
    return ("\n".join(lines) + "\n").encode()


def api_token_client(user, tenant=None, *, access: str = "write", days: int = 90,
                     made_with_mfa: bool = False):
    """An APIClient sending a new API token of `user` for `tenant` (their first membership's
    by default), as a script would."""
    from datetime import timedelta

    from django.utils import timezone
    from django_scopes import scopes_disabled
    from rest_framework.test import APIClient

    from core.models import ApiToken, Membership

    with scopes_disabled():
        if tenant is None:
            tenant = Membership.objects.filter(user=user).order_by("pk").first().tenant
        key, key_hash = ApiToken.new_key()
        ApiToken.objects.create(user=user, tenant=tenant, name="test", scope=access,
                                key_prefix=key[:10], key_hash=key_hash,
                                made_with_mfa=made_with_mfa,
                                expires_at=timezone.now() + timedelta(days=days))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    client.token_key = key
    return client
