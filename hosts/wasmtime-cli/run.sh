#!/usr/bin/env bash
# Invokes operations of the component with the stock `wasmtime` CLI (the version the host
# pins), over wasi:http against `okta-block serve` on loopback.
#
#   bash hosts/wasmtime-cli/run.sh [COMPONENT.wasm]
#
# The CLI is installed once from crates.io into $OKTA_BLOCK_TOOLS (default
# ~/.cache/okta-block/tools, outside any clone, so later runs and CI on the same machine reuse
# it). Calls use WAVE syntax; option fields may be left out.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
version="48.0.8"
tools="${OKTA_BLOCK_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/okta-block/tools}"
wasmtime="$tools/bin/wasmtime"
if ! "$wasmtime" --version 2>/dev/null | grep -q "$version"; then
  cargo install wasmtime-cli --version "$version" --locked --root "$tools"
fi
component="${1:-$root/target/wasm32-wasip2/release/okta_block.wasm}"
if [ ! -f "$component" ]; then
  (cd "$root" && cargo build --release --target wasm32-wasip2 -p okta-block)
fi
bin="${OKTA_BLOCK_BIN:-}"
if [ -z "$bin" ]; then
  (cd "$root" && cargo build -p okta-block-host --bin okta-block)
  bin="$root/target/debug/okta-block"
fi

port=$((20000 + RANDOM % 20000))
"$bin" serve --port "$port" > /dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break || sleep 0.1
done
connection="domain: \"http://127.0.0.1:$port\", api-key: \"demo-okta-token\", max-retries: some(0)"

invoke() {
  echo "> $1"
  "$wasmtime" run -S http --invoke "$1" "$component"
}
invoke "list-users({$connection, limit: some(3)})"
invoke "get-group({$connection, group-id: \"nosuchgroup\"})"
invoke "get-user({$connection, user-id: \"../groups\"})"
