"""The national-scale dataset the page benchmarks run on, cached as a database dump.

- One council of 1,000 open schools carrying everything the product holds, made by the demo
  seed with a bigger register (`DemoSpec.open_schools`): partnerships at three levels, categories
  in every workflow state, inspections of every era and three years of indicators, funding,
  boards with meetings and minutes, visits and deployments, surveys. It goes through the same
  services as the demo, so every rule holds. Its logins are the demo's roles at
  greater.example.org (password `improve-together`).
- 149 more councils of 140 open schools each (about 22,000 register rows in 150 tenants):
  tenant, register and public data in bulk, then the Warwickshire scheme and a recompute
  through the categorisation services, so the national and per-tenant tables the pages read
  have their national size around the large council's rows. Each then gets what money
  follows (`_background_funding`), through the services: hubs by town with every open school
  a member, the computed categories confirmed, and a confirmed allocation to the hubs for
  the current financial year, so a national recompute makes each council a new draft
  (`bench_funding_runs.py`).

The first run builds it (about 3 minutes on 2 cores) and keeps a `pg_dump` in
`bench/.cache/` (or $BENCH_CACHE), named by a fingerprint of every migration and of the code
that generates the data; later runs restore that dump in seconds. Changing a migration or the
generator makes a new fingerprint, so a stale dump is never restored.
"""

import hashlib
import os
import subprocess
import time
from pathlib import Path

from bench.common import REPO

LARGE_SLUG = "bench-large"
LARGE_DOMAIN = "greater.example.org"
LARGE_SCHOOLS = 1000
BACKGROUND_COUNCILS = 149
BACKGROUND_SCHOOLS = 140
# LA codes of the other councils: three digits, none a demo council's (999, 998, 888).
BACKGROUND_CODES = [str(code) for code in range(301, 301 + BACKGROUND_COUNCILS)]
CACHE = Path(os.environ.get("BENCH_CACHE", REPO / "bench" / ".cache"))


def fingerprint() -> str:
    """A digest of everything the dump depends on: migrations, the demo's generators, this."""
    digest = hashlib.sha256()
    sources = sorted([*REPO.glob("*/migrations/*.py"), *REPO.glob("demo/**/*.py"),
                      Path(__file__)])
    for path in sources:
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def large_spec():
    from demo.management.commands.seed_demo import DemoSpec

    return DemoSpec(slug=LARGE_SLUG, name="Greater Northshire Council", la_code="998",
                    email_domain=LARGE_DOMAIN, open_schools=LARGE_SCHOOLS)


def build(*, progress=print) -> None:
    """Make the dataset in the (migrated, empty) database Django is connected to."""
    from django.test import override_settings

    from demo.management.commands.seed_demo import demo_seed

    started = time.monotonic()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        demo_seed(spec=large_spec())
    progress(f"  the 1,000-school council: {time.monotonic() - started:.0f} s")
    operator = _operator()
    for index, code in enumerate(BACKGROUND_CODES, start=1):
        _background_council(code, operator=operator, seed=index)
        if index % 25 == 0:
            progress(f"  {index} of {BACKGROUND_COUNCILS} other councils: "
                     f"{time.monotonic() - started:.0f} s")


def _operator():
    from accounts.models import User

    return User.objects.create_user("operator@bench.example.org", None,
                                    full_name="Bench Operator", is_platform_operator=True)


def _background_council(code: str, *, operator, seed: int) -> None:
    from django.db import transaction
    from django.test import override_settings
    from django_scopes import scope

    from accounts.models import User
    from categorisation import recompute
    from categorisation.services import scheme_preset_load
    from core import services
    from demo import public as public_demo
    from demo.councils import DemoCouncil
    from demo.register import generate_register
    from schools.models import Establishment, EstablishmentLink, School
    from schools.searching import normalise

    name = f"Area {code}"
    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    with quiet, transaction.atomic():
        tenant, invitation = services.tenant_create(
            actor=operator, name=f"{name} Council", slug=f"council-{code}", la_codes=[code],
            admin_email=f"admin@council-{code}.example.org")
        admin = services.invitation_accept(invitation=invitation, user=User.objects.create_user(
            f"admin@council-{code}.example.org", None, full_name=f"Admin of {name}"))
        register = generate_register(seed=seed, open_schools=BACKGROUND_SCHOOLS,
                                     council=DemoCouncil.for_la(code, name))
        for establishment in register.establishments:
            establishment.search_name = normalise(establishment.name)
        for link in register.links:
            link.linked_search_name = normalise(link.linked_name)
        Establishment.objects.bulk_create(register.establishments, batch_size=1000)
        EstablishmentLink.objects.bulk_create(register.links, batch_size=1000)
        public_demo.public_data_load(public_demo.generate_public_data(
            establishments=register.establishments, links=register.links, seed=seed))
        with scope(tenant=tenant):
            School.objects.bulk_create(
                [School(tenant=tenant, establishment=e, locality=register.localities[e.urn])
                 for e in register.establishments], batch_size=1000)
            scheme_preset_load(tenant=tenant, actor=admin.user, preset="warwickshire")
            recompute.recompute_schools(tenant=tenant, reason="Benchmark data loaded")
            _background_funding(tenant=tenant, admin=admin)


