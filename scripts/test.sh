#!/usr/bin/env bash
# Runs every check and test: formatting, feature unification, clippy, the Rust unit, property and
# benchmark tests of all crates (one release build shared with the node), then the end-to-end
# tests against real nodes with polkadot.js.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_ROOT/scripts/setup.sh"
cd "$REPO_ROOT"
start=$(date +%s)
stamp() { echo "[test.sh] $1: $(( $(date +%s) - start )) s"; }

cargo fmt --all --check
./scripts/check-features.sh
# `--workspace` everywhere: the build, clippy and the tests resolve one feature set (checked
# above), so the test command compiles no dependency twice. The pallets' benchmark tests run in
# `cargo test` (see workspace-hack/Cargo.toml).
cargo build --release --locked --workspace
stamp "build"
cargo clippy --release --locked --workspace --all-targets -- -D warnings
stamp "clippy"
cargo test --release --locked --workspace
stamp "rust tests"
# The explorer's page, for its browser tests (tests/e2e/tests/80-explorer.test.js).
npm --workspace explorer run typecheck
npm --workspace explorer run build
npm run test:e2e
npm --workspace tests/e2e run test:network
# A runtime upgrade from the previous release under load (tests/e2e/network/upgrade.test.js, ~3 min).
npm --workspace tests/e2e run test:upgrade
# A 2/2 partition that heals, and a fresh node joining by warp sync (partition.test.js, ~2 min).
npm --workspace tests/e2e run test:partition
# Receipts built on the 4-validator network, verified offline in the CLI and JS (receipts.test.js, ~2 min).
npm --workspace tests/e2e run test:receipts
stamp "all tests"
# Not here, to keep the cold run within CI's 90 minutes: the validator-set suite (~8 min),
# `npm --workspace tests/e2e run test:validators` (README, docs/RELIABILITY.md).
