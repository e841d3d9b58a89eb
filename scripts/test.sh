#!/usr/bin/env bash
# Runs every test: Rust unit, property and benchmark tests of all crates (one release build shared
# with the node), then the end-to-end tests against real nodes with polkadot.js.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_ROOT/scripts/setup.sh"
cd "$REPO_ROOT"
start=$(date +%s)
# `--workspace` unifies features exactly as the node build does, so nothing is compiled twice;
# the node enables `runtime-benchmarks`, so the pallets' benchmark tests run here too.
cargo build --release --locked --workspace
cargo test --release --locked --workspace
echo "rust tests: $(( $(date +%s) - start )) s"
npm run test:e2e
npm --workspace tests/e2e run test:network
echo "all tests: $(( $(date +%s) - start )) s"
