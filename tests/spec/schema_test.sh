#!/usr/bin/env bash
# `gen schema` against a real JSON Schema validator: the bundled specs, the
# docs example and the `gen init` starter must pass; the listed bad cases
# must fail.  schema_test.sh GEN SOURCE_DIR WORKDIR
set -euo pipefail
gen=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
"$gen" schema >"$work/schema.json"
"$gen" init --spec "$work/gen.yaml" --project starter >/dev/null
cd "$src"
bad=(load-bad-enum load-unknown-key-deep load-port-out-of-range load-bad-module-name
     load-wrong-types load-mount-kinds load-bad-duration load-version-2
     load-quoted-and-unquoted load-missing-required load-uid-out-of-range load-null-values)
/usr/bin/python3 tests/spec/check_schema.py "$work/schema.json" \
  --valid specs/*.yaml docs/spec.md "$work/gen.yaml" \
  --invalid $(printf "tests/cases/%s/spec.yaml " "${bad[@]}")
