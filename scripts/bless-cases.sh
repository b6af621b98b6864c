#!/usr/bin/env bash
# Refreshes golden expectations from the current gen binary, printing a diff
# of every change. Read the diff before committing: a blessed expectation is
# a claim that the new output is right.
#
#   scripts/bless-cases.sh [--build DIR] [CASE...]   tests/cases/<CASE>/expected.{stderr,exit}
#   scripts/bless-cases.sh [--build DIR] --docs      docs/spec.md's generated key reference
#
# Without CASE names every case is refreshed. The binary is DIR/gen (default
# build/gen, or $GEN). Cases run exactly as tests/cases/run_case.cmake runs
# them: from the repository root, NO_COLOR=1, `gen validate --spec
# tests/cases/<CASE>/spec.yaml` or the arguments in <CASE>/args.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
docs=0
cases=()
while (($#)); do
  case $1 in
    --build) build=$2; shift 2 ;;
    --docs) docs=1; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) cases+=("$1"); shift ;;
  esac
done
gen=${GEN:-$build/gen}
[[ -x $gen ]] || { echo "bless-cases: no gen binary at $gen (build first, or --build DIR)" >&2; exit 2; }

if ((docs)); then
  begin='<!-- BEGIN generated: gen schema --format markdown (do not edit by hand) -->'
  end='<!-- END generated -->'
  new=$(mktemp)
  {
    sed -n "1,/^$begin\$/p" docs/spec.md
    echo
    "$gen" schema --format markdown
    echo "$end"
  } >"$new"
  diff -u docs/spec.md "$new" || true
  mv "$new" docs/spec.md
  exit 0
fi

if ((${#cases[@]} == 0)); then
  for d in tests/cases/*/; do
    [[ -f $d/expected.exit || -f $d/spec.yaml || -f $d/args ]] && cases+=("$(basename "$d")")
  done
fi
changed=0
for name in "${cases[@]}"; do
  dir=tests/cases/$name
  [[ -d $dir ]] || { echo "bless-cases: no case $dir" >&2; exit 2; }
  args=(validate --spec "$dir/spec.yaml")
  if [[ -f $dir/args ]]; then
    mapfile -t args <"$dir/args"
    args=("${args[@]//\{case\}/$dir}")
  fi
  out=$(mktemp)
  set +e
  NO_COLOR=1 "$gen" "${args[@]}" 2>"$out" >/dev/null
  code=$?
  set -e
  old_code=$(cat "$dir/expected.exit" 2>/dev/null || echo none)
  if ! cmp -s "$out" "$dir/expected.stderr" 2>/dev/null || [[ $old_code != "$code" ]]; then
    changed=1
    echo "=== $name (exit $old_code -> $code)"
    diff -u "$dir/expected.stderr" "$out" 2>/dev/null || [[ -f $dir/expected.stderr ]] || cat "$out"
    cp "$out" "$dir/expected.stderr"
    echo "$code" >"$dir/expected.exit"
  fi
  rm -f "$out"
done
((changed)) || echo "bless-cases: all ${#cases[@]} cases already match"
