#!/usr/bin/env bash
# Cold start as an engine sees it (issue 18): a new `okta-block` process to its first answer
# (list_groups on the embedded org), with no compiled-artifact cache (it compiles the component
# and fills the cache) and with the cache filled, alternating run by run. Prints JSON medians.
#
#   bash bench/coldstart.sh          # 7 runs each
#   RUNS=15 bash bench/coldstart.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
RUNS="${RUNS:-7}"
cargo build --release --quiet -p okta-block-host --bin okta-block
bin="$root/target/release/okta-block"
warm="$(mktemp -d)"
trap 'rm -rf "$warm"' EXIT
OKTA_BLOCK_CACHE_DIR="$warm" "$bin" list_groups --set limit=1 > /dev/null

now() { date +%s%N; }
cold_ms=() warm_ms=()
for _ in $(seq "$RUNS"); do
  empty="$(mktemp -d)"
  start=$(now)
  OKTA_BLOCK_CACHE_DIR="$empty" "$bin" list_groups --set limit=1 > /dev/null
  cold_ms+=($((($(now) - start) / 1000000)))
  rm -rf "$empty"
  start=$(now)
  OKTA_BLOCK_CACHE_DIR="$warm" "$bin" list_groups --set limit=1 > /dev/null
  warm_ms+=($((($(now) - start) / 1000000)))
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
cold=$(median "${cold_ms[@]}")
warm_median=$(median "${warm_ms[@]}")
echo "{\"runs\": $RUNS, \"cold_ms\": $cold, \"warm_ms\": $warm_median, \"cold_over_warm\": $(awk "BEGIN {printf \"%.1f\", $cold / $warm_median}")}"
