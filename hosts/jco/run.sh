#!/usr/bin/env bash
# Runs the component in Node.js through jco against `okta-block serve` on loopback.
#
#   bash hosts/jco/run.sh [COMPONENT.wasm]
#
# jco (pinned in package-lock.json) comes from `bash hosts/install.sh jco`, into the tool cache
# outside the clone. This transpiles the component there, starts the emulated org on a free
# port, and runs run.mjs: list users, create a user, add it to a group, two error cases, and
# one call into each of apps, group rules, factors and the System Log.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/hosts/lib.sh"
jco_dir="$(wasmtime_tools)/jco"
require_installed "jco" "$jco_dir/node_modules/.bin/jco"
component="$(component_path "${1:-}")"

# The transpiled module goes beside jco's node_modules, so its imports of the preview2 shim
# resolve; a fresh folder per run, so two clones never share one.
out="$(mktemp -d "$jco_dir/out.XXXXXX")"
"$jco_dir/node_modules/.bin/jco" transpile "$component" -o "$out" --name okta-block --quiet

start_org
trap 'kill $ORG_PID 2>/dev/null || true; rm -rf "$out"' EXIT
JCO_OUT="$out" node "$here/run.mjs" "$ORG_ORIGIN"
