#!/usr/bin/env bash
# Benchmarks of the `provenance` CLI, recorded in docs/PERFORMANCE.md ("## CLI"):
#   1. `provenance hash` (SHA-256 file digests) on 2 GiB as 16 files of 128 MiB, side by side with
#      single-process `openssl dgst -sha256` over the same files in the same warm page cache (goal:
#      provenance ≥ 90 % of cores × openssl's throughput), then with a cold page cache against the
#      disk's sequential read rate (`cat`; needs root to drop caches), then on 2 GiB of mixed file
#      sizes (1 KiB … 512 MiB, ~8,100 files);
#   2. `provenance batch build` on 1,000,000 records: root + proofs file;
#   3. `provenance verify` of the 2 GiB folder against a dev node (started here if no
#      $PROVENANCE_RPC): hashing time + look-up time.
# Test data goes under ${BENCH_DIR:-/tmp/provenance-cli-bench} and is deleted afterwards.
# Run it when no cargo build is running (`pgrep -x cargo`): both cores are measured.
# Usage: cli/bench/bench.sh [path/to/provenance]   (default: the release build in $CARGO_TARGET_DIR)
set -euo pipefail
BIN=${1:-${CARGO_TARGET_DIR:-$HOME/.cache/provenance-chain/target}/release/provenance}
NODE=${PROVENANCE_NODE:-$(dirname "$BIN")/provenance-node}
DIR=${BENCH_DIR:-/tmp/provenance-cli-bench}
RUNS=${RUNS:-3}
[ -x "$BIN" ] || { echo "no binary at $BIN (cargo build --release -p provenance-cli)" >&2; exit 1; }
command -v openssl >/dev/null || { echo "openssl is needed" >&2; exit 1; }
NODE_PID=""
cleanup() { [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null; rm -rf "$DIR"; }
trap cleanup EXIT
rm -rf "$DIR"; mkdir -p "$DIR/data" "$DIR/big"

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
CORES=$(nproc)
echo "machine: $CORES cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), SHA extensions: $(grep -q -m1 sha_ni /proc/cpuinfo && echo yes || echo no)"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg); cargo running: $(pgrep -x cargo >/dev/null && echo yes || echo no)"

# --- 1a. 16 × 128 MiB, warm ------------------------------------------------------------------
echo "generating 16 × 128 MiB…"
for i in $(seq -w 1 16); do head -c 134217728 /dev/urandom > "$DIR/big/f$i.bin"; done
BIG=$(du -sb "$DIR/big" | cut -f1)
cat "$DIR"/big/* > /dev/null
T_SSL=$(best_of "$RUNS" openssl dgst -sha256 "$DIR"/big/*)
T_P1=$(best_of "$RUNS" env PROVENANCE_THREADS=1 "$BIN" hash --quiet "$DIR/big")
T_P=$(best_of "$RUNS" "$BIN" hash --quiet "$DIR/big")
mbps() { echo "scale=0; $1 / $2 / 1000000" | bc -l; }
echo "16 x 128 MiB, page cache:"
echo "  openssl dgst -sha256 (1 process):   $(printf %.2f "$T_SSL") s  $(mbps "$BIG" "$T_SSL") MB/s"
echo "  provenance hash (1 thread):         $(printf %.2f "$T_P1") s  $(mbps "$BIG" "$T_P1") MB/s"
echo "  provenance hash ($CORES threads):        $(printf %.2f "$T_P") s  $(mbps "$BIG" "$T_P") MB/s"
echo "  vs cores x openssl:                 $(echo "scale=0; 100 * $T_SSL / ($CORES * $T_P)" | bc -l) % (goal >= 90 %)"

# --- 1b. cold page cache ---------------------------------------------------------------------
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }
if drop 2>/dev/null; then
	cold_best() { local best="" t0 t1 dt; for _ in $(seq "$RUNS"); do drop; t0=$(now); "$@" >/dev/null; t1=$(now); dt=$(echo "$t1 - $t0" | bc -l); if [ -z "$best" ] || (( $(echo "$dt < $best" | bc -l) )); then best=$dt; fi; done; echo "$best"; }
	T_CAT=$(cold_best sh -c "cat '$DIR'/big/* > /dev/null")
	T_PC=$(cold_best "$BIN" hash --quiet "$DIR/big")
	echo "16 x 128 MiB, cold cache:"
	echo "  cat (sequential read):              $(printf %.2f "$T_CAT") s  $(mbps "$BIG" "$T_CAT") MB/s"
	echo "  provenance hash:                    $(printf %.2f "$T_PC") s  $(mbps "$BIG" "$T_PC") MB/s  ($(echo "scale=0; 100 * $T_CAT / $T_PC" | bc -l) % of the read rate, goal >= 90 %)"
	cat "$DIR"/big/* > /dev/null
else
	echo "cold cache: skipped (dropping the page cache needs root)"
fi

# --- 1c. mixed sizes ---------------------------------------------------------------------------
echo "generating the 2 GiB mixed directory…"
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

ssl_all() { find "$DIR/data" -type f -print0 | xargs -0 openssl dgst -sha256; }
T_SSLM=$(best_of "$RUNS" ssl_all)
T_PM=$(best_of "$RUNS" "$BIN" hash --quiet "$DIR/data")
echo "mixed sizes ($FILES files), page cache:"
echo "  openssl dgst -sha256 (1 process):   $(printf %.2f "$T_SSLM") s  $(mbps "$TOTAL" "$T_SSLM") MB/s"
echo "  provenance hash ($CORES threads):        $(printf %.2f "$T_PM") s  $(mbps "$TOTAL" "$T_PM") MB/s  ($(echo "scale=0; 100 * $T_SSLM / ($CORES * $T_PM)" | bc -l) % of cores x openssl)"
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
# --- 3. verify against a node -------------------------------------------------------------------
RPC=${PROVENANCE_RPC:-}
if [ -z "$RPC" ] && [ -x "$NODE" ]; then
	PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	"$NODE" --dev --tmp --no-prometheus --no-telemetry --rpc-port "$PORT" --port 0 >"$DIR/node.log" 2>&1 &
	NODE_PID=$!
	RPC="ws://127.0.0.1:$PORT"
	for _ in $(seq 60); do grep -q "Running JSON-RPC" "$DIR/node.log" && break; sleep 0.5; done
fi
if [ -n "$RPC" ]; then
	T_V=$(best_of "$RUNS" sh -c "'$BIN' verify --quiet --rpc '$RPC' '$DIR/big'; [ \$? -eq 3 ]")
	T_H=$(best_of "$RUNS" "$BIN" hash --quiet "$DIR/big")
	LOOKUP=$("$BIN" --json verify --quiet --rpc "$RPC" "$DIR/big" | python3 -c 'import json,sys; print(json.load(sys.stdin)["timings"]["lookupMs"])' || true)
	echo "verify 16 x 128 MiB (not registered, exit 3): $(printf %.2f "$T_V") s; hash alone $(printf %.2f "$T_H") s; look-up after hashing ${LOOKUP} ms (goal: hashing + < 100 ms)"
else
	echo "verify: skipped (no node binary at $NODE and no PROVENANCE_RPC)"
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg); cargo running: $(pgrep -x cargo >/dev/null && echo yes || echo no)"
