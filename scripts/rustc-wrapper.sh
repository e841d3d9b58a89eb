#!/bin/sh
# Cargo's rustc wrapper for this workspace (see .cargo/config.toml): runs the compiler cargo asked
# for (`$1`, with clippy-driver in front under `cargo clippy`) with flags that map machine-specific
# paths to fixed ones in everything the compiler writes into its output (panic locations, debug
# info), so that the runtime wasm does not depend on where the repository was cloned or who builds
# it: always this checkout's folder, to `/provenance-chain`; and while the runtime wasm compiles
# (runtime/build.rs sets the variables), the fixed link it is compiled through, the cargo home
# (the registry's crates) and the standard library's sources. Cargo does not see the flags: they
# change no fingerprint, so adding or changing them rebuilds nothing (docs/BUILD.md).
root=$(cd "$(dirname "$0")/.." && pwd -P)
exec "$@" "--remap-path-prefix=$root=/provenance-chain" \
  ${PROVENANCE_SOURCE_LINK:+"--remap-path-prefix=$PROVENANCE_SOURCE_LINK=/provenance-chain"} \
  ${PROVENANCE_CARGO_HOME:+"--remap-path-prefix=$PROVENANCE_CARGO_HOME=/cargo"} \
  ${PROVENANCE_RUST_SRC:+"--remap-path-prefix=$PROVENANCE_RUST_SRC=/rust-src"}
