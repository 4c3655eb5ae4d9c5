"""What the benchmarks share: a throwaway database on the server of DATABASE_URL, free loopback
ports, gunicorn started and awaited, and wrk's answer read. Only 127.0.0.1 is ever used."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

REPO = Path(__file__).resolve().parent.parent
# Gunicorn's own recommendation for a production server: (2 x cores) + 1.
GUNICORN_WORKERS = int(os.environ.get("BENCH_GUNICORN_WORKERS", 2 * (os.cpu_count() or 1) + 1))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def with_database(url: str, name: str) -> str:
    parts = urlparse(url)
    return urlunparse(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlparse(url).path.lstrip("/")


def admin_execute(url: str, sql: str) -> None:
    import psycopg2

    connection = psycopg2.connect(with_database(url, "postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql)
    connection.close()


def analyse(url: str) -> None:
    import psycopg2

    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()


def postgres_url() -> str:
    """DATABASE_URL when it is PostgreSQL; otherwise the script stops with how to run it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (or run it through "
                         "scripts/with_services.sh, as the make targets do).")
    return url


def wrk(url: str, *, cookie: str | None = None, args: tuple[str, ...] = ("-t2", "-c8", "-d10s")
        ) -> dict:
    """Requests/s and latency of one wrk run; any non-2xx/3xx answer stops the benchmark."""
    command = ["wrk", *args, "--latency", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: sessionid={cookie}"]
    output = subprocess.run(command, check=True, capture_output=True, text=True,
                            timeout=120).stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if bad:
        raise SystemExit(f"{url} answered {bad.group(1)} non-2xx responses:\n{output}")
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return {"rps": rate, "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else None}


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout}s")


def gunicorn(env: dict, port: int) -> subprocess.Popen:
    """Gunicorn on 127.0.0.1:port with the benchmark settings (the trivial view included)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi:application",
         "--workers", str(GUNICORN_WORKERS), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=REPO, env=env,
    )
    try:
        # Five workers importing the project on a busy two-core machine take a while.
        wait_until_up(f"http://127.0.0.1:{port}/bench/trivial/", timeout=120)
    except BaseException:
        server.terminate()  # never left serving after the benchmark stops
        server.wait(timeout=20)
        raise
    return server


def write_readme_section(section: str, text: str) -> None:
    """Replace what stands between `<!-- <section>:start -->` and `<!-- <section>:end -->` in
    bench/README.md with `text` (nothing is written when the markers are missing)."""
    readme = REPO / "bench" / "README.md"
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    content = readme.read_text()
    if start in content and end in content:
        before, rest = content.split(start, 1)
        readme.write_text(f"{before}{start}\n{text}\n{end}{rest.split(end, 1)[1]}")


@contextmanager
def restored_copy(prefix: str, **extra_env: str) -> Iterator[dict]:
    """A throwaway database on DATABASE_URL's server holding the dataset (`bench/dataset.py`),
    Django set up on it with the benchmark settings and its caches emptied (so no earlier
    run's page is served); dropped on leaving. Yields the environment a server started on it
    needs."""
    from bench.dataset import restore_or_build

    base_url = postgres_url()
    db_name = f"{prefix}_{os.getpid()}"
    admin_execute(base_url, f'CREATE DATABASE "{db_name}"')
    env = {**os.environ, "DATABASE_URL": with_database(base_url, db_name),
           "DJANGO_SETTINGS_MODULE": "bench.settings", "DB_CONN_MAX_AGE": "60",
           "LOG_LEVEL": "ERROR", **extra_env}
    os.environ.update(env)
    try:
        restore_or_build(env["DATABASE_URL"])
        # A restored database has no planner statistics until autovacuum gets round to it,
        # partway through a run; a live one has them. Gathered now, every page is timed with them.
        analyse(env["DATABASE_URL"])
        import django

        django.setup()
        from django.core.cache import caches

        for alias in caches:
            caches[alias].clear()
        yield env
    finally:
        from django.db import connections

        connections.close_all()
        admin_execute(base_url, f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
