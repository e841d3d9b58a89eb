#!/usr/bin/env bash
# Runs a validator with the production profile: its RPC answers only on this machine (unsafe
# methods such as `author_rotateKeys` included, for the operator), never to the public; it keeps
# the default pruned state (validators need no history) and peers over P2P only.
#
#   scripts/run-validator.sh --chain <spec.json|staging> --base-path <dir> --name <name> [node flags...]
#
# Then, once synced: rotate keys (`author_rotateKeysWithOwner`) and register them with
# `Session.set_keys`; governance adds the account (`CollatorSelection.add_invulnerable`). The
# whole walk-through is in docs/OPERATIONS.md ("Joining as a validator").
# Environment: RPC_PORT (default 9944), P2P_PORT (default 30333), PROMETHEUS_PORT (default 9615).
# This script never builds; run scripts/build.sh first.
set -euo pipefail
source "$(dirname "$0")/env.sh"
[ -x "$PROVENANCE_NODE" ] || { echo "node binary not found at $PROVENANCE_NODE; run scripts/build.sh" >&2; exit 1; }
exec "$PROVENANCE_NODE" \
	--validator \
	--rpc-port "${RPC_PORT:-9944}" \
	--rpc-methods unsafe \
	--rpc-cors "$LOCAL_RPC_ORIGINS" \
	--pool-type "$PROVENANCE_POOL_TYPE" \
	--listen-addr "/ip4/0.0.0.0/tcp/${P2P_PORT:-30333}" \
	--prometheus-port "${PROMETHEUS_PORT:-9615}" \
	"$@"
