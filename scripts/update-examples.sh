#!/usr/bin/env bash
# Regenerates output-examples/<name>/ from specs/<name>.yaml, for every spec
# with `gen all` (every target), exactly as tests/examples checks them:
#
#   scripts/update-examples.sh            # uses build/gen (scripts/build.sh)
#   GEN=path/to/gen scripts/update-examples.sh
#
# Each tree is rendered in place (generated files refer to each other by
# relative paths, so the output directory's name matters); when gen fails
# for a spec, its previous tree is restored. Read the diff (git diff
# output-examples/) before committing: the examples are reviewed by a person.
set -euo pipefail
cd "$(dirname "$0")/.."
GEN=${GEN:-build/gen}
if [[ ! -x $GEN ]]; then
  echo "update-examples.sh: no gen binary at $GEN (build it with scripts/build.sh, or set GEN)" >&2
  exit 2
fi
GEN=$(cd "$(dirname "$GEN")" && pwd)/$(basename "$GEN")

failed=0
for spec in specs/*.yaml; do
  # specs/ also holds files the specs mount (wats.config.yaml); a spec has a
  # top-level `version:`.
  grep -q '^version:' "$spec" || continue
  name=$(basename "$spec" .yaml)
  out=output-examples/$name
  old=output-examples/.$name.previous
  rm -rf "$old"
  [[ -d $out ]] && mv "$out" "$old"
  if "$GEN" all --spec "$spec" --out "$out" >/dev/null; then
    rm -rf "$old"
    echo "update-examples.sh: $out"
  else
    echo "update-examples.sh: gen failed for $spec; $out left as it was" >&2
    rm -rf "$out"
    [[ -d $old ]] && mv "$old" "$out"
    failed=1
  fi
done
exit $failed
