#!/usr/bin/env bash
# Sets up the machine, builds, and starts a single-validator dev chain (Alice) that produces a block
# every 6 s, finalizes with GRANDPA and serves JSON-RPC on ws://127.0.0.1:9944, and the explorer on
# http://127.0.0.1:8080 (EXPLORER_PORT). State is kept in a
# temporary directory; pass extra node flags after the script (e.g. `--base-path ./chain-data`).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_ROOT/scripts/build.sh"
extra=("$@")
base=(--tmp)
for arg in "${extra[@]}"; do [ "$arg" = "--base-path" ] || [ "${arg%%=*}" = "--base-path" ] && base=(); done
# The explorer, next to the node: the built page and the dev chain's raw spec (receipts are
# verified against it in the browser), on http://127.0.0.1:$EXPLORER_PORT (default 8080).
"$PROVENANCE_NODE" export-chain-spec --chain dev --raw --output "$REPO_ROOT/explorer/dist/chain-spec.json" 2>/dev/null
node "$REPO_ROOT/explorer/serve.mjs" "${EXPLORER_PORT:-8080}" &
explorer=$!
trap 'kill $explorer 2>/dev/null' EXIT
# Browsers may call the RPC only from local pages (the explorer, a local polkadot.js Apps) and
# polkadot.js.org; `--dev` alone would allow every origin.
"$PROVENANCE_NODE" --dev "${base[@]}" --rpc-port 9944 --rpc-cors "$LOCAL_RPC_ORIGINS" --pool-type "$PROVENANCE_POOL_TYPE" "${extra[@]}"
