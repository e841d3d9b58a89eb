#!/usr/bin/env bash
# The explorer benchmark (bench/explorer/explorer.mjs): a 100-ancestor model page's first render
# and 1 GiB hashed in the page against the CLI, in headless Chromium against a dev node.
# About 3 minutes; needs ~1 GiB free in $TMPDIR. Figures: docs/PERFORMANCE.md.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$REPO_ROOT"
[ -x "$PROVENANCE_NODE" ] && [ -x "$CARGO_TARGET_DIR/release/provenance" ] || ./scripts/build.sh
[ -f explorer/dist/index.html ] || npm --workspace explorer run build
node bench/explorer/explorer.mjs
