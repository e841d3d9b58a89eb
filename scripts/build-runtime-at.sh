#!/usr/bin/env bash
# Builds the production runtime wasm of an earlier commit, for upgrade tests: the chain starts on
# that runtime and is upgraded to the current one (tests/e2e/network/upgrade.test.js).
#
#   scripts/build-runtime-at.sh <git revision> <output .wasm>
#
# The revision is checked out in a temporary git worktree whose runtime package is renamed
# (`provenance-runtime-at-<rev>`), so its wasm is built in its own wbuild directory and never
# replaces the current runtime's; the shared target directory ($CARGO_TARGET_DIR) lets it reuse the
# compiled dependencies. Only the runtime (and the workspace-hack, for the same feature set) is
# built: about 10 minutes on 2 cores. Never run it while another cargo command runs.
set -euo pipefail
source "$(dirname "$0")/env.sh"
[ $# -eq 2 ] || { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
rev=$(git -C "$REPO_ROOT" rev-parse --short=12 "$1")
out=$(realpath -m "$2")
package="provenance-runtime-at-$rev"
tree=$(mktemp -d "${TMPDIR:-/tmp}/provenance-runtime-at-XXXXXX")
cleanup() { git -C "$REPO_ROOT" worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"; }
trap cleanup EXIT
git -C "$REPO_ROOT" worktree add --detach --force "$tree" "$rev" >/dev/null
sed -i "s/^name = \"provenance-runtime\"$/name = \"$package\"/" "$tree/runtime/Cargo.toml"
sed -i "s|^provenance-runtime = { path = \"runtime\", default-features = false }|provenance-runtime = { path = \"runtime\", package = \"$package\", default-features = false }|" "$tree/Cargo.toml"
grep -q "package = \"$package\"" "$tree/Cargo.toml" || { echo "could not rename the runtime package at $rev" >&2; exit 1; }
(cd "$tree" && WASM_BUILD_WORKSPACE_HINT="$tree" cargo build --release -p "$package" -p provenance-workspace-hack)
wasm="$CARGO_TARGET_DIR/release/wbuild/$package/${package//-/_}.compact.compressed.wasm"
[ -f "$wasm" ] || { echo "no wasm at $wasm" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
cp "$wasm" "$out"
echo "runtime of $rev: $out ($(stat -c %s "$out") bytes, sha256 $(sha256sum "$out" | cut -d' ' -f1))"
