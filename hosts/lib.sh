# Shared by the host scripts: where the component and the CLI are, and loopback ports.
# Source it after setting `root` to the repository's top directory.

# The component: $1 if given, else the release build (built when missing).
component_path() {
  local component="${1:-$root/target/wasm32-wasip2/component/okta_block.wasm}"
  if [ ! -f "$component" ]; then
    # `rustc --crate-type cdylib`: a plain `cargo build` of the cdylib+rlib package skips LTO.
    (cd "$root" && cargo rustc --profile component --target wasm32-wasip2 -p okta-block --lib \
      --crate-type cdylib --quiet)
  fi
  echo "$component"
}

# The HTTP face: the guest built with the `http-face` feature, in its own target directory
# (built each time; cargo does nothing when it is current).
http_face_path() {
  (cd "$root" && env -u CARGO_TARGET_DIR -u CARGO_BUILD_TARGET -u CARGO_ENCODED_RUSTFLAGS \
    cargo rustc --profile component --target wasm32-wasip2 -p okta-block --lib --crate-type cdylib \
    --features http-face --target-dir target/http-face --quiet)
  echo "$root/target/http-face/wasm32-wasip2/component/okta_block.wasm"
}

# The okta-block CLI: $OKTA_BLOCK_BIN if set, else the debug build (built when missing).
okta_block_bin() {
  if [ -n "${OKTA_BLOCK_BIN:-}" ]; then
    echo "$OKTA_BLOCK_BIN"
    return
  fi
  (cd "$root" && cargo build -p okta-block-host --bin okta-block --quiet)
  echo "$root/target/debug/okta-block"
}

# The tool cache hosts/install.sh fills: outside any clone, shared by all of them. The tests
# (host-test/tests/hosts.rs) look in the same place.
wasmtime_tools() {
  echo "${OKTA_BLOCK_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/okta-block/tools}"
}

# The wasmtime CLI's version: the host's own wasmtime (host-test/Cargo.toml).
WASMTIME_VERSION="48.0.8"

# Fails with the install command when a host is not in the tool cache.
require_installed() {
  local what="$1" path="$2"
  if [ ! -e "$path" ]; then
    echo "$what is not installed: run 'bash hosts/install.sh'" >&2
    exit 3
  fi
}

# Starts the emulated org (`okta-block serve`, extra arguments passed on) on a port the system
# picks, so that no two runs and no outgoing connection can collide on it; sets ORG_PID and
# ORG_ORIGIN (http://127.0.0.1:PORT). Call it directly, not in $(...): it sets variables.
start_org() {
  local log
  log="$(mktemp)"
  "$(okta_block_bin)" serve --port 0 "$@" > "$log" 2>&1 &
  ORG_PID=$!
  ORG_ORIGIN=""
  for _ in $(seq 600); do
    ORG_ORIGIN="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -1 || true)"
    if [ -n "$ORG_ORIGIN" ]; then
      rm -f "$log"
      return 0
    fi
    kill -0 "$ORG_PID" 2> /dev/null || break
    sleep 0.1
  done
  echo "okta-block serve did not start: $(cat "$log")" >&2
  rm -f "$log"
  return 1
}

free_port() {
  echo $((20000 + RANDOM % 20000))
}

# Waits up to a minute for a loopback port to accept connections (a busy machine is slow).
wait_for_port() {
  for _ in $(seq 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0 || sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1" >&2
  return 1
}
