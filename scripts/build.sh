#!/usr/bin/env bash
# Builds the whole workspace (node, runtime, pallets, RPC) with the one `release` profile.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_ROOT/scripts/setup.sh"
cd "$REPO_ROOT"
cargo build --release --locked --workspace
