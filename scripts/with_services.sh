#!/usr/bin/env bash
# Run one command with a throwaway PostgreSQL and Redis (as `make test` starts them), e.g.
#   bash scripts/with_services.sh .venv/bin/python bench/bench_school_list.py
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
# shellcheck source=scripts/services.sh
source scripts/services.sh
setup_python
trap services_stop EXIT
services_start
set +e
"$@"
status=$?
set -e
exit "$status"
