"""Signed-in people at once on the 1,000-school council: gunicorn, PostgreSQL, Redis and a Celery
worker on loopback, driven by locust in headless mode.

Run it:  make bench-load     (ARGS="--users 50 150 --minutes 2" are the defaults)
It restores the national dataset (bench/dataset.py) into a throwaway database, adds the people
of the test (officers, headteachers of their own schools and board members, about 1:3:1, one
password hashed once), checks every step of their journeys answers with the test client,
starts gunicorn ((2 x cores) + 1 workers) and a Celery worker, and runs locust for each number
of users: each person signs in through the real form (all from 127.0.0.1: one council office
behind one NAT) and follows their journey — reads and writes — with 1-5 s between steps.
It prints requests, p50/p95/p99 per step and errors, writes them between the markers of
bench/README.md with a capacity statement, and exits 1 when the first run misses its target
(0 errors, p95 under 300 ms).
"""

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import (  # noqa: E402
    GUNICORN_WORKERS,
    admin_execute,
    free_port,
    gunicorn,
    postgres_url,
    with_database,
    write_readme_section,
)

PASSWORD = "load-test-passphrase-2026"
TARGET_P95_MS = 300
SHARE = {"officer": 1, "headteacher": 3, "board_member": 1}


def make_people(total: int) -> list[dict]:
    """Officers, headteachers (each of an open school with no head yet) and board members of
    the large council, in the proportions of SHARE, with their journeys."""
    from django.contrib.auth.hashers import make_password
    from django_scopes import scopes_disabled

    from accounts.models import User
    from bench.dataset import LARGE_DOMAIN, LARGE_SLUG
    from core.models import Membership, Role, Tenant
    from schools.models import Headship, School

    rng = random.Random(2026)
    password = make_password(PASSWORD)
    parts = sum(SHARE.values())
    counts = {role: max(1, round(total * share / parts)) for role, share in SHARE.items()}
    people = []
    with scopes_disabled():
        tenant = Tenant.objects.get(slug=LARGE_SLUG)
        schools = list(School.objects.filter(tenant=tenant, establishment__is_open=True,
                                             headships__isnull=True)
                       .values_list("pk", "establishment__urn").order_by("pk"))
        urns = [urn for _, urn in schools]
        for role, count in counts.items():
            for n in range(count):
                user = User.objects.create(email=f"load.{role}.{n}@{LARGE_DOMAIN}",
                                           full_name=f"Load {role} {n}", password=password)
                membership = Membership.objects.create(tenant=tenant, user=user, role=role)
                own = None
                if role == Role.HEADTEACHER:
                    school_id, own = schools[n]
                    Headship.objects.create(tenant=tenant, membership=membership,
                                            school_id=school_id)
                people.append({"email": user.email, "role": role,
                               "steps": journey(role, tenant, own, rng, urns)})
    return people


def journey(role: str, tenant, own_urn: int | None, rng: random.Random, urns: list[int]
            ) -> list[dict]:
    from django.urls import reverse

    from funding.models import FundingYear

    slug = tenant.slug

    def get(name: str, *args, query: str = "") -> dict:
        return {"method": "GET", "name": name, "path": reverse(name, args=[slug, *args]) + query}

    common = [get("core:tenant-home"), get("core:waiting")]
    if role == "officer":
        urn = rng.choice(urns)
        form = reverse("partnerships:pro-forma-list", args=[slug])
        return [*common, get("categorisation:category-dashboard"),
                get("categorisation:category-proposal-list"), get("schools:school-list"),
                get("schools:school-list", query="?q=primary"),
                get("schools:school-detail", urn), get("categorisation:school-category", urn),
                get("support:caseload"), get("partnerships:pro-forma-list"),
                {"method": "POST", "name": "partnerships:pro-forma-support", "form": form,
                 "path": reverse("partnerships:pro-forma-support", args=[slug, urn]),
                 "data": {"can_give_support": rng.choice(["yes", "no"])}}]
    if role == "headteacher":
        year = FundingYear.objects.filter(tenant=tenant).order_by("-start_year").first()
        steps = [*common, get("schools:school-detail", own_urn),
                 get("categorisation:school-category", own_urn), get("boards:board-list"),
                 get("partnerships:pro-forma-edit", own_urn)]
        if year is not None:
            steps.append(get("funding:school-charges", year.pk, own_urn))
        return steps
    return [*common, get("categorisation:category-dashboard"), get("boards:board-list")]


