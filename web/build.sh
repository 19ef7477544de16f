#!/usr/bin/env bash
# Builds the block's page into web/dist, which `okta-block serve` embeds (host-test/src/page.rs).
# The built files are committed, so building the binary needs no Node.js; run this after
# changing web/src or web/package.json, and commit web/dist with the change:
#
#   bash web/build.sh            # npm ci (pinned by package-lock.json), then vite build
#   bash web/build.sh OUT_DIR    # build somewhere else (the test that dist is current does)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
command -v npm > /dev/null || { echo "building the page needs Node.js and npm" >&2; exit 3; }
npm ci --no-audit --no-fund --loglevel=error
npx vite build --logLevel warn --outDir "${1:-dist}" --emptyOutDir
