#!/usr/bin/env bash
# Lists the same users from one `okta-block serve` on loopback with Okta's official Python SDK
# (the current 3.x and the last 2.x), with the component over real sockets, and with a native
# Rust client (hyper + serde: the physical limit), side by side at several org sizes. Writes
# target/bench/peer.json and draws bench/listing.svg.
#
#   bash bench/peer.sh                 # sizes 1000 5000 10000, 5 runs each
#   SIZES="10000" RUNS=9 bash bench/peer.sh
#
# The SDKs come from `bash hosts/install.sh okta-sdk` (pinned, in the tool cache).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. hosts/lib.sh
SIZES="${SIZES:-1000 5000 10000}"
RUNS="${RUNS:-5}"
SDKS="3.4.6 2.9.13"
OUT=target/bench
mkdir -p "$OUT"
bash hosts/install.sh okta-sdk

cargo build --release -p okta-block-host --bin okta-block --bin okta-bench
BIN=target/release

results="["
for users in $SIZES; do
  # A budget high enough that no client meets a 429 and waits.
  OKTA_BLOCK_BIN="$BIN/okta-block" start_org --users "$users" --rate-limit 100000000
  server=$ORG_PID
  trap 'kill $server 2>/dev/null || true' EXIT
  origin="$ORG_ORIGIN"
  row="{\"users\": $users"
  for sdk in $SDKS; do
    python="$(wasmtime_tools)/okta-sdk-$sdk/bin/python"
    peer=$("$python" bench/peer_list_users.py "$origin" demo-okta-token "$users" "$RUNS")
    echo "users=$users sdk $sdk: $peer"
    row="$row, \"sdk_$sdk\": $peer"
  done
  # The component and the native client, alternating run by run.
  ours=$("$BIN/okta-bench" sockets "$origin" "$users" "$RUNS")
  echo "users=$users component and native: $ours"
  kill "$server"
  wait "$server" 2>/dev/null || true
  results="$results$row, \"ours\": $ours},"
done
results="${results%,}]"
echo "$results" > "$OUT/peer.json"
python3 bench/chart.py "$OUT/peer.json" bench/listing.svg
echo "wrote $OUT/peer.json and bench/listing.svg"
