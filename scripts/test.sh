#!/usr/bin/env bash
# The whole test suite, from a fresh Debian bookworm machine:
#   1. install build deps (scripts/install-deps.sh) and the validators
#      (../shared/validators/install.sh, when that folder is present);
#   2. build with g++ into build/ and run every CTest suite;
#   3. build with clang, ASan+UBSan and libFuzzer into build-asan/ and run every
#      CTest suite again under the sanitizers (but e2e, which tests containers,
#      not gen, and the validators' runs over gen's output, done in step 2),
#      including each libFuzzer target for a bounded time (GEN_FUZZ_SECONDS,
#      default 15; set it higher for a longer run).
# End-to-end tests with Podman run when a container engine is ready
# (../shared/e2e/prepare-host.sh --check); otherwise they print that they were
# skipped. GEN_REQUIRE_E2E=1 (set by .ci/run) turns that skip into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SHARED=${GEN_SHARED_DIR:-$ROOT/../shared}
JOBS=${GEN_JOBS:-$(nproc)}

step() { printf '\n== %s\n' "$*"; }

source scripts/fresh-build-dir.sh

step "dependencies"
scripts/install-deps.sh
if [[ -x "$SHARED/validators/install.sh" ]]; then
  "$SHARED/validators/install.sh"
else
  echo "validators not found at $SHARED/validators: validator tests will fail" >&2
fi

step "build (g++) and test"
fresh_if_foreign build
# Optimised as the package is, without debug info: it makes the build (and
# CI, which builds twice from scratch) markedly slower and nothing here reads it.
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g0 -DNDEBUG" >/dev/null
cmake --build build -j "$JOBS"
(cd build && ctest --output-on-failure -j "$JOBS")

step "build (clang, ASan+UBSan, libFuzzer) and test under sanitizers"
fresh_if_foreign build-asan
# Line tables only: the sanitizers' reports name file and line with them, and
# full debug info would make this second whole build markedly slower to
# compile and link (CI's budget).
CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG=-gline-tables-only -DGEN_SANITIZE=ON -DGEN_FUZZ=ON -DGEN_FUZZ_SECONDS="${GEN_FUZZ_SECONDS:-15}" >/dev/null
cmake --build build-asan -j "$JOBS"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The validators (external tools over gen's output) ran in the g++ pass; here
# gen itself runs under the sanitizers on the same inputs (examples, cases,
# import corpus), so the validator runs are not repeated (CI's time budget);
# nor are the sweeps (label `sweep`: many whole runs compared for bytes,
# strings or structure -- the escaping matrix, determinism, Jinja2
# conformance, detection over the corpus, the packaging files -- where the
# sanitizers would add minutes and the unit tests, the numbered cases and
# the fuzz targets already cover the same code).
(cd build-asan && GEN_SKIP_VALIDATORS=1 ctest --output-on-failure -j "$JOBS" -E '^e2e' -LE 'validators|sweep')

echo
echo "test.sh: all suites passed"
