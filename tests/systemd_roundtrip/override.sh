#!/bin/sh
# An organisation's override of a systemd template that drops a hardening
# setting is refused: a positioned error in the rendered unit naming the
# rule and the template, exit 1, and nothing written.
# Usage: override.sh GEN SOURCE_DIR
set -u
gen=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# expect NAME EXPECTED_STDERR_FILE -- gen args...
expect() {
  name=$1
  want=$2
  shift 3
  "$gen" "$@" >"$work/out.txt" 2>"$work/err.txt"
  code=$?
  if [ "$code" != 1 ]; then
    echo "FAIL $name: exit $code, want 1"
    failures=$((failures + 1))
  fi
  if ! diff -u "$want" "$work/err.txt"; then
    echo "FAIL $name: stderr differs (above)"
    failures=$((failures + 1))
  fi
  if [ -e "$work/deploy" ]; then
    echo "FAIL $name: files were written"
    failures=$((failures + 1))
  fi
}

# Quadlet: no DropCapability=, and the port published on every address.
mkdir -p "$work/quadlet/systemd"
grep -v '^DropCapability=' "$src/templates/systemd/container.container.j2" |
  sed 's/^PublishPort=.*/PublishPort={{ port.host|systemd_escape }}:{{ port.container|systemd_escape }}/' \
    >"$work/quadlet/systemd/container.container.j2"
cat >"$work/quadlet.want" <<'WANT'
systemd/api.container:13:1: error[cap-drop-all]: module 'api' does not drop every capability (DropCapability=all)
 13 | [Container]
    | ^
  = note: rendered from template systemd/container.container.j2
systemd/api.container:25:13: error[loopback-ports]: module 'api' publishes '8000:8000' on every host address, not on loopback
 25 | PublishPort=8000:8000
    |             ^
  = note: rendered from template systemd/container.container.j2
  = help: bind published ports to 127.0.0.1 (the spec's bind address)
WANT
expect quadlet "$work/quadlet.want" -- systemd --spec "$src/specs/reactbin.yaml" \
  --templates "$work/quadlet" --out "$work/deploy"

# Classic docker units: `docker run` without --read-only.
mkdir -p "$work/service/systemd"
sed 's/{% set ns.args = ns.args + \["--read-only"\] %}//' \
  "$src/templates/systemd/service.service.j2" >"$work/service/systemd/service.service.j2"
"$gen" systemd --spec "$src/specs/whatsapp-adapter.yaml" --templates "$work/service" \
  --out "$work/deploy" >/dev/null 2>"$work/service.err"
code=$?
if [ "$code" != 1 ] || ! grep -q "error\[read-only-root\]: module 'whatsapp-adapter-api' has a writable root filesystem: --read-only is missing" "$work/service.err" ||
  ! grep -q "= note: rendered from template systemd/service.service.j2" "$work/service.err" ||
  [ -e "$work/deploy" ]; then
  echo "FAIL service: exit $code, stderr:"
  cat "$work/service.err"
  failures=$((failures + 1))
fi

[ "$failures" = 0 ] && echo "override.sh: every override refused"
[ "$failures" = 0 ]
