#!/usr/bin/env bash
# Lists the same users from one `okta-block serve` on loopback with Okta's official Python SDK
# and with the component (over real sockets), side by side, at several org sizes. Writes
# target/bench/peer.json and draws bench/listing.svg.
#
#   bash bench/peer.sh                 # sizes 1000 5000 10000, 5 runs each
#   SIZES="10000" RUNS=9 bash bench/peer.sh
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES="${SIZES:-1000 5000 10000}"
RUNS="${RUNS:-5}"
SDK_VERSION="2.9.13" # okta 3.x sends `Authorization: SSWS<token>` without the space here
OUT=target/bench
mkdir -p "$OUT"

# The peer, in its own virtual environment.
if [ ! -x "$OUT/peer-venv/bin/python" ]; then
  python3 -m venv "$OUT/peer-venv"
fi
"$OUT/peer-venv/bin/pip" install -q "okta==$SDK_VERSION"

cargo build --release -p okta-block-host --bin okta-block --bin okta-bench
BIN=target/release

results="["
for users in $SIZES; do
  port=$((20000 + RANDOM % 20000))
  # A budget high enough that neither client meets a 429 and waits.
  "$BIN/okta-block" serve --port "$port" --users "$users" --rate-limit 100000000 > "$OUT/serve.log" 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$port/" && break || sleep 0.1
  done
  origin="http://127.0.0.1:$port"
  peer=$("$OUT/peer-venv/bin/python" bench/peer_list_users.py "$origin" demo-okta-token "$users" "$RUNS")
  ours=$("$BIN/okta-bench" sockets "$origin" "$users" "$RUNS")
  kill "$server"
  wait "$server" 2>/dev/null || true
  echo "users=$users peer=$peer ours=$ours"
  results="$results{\"users\": $users, \"peer\": $peer, \"ours\": $ours},"
done
results="${results%,}]"
echo "$results" > "$OUT/peer.json"
python3 bench/chart.py "$OUT/peer.json" bench/listing.svg
echo "wrote $OUT/peer.json and bench/listing.svg"
