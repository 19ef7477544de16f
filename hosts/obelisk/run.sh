#!/usr/bin/env bash
# Runs the block as an activity in the Obelisk workflow engine, called from the onboarding
# workflow (hosts/obelisk/workflow), against `okta-block serve` on loopback:
#
#   bash hosts/obelisk/run.sh [COMPONENT]
#   KEEP=1 bash hosts/obelisk/run.sh      # keeps the run's directory (database, server log)
#
# Obelisk comes from `bash hosts/install.sh obelisk` (the tool cache, outside the clone). Each
# run gets a fresh directory with its own database, the deployment.toml and server.toml of this
# folder, the component and the workflow. It prints what each execution ended with, and fails
# when the token appears in Obelisk's database or logs. host-test/tests/hosts.rs checks the rest.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/hosts/lib.sh"
obelisk="$(wasmtime_tools)/bin/obelisk"
require_installed "Obelisk" "$obelisk"
component="$(component_path "${1:-}")"
token="demo-okta-token"

# The workflow: a small component of its own, in its own target directory (the test that runs
# this script runs inside a cargo build of the project's).
echo "> building the onboarding workflow"
cargo build --quiet --locked --release --target wasm32-wasip2 \
  --manifest-path "$here/workflow/Cargo.toml" --target-dir "$root/target/obelisk-workflow"
workflow="$root/target/obelisk-workflow/wasm32-wasip2/release/okta_onboarding_workflow.wasm"

work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  wait 2> /dev/null || true
  if [ -n "${KEEP:-}" ]; then
    echo "kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

start_org
pids+=("$ORG_PID")

# A server that accepts connections and never answers: a stuck org.
python3 -u -c '
import socket
server = socket.socket()
server.bind(("127.0.0.1", 0))
server.listen(16)
print(server.getsockname()[1])
held = []
while True:
    held.append(server.accept()[0])
' > "$work/silent.port" &
pids+=($!)
for _ in $(seq 100); do [ -s "$work/silent.port" ] && break; sleep 0.1; done
silent="http://127.0.0.1:$(cat "$work/silent.port")"

# This folder's deployment, with two changes for the test: the stuck org is an allowed host
# too, and an activity may run 20 s instead of 120 (every real call here takes milliseconds;
# the stuck one waits out the expiry).
cp "$component" "$work/okta_block.wasm"
cp "$workflow" "$work/onboarding.wasm"
cp "$here/server.toml" "$work/server.toml"
sed 's/^exec.lock_expiry.seconds = 120$/exec.lock_expiry.seconds = 20/' "$here/deployment.toml" \
  > "$work/deployment.toml"
grep -q '^exec.lock_expiry.seconds = 20$' "$work/deployment.toml"
cat >> "$work/deployment.toml" << EOF

[[activity_wasm.allowed_host]]
pattern = "$silent"
methods = ["GET"]
secrets = { env_vars = ["OKTA_API_TOKEN"], replace_in = ["headers"] }
EOF

port="$(free_port)"
api="http://127.0.0.1:$port"
echo "> obelisk server run (API on $api)"
(
  cd "$work"
  OBELISK__API__LISTENING_ADDR="127.0.0.1:$port" OKTA_ORIGIN="$ORG_ORIGIN" OKTA_API_TOKEN="$token" \
    exec "$obelisk" server run --server-config server.toml --deployment deployment.toml
) > "$work/server.log" 2>&1 &
server=$!
pids+=("$server")
# Compiling both components takes a while on a cold codegen cache.
ready=""
for _ in $(seq 1200); do
  if curl -sf -H 'accept: application/json' "$api/v1/functions" > "$work/functions.json" 2> /dev/null; then
    ready=1
    break
  fi
  kill -0 "$server" 2> /dev/null || break
  sleep 0.25
done
if [ -z "$ready" ]; then
  echo "obelisk did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
echo "exports registered: $(grep -o 'okta-block:okta/[a-z-]*@[0-9.]*\.[a-z-]*' "$work/functions.json" | sort -u | wc -l)"

# One execution, followed to its end. Obelisk's CLI exits 1 when it ends in an error, which is
# what two of the three runs expect: print what it said either way.
submit() {
  echo "> obelisk execution submit $1"
  RUST_BACKTRACE=0 "$obelisk" execution submit --api-url "$api" --follow "$1" "$2" 2>&1 || true
}

submit okta-block:onboarding/workflow@0.1.0.onboard \
  "[\"$ORG_ORIGIN\", \"Grace\", \"Hopper\", \"grace.hopper@example.com\", \"Engineering\"]"
submit okta-block:onboarding/workflow@0.1.0.find-user \
  "[\"$ORG_ORIGIN\", \"nobody@example.com\", 30]"
submit okta-block:onboarding/workflow@0.1.0.find-user "[\"$silent\", \"ada@example.com\", 300]"

kill "$server"
wait "$server" 2> /dev/null || true
echo "> after the server stopped"
# Each of the block's runs, from Obelisk's execution log: how often the engine ran it (more
# than once would be a retry) and how it ended.
python3 - "$work/db/obelisk.sqlite" << 'EOF'
import json, sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
calls = {}
rows = db.execute(
    "SELECT execution_id, json_value FROM t_execution_log"
    " WHERE execution_id LIKE '%.o:%' ORDER BY created_at, version")
for execution, value in rows:
    event = json.loads(value)
    kind = next(iter(event))
    call = calls.setdefault(execution, {"name": "", "runs": 0, "retries": 0, "end": ""})
    if kind == "created":
        call["name"] = event["created"]["ffqn"].rsplit(".", 1)[1]
    elif kind == "locked":
        call["runs"] += 1
    elif kind.startswith("temporarily"):
        call["retries"] += 1
    elif kind == "finished":
        retval = event["finished"]["retval"]
        if "ok" in retval:
            call["end"] = "ok"
        elif "err" in retval:
            call["end"] = "err " + next(iter(retval["err"]["value"]))
        else:
            call["end"] = "execution_failure " + retval["execution_failure"]["kind"]
for call in calls.values():
    print(f"block run: {call['name']}, {call['runs']} run, {call['retries']} retries, {call['end']}")
EOF
# The token: nowhere in the database (WAL included) or the server's log.
if grep -rlaF "$token" "$work/db" "$work/server.log"; then
  echo "the token was found in the files above" >&2
  exit 1
fi
echo "token: not in Obelisk's database or logs"
