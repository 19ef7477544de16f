#!/usr/bin/env bash
# The HTTP face under load (issue 18): the face under the stock `wasmtime serve` and a native
# Rust (hyper) server doing the same list_groups against the same emulated org, each under wrk
# at 1, 16 and 256 connections for 10 s, alternating, on this machine's two cores (the org, the
# server under test and wrk share them). Prints a table of requests/s and p99 with the ratios.
#
#   bash hosts/http-face/load.sh
#
# Needs the wasmtime CLI (`bash hosts/install.sh wasmtime-cli`) and wrk (Debian's `wrk`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/hosts/lib.sh"
wasmtime="$(wasmtime_tools)/bin/wasmtime"
require_installed "the wasmtime CLI" "$wasmtime"
command -v wrk > /dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 3; }

face="$(http_face_path)"
(cd "$root" && cargo build --release --quiet -p okta-block-host --bin okta-bench --bin okta-block)

OKTA_BLOCK_BIN="$root/target/release/okta-block" start_org --rate-limit 100000000
face_port="$(free_port)"
native_port="$(free_port)"
"$wasmtime" serve -S cli=y --addr "127.0.0.1:$face_port" "$face" > /dev/null 2>&1 &
face_pid=$!
"$root/target/release/okta-bench" face-native "$native_port" > /dev/null 2>&1 &
native_pid=$!
trap 'kill $ORG_PID $face_pid $native_pid 2>/dev/null || true' EXIT
wait_for_port "$face_port"
wait_for_port "$native_port"

# requests/s and p99 (ms) of one wrk run.
measure() {
  local port="$1" connections="$2" threads=2 out
  [ "$connections" -ge 2 ] || threads=1
  out="$(OKTA_DOMAIN="$ORG_ORIGIN" wrk -t"$threads" -c"$connections" -d10s --latency \
    -s "$here/list_groups.lua" "http://127.0.0.1:$port")"
  if grep -q "Non-2xx" <<< "$out"; then
    echo "errors under load: $out" >&2
    exit 1
  fi
  local rate p99
  rate="$(awk '/^Requests\/sec:/ {print $2}' <<< "$out")"
  p99="$(awk '$1 == "99%" {v = $2; if (v ~ /us$/) {sub(/us$/, "", v); v /= 1000} else if (v ~ /ms$/) {sub(/ms$/, "", v)} else if (v ~ /s$/) {sub(/s$/, "", v); v *= 1000}; print v}' <<< "$out")"
  echo "$rate $p99"
}

echo "| connections | face requests/s | native requests/s | native over face | face p99 (ms) | native p99 (ms) |"
echo "|---|---|---|---|---|---|"
for connections in 1 16 256; do
  read -r face_rate face_p99 <<< "$(measure "$face_port" "$connections")"
  read -r native_rate native_p99 <<< "$(measure "$native_port" "$connections")"
  ratio="$(awk "BEGIN {printf \"%.2f\", $native_rate / $face_rate}")"
  echo "| $connections | $face_rate | $native_rate | ${ratio}x | $face_p99 | $native_p99 |"
done
