#!/usr/bin/env bash
# One awesome-compose application: gen import (default and --keep-behaviour)
# into a scratch copy of the app, then gen validate and gen all on the result.
# The outcome must be the one tests/import/corpus-expected.txt records for it
# ("ok", or "blocked: <why>" for apps that cannot be expressed yet).
set -u
gen=$1; corpus=$2; app=$3; expected_file=$4
expected=$(awk -v a="$app" '$1 == a { $1 = ""; sub(/^ /, ""); print }' "$expected_file")
if [ -z "$expected" ]; then echo "no expected result for $app in $expected_file"; exit 1; fi
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cp -r "$corpus/$app" "$work/app"
cd "$work/app"
result=ok
for mode in "" "--keep-behaviour"; do
  out=gen$([ -n "$mode" ] && echo -keep).yaml
  if ! "$gen" import $mode --out "$out" > import.log 2>&1; then
    cat import.log; result="import failed"; break
  fi
  if ! "$gen" validate --spec "$out" > validate.log 2>&1; then cat validate.log; result="validate failed"; break; fi
  if ! "$gen" all --spec "$out" --out "deploy$([ -n "$mode" ] && echo -keep)" > all.log 2>&1; then cat all.log; result="all failed"; break; fi
done
echo "$app: $result (expected: $expected)"
case "$expected" in
  ok) [ "$result" = ok ] ;;
  blocked:*) [ "$result" != ok ] || { echo "$app now imports: update $expected_file"; exit 1; } ;;
  *) echo "bad expectation"; exit 1 ;;
esac
