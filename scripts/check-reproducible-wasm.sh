#!/usr/bin/env bash
# Shows that the runtime wasm does not depend on the folder it is built in: builds the committed
# HEAD here and in a fresh worktree elsewhere (same toolchain, same target directory) and
# compares the SHA-256 and BLAKE2b-256 of the two `compact.compressed` blobs. Exit 0 when equal.
# Also lists any absolute path of this machine left in the blob (there should be none: see
# runtime/build.rs and scripts/rustc-wrapper.sh). Takes about 15 minutes after a build (the
# workspace's own crates compile again in the other folder, then here); the record of a run is in
# docs/BUILD.md.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
wasm="$CARGO_TARGET_DIR/release/wbuild/provenance-runtime/provenance_runtime.compact.compressed.wasm"
digest() {
  [ -f "$1" ] || { echo "no runtime wasm at $1" >&2; exit 1; }
  echo "sha256 $(sha256sum "$1" | cut -d' ' -f1) blake2b-256 $(b2sum -l 256 "$1" | cut -d' ' -f1)"
}

git diff --quiet HEAD -- . || { echo "commit or stash your changes first: HEAD is built in a second folder" >&2; exit 2; }

# This checkout's build (its crates compiled through .cargo/config.toml's rustc wrapper, as in
# any clone made since the wrapper exists) against a fresh checkout of HEAD in another folder,
# with a path of another length: every workspace crate compiles from that folder (its package
# path differs).
# The wasm builder rewrites its blobs only when they are missing or the compiled wasm's bytes
# changed: remove all three before each build, so that each digest is of that build's output.
blob="${wasm%.compact.compressed.wasm}"
remove_blobs() { rm -f "$blob.wasm" "$blob.compact.wasm" "$blob.compact.compressed.wasm"; }
remove_blobs
./scripts/build.sh >/dev/null
first=$(digest "$wasm")
echo "built in $REPO_ROOT: $first"
# The uncompressed blob's strings that name a folder of this machine (home, checkout, temp).
compact="${wasm%.compressed.wasm}.wasm"
if command -v strings >/dev/null; then
  left=$(strings -n 6 "$compact" | grep -E "$HOME|$REPO_ROOT|/tmp/|/home/" | sort -u || true)
  echo "absolute paths of this machine in the blob: $(printf '%s' "$left" | grep -c . || true)"
  [ -z "$left" ] || printf '%s\n' "$left" | head -5 || true
fi
other=$(mktemp -d "${TMPDIR:-/tmp}/provenance-repro-elsewhere-XXXXXX")
trap 'git -C "$REPO_ROOT" worktree remove --force "$other/src" >/dev/null 2>&1 || true; rm -rf "$other"' EXIT
git worktree add --detach "$other/src" HEAD >/dev/null
# The second digest must be of a blob built from the other folder: check afterwards that the
# inner build compiled the runtime again (its artifact is newer than the start).
remove_blobs
inner="$CARGO_TARGET_DIR/release/wbuild/provenance-runtime/target/wasm32-unknown-unknown/release/provenance_runtime.wasm"
started="$other/started"
touch "$started"
(cd "$other/src" && WASM_BUILD_WORKSPACE_HINT="$other/src" REPO_ROOT="$other/src" \
  cargo build --release --locked --workspace >"$other/build.log" 2>&1) ||
  { tail -20 "$other/build.log" >&2; exit 1; }
[ "$inner" -nt "$started" ] || { echo "the build in $other/src did not compile the runtime wasm again" >&2; exit 1; }
second=$(digest "$wasm")
echo "built in $other/src: $second"
# Leave this checkout's build in place again.
./scripts/build.sh >/dev/null

if [ "$first" = "$second" ]; then
  echo "reproducible: the runtime wasm is byte-identical in both folders"
else
  echo "NOT reproducible: the two folders gave different runtime wasm blobs" >&2
  exit 1
fi
