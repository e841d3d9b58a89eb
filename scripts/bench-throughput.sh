#!/usr/bin/env bash
# Throughput benchmark (issue #11): provenance extrinsics per second against balance transfers, in
# one run, on one `--dev` node (Alice, 6 s blocks) with a transaction pool large enough for several
# full blocks. For each kind — Balances.transfer_keep_alive, Datasets.register, Models.register
# (2 parents + 2 datasets), Inference.log, Inference.anchor_batch, Royalties.pay (depth-3 lineage) —
# the load generator in bench/throughput/ pre-signs extrinsics from 200 funded accounts, submits them
# as fast as the node accepts and counts what the blocks include. The table goes to
# docs/generated/throughput.md (between its markers). A benchmark, not a test: it never fails on a
# figure, only when the node or the load generator breaks. Finishes in under 10 minutes.
#
#   scripts/bench-throughput.sh                       # all kinds, writes docs/generated/throughput.md
#   scripts/bench-throughput.sh --kinds transfer,log  # some kinds (load generator options pass on)
#   scripts/bench-throughput.sh --kinds pay-distinct  # Royalties.pay over 2,000 lineages of their own
#   BENCH_NO_DOCS=1 scripts/bench-throughput.sh       # results only in $BENCH_OUT (no docs change)
#   BENCH_NODE_ARGS="-ltxpool=debug" scripts/bench-throughput.sh --kinds transfer   # profile the pool
#   BENCH_WORK=dir BENCH_KEEP=1 ...                   # work in `dir` and keep the chain database
#                                                     # (scripts/benchmark-block.sh re-executes its blocks)
#
# Needs the release node (scripts/build.sh, as after the README's set-up; built here if missing) and
# Node.js >= 20; installs the load generator's pinned npm packages with `npm ci`. The results (JSON)
# and the node's log stay in a temporary directory whose name the script prints at the end.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
start=$(date +%s)
# The whole run, node start to report, is bounded: the load generator gets a deadline, and a hard
# timeout backs it up.
total_budget=${BENCH_BUDGET_SECONDS:-570}

if [ ! -x "$PROVENANCE_NODE" ]; then
  echo "bench: $PROVENANCE_NODE missing; building it first (scripts/build.sh)"
  "$REPO_ROOT/scripts/build.sh"
  start=$(date +%s)
fi
command -v node >/dev/null || { echo "bench: node (Node.js >= 20) is required; scripts/setup.sh installs it" >&2; exit 1; }

bench_dir="$REPO_ROOT/bench/throughput"
# `npm ci` whenever node_modules does not match the committed lock file (a copy of the lock it was
# installed from is kept inside node_modules).
if ! cmp -s "$bench_dir/package-lock.json" "$bench_dir/node_modules/.bench-lock" 2>/dev/null; then
  echo "bench: installing the load generator's packages (npm ci)"
  (cd "$bench_dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$bench_dir/package-lock.json" "$bench_dir/node_modules/.bench-lock"
fi

work="${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/provenance-bench-XXXXXX")}"
mkdir -p "$work"
out="${BENCH_OUT:-$work/results.json}"
node_log="$work/node.log"
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
rpc_port=$(free_port)
p2p_port=$(free_port)

echo "bench: machine $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc); load:$(uptime | sed 's/.*load average//')"
# A pool for several full blocks of the cheapest kind (ready: --pool-limit, future: a tenth of it).
"$PROVENANCE_NODE" --dev --base-path "$work/chain" \
  --rpc-port "$rpc_port" --port "$p2p_port" --no-prometheus --no-telemetry --no-mdns \
  --pool-limit 100000 --pool-kbytes 262144 --pool-type "$PROVENANCE_POOL_TYPE" \
  --rpc-max-connections 1000 --rpc-max-request-size 64 --rpc-max-response-size 256 \
  ${BENCH_NODE_ARGS:-} >"$node_log" 2>&1 &
node_pid=$!
cleanup() {
  if kill -0 "$node_pid" 2>/dev/null; then
    kill -INT "$node_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$node_pid" 2>/dev/null || true
  fi
  [ -n "${BENCH_KEEP:-}" ] || rm -rf "$work/chain"
}
trap cleanup EXIT

left=$(( total_budget - ($(date +%s) - start) ))
[ "$left" -ge 120 ] || left=120
deadline_ms=$(( ($(date +%s) + left - 15) * 1000 ))
status=0
CLK_TCK=$(getconf CLK_TCK) timeout --signal=INT "$left" \
  node "$bench_dir/bench.js" --url "ws://127.0.0.1:$rpc_port" --node-pid "$node_pid" --node-log "$node_log" \
  --out "$out" --deadline "$deadline_ms" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "bench: the load generator failed ($status); last node log lines:" >&2
  tail -n 30 "$node_log" >&2
  exit "$status"
fi
echo "bench: load:$(uptime | sed 's/.*load average//')"
if [ -z "${BENCH_NO_DOCS:-}" ]; then
  node "$bench_dir/report.js" "$out" "$REPO_ROOT/docs/generated/throughput.md" "$REPO_ROOT"
fi
echo "bench: results in $out, node log in $node_log; $(( $(date +%s) - start )) s"
