#!/usr/bin/env bash
# Shared by run.sh and test.sh: a virtualenv with the locked dependencies, and the front-end
# files in static/vendor. Idempotent: a second run only checks the lock file has not changed.
# Source it from the repository root.

PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"

setup_python() {
  if [ ! -x .venv/bin/python ]; then
    echo "==> Creating .venv with $("$PYTHON" --version)"
    "$PYTHON" -m venv .venv
  fi
  local stamp=.venv/.requirements.sha256
  local want
  want="$(sha256sum requirements.lock | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "==> Installing Python packages from requirements.lock"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
    echo "$want" > "$stamp"
  fi
}

setup_static() {
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is needed once to build static/vendor (GOV.UK Frontend, htmx, axe-core)." >&2
    exit 1
  fi
  echo "==> Building static/vendor"
  bash scripts/vendor_static.sh
}
