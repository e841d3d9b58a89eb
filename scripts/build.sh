#!/usr/bin/env bash
# Builds the whole workspace (node, runtime, pallets, RPC, CLI) with the one `release` profile, and
# the explorer (explorer/dist).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_ROOT/scripts/setup.sh"
cd "$REPO_ROOT"
cargo build --release --locked --workspace
npm --workspace explorer run build --silent >/dev/null
