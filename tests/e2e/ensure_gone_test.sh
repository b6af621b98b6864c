#!/usr/bin/env bash
# ensure_gone_test.sh: ensure_gone (tests/e2e/ensure_gone.sh) against a stub
# podman whose removals fail as the real one did under a parallel ctest
# ("unlinkat .../userdata/shm: device or resource busy"): a pod whose first
# `rm -f` fails is removed by the second; one that never goes away makes it
# fail after its 8 attempts; a volume already gone takes no removal; --in
# BOX goes through `podman exec BOX podman`. No container engine needed.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir "$T/bin"
# The stub: $T/present/<kind>-<name> exists while the object does;
# $T/failures/<kind>-<name> holds how many removals fail first.
cat >"$T/bin/podman" <<'STUB'
#!/usr/bin/env bash
echo "podman $*" >>"$STUB_DIR/calls"
[[ $1 == exec ]] && shift 3 # podman exec BOX podman ...
kind=$1 verb=$2
name=${*: -1}
case $verb in
  exists) [[ -e $STUB_DIR/present/$kind-$name ]] ;;
  rm)
    f=$STUB_DIR/failures/$kind-$name
    n=$(cat "$f" 2>/dev/null || echo 0)
    if ((n > 0)); then
      echo $((n - 1)) >"$f"
      echo "Error: unlinkat /var/lib/containers/storage/overlay-containers/x/userdata/shm: device or resource busy" >&2
      exit 125
    fi
    rm -f "$STUB_DIR/present/$kind-$name" ;;
  *) exit 2 ;;
esac
STUB
chmod +x "$T/bin/podman"
export STUB_DIR=$T PATH="$T/bin:$PATH"
mkdir "$T/present" "$T/failures"
LOG=$T/log
run() { "$@" >>"$LOG" 2>&1; }
sleep() { :; } # the retries' pauses: not needed against a stub
# shellcheck source=tests/e2e/ensure_gone.sh
. "$HERE/ensure_gone.sh"

failed=0
check() { # DESCRIPTION CONDITION...
  local what=$1
  shift
  if "$@"; then echo "  ok    $what"; else echo "  FAIL  $what"; failed=1; fi
}
removals() { grep -c "$1 rm" "$T/calls" || true; }

touch "$T/present/pod-api-pod-0"
echo 1 >"$T/failures/pod-api-pod-0"
: >"$T/calls"
check "a pod whose first removal fails (device busy) is gone after the second" ensure_gone pod api-pod-0
check "  ... and it no longer exists" test ! -e "$T/present/pod-api-pod-0"
check "  ... after exactly 2 removals, forced (-f -t 0)" test "$(grep -c 'pod rm -f -t 0 api-pod-0' "$T/calls")" = 2

touch "$T/present/container-stuck"
echo 100 >"$T/failures/container-stuck"
: >"$T/calls"
check "a container that never goes away: status 1" eval '! ensure_gone container stuck'
check "  ... after 8 removals" test "$(removals container)" = 8
check "  ... and the log says so" grep -q 'container stuck still exists after 8 removals' "$LOG"

: >"$T/calls"
check "a volume already gone: status 0" ensure_gone volume gen-e2e-shared
check "  ... without a removal" test "$(removals volume)" = 0

touch "$T/present/network-gen-e2e-front"
echo 2 >"$T/failures/network-gen-e2e-front"
: >"$T/calls"
check "--in BOX: a network in the box, removed on the third attempt" ensure_gone --in box1 network gen-e2e-front
check "  ... each call through podman exec box1 podman" test "$(grep -vc '^podman exec box1 podman network' "$T/calls")" = 0

if ((failed)); then
  echo "ensure_gone_test: FAILED"
  exit 1
fi
echo "ensure_gone_test: PASSED"