def check_steps(people: list[dict]) -> None:
    """Every GET step answers 200 for its person before any load is sent (a 403 under load
    would be counted as an error of the product, not of the plan)."""
    from django.test import Client

    from accounts.models import User

    seen = set()
    for person in people:
        if person["role"] in seen:
            continue
        seen.add(person["role"])
        client = Client()
        client.force_login(User.objects.get(email=person["email"]),
                           backend="django.contrib.auth.backends.ModelBackend")
        for step in person["steps"]:
            if step["method"] == "GET":
                status = client.get(step["path"]).status_code
                if status != 200:
                    raise SystemExit(f"{person['role']}: {step['path']} answered {status}")


def run_locust(base: str, plan: Path, users: int, minutes: float, out: Path) -> list[dict]:
    # People arrive at one a second per fifty (a signing-in costs a deliberate half second of
    # password hashing: a council's staff do not all press "Sign in" in the same second).
    prefix = out / f"users{users}"
    subprocess.run(
        [sys.executable, "-m", "locust", "-f", str(REPO / "bench" / "locustfile.py"),
         "--headless", "--users", str(users), "--spawn-rate", str(max(1, users // 50)),
         "--run-time", f"{int(minutes * 60)}s", "--host", base, "--csv", str(prefix),
         "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"],
        env={**os.environ, "BENCH_LOAD_PLAN": str(plan)}, cwd=REPO, check=False,
        timeout=minutes * 60 + 180)
    with open(f"{prefix}_stats.csv") as stats:
        return list(csv.DictReader(stats))


def report(users: int, rows: list[dict]) -> tuple[str, dict]:
    total = next(row for row in rows if row["Name"] == "Aggregated")
    lines = [f"**{users} users**: {int(total['Request Count']):,} requests, "
             f"{int(total['Failure Count'])} errors, {float(total['Requests/s']):.1f} requests/s; "
             f"p50 {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms.", "",
             "| step | requests | errors | p50 ms | p95 ms | p99 ms |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for row in sorted((r for r in rows if r["Name"] != "Aggregated"),
                      key=lambda r: -float(r["95%"] or 0)):
        lines.append(f"| {row['Type']} `{row['Name']}` | {row['Request Count']} | "
                     f"{row['Failure Count']} | {row['50%']} | {row['95%']} | {row['99%']} |")
    return "\n".join(lines), total



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, nargs="+", default=[50, 150])
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    base_url = postgres_url()
    if not os.environ.get("REDIS_URL"):
        raise SystemExit("Set REDIS_URL (or run it through scripts/with_services.sh).")
    db_name = f"bench_load_{os.getpid()}"
    admin_execute(base_url, f'CREATE DATABASE "{db_name}"')
    env = {**os.environ, "DATABASE_URL": with_database(base_url, db_name),
           "DJANGO_SETTINGS_MODULE": "bench.settings", "DB_CONN_MAX_AGE": "60",
           "LOG_LEVEL": "WARNING", "CELERY_TASK_ALWAYS_EAGER": "false"}
    os.environ.update(env)
    out = Path(tempfile.mkdtemp(prefix="bench-load-"))
    processes: list[subprocess.Popen] = []
    results = []
    try:
        from bench import dataset

        dataset.restore_or_build(env["DATABASE_URL"])
        import django

        django.setup()
        people = make_people(max(args.users))
        check_steps(people)
        plan = out / "plan.json"
        plan.write_text(json.dumps({"password": PASSWORD, "people": people}))
        from django.db import connections

        connections.close_all()
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1",
             "--loglevel", "WARNING"], cwd=REPO, env=env))
        port = free_port()
        processes.append(gunicorn(env, port))
        for users in args.users:
            started = time.monotonic()
            rows = run_locust(f"http://127.0.0.1:{port}", plan, users, args.minutes, out)
            text, total = report(users, rows)
            print(text, f"\n({time.monotonic() - started:.0f} s)\n")
            results.append((users, text, total))
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        admin_execute(base_url, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        shutil.rmtree(out, ignore_errors=True)
    within = [users for users, _, total in results
              if int(total["Failure Count"]) == 0 and float(total["95%"]) < TARGET_P95_MS]
    capacity = (f"About {max(within) // GUNICORN_WORKERS} concurrent signed-in users per web "
                f"worker: {max(within)} users on {GUNICORN_WORKERS} workers stayed within the "
                f"target" if within else "No run met the target")
    summary = "\n\n".join([
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, {GUNICORN_WORKERS} "
        f"gunicorn workers, one Celery worker, {args.minutes:g} min per run, 1-5 s between "
        f"steps. Target: 0 errors and p95 under {TARGET_P95_MS} ms. {capacity}.",
        *(text for _, text, _ in results)])
    print(summary)
    if not args.no_readme:
        write_readme_section("bench-load", summary)
    first = results[0][2] if results else None
    met = (first is not None and int(first["Failure Count"]) == 0
           and float(first["95%"]) < TARGET_P95_MS)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
