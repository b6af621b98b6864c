#!/usr/bin/env bash
# One awesome-compose application: gen import (default and --keep-behaviour)
# into a scratch copy of the app, then gen validate, gen all and the
# validators (strict) on the result, and the round trip of both.
# The outcome must be the one tests/import/corpus-expected.txt records for it
# ("ok", or "blocked: <why>" for apps that cannot be expressed yet).
set -u
gen=$(readlink -f "$1"); corpus=$(readlink -f "$2"); app=$3
expected_file=$(readlink -f "$4"); roundtrip_expected=${5:+$(readlink -f "$5")}
here=$(dirname "$(readlink -f "$0")")
expected=$(awk -v a="$app" '$1 == a { $1 = ""; sub(/^ /, ""); print }' "$expected_file")
if [ -z "$expected" ]; then echo "no expected result for $app in $expected_file"; exit 1; fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp -r "$corpus/$app" "$work/app"
cd "$work/app"
result=ok
validators=$corpus/../../validators/validate
for mode in "" "--keep-behaviour"; do
  out=gen$([ -n "$mode" ] && echo -keep).yaml
  deploy=deploy$([ -n "$mode" ] && echo -keep)
  if ! "$gen" import $mode --out "$out" > import.log 2>&1; then
    cat import.log; result="import failed"; break
  fi
  if ! "$gen" validate --spec "$out" > validate.log 2>&1; then cat validate.log; result="validate failed"; break; fi
  if ! "$gen" all --spec "$out" --out "$deploy" > all.log 2>&1; then cat all.log; result="all failed"; break; fi
done
# The ecosystem's own tools, strictly (docker-compose, kustomize, quadlet,
# systemd-analyze, yamllint, shellcheck, hadolint-like checks...), on both
# trees in one run: each run starts node and the tools afresh, so one run
# instead of two halves the test's time (CI's budget).
# (GEN_SKIP_VALIDATORS=1: scripts/test.sh's sanitizer pass, after the g++
# pass ran them on the same output.)
if [ "$result" = ok ] && [ "${GEN_SKIP_VALIDATORS:-0}" != 1 ]; then
  if [ ! -x "$validators" ]; then
    result="validators missing ($validators)"
  elif ! "$validators" --strict deploy deploy-keep > validators.log 2>&1; then
    cat validators.log; result="validators failed on deploy or deploy-keep"
  fi
fi
# Round trip (default mode): what docker compose makes of the original and of
# gen's compose.yaml, compared field by field (roundtrip.py); the differences
# must be those tests/import/roundtrip-expected.txt records, read by a person.
dc=$corpus/../../validators/.tools/bin/docker-compose
if [ "$result" = ok ] && [ -n "$roundtrip_expected" ]; then
  if [ ! -x "$dc" ]; then
    result="docker-compose missing ($dc): run ../shared/validators/install.sh"
  elif [ ! -f "$roundtrip_expected" ]; then
    result="$roundtrip_expected missing"
  elif ! "$dc" --project-directory . config --format json > original.json 2> dc.log; then
    cat dc.log; result="docker compose config failed on the original"
  else
    : > differences.txt
    for deploy in deploy deploy-keep; do
      label=$app$([ "$deploy" = deploy-keep ] && echo " --keep-behaviour")
      if ! "$dc" -f "$deploy/compose.yaml" config --no-interpolate --format json > generated.json 2>> dc.log; then
        cat dc.log; result="docker compose config failed on $deploy/compose.yaml"; break
      fi
      if ! /usr/bin/python3 "$here/roundtrip.py" original.json generated.json . "$label" >> differences.txt; then
        result="roundtrip.py failed"; break
      fi
    done
    grep -E "^$app( --keep-behaviour)? service" "$roundtrip_expected" > expected-differences.txt || true
    if [ "$result" = ok ] && ! diff -u expected-differences.txt differences.txt; then
      result="round trip differs from $roundtrip_expected (diff above)"
    fi
  fi
fi
echo "$app: $result (expected: $expected)"
case "$expected" in
  ok) [ "$result" = ok ] ;;
  blocked:*) [ "$result" != ok ] || { echo "$app now imports: update $expected_file"; exit 1; } ;;
  *) echo "bad expectation"; exit 1 ;;
esac
