#!/usr/bin/env bash
# Invokes operations of the component with the stock `wasmtime` CLI (the version the host
# pins), over wasi:http against `okta-block serve` on loopback.
#
#   bash hosts/wasmtime-cli/run.sh [COMPONENT.wasm]
#
# The CLI comes from `bash hosts/install.sh wasmtime-cli` (once, into the tool cache outside
# the clone). Calls use WAVE syntax; option fields may be left out.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/hosts/lib.sh"
wasmtime="$(wasmtime_tools)/bin/wasmtime"
require_installed "the wasmtime CLI" "$wasmtime"
component="$(component_path "${1:-}")"

start_org
trap 'kill $ORG_PID 2>/dev/null || true' EXIT
connection="connection: {domain: \"$ORG_ORIGIN\", api-key: \"demo-okta-token\", max-retries: some(0)}"

invoke() {
  echo "> $1"
  "$wasmtime" run -S http --invoke "$1" "$component"
}
invoke "list-users({$connection, limit: some(3)})"
invoke "get-group({$connection, group-id: \"nosuchgroup\"})"
invoke "get-user({$connection, user-id: \"../groups\"})"
