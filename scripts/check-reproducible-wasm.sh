#!/usr/bin/env bash
# Shows that the runtime wasm does not depend on the folder it is built in: builds the committed
# HEAD in two fresh worktrees with different paths (same toolchain, same target directory) and
# compares the SHA-256 and BLAKE2b-256 of the two `compact.compressed` blobs. Exit 0 when equal.
# Takes about 20 minutes after a build (the workspace's own crates compile again for each path);
# the record of a run is in docs/BUILD.md.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
wasm="$CARGO_TARGET_DIR/release/wbuild/provenance-runtime/provenance_runtime.compact.compressed.wasm"
digest() { echo "sha256 $(sha256sum "$1" | cut -d' ' -f1) blake2b-256 $(b2sum -l 256 "$1" | cut -d' ' -f1)"; }

git diff --quiet HEAD -- . || { echo "commit or stash your changes first: HEAD is built in two other folders" >&2; exit 2; }

# Two fresh checkouts of HEAD in two different folders, as CI's clones are: every workspace crate
# compiles from its own folder there (its package path differs), with this repository's
# .cargo/config.toml and rustc wrapper.
work=$(mktemp -d "${TMPDIR:-/tmp}/provenance-repro-XXXXXX")
trap 'for f in one two-elsewhere; do git -C "$REPO_ROOT" worktree remove --force "$work/$f" >/dev/null 2>&1 || true; done; rm -rf "$work"' EXIT
declare -A digests
for folder in one two-elsewhere; do
  git worktree add --detach "$work/$folder" HEAD >/dev/null
  echo "building HEAD in $work/$folder"
  (cd "$work/$folder" && WASM_BUILD_WORKSPACE_HINT="$work/$folder" REPO_ROOT="$work/$folder" \
    cargo build --release --locked --workspace >"$work/$folder.log" 2>&1) ||
    { tail -20 "$work/$folder.log" >&2; exit 1; }
  digests[$folder]=$(digest "$wasm")
  echo "built in $work/$folder: ${digests[$folder]}"
done
# Leave this checkout's build in place again.
./scripts/build.sh >/dev/null

if [ "${digests[one]}" = "${digests[two-elsewhere]}" ]; then
  echo "reproducible: the runtime wasm is byte-identical in both folders"
else
  echo "NOT reproducible: the two folders gave different runtime wasm blobs" >&2
  exit 1
fi
