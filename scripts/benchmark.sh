#!/usr/bin/env bash
# Regenerates pallets/*/src/weights.rs from benchmarks run on this machine with the node's
# `benchmark pallet` command (the node is always built with `runtime-benchmarks`).
# Usage: scripts/benchmark.sh [pallet ...]   (default: all four provenance pallets)
# STEPS / REPEAT can be overridden from the environment.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
[ -x "$PROVENANCE_NODE" ] || ./scripts/build.sh
STEPS="${STEPS:-20}"
REPEAT="${REPEAT:-5}"
pallets=("$@")
[ ${#pallets[@]} -eq 0 ] && pallets=(datasets models inference royalties)
for name in "${pallets[@]}"; do
  echo "benchmarking pallet_${name} (steps ${STEPS}, repeat ${REPEAT})"
  "$PROVENANCE_NODE" benchmark pallet \
    --chain dev \
    --pallet "pallet_${name}" \
    --extrinsic '*' \
    --wasm-execution compiled \
    --steps "$STEPS" \
    --repeat "$REPEAT" \
    --heap-pages 4096 \
    --template scripts/frame-weight-template.hbs \
    --output "pallets/${name}/src/weights.rs"
done
