#!/usr/bin/env bash
# Writes what the Debian package installs beside the binary, by running the
# built gen (so it matches its --help): man pages (gzipped, as Debian
# installs them) and the bash, zsh and fish completion scripts.
#   packaging/extras.sh GEN_BINARY OUT_DIR
# OUT_DIR/man1/*.1.gz, OUT_DIR/completions/{gen,_gen,gen.fish}.
set -euo pipefail
GEN=${1:?usage: extras.sh GEN_BINARY OUT_DIR}
OUT=${2:?usage: extras.sh GEN_BINARY OUT_DIR}
rm -rf "$OUT/man1" "$OUT/completions"
mkdir -p "$OUT/man1" "$OUT/completions"
"$GEN" man --out "$OUT/man1" >/dev/null
gzip -9n "$OUT"/man1/*.1
"$GEN" completions bash >"$OUT/completions/gen"
"$GEN" completions zsh >"$OUT/completions/_gen"
"$GEN" completions fish >"$OUT/completions/gen.fish"