def _background_funding(*, tenant, admin) -> None:
    """Hubs by town, the computed categories confirmed and a confirmed hub allocation, as the
    demo council has them (its hub plan and formula rates). The hubs, the year, the formula
    and the run go through the services; the 140 memberships and confirmed steps are written
    in bulk, as the rows those services write for a school with no earlier membership or
    step, because one service call per school would make the dataset take 15 minutes
    longer to build."""
    from django.utils import timezone

    from categorisation.models import CategoryProposal, SchoolCategory
    from core.years import FinancialYear
    from demo.funding import ALLOCATION_RATES
    from demo.partnerships import STARTED, plan_hubs
    from funding.services import allocations, dedelegation
    from partnerships.models import PartnershipMembership
    from partnerships.services import partnership_create, partnership_level_create
    from schools.models import School

    actor = admin.user
    level = partnership_level_create(tenant=tenant, actor=actor, name="Hub", rank=1)
    schools = list(School.objects.filter(establishment__is_open=True)
                   .select_related("establishment").order_by("establishment_id"))
    members = []
    for plan in plan_hubs(schools=schools, left_out=set()):
        hub = partnership_create(tenant=tenant, actor=actor, level=level, name=plan.name,
                                 start_date=STARTED)
        members += [PartnershipMembership(
            tenant=tenant, partnership=hub, school=school, level=level,
            start_date=max(STARTED, school.establishment.open_date or STARTED))
            for school in plan.schools]
    PartnershipMembership.objects.bulk_create(members)
    proposals = list(CategoryProposal.objects.filter(status=CategoryProposal.Status.OPEN,
                                                     category__isnull=False))
    SchoolCategory.objects.bulk_create([SchoolCategory(
        tenant=tenant, school_id=proposal.school_id, scheme_id=proposal.scheme_id,
        category_id=proposal.category_id, status=SchoolCategory.Status.CONFIRMED,
        proposal=proposal, reasons=proposal.reasons, evidence=proposal.evidence,
        is_current=True, decided_by=actor) for proposal in proposals])
    CategoryProposal.objects.filter(pk__in=[p.pk for p in proposals]).update(
        status=CategoryProposal.Status.CONFIRMED)
    year = dedelegation.funding_year_create(
        tenant=tenant, actor=actor, start_year=FinancialYear.of(timezone.localdate()).start_year)
    formula = allocations.allocation_formula_create(
        tenant=tenant, actor=actor, name="Hub school improvement funding", level_name="Hub",
        rates=ALLOCATION_RATES)
    run = allocations.allocation_run_create(tenant=tenant, actor=actor, year=year,
                                            formula=formula, inputs_on=timezone.localdate())
    allocations.allocation_run_confirm(tenant=tenant, actor=actor, run=run)


def dump_path() -> Path:
    return CACHE / f"dataset-{fingerprint()}.dump"


def restore_or_build(database_url: str, *, progress=print) -> None:
    """Fill the empty database at `database_url` from the cached dump, or build it (migrating
    first) and keep the dump. Django must not have connected yet."""
    dump = dump_path()
    if dump.exists():
        started = time.monotonic()
        subprocess.run(["pg_restore", "--no-owner", "--jobs", "2", "--dbname", database_url,
                        str(dump)], check=True)
        progress(f"Restored the dataset from {dump.name} in {time.monotonic() - started:.0f} s")
        return
    import django
    from django.core.management import call_command

    django.setup()
    progress("Building the dataset (cached afterwards):")
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    build(progress=progress)
    from django.db import connections

    connections.close_all()
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = dump.with_suffix(".partial")
    subprocess.run(["pg_dump", "--format", "custom", "--no-owner", "--file", str(partial),
                    database_url], check=True)
    partial.rename(dump)
    for stale in CACHE.glob("dataset-*.dump"):
        if stale != dump:  # made for other migrations or another generator: never restored
            stale.unlink()
    progress(f"Built the dataset in {time.monotonic() - started:.0f} s; kept as {dump.name}")
