#!/usr/bin/env bash
# Runs a public RPC node: a full node (never a validator) that serves the world's JSON-RPC with
# safe methods only, a per-connection rate limit, bounded batches, connections, subscriptions and
# message sizes, and the whole state history (`--state-pruning archive`), so verifiers can check
# records and receipts at any past block. Put a TLS-terminating proxy in front of it.
#
#   scripts/run-rpc-node.sh --chain <spec.json|staging> --base-path <dir> --name <name> [node flags...]
#
# Environment (defaults in brackets): RPC_PORT [9944], P2P_PORT [30333], RPC_ORIGINS [local pages and polkadot.js.org;
# set it to the sites whose pages call this node, comma-separated],
# RPC_RATE_LIMIT [calls per minute per connection, 600], RPC_MAX_CONNECTIONS [500],
# RPC_MAX_BATCH [64 calls per batch]. Reasons and figures: docs/OPERATIONS.md ("Public RPC nodes").
# This script never builds; run scripts/build.sh first.
set -euo pipefail
source "$(dirname "$0")/env.sh"
[ -x "$PROVENANCE_NODE" ] || { echo "node binary not found at $PROVENANCE_NODE; run scripts/build.sh" >&2; exit 1; }
exec "$PROVENANCE_NODE" \
	--rpc-external \
	--rpc-port "${RPC_PORT:-9944}" \
	--rpc-methods safe \
	--rpc-cors "${RPC_ORIGINS:-$LOCAL_RPC_ORIGINS}" \
	--pool-type "$PROVENANCE_POOL_TYPE" \
	--rpc-rate-limit "${RPC_RATE_LIMIT:-600}" \
	--rpc-max-connections "${RPC_MAX_CONNECTIONS:-500}" \
	--rpc-max-batch-request-len "${RPC_MAX_BATCH:-64}" \
	--rpc-max-subscriptions-per-connection 256 \
	--rpc-max-request-size 15 \
	--rpc-max-response-size 15 \
	--state-pruning archive \
	--blocks-pruning archive \
	--listen-addr "/ip4/0.0.0.0/tcp/${P2P_PORT:-30333}" \
	"$@"
