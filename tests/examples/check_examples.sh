#!/usr/bin/env bash
# check_examples.sh GEN REPO WORK NAME: fails (exit 1, with a unified diff)
# when output-examples/NAME/ differs from what `gen all` renders for
# specs/NAME.yaml. gen runs in WORK/NAME, a copy of the repository's specs/
# beside a fresh output-examples/, with the same arguments as
# scripts/update-examples.sh, so paths in the outputs come out the same.
set -euo pipefail
GEN=$1 REPO=$2 WORK=$3 NAME=$4
dir=$WORK/$NAME
rm -rf "$dir"
mkdir -p "$dir/output-examples"
cp -R "$REPO/specs" "$dir/specs"
if ! (cd "$dir" && "$GEN" all --spec "specs/$NAME.yaml" --out "output-examples/$NAME" >/dev/null); then
  echo "check_examples.sh: gen all failed for specs/$NAME.yaml" >&2
  exit 1
fi
if [[ ! -d $REPO/output-examples/$NAME ]]; then
  echo "check_examples.sh: output-examples/$NAME is missing: run scripts/update-examples.sh" >&2
  exit 1
fi
if ! diff -r -u "$REPO/output-examples/$NAME" "$dir/output-examples/$NAME"; then
  echo "check_examples.sh: output-examples/$NAME is stale: run scripts/update-examples.sh and read the diff" >&2
  exit 1
fi
echo "check_examples.sh: output-examples/$NAME is current"
