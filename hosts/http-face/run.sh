#!/usr/bin/env bash
# Serves the block's HTTP face with the stock `wasmtime serve`, against the emulated org on
# loopback, checks a few calls with curl, and with LOAD=1 measures it under wrk.
#
#   bash hosts/http-face/run.sh            # build, serve, check
#   LOAD=1 bash hosts/http-face/run.sh     # ... and 10 s of load: 2 threads, 8 connections
#
# Needs the wasmtime CLI (`bash hosts/install.sh wasmtime-cli`), curl, and for LOAD wrk.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/hosts/lib.sh"
wasmtime="$(wasmtime_tools)/bin/wasmtime"
require_installed "the wasmtime CLI" "$wasmtime"

face="$(http_face_path)"

start_org --rate-limit 100000000
face_port="$(free_port)"
"$wasmtime" serve -S cli=y --addr "127.0.0.1:$face_port" "$face" > /dev/null 2>&1 &
server=$!
trap 'kill $ORG_PID $server 2>/dev/null || true' EXIT
# wasmtime serve compiles the component before it listens.
wait_for_port "$face_port"

call() {
  curl -s -w ' HTTP %{http_code}\n' -X POST "http://127.0.0.1:$face_port/v1/$1" \
    -H "Authorization: SSWS demo-okta-token" -H "X-Okta-Domain: $ORG_ORIGIN" \
    -H "Content-Type: application/json" -d "$2"
}
echo "> list_groups {q: Eng}";           call list_groups '{"q": "Eng"}'
# The JSON face's form rules, as the CLI reads them: a number as text, a blank field.
echo "> list_groups as a form sends it"; call list_groups '{"q": "Eng", "limit": "5", "after": ""}'
echo "> get_user nobody";                call get_user '{"userId": "nobody@example.com", "maxRetries": 0}'
echo "> get_user with a bad id";         call get_user '{"userId": "../groups"}'
echo "> an unknown operation";           call list_everything '{}'
# The areas 0.3.0 added go through the same face: the demo org's group rule.
echo "> list_group_rules";               call list_group_rules '{}'

if [ "${LOAD:-0}" = "1" ]; then
  echo "> wrk: list_groups, 2 threads, 8 connections, 10 s"
  OKTA_DOMAIN="$ORG_ORIGIN" wrk -t2 -c8 -d10s --latency -s "$here/list_groups.lua" "http://127.0.0.1:$face_port"
fi
