#!/usr/bin/env bash
# A four-validator `--chain local` network on loopback: Alice, Bob, Charlie and Dave, each with its
# own base path, node key, P2P / RPC / Prometheus port, pid file and log in one run directory; and
# Eve, a fifth node that is not a validator at genesis: started with `start eve`, it runs with
# `--validator` and no keys until it makes its own (`author_rotateKeysWithOwner`) and governance
# adds it (docs/OPERATIONS.md, "Joining as a validator").
#
#   scripts/local-testnet.sh start [NAME...]   start the four validators (or the named nodes), print RPC endpoints
#   scripts/local-testnet.sh stop [NAME...]    stop cleanly (SIGTERM, SIGKILL after 30 s)
#   scripts/local-testnet.sh kill NAME...      crash them (SIGKILL); `start NAME` brings them back
#   scripts/local-testnet.sh status            pid, best and finalized block, peers of every node
#   scripts/local-testnet.sh endpoints         the RPC endpoints, one per line: NAME ws://...
#   scripts/local-testnet.sh purge             stop everything and delete the run directory
#
# NAME is alice, bob, charlie, dave or eve. A stopped or killed node restarts on the same base path.
# Environment (read at the first `start`, then remembered in $TESTNET_DIR/network.env):
#   TESTNET_DIR               run directory (default ${TMPDIR:-/tmp}/provenance-local-testnet)
#   TESTNET_P2P_PORTS         five P2P ports, Alice to Eve (default "30333 30334 30335 30336 30337")
#   TESTNET_RPC_PORTS         five RPC ports (default "9944 9945 9946 9947 9948")
#   TESTNET_PROMETHEUS_PORTS  five Prometheus ports (default "9615 9616 9617 9618 9619"), or "none"
#   TESTNET_NODE_ARGS         extra flags for every node, e.g. "-lgrandpa=debug"
#   TESTNET_RESERVED_ONLY     1: every node connects only to the others as reserved peers
#                             (`--reserved-only`), so peers can be cut and restored at run time with
#                             `system_removeReservedPeer` / `system_addReservedPeer` (partitions)
#   NODE_START_ARGS           (read at every `start`, not remembered) extra flags for the nodes
#                             started by that command, e.g. NODE_START_ARGS="--sync warp" start eve
#   TESTNET_CHAIN             the chain whose raw spec the nodes run (default local; or a spec file
#                             whose authorities are Alice, Bob, Charlie and Dave)
#   PROVENANCE_NODE           the node binary (default: the shared cargo target, see env.sh)
# This script never builds; run scripts/build.sh (or scripts/dev.sh) first.
set -euo pipefail
source "$(dirname "$0")/env.sh"

NAMES=(alice bob charlie dave eve)
# The validators of the `local` genesis; `start` with no names starts these.
GENESIS_VALIDATORS=(alice bob charlie dave)
DIR="${TESTNET_DIR:-${TMPDIR:-/tmp}/provenance-local-testnet}"
CONF="$DIR/network.env"

die() { echo "local-testnet: $*" >&2; exit 1; }

index_of() {
	local i
	for i in "${!NAMES[@]}"; do [ "${NAMES[$i]}" = "$1" ] && { echo "$i"; return; }; done
	die "unknown node '$1' (expected one of: ${NAMES[*]})"
}

