#!/usr/bin/env bash
# Benchmarks of the `provenance` CLI, recorded in docs/PERFORMANCE.md ("## CLI"):
#   1. `provenance hash` on a 2 GiB directory of mixed file sizes (1 KiB … 512 MiB, ~8,500 files)
#      vs `b2sum -l 256` (one process, the same files, the same warm page cache);
#   2. `provenance batch build` on 1,000,000 records: root + proofs file.
# Test data goes under ${BENCH_DIR:-/tmp/provenance-cli-bench} and is deleted afterwards.
# Run it when no cargo build is running (`pgrep -x cargo`): both cores are measured.
# Usage: cli/bench/bench.sh [path/to/provenance]   (default: the release build in $CARGO_TARGET_DIR)
set -euo pipefail
BIN=${1:-${CARGO_TARGET_DIR:-$HOME/.cache/provenance-chain/target}/release/provenance}
DIR=${BENCH_DIR:-/tmp/provenance-cli-bench}
RUNS=${RUNS:-3}
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release -p provenance-cli)" >&2; exit 1; }
command -v b2sum >/dev/null || { echo "b2sum (coreutils) is needed" >&2; exit 1; }
trap 'rm -rf "$DIR"' EXIT
rm -rf "$DIR"; mkdir -p "$DIR/data"

now() { date +%s.%N; }
best_of() { # best_of N command... -> prints the best wall time in seconds
	local best="" t0 t1 dt
	for _ in $(seq "$1"); do
		t0=$(now); "${@:2}" >/dev/null; t1=$(now)
		dt=$(echo "$t1 - $t0" | bc -l)
		if [ -z "$best" ] || (( $(echo "$dt < $best" | bc -l) )); then best=$dt; fi
	done
	echo "$best"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); cargo running: $(pgrep -x cargo >/dev/null && echo yes || echo no)"

# --- 1. data: 2 GiB in 14 size classes ------------------------------------------------------
echo "generating the 2 GiB test directory…"
python3 - "$DIR/data" <<'PY'
import os, sys
root = sys.argv[1]
KiB, MiB = 1024, 1024 * 1024
classes = [(512*MiB,1),(256*MiB,1),(128*MiB,2),(64*MiB,4),(32*MiB,4),(16*MiB,8),(8*MiB,16),(4*MiB,32),
           (1*MiB,128),(256*KiB,256),(64*KiB,512),(16*KiB,1024),(4*KiB,2048),(1*KiB,4096)]
pool = os.urandom(64 * MiB)
n = 0
for size, count in classes:
    d = os.path.join(root, f"{size // KiB}KiB")
    os.makedirs(d, exist_ok=True)
    for i in range(count):
        with open(os.path.join(d, f"f{i:05}.bin"), "wb") as f:
            left, off = size, (n * 7919) % (32 * MiB)
            f.write(n.to_bytes(8, "little"))  # every file distinct
            left -= 8
            while left > 0:
                chunk = pool[off:off + min(left, 32 * MiB)]
                f.write(chunk); left -= len(chunk)
        n += 1
PY
TOTAL=$(du -sb "$DIR/data" | cut -f1)
FILES=$(find "$DIR/data" -type f | wc -l)
echo "test data: $FILES files, $TOTAL bytes"
find "$DIR/data" -type f -print0 | xargs -0 cat > /dev/null   # warm the page cache

b2() { find "$DIR/data" -type f -print0 | xargs -0 b2sum -l 256; }
T_B2=$(best_of "$RUNS" b2)
T_P1=$(best_of "$RUNS" env PROVENANCE_THREADS=1 "$BIN" hash --quiet "$DIR/data")
T_P=$(best_of "$RUNS" "$BIN" hash --quiet "$DIR/data")
mbps() { echo "scale=0; $TOTAL / $1 / 1000000" | bc -l; }
echo "b2sum -l 256 (1 process):        $(printf %.2f "$T_B2") s  $(mbps "$T_B2") MB/s"
echo "provenance hash (1 thread):      $(printf %.2f "$T_P1") s  $(mbps "$T_P1") MB/s"
echo "provenance hash ($(nproc) threads):     $(printf %.2f "$T_P") s  $(mbps "$T_P") MB/s"
echo "speed-up vs b2sum:               $(echo "scale=2; $T_B2 / $T_P" | bc -l)x"
rm -rf "$DIR/data"

# --- 2. a batch of 1,000,000 records -------------------------------------------------------
echo "generating 1,000,000 records…"
python3 - "$DIR/records.jsonl" <<'PY'
import os, sys
with open(sys.argv[1], "w") as f:
    rnd = os.urandom(96 * 1000)
    for i in range(1_000_000):
        j = (i % 1000) * 96
        f.write('{"modelId":1,"inputHash":"0x%s","outputHash":"0x%064x","paramsHash":"0x%s"}\n'
                % (rnd[j:j+32].hex(), i, rnd[j+64:j+96].hex()))
PY
cat "$DIR/records.jsonl" > /dev/null
T_BATCH=$(best_of "$RUNS" "$BIN" batch build --quiet "$DIR/records.jsonl" --out "$DIR/records.proofs")
echo "batch build, 1,000,000 records:  $(printf %.2f "$T_BATCH") s (records $(stat -c %s "$DIR/records.jsonl") B, proofs file $(stat -c %s "$DIR/records.proofs") B)"
T_PROVE=$(best_of "$RUNS" "$BIN" batch prove "$DIR/records.proofs" --index 765432)
echo "batch prove (one record by index): $(printf %.3f "$T_PROVE") s"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); cargo running: $(pgrep -x cargo >/dev/null && echo yes || echo no)"
