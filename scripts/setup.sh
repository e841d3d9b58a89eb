#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian machine (idempotent, quick when done):
# protobuf-compiler and clang for the networking crates, the pinned Rust toolchain with the wasm
# target and rust-src (from rust-toolchain.toml), and the npm packages of the end-to-end tests.
set -euo pipefail
source "$(dirname "$0")/env.sh"

need_apt=()
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
command -v clang >/dev/null 2>&1 || need_apt+=(clang libclang-dev)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "setup: installing ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

cd "$REPO_ROOT"
# rustup reads rust-toolchain.toml and installs the toolchain, target and components if missing.
rustup show active-toolchain >/dev/null
rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed | grep -q rust-src || rustup component add rust-src

if [ ! -d node_modules/@polkadot/api ]; then
  echo "setup: installing end-to-end test packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi
