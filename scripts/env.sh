# Shared settings for every script: one persistent cargo target directory outside the clone, so
# the node build, the tests and CI all reuse the same compiled dependencies.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/provenance-chain/target}"
export PROVENANCE_NODE="${PROVENANCE_NODE:-$CARGO_TARGET_DIR/release/provenance-node}"
# The node with the `benchmark` sub-command (scripts/build-bench-node.sh); validators never run it.
export PROVENANCE_BENCH_NODE="${PROVENANCE_BENCH_NODE:-$CARGO_TARGET_DIR/benchmarking/provenance-node}"
export WASM_BUILD_WORKSPACE_HINT="${WASM_BUILD_WORKSPACE_HINT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# The Python tools of the tests (model-signing, format validators): a venv that setup.sh fills.
export PROVENANCE_VENV="${PROVENANCE_VENV:-$HOME/.cache/provenance-chain/venv}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# The transaction pool every script's node runs: the single-state pool. Under a burst of
# transactions the default fork-aware pool answered every submission and then never included a
# quarter to a half of them (docs/OPERATIONS.md, "Finality and latency settings"); set fork-aware
# to compare.
export PROVENANCE_POOL_TYPE="${PROVENANCE_POOL_TYPE:-single-state}"
# The browser origins the scripts' nodes accept RPC calls from: local pages and polkadot.js Apps.
export LOCAL_RPC_ORIGINS="${LOCAL_RPC_ORIGINS:-http://localhost:*,http://127.0.0.1:*,https://localhost:*,https://127.0.0.1:*,https://polkadot.js.org}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
mkdir -p "$CARGO_TARGET_DIR"
