#!/usr/bin/env bash
# `make run`: set everything up and serve the app at http://127.0.0.1:8000/ on its embedded
# default (SQLite in db.sqlite3, Celery tasks inline, e-mail printed to the console), with the
# demo tenant loaded. Safe to run again: the demo tenant is recreated, other data is kept.
# Set DATABASE_URL / REDIS_URL first to use PostgreSQL / Redis instead (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh

HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
# Links in e-mails and the printed logins point at where the server listens.
export SITE_URL="${SITE_URL:-http://$HOST:$PORT}"

setup_python
setup_static
if [ -z "${SECRET_KEY:-}" ] && [ ! -s .secret_key ]; then
  # A key of this machine's own (git ignores the file), not the development key in the source.
  (umask 077 && .venv/bin/python -c "import secrets; print(secrets.token_urlsafe(50))" > .secret_key)
fi
echo "==> Database: ${DATABASE_URL:-SQLite (db.sqlite3)}; tasks: ${REDIS_URL:+Celery via Redis (start a worker)}${REDIS_URL:-inline}"
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py sync_hubs -v0
.venv/bin/python manage.py collectstatic --noinput -v0
echo "==> Loading the demo tenant"
.venv/bin/python manage.py seed_demo
echo "==> Serving on http://$HOST:$PORT/ (Ctrl-C stops it)"
exec .venv/bin/python manage.py runserver "$HOST:$PORT" --noreload
