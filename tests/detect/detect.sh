#!/usr/bin/env bash
# gen init in a scratch copy of each corpus application: what it detects
# ("app: module (stack) ...", from its summary line) must be what
# detect-expected.txt says, and gen all must take the spec it wrote.
set -u
gen=$(readlink -f "$1"); corpus=$(readlink -f "$2"); expected=$(readlink -f "$3")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
actual=$work/actual.txt
status=0
for dir in "$corpus"/*/; do
  app=$(basename "$dir")
  cp -r "$dir" "$work/$app"
  if ! out=$(cd "$work/$app" && "$gen" init 2>&1); then
    echo "$out"; echo "$app: gen init failed"; status=1; continue
  fi
  summary=$(printf '%s\n' "$out" | tail -n 1)
  case "$summary" in
    *"detected:"*) found=${summary#*detected: }; found=${found%%); next*} ;;
    *) found="(generic example)" ;;
  esac
  echo "$app: $found" >> "$actual"
  if ! (cd "$work/$app" && "$gen" all --spec gen.yaml --out deploy > all.log 2>&1); then
    cat "$work/$app/all.log"; echo "$app: gen all failed on the spec gen init wrote"; status=1
  fi
done
LC_ALL=C sort "$actual" -o "$actual"
grep -v "^#" "$expected" | LC_ALL=C sort | diff -u - "$actual" || { echo "detection differs from $expected"; status=1; }
exit $status
