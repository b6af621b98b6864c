#!/usr/bin/env bash
# Runs every libFuzzer target in BUILD_DIR/fuzz for SECONDS each, on a copy of
# its seed corpus (fuzz/corpus/<name>) so the committed corpus stays as is.
# Crashes are written to fuzz/artifacts/ and fail the run.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build-asan}
SECONDS_EACH=${2:-30}
mkdir -p fuzz/artifacts
found=0
for bin in "$BUILD"/fuzz/*_fuzz; do
  [[ -x "$bin" ]] || continue
  found=1
  name=$(basename "$bin" _fuzz)
  work=$(mktemp -d)
  [[ -d fuzz/corpus/$name ]] && cp -r "fuzz/corpus/$name/." "$work/"
  dict=(); [[ -f fuzz/$name.dict ]] && dict=(-dict="fuzz/$name.dict")
  echo "fuzz: $name for ${SECONDS_EACH}s"
  "$bin" "${dict[@]}" -max_total_time="$SECONDS_EACH" -timeout=5 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix=fuzz/artifacts/ -print_final_stats=0 "$work" 2>"$work.log" \
    || { tail -n 40 "$work.log"; rm -rf "$work" "$work.log"; exit 1; }
  tail -n 1 "$work.log"
  rm -rf "$work" "$work.log"
done
((found)) || { echo "fuzz: no fuzz targets in $BUILD/fuzz" >&2; exit 1; }
