#!/usr/bin/env bash
# The loader's commands end to end: init writes a starter that validates
# (load and contract rules) and refuses to overwrite; --help everywhere;
# usage errors exit 2.  cli_test.sh GEN WORKDIR
set -euo pipefail
gen=$1 work=$2
rm -rf "$work" && mkdir -p "$work/my Project"
fail() { echo "cli_test: $*" >&2; exit 1; }
expect() {  # expect EXIT cmd...
  local want=$1; shift
  set +e; "$@" >"$work/out" 2>"$work/err"; local got=$?; set -e
  [[ $got == "$want" ]] || { cat "$work/out" "$work/err" >&2; fail "'$*' exited $got, expected $want"; }
}

cd "$work/my Project"
expect 0 "$gen" init
grep -q '^project: my-project ' gen.yaml || fail "init did not derive the project name"
grep -q "wrote gen.yaml" "$work/out" || fail "init did not say what it wrote"
expect 0 "$gen" validate                      # discovers ./gen.yaml
grep -q "gen.yaml: valid (2 modules)" "$work/out" || fail "validate did not confirm"
[[ ! -s $work/err ]] || { cat "$work/err" >&2; fail "the starter spec has findings"; }
cp gen.yaml before.yaml
expect 2 "$gen" init
grep -q "gen init: error: gen.yaml already exists; not overwriting it" "$work/err" || fail "init overwrote?"
cmp -s gen.yaml before.yaml || fail "init changed an existing file"
expect 2 "$gen" init --project Bad_Name --spec other.yaml
[[ ! -e other.yaml ]] || fail "init wrote despite a bad --project"
expect 0 "$gen" init --spec other.yaml --project other
expect 0 "$gen" validate --spec other.yaml --diagnostics json
grep -q '"diagnostics": \[\]' "$work/err" || fail "json output for a clean spec"

for cmd in validate schema init; do
  expect 0 "$gen" "$cmd" --help
  grep -q "Usage:" "$work/out" || fail "$cmd --help"
done
expect 2 "$gen" validate --diagnostics xml --spec gen.yaml
expect 2 "$gen" validate --no-such-option
expect 2 "$gen" schema --format yaml
expect 0 "$gen" schema --format markdown
grep -q '^### module$' "$work/out" || fail "schema --format markdown"
expect 0 "$gen" schema
/usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/out" || fail "schema is not JSON"

cd "$work" && mkdir empty && cd empty
expect 2 "$gen" validate
grep -q "no spec given" "$work/err" || fail "validate without a spec"
echo "cli_test: ok"
