#!/usr/bin/env bash
# `make test`: set everything up and run the whole test suite.
#
# Creates .venv, builds static/vendor, starts a throwaway PostgreSQL and Redis on free loopback
# ports (installing them with apt-get when root and missing), makes sure the system Chromium is
# there for the browser tests, runs pytest over tests/ and stops the services on exit.
# Extra arguments go to pytest: `make test ARGS="-k smoke"` or `bash scripts/test.sh -x`.
# The suite runs in parallel processes (pytest-xdist), one per core up to four (each takes its
# own test database and pair of Redis databases); PYTEST_WORKERS=0 runs it in one process.
# Exits with pytest's status; "no tests collected" (5) counts as a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
# shellcheck source=scripts/services.sh
source scripts/services.sh

setup_python
setup_static
.venv/bin/python manage.py collectstatic --noinput -v0

if [ ! -x /usr/bin/chromium ]; then
  _apt_install chromium chromium-driver \
    || echo "==> /usr/bin/chromium missing (not root to install it): browser tests skip" >&2
fi

trap services_stop EXIT
services_start

export DJANGO_ALLOW_ASYNC_UNSAFE=true
# Write nothing into the work tree beyond .venv, node_modules, static/vendor and staticfiles.
export PYTHONDONTWRITEBYTECODE=1
cores="$(nproc 2>/dev/null || echo 1)"
workers="${PYTEST_WORKERS:-$(( cores < 4 ? cores : 4 ))}"
parallel=()
# Tests are shared out one by one (a long file no longer holds one process to the end), except
# the modules marked xdist_group, whose module-scoped seed or worker must be made only once.
if [ "$workers" -gt 1 ]; then parallel=(-n "$workers" --dist loadgroup); fi
echo "==> pytest ${parallel[*]} $*"
set +e
.venv/bin/python -m pytest -p no:cacheprovider "${parallel[@]}" "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: treating that as a failure" >&2
  exit 1
fi
exit "$status"
