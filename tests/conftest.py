"""Root fixtures: two tenants, and a user of every role in each ("personas").

`personas["a"]["officer"]` is an officer of tenant A; every isolation test signs in as a
persona of tenant B and expects 404 from tenant A's URLs.
"""

import functools

import pytest
from django.test import Client
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, settings

from core.models import Role
from tests.factories import MembershipFactory, SchoolFactory, TenantFactory, UserFactory

# Property tests make their examples with the database: on a machine busy with other tests,
# Hypothesis's "input generation is slow" check once failed a test that was right. Speed is
# the benchmarks' business, not the properties'.
settings.register_profile("project", suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")


def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup`, done here: pytest-xdist 3.8 marks a test's group by rewriting
    `item._nodeid`, which pytest 9 no longer reads, so its loadgroup silently shared a module's
    tests across processes and each process paid for the module's seed (the demo seeds twice).
    Here a module that declares `xdist_group` runs whole on one process; every other test is
    shared out one by one."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    rootpath = config.rootpath

    @functools.cache
    def grouped(path: str) -> bool:
        return "xdist_group(" in (rootpath / path).read_text(encoding="utf-8")

    class ModulesKeptTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path.endswith(".py") and grouped(path) else nodeid

    return ModulesKeptTogether(config, log)


PASSWORD = "correct-horse-battery"
ROLES = [role.value for role in Role]


@pytest.fixture(autouse=True)
def celery_eager():
    """Run tasks inline in every test, even when REDIS_URL makes the settings non-eager.

    Tests marked `worker` turn it off again (tests/worker/conftest.py) to use a real worker.
    """
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (rate limits, cached register pages)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2's deliberate slowness costs about a second per persona set; tests need none."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def tenant_a():
    return TenantFactory(name="Wiltshire Council", slug="wiltshire", la_codes=["865"])


@pytest.fixture
def tenant_b():
    return TenantFactory(name="Dorset Council", slug="dorset", la_codes=["838"])


def _personas(tenant) -> dict:
    school = SchoolFactory(tenant=tenant, establishment__la_code=tenant.la_codes[0])
    people = {}
    for role in ROLES:
        membership = MembershipFactory(
            tenant=tenant, role=role,
            user=UserFactory(email=f"{role}@{tenant.slug}.example.org"),
            school=school if role == Role.HEADTEACHER else None,
        )
        people[role] = membership.user
    people["school"] = school
    return people


@pytest.fixture
def personas(tenant_a, tenant_b) -> dict:
    return {"a": _personas(tenant_a), "b": _personas(tenant_b)}


@pytest.fixture
def operator():
    return UserFactory(email="operator@platform.example.org", is_platform_operator=True)


@pytest.fixture
def client_for():
    """client_for(user) -> a Client signed in as that user (no MFA step)."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def no_scope():
    with scopes_disabled():
        yield


def ensure_reference_data() -> None:
    """Reference data seeded by data migrations (Ofsted grade labels). A transactional test's
    flush removes it after the first such test, so code that runs later seeds it again."""
    import importlib

    from django.apps import apps

    from categorisation.models import GradeLabel

    if not GradeLabel.objects.exists():
        importlib.import_module("categorisation.migrations.0002_seed_grade_labels").seed(
            apps, None)


@pytest.fixture
def reference_data():
    ensure_reference_data()


@pytest.fixture(autouse=True)
def _reference_data_for_every_database_test(request):
    """Every test with a database finds the reference data, whatever ran before it in this
    process. pytest-django runs transactional tests (whose flush removes it) after the others,
    but in a parallel run a process takes files in no fixed order."""
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(
            request.fixturenames):
        request.getfixturevalue("reference_data")
