#!/bin/sh
# Cargo's rustc wrapper for this workspace (see .cargo/config.toml): runs the compiler cargo asked
# for (`$1`, with clippy-driver in front under `cargo clippy`) with one more flag, which maps this
# checkout's folder to `/provenance-chain` in every path the compiler writes into its output, so
# that the runtime wasm does not depend on where the repository was cloned. Paths outside the
# checkout (the registry's crates, the standard library) are left alone. Cargo does not see the
# flag: it does not change any fingerprint, so adding or moving the wrapper rebuilds nothing.
root=$(cd "$(dirname "$0")/.." && pwd -P)
exec "$@" "--remap-path-prefix=$root=/provenance-chain"
