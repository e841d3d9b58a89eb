#!/usr/bin/env bash
# RPC latency benchmark (issue #7, "Performance"): p50/p99 latency and throughput of
# `provenance_getModel` and `provenance_lineage` (depth 100) under concurrent load from a second
# process, against a fresh `--dev` node holding a 1,000-model lineage graph (depth 100, fan-in up
# to 4) and 10,000 datasets. Targets: getModel p99 <= 2 ms at >= 5,000 req/s; full-depth lineage
# p99 <= 50 ms. A benchmark, not a test: it never fails on a figure, only when the node, the
# populate step or the load generator breaks. Finishes in under 10 minutes.
#
#   scripts/bench-rpc.sh                        # populate, all scenarios, writes docs/generated/rpc.md
#   BENCH_NO_DOCS=1 scripts/bench-rpc.sh        # results only in $BENCH_OUT (no docs change)
#   scripts/bench-rpc.sh --duration 5 --scenarios model,lineage   # load.js options pass on
#   BENCH_DATASETS=500 BENCH_MODELS=100 BENCH_DEPTH=20 BENCH_NO_DOCS=1 scripts/bench-rpc.sh --duration 3
#                                               # a quick smoke run on a small graph
#
# Steps: bench/rpc/populate.js fills the node over WebSocket (datasets from 10 funded accounts, then
# the models from Alice, generation by generation) and verifies the graph through the RPC;
# bench/rpc/load.js then runs each scenario for a fixed window over plain HTTP JSON-RPC and samples
# the node's CPU from /proc; bench/rpc/report.js writes the table into docs/generated/rpc.md
# (between `<!-- rpc:begin` and `<!-- rpc:end -->`).
#
# Needs the release node ($PROVENANCE_NODE from scripts/env.sh; built with scripts/build.sh if
# missing), copied into the run's temporary directory first so that a rebuild during the run does
# not disturb it, and Node.js >= 20; installs the pinned npm packages of bench/rpc and of
# bench/throughput (whose signer, submitter and extrinsic builders populate.js reuses) with
# `npm ci`. The results (JSON), the graph and the node's log stay in a temporary directory whose
# name the script prints at the end.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
start=$(date +%s)
# The whole run, node start to report, is bounded: populate and the load get deadlines, and hard
# timeouts back them up.
total_budget=${BENCH_BUDGET_SECONDS:-570}

if [ ! -x "$PROVENANCE_NODE" ]; then
  echo "bench: $PROVENANCE_NODE missing; building it first (scripts/build.sh)"
  "$REPO_ROOT/scripts/build.sh"
  start=$(date +%s)
fi
command -v node >/dev/null || { echo "bench: node (Node.js >= 20) is required; scripts/setup.sh installs it" >&2; exit 1; }

# `npm ci` whenever node_modules does not match the committed lock file (a copy of the lock it was
# installed from is kept inside node_modules).
install() {
  local dir="$REPO_ROOT/$1"
  if ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.bench-lock" 2>/dev/null; then
    echo "bench: installing the packages of $1 (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$dir/node_modules/.bench-lock"
  fi
}
install bench/throughput
install bench/rpc
bench_dir="$REPO_ROOT/bench/rpc"

work=$(mktemp -d "${TMPDIR:-/tmp}/provenance-bench-rpc-XXXXXX")
out="${BENCH_OUT:-$work/results.json}"
graph="$work/graph.json"
node_log="$work/node.log"
cp "$PROVENANCE_NODE" "$work/provenance-node"
# The node's own version (its commit) goes into the report: the binary may be older than the tree.
BENCH_NODE_VERSION=$("$work/provenance-node" --version)
export BENCH_NODE_VERSION
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
rpc_port=$(free_port)
p2p_port=$(free_port)

echo "bench: machine $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc); load:$(uptime | sed 's/.*load average//')"
# A pool large enough for all 10,000 dataset registrations at once; connections for the load.
"$work/provenance-node" --dev --base-path "$work/chain" \
  --rpc-port "$rpc_port" --port "$p2p_port" --no-prometheus --no-telemetry --no-mdns \
  --pool-limit 100000 --pool-kbytes 262144 --pool-type "$PROVENANCE_POOL_TYPE" --rpc-max-connections 1000 \
  ${BENCH_NODE_ARGS:-} >"$node_log" 2>&1 &
node_pid=$!
cleanup() {
  if kill -0 "$node_pid" 2>/dev/null; then
    kill -INT "$node_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$node_pid" 2>/dev/null || true
  fi
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work/chain" "$work/provenance-node"
}
trap cleanup EXIT
export CLK_TCK
CLK_TCK=$(getconf CLK_TCK)

fail() {
  echo "bench: $1 failed ($2); last node log lines:" >&2
  tail -n 30 "$node_log" >&2
  exit "$2"
}

# Populate: at most half the budget (about 2 minutes at full size on 2 cores).
left=$(( total_budget - ($(date +%s) - start) ))
populate_budget=$(( left / 2 ))
status=0
timeout --signal=INT "$populate_budget" \
  node "$bench_dir/populate.js" --ws "ws://127.0.0.1:$rpc_port" --http "http://127.0.0.1:$rpc_port" \
  --node-pid "$node_pid" --out "$graph" --deadline $(( ($(date +%s) + populate_budget - 5) * 1000 )) \
  --datasets "${BENCH_DATASETS:-10000}" --models "${BENCH_MODELS:-1000}" --depth "${BENCH_DEPTH:-100}" \
  || status=$?
[ "$status" -eq 0 ] || fail "populate" "$status"

# Load: the rest of the budget; scenarios that would overrun it are skipped (and listed).
left=$(( total_budget - ($(date +%s) - start) ))
[ "$left" -ge 60 ] || left=60
timeout --signal=INT "$left" \
  node "$bench_dir/load.js" --http "http://127.0.0.1:$rpc_port" --graph "$graph" --node-pid "$node_pid" \
  --out "$out" --deadline $(( ($(date +%s) + left - 10) * 1000 )) "$@" || status=$?
[ "$status" -eq 0 ] || fail "the load generator" "$status"
echo "bench: load:$(uptime | sed 's/.*load average//')"

if [ -z "${BENCH_NO_DOCS:-}" ]; then
  node "$bench_dir/report.js" "$out" "$REPO_ROOT/docs/generated/rpc.md" "$REPO_ROOT"
fi
echo "bench: results in $out, graph in $graph, node log in $node_log; $(( $(date +%s) - start )) s"
