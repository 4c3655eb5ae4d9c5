"""Requests per second of the schools list (1,000 schools) against a trivial Django view.

Run it with PostgreSQL:  make bench-list
(or `bash scripts/with_services.sh .venv/bin/python bench/bench_school_list.py`, or with your
own DATABASE_URL exported). It creates a throwaway database `bench_<pid>` on that server, loads
a tenant with 1,000 schools and one with 10, starts gunicorn ((2 x cores) + 1 workers) on a
free loopback port, and runs wrk (-t2 -c8 -d10s) against
  (a) a trivial view with the full middleware stack (bench/urls.py), and
  (b) /t/bench-large/schools/ for a signed-in officer (session cookie from a login),
then prints b/a (target >= 0.30) and the SQL query counts of the list with 10 and 1,000 schools.
Only loopback addresses are used; every run is bounded in time.
"""

import json
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.common import (  # noqa: E402
    GUNICORN_WORKERS,
    admin_execute,
    free_port,
    wait_until_up,
    with_database,
)
from bench.common import wrk as common_wrk  # noqa: E402

WRK_ARGS = ["-t2", "-c8", "-d10s"]
TARGET_RATIO = 0.30


def load_data() -> dict:
    """Two tenants (10 and 1,000 schools) and an officer of both; returns the session cookie
    and the list page's query counts."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_scopes import scopes_disabled

    from accounts.models import User
    from core.models import Membership, Role, Tenant
    from schools.models import Establishment, Governance, Phase, School

    call_command("migrate", verbosity=0)
    officer = User.objects.create_user("officer@bench.example.org", "bench-password-123")
    phases = [Phase.PRIMARY] * 7 + [Phase.SECONDARY, Phase.SPECIAL, Phase.NURSERY]
    urn = 800000
    for slug, count in (("bench-small", 10), ("bench-large", 1000)):
        tenant = Tenant.objects.create(name=f"Bench {count}", slug=slug, la_codes=["998"])
        establishments = []
        for n in range(count):
            urn += 1
            academy = n % 3 != 0
            establishments.append(Establishment(
                urn=urn, la_code="998", establishment_number=f"{2000 + n}",
                name=f"Benchmark {'Academy' if academy else 'Primary School'} {urn}",
                phase=phases[n % len(phases)],
                governance=Governance.ACADEMY if academy else Governance.MAINTAINED,
                type_name="Academy converter" if academy else "Community school",
                trust_name=f"Bench Trust {n % 12}" if academy else "",
                status_name="Open", is_open=True, number_of_pupils=120 + n % 900,
                town=f"Town {n % 40}", postcode=f"BE{n % 20} {n % 9}AA",
            ))
        Establishment.objects.bulk_create(establishments, batch_size=1000)
        with scopes_disabled():
            School.objects.bulk_create(
                [School(tenant=tenant, establishment=e) for e in establishments], batch_size=1000
            )
            Membership.objects.create(tenant=tenant, user=officer, role=Role.OFFICER)

    client = Client()
    client.force_login(officer, backend="django.contrib.auth.backends.ModelBackend")
    counts = {}
    for slug, count in (("bench-small", 10), ("bench-large", 1000)):
        client.get(f"/t/{slug}/schools/")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/t/{slug}/schools/")
        assert response.status_code == 200, response.status_code
        counts[count] = len(captured)
    cookie = client.cookies["sessionid"].value
    connection.close()
    return {"cookie": cookie, "queries": counts}


def wrk(url: str, cookie: str | None = None) -> float:
    return common_wrk(url, cookie=cookie, args=tuple(WRK_ARGS))["rps"]


def main() -> int:
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith(("postgres://", "postgresql://")):
        print("Set DATABASE_URL to a PostgreSQL server (or run `make bench-list`).",
              file=sys.stderr)
        return 2
    if shutil.which("wrk") is None:
        print("wrk is needed: apt-get install wrk", file=sys.stderr)
        return 2
    db_name = f"bench_{os.getpid()}"
    admin_execute(base_url, f'CREATE DATABASE "{db_name}"')
    env = {**os.environ, "DATABASE_URL": with_database(base_url, db_name),
           "DJANGO_SETTINGS_MODULE": "bench.settings", "DB_CONN_MAX_AGE": "60",
           "LOG_LEVEL": "WARNING"}
    os.environ.update(env)
    server = None
    try:
        data = load_data()
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi:application",
             "--workers", str(GUNICORN_WORKERS), "--bind", f"127.0.0.1:{port}",
             "--log-level", "warning"],
            cwd=REPO, env=env,
        )
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/bench/trivial/")
        request = urllib.request.Request(f"{base}/t/bench-large/schools/",
                                         headers={"Cookie": f"sessionid={data['cookie']}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            page = response.read().decode()
            assert response.status == 200 and "Benchmark" in page, "not signed in"
        # One warm-up pass each so both measure warmed workers.
        subprocess.run(["wrk", "-t1", "-c2", "-d2s", f"{base}/bench/trivial/"],
                       check=True, capture_output=True, timeout=30)
        trivial = wrk(f"{base}/bench/trivial/")
        school_list = wrk(f"{base}/t/bench-large/schools/", cookie=data["cookie"])
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        from django.db import connections

        connections.close_all()
        admin_execute(base_url, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')

    ratio = school_list / trivial
    result = {
        "trivial_rps": round(trivial, 1), "school_list_rps": round(school_list, 1),
        "ratio": round(ratio, 3), "queries_10": data["queries"][10],
        "queries_1000": data["queries"][1000], "wrk": " ".join(WRK_ARGS),
        "gunicorn_workers": GUNICORN_WORKERS, "cpus": os.cpu_count(),
    }
    print(f"trivial view          {trivial:8.1f} requests/s")
    print(f"schools list (1,000)  {school_list:8.1f} requests/s")
    print(f"ratio list/trivial    {ratio:8.3f}  (target >= {TARGET_RATIO})")
    print(f"SQL queries for the list: {data['queries'][10]} with 10 schools, "
          f"{data['queries'][1000]} with 1,000")
    print(json.dumps(result))
    ok = ratio >= TARGET_RATIO and data["queries"][10] == data["queries"][1000]
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
