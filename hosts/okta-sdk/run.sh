#!/usr/bin/env bash
# Runs workflow.py with one version of Okta's Python SDK against `okta-block serve` on loopback.
#
#   bash hosts/okta-sdk/run.sh 3.4.6      # or 2.9.13
#
# The SDK, pinned with every dependency in requirements-VERSION.txt, comes from
# `bash hosts/install.sh okta-sdk`, into a virtual environment in the tool cache outside the
# clone. This starts the emulated org on a free port and runs the workflow against it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
. "$root/hosts/lib.sh"
version="${1:?usage: run.sh SDK_VERSION}"
python="$(wasmtime_tools)/okta-sdk-$version/bin/python"
require_installed "Okta's Python SDK $version" "$python"

# A budget high enough that the workflow never meets a 429 (its SDK would wait the window out).
start_org --rate-limit 100000000
trap 'kill $ORG_PID 2>/dev/null || true' EXIT
"$python" "$here/workflow.py" "$ORG_ORIGIN" demo-okta-token
