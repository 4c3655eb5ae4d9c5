#!/usr/bin/env bash
# Copy the built front-end files from npm packages into static/vendor/ (served by WhiteNoise).
# Node is needed only here, never at run time.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules/govuk-frontend ] || [ package.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
rm -rf static/vendor
mkdir -p static/vendor/govuk static/vendor/axe static/vendor/htmx
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css static/vendor/govuk/
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/vendor/govuk/
cp -r node_modules/govuk-frontend/dist/govuk/assets static/vendor/govuk/assets
# The stylesheet asks for /assets/…; make it relative so it works under STATIC_URL.
sed -i 's#url(/assets/#url(assets/#g' static/vendor/govuk/govuk-frontend.min.css
cp node_modules/axe-core/axe.min.js static/vendor/axe/
cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
echo "static/vendor: govuk-frontend $(node -p "require('./node_modules/govuk-frontend/package.json').version"), axe-core $(node -p "require('./node_modules/axe-core/package.json').version"), htmx $(node -p "require('./node_modules/htmx.org/package.json').version")"
