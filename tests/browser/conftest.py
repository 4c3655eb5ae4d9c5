"""Browser tests: Playwright drives the system Chromium against pytest-django's live server.

The whole folder is skipped when /usr/bin/chromium is missing (Playwright cannot download its
own browsers here). One browser is launched for the session; each test gets a fresh context.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread, so Django's ORM calls from the
# test (factories, assertions) would otherwise be refused as "async unsafe".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    skip = pytest.mark.skip(reason=f"no system Chromium at {CHROMIUM}")
    for item in items:
        if HERE not in Path(str(item.fspath)).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if not CHROMIUM.exists():
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """axe-core is injected as an inline script, which the pages' Content-Security-Policy
    refuses: the journeys' contexts bypass it. `test_content_security_policy.py` opens a
    context that does not, and checks no page breaks the policy."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(autouse=True)
def _clean_cache(transactional_db, reference_data):
    """The live server needs committed data (transactional_db). The cache is cleared so the
    sign-in rate limits and used-TOTP-code records of one test do not leak into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page(page, live_server):
    """Playwright's page, with short time-outs so a broken journey fails fast."""
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(15_000)
    return page
