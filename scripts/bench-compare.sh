#!/usr/bin/env bash
# Throughput of two node builds side by side, in one run (scripts/bench-throughput.sh on each, one
# after the other, same machine, same load): for a change of weights or runtime code, build the
# node before and after it and compare.
#
#   scripts/bench-compare.sh OLD_NODE NEW_NODE                       # Balances.transfer_keep_alive
#   scripts/bench-compare.sh OLD_NODE NEW_NODE --kinds transfer,log  # load generator options pass on
#
# Prints a table (markdown) and keeps both runs' results and logs in $BENCH_COMPARE_WORK (default a
# fresh temporary folder). Each side takes the throughput run's time for the kinds (about 4 minutes
# for transfers, BENCH_BUDGET_SECONDS per side, default 300).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
[ $# -ge 2 ] || { echo "usage: scripts/bench-compare.sh OLD_NODE NEW_NODE [load generator options]" >&2; exit 2; }
old=$(realpath "$1")
new=$(realpath "$2")
shift 2
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--kinds transfer)
work="${BENCH_COMPARE_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/provenance-compare-XXXXXX")}"
mkdir -p "$work"
for side in old new; do
  binary=$old
  [ "$side" = old ] || binary=$new
  echo "compare: $side node $binary"
  PROVENANCE_NODE="$binary" BENCH_WORK="$work/$side" BENCH_NO_DOCS=1 BENCH_OUT="$work/$side.json" \
    BENCH_BUDGET_SECONDS="${BENCH_BUDGET_SECONDS:-300}" \
    ./scripts/bench-throughput.sh --full-blocks 2 "${args[@]}" >"$work/$side.log" 2>&1 ||
    { echo "compare: the $side run failed; see $work/$side.log" >&2; exit 1; }
done
node - "$work/old.json" "$work/new.json" <<'JS'
const fs = require('fs');
const [oldRun, newRun] = process.argv.slice(2).map((f) => JSON.parse(fs.readFileSync(f, 'utf8')));
const f = (x, d = 1) => (x === undefined || x === null ? '—' : Number(x).toFixed(d));
console.log('| kind | weight µs, old → new | at most per block by weight, old → new | extrinsics/s in blocks at the weight limit, old → new | flags (new) |');
console.log('|---|--:|--:|--:|---|');
for (const o of oldRun.results) {
  const n = newRun.results.find((r) => r.key === o.key);
  if (!n) continue;
  const rate = (r) => r.window?.atWeightLimit?.perSecond;
  console.log(`| ${o.label} | ${f(o.weightUs)} → ${f(n.weightUs)} | ${o.capacity} → ${n.capacity} | ${f(rate(o))} → ${f(rate(n))} | ${(n.flags || []).join('; ') || '—'} |`);
}
JS
echo "compare: runs kept in $work"
