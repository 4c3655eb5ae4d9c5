"""A real Celery worker for tests marked `worker`.

The worker is a `celery -A config worker --pool=solo` subprocess, started once per module,
connected to the same Redis as the tests and to pytest-django's test database, so what it writes
is visible to the test (use `@pytest.mark.django_db(transaction=True)`: the test's own writes
must be committed for the worker to see them). Skipped when REDIS_URL is unset or the database
is SQLite (the worker could not share an in-memory test database). `make test` provides both.
"""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

REPO = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 30


def _database_url(db: dict) -> str:
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "localhost"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{db['NAME']}"


@pytest.fixture(scope="module")
def celery_worker_process(django_db_setup, tmp_path_factory):
    """Start the worker on the test database; yield the Redis URL it uses.

    One per test module, stopped after it: the suite runs in several processes, in no fixed
    order, and a worker left running would take the tasks a later test (the Ofsted import's
    browser test) enqueues and means to hold back."""
    from django.conf import settings
    from django.db import connection

    # This test process's own Redis database (config.settings gives each xdist process one).
    redis_url = settings.REDIS_URL
    if not redis_url:
        pytest.skip("REDIS_URL is not set: worker tests need Redis (make test starts one)")
    if connection.vendor != "postgresql":
        pytest.skip("worker tests need PostgreSQL: a worker cannot share an SQLite test database")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": _database_url(connection.settings_dict),
        "DB_CONN_MAX_AGE": "0",
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "--result-backend", redis_url,
             "worker", "--pool=solo", "--concurrency=1", "--loglevel=INFO",
             "--without-heartbeat", "--without-gossip", "--without-mingle",
             "--hostname", f"pytest-{os.getpid()}@%h"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + READY_TIMEOUT
        while b"ready." not in log_path.read_bytes():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "The Celery worker did not start:\n" + log_path.read_text()[-3000:]
                )
            time.sleep(0.1)
        yield redis_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(autouse=True)
def real_worker(request, celery_eager):
    """For tests marked `worker`: send tasks to the real worker instead of running them inline."""
    if request.node.get_closest_marker("worker") is None:
        yield None
        return
    redis_url = request.getfixturevalue("celery_worker_process")
    request.getfixturevalue("reference_data")
    from config.celery import app

    app.conf.task_always_eager = False
    yield redis_url
    app.conf.task_always_eager = True


@pytest.fixture
def worker_result(real_worker):
    """worker_result(async_result, timeout) -> the task's return value, read from Redis."""
    from celery.backends.redis import RedisBackend
    from celery.result import AsyncResult

    from config.celery import app

    backend = RedisBackend(app=app, url=real_worker)

    def get(result, timeout: float = 20):
        return AsyncResult(result.id, app=app, backend=backend).get(timeout=timeout)

    yield get
    backend.client.close()


