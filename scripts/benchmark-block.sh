#!/usr/bin/env bash
# Checks the weights against reality (issue #8): fills blocks with provenance extrinsics on a `--dev`
# node (the throughput load generator, scripts/bench-throughput.sh, with the chain database kept),
# then re-executes each full block with `provenance-node benchmark block` and compares its execution
# time with the weight the block consumed (`System::BlockWeight`, after refunds); then imports the
# whole chain into a fresh database with `import-blocks` and compares each block's full import time
# (seal verification, execution, database commit) with the same weight. Goal: every full
# block executes in 85–100 % of its weight — under 85 % the weights overcharge (fewer extrinsics per
# block than the machine could take), over 100 % they undercharge (blocks can take longer than the
# slot budget). A benchmark, not a test: it reports, it does not fail on a figure.
#
#   scripts/benchmark-block.sh                              # all kinds; table into docs/generated/block.md
#   scripts/benchmark-block.sh --kinds transfer,log         # some kinds (load generator options pass on)
#   BENCH_NO_DOCS=1 scripts/benchmark-block.sh              # print only
#   BENCH_KEEP=1 scripts/benchmark-block.sh                 # keep the chain database afterwards
#   IMPORT_RUNS=5 scripts/benchmark-block.sh                # import the chain 5 times (default 3)
#   STABILITY_SECONDS=30 scripts/benchmark-block.sh         # shorter speed-stability probes (default 60 s)
#
# Needs what scripts/bench-throughput.sh needs; takes about 16–18 minutes for all kinds (14–16 measured,
# plus two minutes of machine-stability probes: STABILITY_SECONDS=60 each).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
[ -x "$PROVENANCE_BENCH_NODE" ] || ./scripts/build-bench-node.sh
REPEAT="${BLOCK_REPEAT:-10}"
work=$(mktemp -d "${TMPDIR:-/tmp}/provenance-block-XXXXXX")
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$work/chain"' EXIT
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--kinds transfer,dataset,model,log,anchor,pay,pay-distinct)

echo "block: filling blocks (scripts/bench-throughput.sh, database kept in $work/chain)"
# pay-distinct (Royalties.pay over 2,000 lineages of their own) sets up 6,000 extrinsics first.
BENCH_WORK="$work" BENCH_KEEP=1 BENCH_NO_DOCS=1 BENCH_OUT="$work/results.json" \
  BENCH_BUDGET_SECONDS="${BENCH_BUDGET_SECONDS:-720}" \
  BENCH_NODE_ARGS="--state-pruning archive" \
  ./scripts/bench-throughput.sh --full-blocks 2 "${args[@]}"

# One line per kind: label, first and last block of its measuring window (full blocks).
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const k of r.results) {
    const b = (k.window && k.window.blocks) || [];
    if (b.length) console.log([k.label, Math.min(...b), Math.max(...b)].join("\t"));
  }' "$work/results.json" >"$work/windows.tsv"

# How steady the machine's speed is while the blocks are measured: the check cannot be read more
# finely than this spread (scripts/machine-stability.mjs), so it is measured before the
# re-execution and again after the imports, and printed with the table.
STABILITY_SECONDS="${STABILITY_SECONDS:-60}"
stability() { # file -> the machine's speed spread over STABILITY_SECONDS, as JSON
  echo "block: measuring the machine's speed stability for $STABILITY_SECONDS s"
  node scripts/machine-stability.mjs --seconds "$STABILITY_SECONDS" --json >"$1"
}
stability "$work/stability-before.json"

