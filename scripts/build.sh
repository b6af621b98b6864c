#!/usr/bin/env bash
# Installs dependencies (Debian) and builds gen into build/ (or $GEN_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
BUILD=${GEN_BUILD_DIR:-build}
source scripts/fresh-build-dir.sh
fresh_if_foreign "$BUILD"
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" --target gen
