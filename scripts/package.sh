#!/usr/bin/env bash
# Builds the Debian package: build/gen_<version>_<arch>.deb (the binary,
# stripped; man pages; bash, zsh and fish completions; Depends from
# dpkg-shlibdeps). Install it with `apt install ./build/gen_*.deb`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
BUILD=${GEN_BUILD_DIR:-build}
cmake --build "$BUILD" --target gen_extras
(cd "$BUILD" && cpack -G DEB >/dev/null)
ls "$BUILD"/gen_*.deb