# Creates the run directory, ports and node keys once; later calls load what was saved.
init() {
	mkdir -p "$DIR"
	if [ ! -f "$CONF" ]; then
		[ -x "$PROVENANCE_NODE" ] || die "node binary not found at $PROVENANCE_NODE; build it first (scripts/build.sh)"
		local p2p=(${TESTNET_P2P_PORTS:-30333 30334 30335 30336 30337})
		local rpc=(${TESTNET_RPC_PORTS:-9944 9945 9946 9947 9948})
		local prom=(${TESTNET_PROMETHEUS_PORTS:-9615 9616 9617 9618 9619})
		[ ${#p2p[@]} -eq 5 ] && [ ${#rpc[@]} -eq 5 ] || die "TESTNET_P2P_PORTS and TESTNET_RPC_PORTS need five ports each"
		[ "${prom[0]}" = none ] || [ ${#prom[@]} -eq 5 ] || die "TESTNET_PROMETHEUS_PORTS needs five ports or 'none'"
		local tmp="$CONF.tmp" name i peer
		: >"$tmp"
		for i in "${!NAMES[@]}"; do
			name=${NAMES[$i]}
			mkdir -p "$DIR/$name"
			# A fixed node key per node keeps its peer id, so the others' bootnodes stay valid
			# across restarts.
			[ -f "$DIR/$name/node-key" ] || "$PROVENANCE_NODE" key generate-node-key --file "$DIR/$name/node-key" 2>/dev/null
			peer=$("$PROVENANCE_NODE" key inspect-node-key --file "$DIR/$name/node-key")
			{
				echo "P2P_$name=${p2p[$i]}"
				echo "RPC_$name=${rpc[$i]}"
				echo "PROM_$name=${prom[$i]:-none}"
				echo "PEER_$name=$peer"
			} >>"$tmp"
		done
		echo "NODE_ARGS=\"${TESTNET_NODE_ARGS:-}\"" >>"$tmp"
		echo "RESERVED_ONLY=${TESTNET_RESERVED_ONLY:-0}" >>"$tmp"
		# The raw chain spec (genesis storage) is built once, here: nodes started from it skip
		# building genesis from the runtime, which costs each of them a runtime compilation.
		"$PROVENANCE_NODE" export-chain-spec --chain "${TESTNET_CHAIN:-local}" --raw --output "$DIR/chain-spec.json" >/dev/null
		mv "$tmp" "$CONF"
	fi
	# shellcheck disable=SC1090
	source "$CONF"
}

get() { local var="$1_$2"; echo "${!var}"; }

pid_of() {
	local f="$DIR/$1.pid" pid
	[ -f "$f" ] || return 1
	pid=$(cat "$f")
	# Only our node: the pid must still run the node binary with this node's base path.
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--base-path $DIR/$1 "; then
		echo "$pid"
	else
		return 1
	fi
}

rpc_call() { # port method -> result JSON, or nothing
	curl -s --max-time 2 -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":[]}" "http://127.0.0.1:$1" 2>/dev/null || true
}

start_one() {
	local name=$1 pid
	if pid=$(pid_of "$name"); then echo "$name already running (pid $pid)"; return; fi
	local bootnodes=() other
	for other in "${NAMES[@]}"; do
		[ "$other" = "$name" ] && continue
		if [ "${RESERVED_ONLY:-0}" = 1 ]; then
			bootnodes+=(--reserved-nodes "/ip4/127.0.0.1/tcp/$(get P2P "$other")/p2p/$(get PEER "$other")")
		else
			bootnodes+=(--bootnodes "/ip4/127.0.0.1/tcp/$(get P2P "$other")/p2p/$(get PEER "$other")")
		fi
	done
	local prom=(--no-prometheus)
	[ "$(get PROM "$name")" = none ] || prom=(--prometheus-port "$(get PROM "$name")")
	# shellcheck disable=SC2206
	local extra=($NODE_ARGS ${NODE_START_ARGS:-})
	if [ "${RESERVED_ONLY:-0}" = 1 ]; then extra+=(--reserved-only); fi
	echo "=== $(date -u +%FT%TZ) start $name" >>"$DIR/$name.log"
	# `--alice` etc. insert the well-known development session keys (aura sr25519, gran ed25519)
	# and imply `--validator`; never use them on a public network. Eve has no genesis keys: she
	# validates with the keys her node generates once governance adds her.
	local role=("--$name")
	[ "$name" = eve ] && role=(--validator)
	nohup "$PROVENANCE_NODE" \
		--chain "$DIR/chain-spec.json" \
		"${role[@]}" \
		--name "$name" \
		--base-path "$DIR/$name" \
		--node-key-file "$DIR/$name/node-key" \
		--listen-addr "/ip4/127.0.0.1/tcp/$(get P2P "$name")" \
		"${bootnodes[@]}" \
		--rpc-port "$(get RPC "$name")" \
		--rpc-cors "$LOCAL_RPC_ORIGINS" \
		--pool-type "$PROVENANCE_POOL_TYPE" \
		"${prom[@]}" \
		--no-telemetry \
		--no-mdns \
		"${extra[@]}" \
		</dev/null >>"$DIR/$name.log" 2>&1 &
	echo $! >"$DIR/$name.pid"
}

wait_rpc() {
	local name=$1 port i pid
	port=$(get RPC "$name")
	pid=$(cat "$DIR/$name.pid")
	# The first start compiles the runtime and builds genesis: minutes on a busy 2-core machine.
	for i in $(seq 1 600); do
		kill -0 "$pid" 2>/dev/null || { tail -n 20 "$DIR/$name.log" >&2; die "$name exited; log: $DIR/$name.log"; }
		[ -n "$(rpc_call "$port" system_health)" ] && return 0
		sleep 0.5
	done
	die "$name: RPC on port $port did not answer in 300 s; log: $DIR/$name.log"
}

stop_one() { # name signal
	local name=$1 sig=$2 pid i
	if ! pid=$(pid_of "$name"); then rm -f "$DIR/$name.pid"; return; fi
	kill -"$sig" "$pid" 2>/dev/null || true
	for i in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$pid" 2>/dev/null; then
		echo "$name did not stop in 30 s; killing it" >&2
		kill -KILL "$pid" 2>/dev/null || true
		for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	fi
	echo "=== $(date -u +%FT%TZ) $name stopped (SIG$sig)" >>"$DIR/$name.log"
	rm -f "$DIR/$name.pid"
	echo "$name stopped (SIG$sig)"
}

endpoints() {
	local name
	for name in "${NAMES[@]}"; do echo "$name ws://127.0.0.1:$(get RPC "$name")"; done
}

status() {
	local name pid port health best fin
	printf '%-8s %-8s %-24s %-6s %-9s %-5s\n' node pid rpc best finalized peers
	for name in "${NAMES[@]}"; do
		port=$(get RPC "$name")
		if pid=$(pid_of "$name"); then
			health=$(rpc_call "$port" system_health)
			best=$(rpc_call "$port" chain_getHeader | jq -r '.result.number // empty' 2>/dev/null || true)
			fin=$(rpc_call "$port" chain_getFinalizedHead | jq -r '.result // empty' 2>/dev/null || true)
			[ -n "$fin" ] && fin=$(curl -s --max-time 2 -H 'Content-Type: application/json' \
				-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"chain_getHeader\",\"params\":[\"$fin\"]}" \
				"http://127.0.0.1:$port" | jq -r '.result.number // empty' 2>/dev/null || true)
			printf '%-8s %-8s %-24s %-6s %-9s %-5s\n' "$name" "$pid" "ws://127.0.0.1:$port" \
				"$([ -n "$best" ] && echo $((best)) || echo -)" "$([ -n "$fin" ] && echo $((fin)) || echo -)" \
				"$(echo "$health" | jq -r '.result.peers // "-"' 2>/dev/null || echo -)"
		else
			printf '%-8s %-8s %-24s\n' "$name" stopped "ws://127.0.0.1:$port"
		fi
	done
}

names_or_all() { if [ $# -eq 0 ]; then echo "${NAMES[@]}"; else local n; for n in "$@"; do index_of "$n" >/dev/null; echo "$n"; done; fi; }

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
	start)
		init
		if [ $# -eq 0 ]; then targets="${GENESIS_VALIDATORS[*]}"; else targets=$(names_or_all "$@"); fi
		for name in $targets; do start_one "$name"; done
		for name in $targets; do wait_rpc "$name"; done
		echo "run directory: $DIR"
		endpoints
		;;
	stop)
		[ -f "$CONF" ] || exit 0
		init
		targets=$(names_or_all "$@")
		for name in $targets; do stop_one "$name" TERM; done
		;;
	kill)
		[ $# -gt 0 ] || die "kill needs node names"
		[ -f "$CONF" ] || die "no network in $DIR"
		init
		targets=$(names_or_all "$@")
		for name in $targets; do stop_one "$name" KILL; done
		;;
	status) [ -f "$CONF" ] || die "no network in $DIR"; init; status ;;
	endpoints) [ -f "$CONF" ] || die "no network in $DIR"; init; endpoints ;;
	purge)
		if [ -f "$CONF" ]; then init; for name in "${NAMES[@]}"; do stop_one "$name" TERM; done; fi
		rm -rf "$DIR"
		echo "removed $DIR"
		;;
	*)
		sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'
		[ -z "$cmd" ] || [ "$cmd" = help ] || [ "$cmd" = -h ] || [ "$cmd" = --help ] || exit 2
		;;
esac
