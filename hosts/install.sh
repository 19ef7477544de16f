#!/usr/bin/env bash
# Installs the foreign hosts the tests run the component in, once, into a tool cache outside the
# clone ($OKTA_BLOCK_TOOLS, default ~/.cache/okta-block/tools), so every clone and every later
# CI run on the machine reuses them:
#
#   bash hosts/install.sh            # all of them
#   bash hosts/install.sh jco        # or some: wasmtime-cli, jco, okta-sdk, obelisk, browser
#
# - wasmtime-cli: the stock `wasmtime` CLI at the host's wasmtime version, from crates.io
#   (about 15 minutes to build on 2 cores, once).
# - jco: Node.js packages pinned by hosts/jco/package-lock.json, `npm ci` into the cache.
# - okta-sdk: Okta's Python SDK, the current 3.x and the last 2.x, each in a virtual
#   environment pinned by hosts/okta-sdk/requirements-VERSION.txt (needs python3 with venv).
# - obelisk: the Obelisk workflow engine from crates.io (about 30 minutes on 2 cores, once). Its
#   build needs `protoc` and its well-known types: installed from Debian's protobuf-compiler and
#   libprotobuf-dev when missing.
# - browser: Debian's Chromium (when /usr/bin/chromium is missing) and playwright-core, pinned by
#   hosts/browser/package-lock.json, `npm ci` into the cache: the page's test drives them.
#
# Each step does nothing when what it would install is already there at the pinned version.
# `cargo test --workspace` runs a host's test when it is installed and reports it as ignored,
# with the reason, when it is not.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
. "$root/hosts/lib.sh"
tools="$(wasmtime_tools)"
mkdir -p "$tools"

install_wasmtime_cli() {
  if "$tools/bin/wasmtime" --version 2>/dev/null | grep -q "^wasmtime $WASMTIME_VERSION\b"; then
    echo "wasmtime CLI $WASMTIME_VERSION: already in $tools/bin"
    return
  fi
  echo "wasmtime CLI $WASMTIME_VERSION: building into $tools (about 15 minutes, once)"
  # Its own target dir under the cache: the project's target dir stays the project's.
  CARGO_TARGET_DIR="$tools/build/wasmtime-cli" \
    cargo install wasmtime-cli --version "$WASMTIME_VERSION" --locked --root "$tools"
  rm -rf "$tools/build/wasmtime-cli"
}

# Debian packages, as root or through sudo (the package lists refreshed when they are stale).
apt_install() {
  echo "installing Debian's $*"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get install -y --no-install-recommends "$@" > /dev/null \
    || { $sudo apt-get update > /dev/null && $sudo apt-get install -y --no-install-recommends "$@" > /dev/null; }
}

# `npm ci` of hosts/NAME's pinned packages into $tools/NAME, unless MODULE is there already
# from the same lock file.
npm_ci_into() {
  local name="$1" module="$2" dir="$tools/$1"
  if cmp -s "$root/hosts/$name/package-lock.json" "$dir/package-lock.json" \
    && [ -d "$dir/node_modules/$module" ]; then
    echo "$name: already in $dir"
    return
  fi
  command -v npm > /dev/null || { echo "$name needs Node.js and npm" >&2; return 1; }
  echo "$name: npm ci into $dir"
  mkdir -p "$dir"
  cp "$root/hosts/$name/package.json" "$root/hosts/$name/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}

install_jco() {
  npm_ci_into jco @bytecodealliance/jco
}

# The Python SDK versions the client tests run (host-test/tests/hosts.rs names them too).
OKTA_SDK_VERSIONS=(3.4.6 2.9.13)

install_okta_sdk() {
  command -v python3 > /dev/null || { echo "okta-sdk needs python3" >&2; return 1; }
  local version dir
  for version in "${OKTA_SDK_VERSIONS[@]}"; do
    dir="$tools/okta-sdk-$version"
    if cmp -s "$root/hosts/okta-sdk/requirements-$version.txt" "$dir/requirements.txt"; then
      echo "okta $version: already in $dir"
      continue
    fi
    echo "okta $version: pip install into $dir"
    rm -rf "$dir"
    python3 -m venv "$dir"
    "$dir/bin/pip" install --quiet --disable-pip-version-check \
      -r "$root/hosts/okta-sdk/requirements-$version.txt"
    # Last, so an interrupted install is not taken for a finished one.
    cp "$root/hosts/okta-sdk/requirements-$version.txt" "$dir/requirements.txt"
  done
}

install_browser() {
  [ -x /usr/bin/chromium ] || apt_install chromium
  npm_ci_into browser playwright-core
}

# Obelisk's version: the last that builds with the project's toolchain (0.41 needs rustc 1.96).
# hosts/obelisk/run.sh and host-test/tests/hosts.rs check for the same one.
OBELISK_VERSION="0.38.3"

install_obelisk() {
  if "$tools/bin/obelisk" --version 2>/dev/null | grep -q "$OBELISK_VERSION"; then
    echo "obelisk $OBELISK_VERSION: already in $tools/bin"
    return
  fi
  # Its build runs protoc, which needs Google's well-known types beside it.
  if ! command -v protoc > /dev/null || [ ! -f /usr/include/google/protobuf/duration.proto ]; then
    apt_install protobuf-compiler libprotobuf-dev
  fi
  echo "obelisk $OBELISK_VERSION: building into $tools (about 12 to 30 minutes, once)"
  CARGO_TARGET_DIR="$tools/build/obelisk" \
    cargo install obelisk --version "$OBELISK_VERSION" --locked --root "$tools"
  rm -rf "$tools/build/obelisk"
}

steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(wasmtime-cli jco okta-sdk obelisk browser)
for step in "${steps[@]}"; do
  case "$step" in
    wasmtime-cli) install_wasmtime_cli ;;
    jco) install_jco ;;
    okta-sdk) install_okta_sdk ;;
    obelisk) install_obelisk ;;
    browser) install_browser ;;
    *) echo "unknown host '$step' (wasmtime-cli, jco, okta-sdk, obelisk, browser)" >&2; exit 2 ;;
  esac
done
