#!/usr/bin/env bash
# Fails when `cargo test --workspace` would resolve other features than `cargo build --workspace`
# (a dev-dependency that enables a feature the build does not), which makes the test command
# recompile hundreds of dependency crates. Fix a reported drift in workspace-hack/Cargo.toml.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
out=$(mktemp -d)
tree() { cargo tree --locked --workspace -f '{p} {f}' --prefix none "$@" | sed 's/ (\*)$//' | sort -u; }
tree -e no-dev > "$out/build.txt"
tree > "$out/test.txt"
if diff "$out/build.txt" "$out/test.txt" > "$out/drift.txt"; then
  echo "features: build and test resolve the same feature sets ($(wc -l < "$out/build.txt") crate/feature lines)"
  exit 0
fi
echo "features: the test command resolves other features than the build:" >&2
cat "$out/drift.txt" >&2
exit 1