: >"$work/blocks.tsv"
while IFS=$'\t' read -r label from to; do
  # `benchmark block` has no warm-up: the first execution in each run also compiles the wasm
  # runtime, seconds that would land in the average of the first block measured. So each run
  # starts one block earlier (the kind's ramp-up block) and that block's figure is dropped.
  warmup=$((from - 1))
  echo "block: re-executing blocks $from..$to ($label), $REPEAT times each (block $warmup first, as warm-up)"
  "$PROVENANCE_BENCH_NODE" benchmark block --chain dev --base-path "$work/chain" \
    --state-pruning archive --wasm-execution compiled --from "$warmup" --to "$to" --repeat "$REPEAT" \
    2>&1 | tee "$work/block-$from.log" |
    sed -n 's/.*Block \([0-9]*\) with *\([0-9]*\) tx used *\([0-9.]*\)% of its weight ( *\([0-9,]*\) of *\([0-9,]*\) ns).*/\1 \2 \3 \4 \5/p' |
    while read -r number txs percent took weight; do
      [ "$number" -ne "$warmup" ] || continue
      printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$number" "$txs" "$percent" "${took//,/}" "${weight//,/}" | tee -a "$work/blocks.tsv"
    done
done <"$work/windows.tsv"
[ -s "$work/blocks.tsv" ] || { echo "block: no block was measured; see $work" >&2; exit 1; }

# `benchmark block` times the runtime's execution only. A node importing the block also verifies
# its seal and commits its changes to the database (which the DB write weight pays for), so the
# same blocks are imported the way a syncing node imports them: exported from the chain and
# imported in order into a fresh database with `import-blocks`, IMPORT_RUNS times (default 3).
# Block n's import time is from the import queue's first look at it ("Block n (..) has k logs",
# start of verification) to its "Block imported successfully Some(n)" (after the database commit),
# from the node's millisecond log timestamps. The client logs "Imported (#n)" once the block has
# executed, before it stores the block and commits (sc-service `Client::execute_and_import_block`),
# so the part after that line is reported on its own: storing the block and the commit. The median
# over the runs is reported, since single imports on this VM vary by up to 1.7x for the same block
# (database and VM background work).
IMPORT_RUNS="${IMPORT_RUNS:-3}"
echo "block: importing the whole chain into a fresh database (import-blocks, $IMPORT_RUNS times)"
"$PROVENANCE_NODE" export-blocks --chain dev --base-path "$work/chain" --state-pruning archive \
  --from 1 --binary "$work/blocks.bin" >"$work/export.log" 2>&1
: >"$work/import-runs.tsv"
for run in $(seq 1 "$IMPORT_RUNS"); do
  rm -rf "$work/import"
  "$PROVENANCE_NODE" import-blocks --chain dev --base-path "$work/import" --binary \
    --detailed-log-output -lsc_service=trace,sync::import-queue=trace \
    "$work/blocks.bin" >"$work/import-$run.log" 2>&1
  awk 'function at(clock, t) { split(clock, t, ":"); return t[1] * 3600 + t[2] * 60 + t[3] }
    / sync::import-queue: Block [0-9]+ .* has [0-9]+ logs/ {
      for (i = 1; i <= NF; i++) if ($i == "Block") { start[$(i + 1)] = at($2); break } }
    / sc_service::client::client: Imported .*\(#[0-9]+\)/ {
      match($0, /\(#[0-9]+\)/); executed[substr($0, RSTART + 2, RLENGTH - 3)] = at($2) }
    / sync::import-queue: Block imported successfully Some\([0-9]+\)/ {
      match($0, /Some\([0-9]+\)/); n = substr($0, RSTART + 5, RLENGTH - 6);
      if ((n in start) && (n in executed))
        printf "%d\t%.0f\t%.0f\n", n, (at($2) - start[n]) * 1e9, (at($2) - executed[n]) * 1e9 }' \
    "$work/import-$run.log" >>"$work/import-runs.tsv"
done
rm -rf "$work/import"
# Median per block over the runs, of the whole import (column 2) and of its store-and-commit part
# (column 3), each on its own.
median_per_block() { # column of import-runs.tsv -> "block<TAB>median", sorted as text for join
  sort -t$'\t' -k1,1n -k"$1","$1"n "$work/import-runs.tsv" |
    awk -F'\t' -v column="$1" '{ v[$1] = v[$1] " " $column }
      END { for (n in v) { c = split(substr(v[n], 2), x, " "); printf "%d\t%s\n", n, x[int((c + 1) / 2)] } }' |
    sort -t$'\t' -k1,1
}
join -t$'\t' <(median_per_block 2) <(median_per_block 3) | sort -n >"$work/import.tsv"
stability "$work/stability-after.json"
stability_text=$(node -e '
  const fs = require("fs");
  const [before, after] = process.argv.slice(1).map((f) => JSON.parse(fs.readFileSync(f, "utf8")));
  const f = (r) => `p90/p10 ${r.spreadP90P10.toFixed(2)}×, max/min ${r.spreadMaxMin.toFixed(2)}× (median ${r.mibPerSecond.median.toFixed(0)} MiB/s)`;
  console.log(`${before.work}, ${before.seconds} s before the re-execution: ${f(before)}; after the imports: ${f(after)}`);' \
  "$work/stability-before.json" "$work/stability-after.json")

commit=$(git rev-parse --short HEAD)
table=$(
  echo "Measured $(date -u +%Y-%m-%d) on commit \`$commit\`, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), nproc $(nproc), load average $(cut -d' ' -f1-3 /proc/loadavg) after the run; \`scripts/benchmark-block.sh\` (\`benchmark block --repeat $REPEAT\`, compiled wasm, no trie cache; each run starts with one warm-up block whose figure is dropped)."
  echo
  echo "Machine speed stability (\`scripts/machine-stability.mjs\`): $stability_text."
  echo
  echo "| kind | block | extrinsics | weight consumed (ms) | execution, average (ms) | execution / weight | in 85–100 %? | import: verify + execute + store and commit, median of $IMPORT_RUNS (ms) | of which store and commit, median (ms) | import / weight |"
  echo "|---|--:|--:|--:|--:|--:|---|--:|--:|--:|"
  awk -F'\t' 'NR == FNR { imported[$1] = $2; committed[$1] = $3; next } {
    ok = ($4 >= 85 && $4 <= 100) ? "✅" : ($4 > 100 ? "❌ over weight" : "❌ overcharged");
    if ($2 in imported) {
      ratio = 100 * imported[$2] / $6;
      import = sprintf("%.1f | %.1f | %.1f %%%s", imported[$2] / 1e6, committed[$2] / 1e6, ratio, ratio > 100 ? " (over)" : "");
    } else import = "— | — | —";
    printf "| %s | %d | %d | %.1f | %.1f | %.1f %% | %s | %s |\n", $1, $2, $3, $6 / 1e6, $5 / 1e6, $4, ok, import
  }' "$work/import.tsv" "$work/blocks.tsv"
)
echo "$table"
if [ -z "${BENCH_NO_DOCS:-}" ]; then
  node -e '
    const fs = require("fs");
    const [file, body] = [process.argv[1], process.argv[2]];
    const begin = "<!-- block:begin — generated by scripts/benchmark-block.sh; write analysis below the end marker -->";
    const end = "<!-- block:end -->";
    let doc = fs.readFileSync(file, "utf8");
    const i = doc.indexOf("<!-- block:begin"), j = doc.indexOf(end);
    if (i < 0 || j < 0) { console.error("block: markers missing in " + file); process.exit(1); }
    doc = doc.slice(0, i) + begin + "\n" + body + "\n" + doc.slice(j);
    fs.writeFileSync(file, doc);' docs/generated/block.md "$table"
  echo "block: table written to docs/generated/block.md"
fi
echo "block: logs in $work"
