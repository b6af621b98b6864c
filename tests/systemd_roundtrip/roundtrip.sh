#!/bin/sh
# Proof that gen's systemd quoting filters survive systemd's and Quadlet's
# own parsers: render hostile values with the templates in templates/rt
# (`gen render`), load the units with systemd's manager in test mode
# (`systemd --test --user`, which parses them exactly as it would at boot
# and prints what it understood) and, for Quadlet, generate the service with
# the real quadlet generator first; check_dump.py compares with the input.
#
# Usage: roundtrip.sh GEN QUADLET   (QUADLET may be missing: that part is skipped)
# Exit: 0 equal; 1 a difference; 77 systemd not available (skipped).
set -eu
gen=$1
quadlet=$2
here=$(CDPATH='' cd -- "$(dirname -- "$0")" && pwd)
systemd=/lib/systemd/systemd
[ -x "$systemd" ] || { echo "roundtrip.sh: no $systemd: skipped"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/config/systemd/user" "$work/run" "$work/quadlet"
"$gen" render rt/probe.service.j2 --context "$here/values.json" --templates "$here/templates" \
  >"$work/config/systemd/user/probe.service"
"$gen" render rt/probe.container.j2 --context "$here/values.json" --templates "$here/templates" \
  >"$work/quadlet/probe.container"

qdump=-
if [ -x "$quadlet" ]; then
  QUADLET_UNIT_DIRS="$work/quadlet" "$quadlet" -dryrun >"$work/quadlet.out" 2>"$work/quadlet.err" || {
    cat "$work/quadlet.err"
    exit 1
  }
  # The dry run prints "---probe.service---" then the generated unit.
  sed -n '/^---probe.service---$/,$p' "$work/quadlet.out" | sed 1d \
    >"$work/config/systemd/user/probe-quadlet.service"
  qdump=$work/quadlet.dump
else
  echo "roundtrip.sh: no quadlet at $quadlet: Quadlet part skipped"
fi

# systemd refuses --test as root for the user manager's paths; run it as
# nobody when we are root.
chmod -R a+rX "$work"
chmod 1777 "$work/run"
as_user() {
  if [ "$(id -u)" = 0 ]; then
    setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
  else
    "$@"
  fi
}
dump() { # UNIT OUT
  as_user env XDG_CONFIG_HOME="$work/config" XDG_RUNTIME_DIR="$work/run" HOME="$work/run" \
    "$systemd" --test --user --unit="$1" --no-pager --log-target=console >"$work/all.txt" 2>&1 || true
  if grep -E "^$work/.*$1|^$1: " "$work/all.txt"; then
    echo "roundtrip.sh: systemd complained about $1 (above)"
    exit 1
  fi
  awk -v u="-> Unit $1:" 'index($0, u) { p = 1; next } p && /^\t-> Unit / { exit } p' \
    "$work/all.txt" >"$2"
  [ -s "$2" ] || { echo "roundtrip.sh: systemd did not load $1"; tail -5 "$work/all.txt"; exit 1; }
}
dump probe.service "$work/service.dump"
[ "$qdump" = - ] || dump probe-quadlet.service "$qdump"
/usr/bin/python3 "$here/check_dump.py" "$here/values.json" "$work/service.dump" "$qdump"
