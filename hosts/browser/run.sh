#!/usr/bin/env bash
# Drives Debian's Chromium through the block's page, served by `okta-block serve`, with
# Playwright (hosts/browser/page-test.mjs), and saves a screenshot of each step under
# target/page-screenshots/:
#
#   bash hosts/browser/run.sh
#
# Chromium and playwright-core come from `bash hosts/install.sh browser`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/hosts/lib.sh"
modules="$(wasmtime_tools)/browser/node_modules"
require_installed "playwright-core" "$modules/playwright-core"
require_installed "Chromium" /usr/bin/chromium

start_org
trap 'kill $ORG_PID 2>/dev/null || true' EXIT
shots="$root/target/page-screenshots"
rm -rf "$shots"
PLAYWRIGHT_MODULES="$modules" node "$here/page-test.mjs" "$ORG_ORIGIN" "$shots"
echo "screenshots: $shots"
