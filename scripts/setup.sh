#!/usr/bin/env bash
# Installs what building and testing need on a fresh Debian machine (idempotent, quick when done):
# protobuf-compiler and clang for the networking crates, the pinned Rust toolchain with the wasm
# target and rust-src (from rust-toolchain.toml), Chromium for the explorer's browser tests, the npm
# packages (client, explorer, end-to-end tests), and a
# Python venv ($PROVENANCE_VENV) with the tests' Python tools (scripts/python-requirements.txt).
set -euo pipefail
source "$(dirname "$0")/env.sh"

need_apt=()
command -v protoc >/dev/null 2>&1 || need_apt+=(protobuf-compiler)
command -v clang >/dev/null 2>&1 || need_apt+=(clang libclang-dev)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs npm)
command -v cc >/dev/null 2>&1 || need_apt+=(build-essential)
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)   # keys for the model-signing tests
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)  # the explorer's browser tests
if [ ! -x "$PROVENANCE_VENV/bin/python" ] && ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  need_apt+=(python3-venv)
fi
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

# The npm workspaces (client, explorer, end-to-end tests), reinstalled when the lock file changes.
if [ ! -d node_modules/@polkadot/api ] || ! cmp -s package-lock.json node_modules/.provenance-lock; then
  echo "setup: installing the npm packages (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.provenance-lock
fi

# The Python tools, reinstalled when the pinned list changes.
requirements="$REPO_ROOT/scripts/python-requirements.txt"
stamp="$PROVENANCE_VENV/.requirements"
if [ ! -x "$PROVENANCE_VENV/bin/python" ] || ! cmp -s "$requirements" "$stamp"; then
  echo "setup: installing the Python test tools into $PROVENANCE_VENV"
  python3 -m venv "$PROVENANCE_VENV"
  "$PROVENANCE_VENV/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$stamp"
fi
