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
component="${1:-$root/target/wasm32-wasip2/release/okta_block.wasm}"
if [ ! -f "$component" ]; then
  (cd "$root" && cargo build --release --target wasm32-wasip2 -p okta-block)
fi
bin="${OKTA_BLOCK_BIN:-}"
if [ -z "$bin" ]; then
  (cd "$root" && cargo build -p okta-block-host --bin okta-block)
  bin="$root/target/debug/okta-block"
fi

cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund
npx jco transpile "$component" -o out --name okta-block --quiet

port=$((20000 + RANDOM % 20000))
"$bin" serve --port "$port" > /dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break || sleep 0.1
done
node run.mjs "http://127.0.0.1:$port"
