#!/usr/bin/env bash
# Latency benchmark (finality in seconds): submit → in block → finalized for Datasets.register, as a
# polkadot.js user sees it, in four scenarios, one after the other:
#   1. `--dev` (one validator), idle;          2. `--dev` under 300 transfers/s;
#   3. `--chain local` (four validators on this machine, scripts/local-testnet.sh), idle;
#   4. `local` under 300 transfers/s.
# Each scenario: 200 probes at 4 per second (bench/throughput/latency.js), p50/p90/p99, the block
# interval and the finality lag during the run. Results (JSON) go to $BENCH_OUT (default a temporary
# directory, printed) and a table to stdout; figures are entered in docs/PERFORMANCE.md.
# About 8 minutes. A benchmark: it fails only when fewer than 95 % of the probes are finalized.
#
#   scripts/bench-latency.sh                    # all four
#   LATENCY_SCENARIOS="dev-idle local-load" LATENCY_SAMPLES=50 scripts/bench-latency.sh
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
[ -x "$PROVENANCE_NODE" ] || { echo "bench-latency: $PROVENANCE_NODE missing: run scripts/build.sh" >&2; exit 1; }
bench_dir="$REPO_ROOT/bench/throughput"
if ! cmp -s "$bench_dir/package-lock.json" "$bench_dir/node_modules/.bench-lock" 2>/dev/null; then
  (cd "$bench_dir" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$bench_dir/package-lock.json" "$bench_dir/node_modules/.bench-lock"
fi
SCENARIOS=${LATENCY_SCENARIOS:-"dev-idle dev-load local-idle local-load"}
SAMPLES=${LATENCY_SAMPLES:-200}
RATE=${LATENCY_RATE:-4}
LOAD=${LATENCY_LOAD:-300}
work=$(mktemp -d "${TMPDIR:-/tmp}/provenance-latency-XXXXXX")
out=${BENCH_OUT:-$work/latency.json}
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
dev_pid=""
export TESTNET_DIR="$work/local"
cleanup() {
  [ -n "$dev_pid" ] && kill "$dev_pid" 2>/dev/null || true
  [ -d "$TESTNET_DIR" ] && "$REPO_ROOT/scripts/local-testnet.sh" stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

wait_rpc() { # wait_rpc URL: until a block is finalized
  for _ in $(seq 120); do
    if node -e "
      const ws = new (require('$bench_dir/node_modules/ws'))('$1');
      ws.on('open', () => ws.send(JSON.stringify({ id: 1, jsonrpc: '2.0', method: 'chain_getFinalizedHead', params: [] })));
      ws.on('message', () => process.exit(0)); ws.on('error', () => process.exit(1));" 2>/dev/null; then return 0; fi
    sleep 1
  done
  return 1
}

results=()
for scenario in $SCENARIOS; do
  case "$scenario" in
    dev-*)
      port=$(free_port)
      "$PROVENANCE_NODE" --dev --base-path "$work/dev-$scenario" --no-prometheus --no-telemetry \
        --rpc-port "$port" --port 0 --pool-limit 40000 --pool-kbytes 200000 --pool-type "$PROVENANCE_POOL_TYPE" >"$work/$scenario.log" 2>&1 &
      dev_pid=$!
      url="ws://127.0.0.1:$port"
      ;;
    local-*)
      TESTNET_NODE_ARGS="--pool-limit 40000 --pool-kbytes 200000" "$REPO_ROOT/scripts/local-testnet.sh" start >/dev/null
      url=$("$REPO_ROOT/scripts/local-testnet.sh" endpoints | awk '$1=="alice"{print $2}')
      ;;
    *) echo "unknown scenario $scenario" >&2; exit 1 ;;
  esac
  wait_rpc "$url"
  sleep 6
  load=0; [[ "$scenario" == *-load ]] && load=$LOAD
  echo "== $scenario: $SAMPLES probes at $RATE/s, load $load/s, $url"
  node "$bench_dir/latency.js" --url "$url" --samples "$SAMPLES" --rate "$RATE" --load "$load" \
    --label "$scenario" --out "$work/$scenario.json" >/dev/null
  results+=("$work/$scenario.json")
  case "$scenario" in
    dev-*) kill "$dev_pid"; wait "$dev_pid" 2>/dev/null || true; dev_pid="" ;;
    local-*) "$REPO_ROOT/scripts/local-testnet.sh" purge >/dev/null ;;
  esac
done

OUT="$out" node -e '
const fs = require("fs");
const rows = process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
fs.writeFileSync(process.env.OUT, JSON.stringify(rows, null, 2) + "\n");
const s = (ms) => ms === null ? "—" : (ms / 1000).toFixed(1) + " s";
console.log("| scenario | load | probes finalized | in block p50 / p90 / p99 | finalized p50 / p90 / p99 | block interval mean | finality lag mean (max) |");
console.log("|---|--:|--:|--:|--:|--:|--:|");
for (const r of rows) {
  const b = r.submitToInBlockMs, f = r.submitToFinalizedMs;
  console.log(`| ${r.label} | ${r.options.load}/s | ${r.finalizedProbes}/${r.options.samples} | ${s(b.p50)} / ${s(b.p90)} / ${s(b.p99)} | ${s(f.p50)} / ${s(f.p90)} / ${s(f.p99)} | ${s(r.blockIntervalMs.mean)} | ${r.finalityLagBlocks.mean?.toFixed(2)} (${r.finalityLagBlocks.max}) |`);
}
' "${results[@]}"
echo "results: $out (logs in $work)"
