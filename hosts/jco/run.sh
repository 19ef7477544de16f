#!/usr/bin/env bash
# Runs the component in Node.js through jco against `okta-block serve` on loopback.
#
#   bash hosts/jco/run.sh [COMPONENT.wasm]
#
# Installs jco (pinned in package-lock.json) on first use, transpiles the component, starts the
# emulated org on a free port, and runs run.mjs: list users, create a user, add it to a group,
# and two error cases.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/hosts/lib.sh"
component="$(component_path "${1:-}")"
bin="$(okta_block_bin)"

cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund
npx jco transpile "$component" -o out --name okta-block --quiet

port="$(free_port)"
"$bin" serve --port "$port" > /dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
wait_for_port "$port"
node run.mjs "http://127.0.0.1:$port"
