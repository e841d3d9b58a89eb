#!/usr/bin/env bash
# Builds the benchmarking node: `provenance-node` with `--features runtime-benchmarks` (the
# `benchmark` sub-command and a runtime wasm with the `Benchmark_*` API), copied to
# $PROVENANCE_BENCH_NODE so that it never replaces the node that scripts/build.sh builds.
# Used by scripts/benchmark.sh and scripts/benchmark-block.sh; about 10 minutes after a build.
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_ROOT/scripts/setup.sh"
cd "$REPO_ROOT"
# frame-benchmarking-cli's own test runtime (used only to benchmark storage access inside a
# parachain's validate_block) cannot find itself in this workspace's `cargo metadata`, where the
# CLI is an optional dependency; its wasm is not needed here.
SKIP_FRAME_STORAGE_ACCESS_TEST_RUNTIME_WASM_BUILD=1 \
  cargo build --release --locked --workspace --features provenance-node/runtime-benchmarks
mkdir -p "$(dirname "$PROVENANCE_BENCH_NODE")"
cp "$CARGO_TARGET_DIR/release/provenance-node" "$PROVENANCE_BENCH_NODE"
echo "benchmarking node: $PROVENANCE_BENCH_NODE"
