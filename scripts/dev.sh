#!/usr/bin/env bash
# Sets up the machine, builds, and starts a single-validator dev chain (Alice) that produces a block
# every 6 s, finalizes with GRANDPA and serves JSON-RPC on ws://127.0.0.1:9944. State is kept in a
# temporary directory; pass extra node flags after the script (e.g. `--base-path ./chain-data`).
set -euo pipefail
source "$(dirname "$0")/env.sh"
"$REPO_ROOT/scripts/build.sh"
extra=("$@")
base=(--tmp)
for arg in "${extra[@]}"; do [ "$arg" = "--base-path" ] || [ "${arg%%=*}" = "--base-path" ] && base=(); done
# Browsers may call the RPC only from local pages (the explorer, a local polkadot.js Apps) and
# polkadot.js.org; `--dev` alone would allow every origin.
exec "$PROVENANCE_NODE" --dev "${base[@]}" --rpc-port 9944 --rpc-cors "$LOCAL_RPC_ORIGINS" "${extra[@]}"
