#!/usr/bin/env bash
# The end-to-end suite: gen's outputs run for real with rootful Podman.
#
#   tests/e2e/run.sh GEN_BINARY [SOURCE_DIR]
#
# From `gen all --spec examples/e2e/gen.yaml --profile e2e` only, it
#   1. builds every image from its generated Dockerfile and .dockerignore
#      (podman build --format docker --pull=never: no registry, no network);
#   2. runs the generated compose.yaml with podman-compose (unique -p), the
#      generated scripts/verify.sh against it, and the runtime assertions;
#   3. runs the kustomize build of the generated overlay with `podman kube
#      play`, and the same runtime assertions;
#   4. starts the generated systemd units, Quadlet and classic (podman), in
#      a container with systemd as PID 1 and Podman 5 (the box; see
#      systemd.sh), with the same assertions plus the unit's own (start
#      gated on health, refusal without a required variable, Restart=,
#      systemctl stop), and proves its pass fails on units broken on purpose;
#   5. tears everything down and checks nothing of the project is left.
# Between 3 and 4, the names pass (names.sh) runs tests/e2e/names/gen.yaml on
# compose (Docker Compose v2 against Podman's API: podman-compose 1.0.3
# cannot run network aliases) and kube play: a module reached by its name,
# host name and aliases, and a secret from a file at its target.
# Setup steps (client's `prepare`): each pass checks the client found, when it
# started, the mark its step leaves in its data dir as its uid (compose: a
# one-shot service that exits 0; kube: an init container; systemd: a oneshot
# unit the client's unit Requires= and starts After=).
# Runtime assertions, per module, against the numbers of the spec (read from
# `gen context`): process uid/gid, read-only root, writable tmpfs, CapEff and
# CapPrm 0, NoNewPrivs 1, read-only and read-write mounts, published ports
# bound to their address only, health checks (`podman healthcheck run`) and
# HTTP endpoints answering, dependencies reachable by name over the internal
# network, a missing required variable making the container exit non-zero
# naming it, SIGTERM stopping it within its grace period with exit code 0.
#
# What Podman 4.3 here cannot do, and what the suite does about it (see the
# header of ../shared/e2e/prepare-host.sh):
# - no systemd as PID 1: health checks never run on their own; the suite runs
#   them with `podman healthcheck run` (and waits for dependencies itself, as
#   podman-compose 1.0.3 ignores depends_on conditions, setup steps'
#   service_completed_successfully included: it brings each step up first and
#   waits for it to exit 0); systemd units run
#   in the box only (../shared/e2e/systemd-image.sh);
# - podman-compose ignores `name:` (-p is passed), stop_grace_period (stop
#   timeouts are passed to `podman stop -t`) and leaves networks behind on
#   `down` (removed by label, then checked gone);
# - kube play ignores Services, readiness probes and NetworkPolicies: each
#   Deployment is played on its own on an internal network the suite creates,
#   with its Service's name as DNS alias (what cluster DNS gives); readiness
#   endpoints are called directly. It mounts emptyDir as a volume, not a
#   tmpfs (checked writable only), publishes every containerPort on 0.0.0.0
#   although the manifests have no hostPort (checked in the manifests
#   instead), keeps PVC volumes after `kube down` (removed, then checked).
#
# Skips (exit 0, printing "e2e: SKIPPED (no container engine: ...)") when
# podman is missing or `../shared/e2e/prepare-host.sh --check` fails, unless
# GEN_REQUIRE_E2E=1 (CI): then that is a failure. Without the systemd image
# only step 4 is skipped (and said so), unless GEN_REQUIRE_E2E=1: a failure.
# Exit 1 when an assertion fails. Teardown removes each pod, container,
# network and volume again until it is gone (ensure_gone.sh, tested by
# ensure_gone_test.sh against a stub podman): a removal can fail transiently
# under a parallel ctest. Runs are serialized by a lock; everything the
# suite creates is removed on exit, failure included (a run killed with
# SIGKILL is cleaned up by the next one).
# Environment: GEN_SHARED_DIR (default SOURCE_DIR/../shared), E2E_DIR (default
# /var/tmp/gen-e2e, as prepare-host.sh), GEN_E2E_KEEP=1 keeps the work dir.
# shellcheck disable=SC2154 # project, modules, ... come from facts.py via eval
# shellcheck disable=SC2015 # `test && pass || fail`: pass never fails
# shellcheck disable=SC2016 # `sh -c '... "$1"' sh ARG`: expanded by that sh
set -euo pipefail

GEN=$(realpath "${1:?usage: run.sh GEN_BINARY [SOURCE_DIR]}")
ROOT=$(realpath "${2:-$(dirname "$0")/../..}")
SHARED=${GEN_SHARED_DIR:-$ROOT/../shared}
SPEC=examples/e2e/gen.yaml
PROFILE=e2e
STATE_DIR=${E2E_DIR:-/var/tmp/gen-e2e}
PY=/usr/bin/python3  # Debian's interpreter (stdlib only)
HERE=$(cd "$(dirname "$0")" && pwd)

# ------------------------------------------------------------ skip or fail
not_ready() {
  local reason
  reason=$(printf '%s' "$1" | tr '\n' ' ' | sed 's/ *$//')
  if [[ ${GEN_REQUIRE_E2E:-0} == 1 ]]; then
    echo "e2e: FAILED (GEN_REQUIRE_E2E=1 but no container engine: $reason)"
    exit 1
  fi
  echo "e2e: SKIPPED (no container engine: $reason)"
  exit 0
}
command -v podman >/dev/null 2>&1 ||
  not_ready "podman is not installed; run ../shared/e2e/prepare-host.sh"
[[ -x $SHARED/e2e/prepare-host.sh ]] || not_ready "$SHARED/e2e/prepare-host.sh not found"
if ! ready=$("$SHARED/e2e/prepare-host.sh" --check 2>&1); then
  not_ready "prepare-host.sh --check: $ready"
fi

die() {
  echo "e2e: FAILED: $*"
  died=1
  exit 1
}
# The systemd part (systemd.sh) runs in a box built once per machine by
# ../shared/e2e/systemd-image.sh; without it only that part is skipped,
# unless GEN_REQUIRE_E2E=1.
# shellcheck source=tests/e2e/systemd.sh
. "$HERE/systemd.sh"
SYSTEMD_SKIP=""
# The names pass (host names, aliases, a file secret; names.sh).
# shellcheck source=tests/e2e/names.sh
. "$HERE/names.sh"
if ! box_image >/dev/null; then
  [[ ${GEN_REQUIRE_E2E:-0} == 1 ]] &&
    die "GEN_REQUIRE_E2E=1 but the systemd image is missing: run $SHARED/e2e/systemd-image.sh"
  SYSTEMD_SKIP="the systemd image is missing: run $SHARED/e2e/systemd-image.sh"
fi
if command -v kubectl >/dev/null 2>&1; then
  KUSTOMIZE=(kubectl kustomize)
elif [[ -x $SHARED/validators/.tools/bin/kustomize ]]; then
  KUSTOMIZE=("$SHARED/validators/.tools/bin/kustomize" build)
else
  die "no kustomize: neither kubectl nor $SHARED/validators/.tools/bin/kustomize (../shared/validators/install.sh)"
fi
command -v podman-compose >/dev/null 2>&1 || die "podman-compose is not installed"
[[ -x $PY ]] || die "$PY is missing"

# ------------------------------------------------------------ bookkeeping
# The lock is a directory holding the owner's pid, not flock(1): a lock fd
# would be inherited by conmon and aardvark-dns, which outlive the run.
mkdir -p "$STATE_DIR"
LOCK=$STATE_DIR/e2e-suite.lock
[[ ! -e $LOCK || -d $LOCK ]] || rm -f "$LOCK"
for ((i = 0; ; i++)); do
  if mkdir "$LOCK" 2>/dev/null; then
    echo $$ >"$LOCK/pid"
    break
  fi
  owner=$(cat "$LOCK/pid" 2>/dev/null || true)
  if [[ -n $owner ]] && ! kill -0 "$owner" 2>/dev/null ||
    [[ -z $owner && -n $(find "$LOCK" -maxdepth 0 -mmin +1 2>/dev/null) ]]; then
    rm -rf "$LOCK"  # its owner is gone
    continue
  fi
  ((i < 450)) || die "another e2e run (pid ${owner:-?}) holds $LOCK"
  sleep 2
done
trap 'rm -rf "$LOCK" "${WORK:-}"' EXIT
WORK=$(mktemp -d "$STATE_DIR/e2e-run.XXXXXX")
LOG=$WORK/e2e.log
OUT=$WORK/out
K=$WORK/kube
mkdir -p "$K"
P=""           # the compose project (set once compose is used)
KNET=""        # the network kube play pods join
HAD_KUBE_NET=1 # podman-default-kube-network existed before the run (set below)
failures=0
T0=$(date +%s)

say() { printf 'e2e: %s\n' "$*"; }
pass() { printf '  ok    %s\n' "$*"; }
fail() {
  printf '  FAIL  %s\n' "$*"
  failures=$((failures + 1))
}
note() { printf '  note  %s\n' "$*"; }
# run CMD...: CMD with its output in the log; its exit status.
run() {
  printf '$ %s\n' "$*" >>"$LOG"
  "$@" >>"$LOG" 2>&1
}
# fatal MSG CMD...: CMD must succeed, else the run stops (the trap cleans up).
fatal() {
  local msg=$1
  shift
  run "$@" || {
    tail -n 30 "$LOG" | sed 's/^/  | /'
    die "$msg"
  }
}
# kube_play MSG ARGS... FILE: `podman kube play ARGS... FILE`, which must
# succeed. Podman 4.3's kube play can hang for good (CI: the pod and its
# infra container created, the play never returning; not reproduced in
# isolation): after KUBE_PLAY_SECONDS it is killed, the pods of FILE are
# removed and it is played once more; a second hang stops the run.
KUBE_PLAY_SECONDS=120
kube_play() {
  local msg=$1 attempt rc file=${*: -1}
  shift
  for attempt in 1 2; do
    rc=0
    run timeout -k 10 "$KUBE_PLAY_SECONDS" podman kube play "$@" || rc=$?
    ((rc == 0)) && return 0
    if ((rc != 124 && rc != 137)) || ((attempt == 2)); then
      tail -n 30 "$LOG" | sed 's/^/  | /'
      die "$msg (exit $rc)"
    fi
    note "podman kube play of $(basename "$file") hung for ${KUBE_PLAY_SECONDS}s: killed, its pods removed, played again"
    {
      timeout 20 podman ps -a --format '{{.Names}} {{.Status}}'
      timeout 20 podman pod ls
    } >>"$LOG" 2>&1 || true
    run timeout 60 podman kube down "$file" || true
    local kind name
    while read -r kind name; do ensure_gone "$kind" "$name" || true; done < <(
      awk '/^kind: / { k = $2; next }
        k != "" && /^  name: / { if (k == "Deployment") print "pod", $2 "-pod-0";
          else if (k == "PersistentVolumeClaim") print "volume", $2; k = "" }' "$file")
  done
}
var() { # var MODULE FACT: a fact of run.sh's facts (facts.py)
  local v="m_${1//-/_}_$2"
  printf '%s' "${!v}"
}

# ------------------------------------------------------------ the outputs
cd "$ROOT"
"$GEN" context --spec "$SPEC" --profile "$PROFILE" >"$WORK/context.json" 2>>"$LOG" ||
  { tail -n 20 "$LOG"; die "gen context failed"; }
eval "$("$PY" "$HERE/facts.py" "$(dirname "$SPEC")" <"$WORK/context.json")"
fatal "gen all" "$GEN" all --spec "$SPEC" --profile "$PROFILE" --out "$OUT"
"${KUSTOMIZE[@]}" "$OUT/k8s/overlays/$PROFILE" >"$K/all.yaml" 2>>"$LOG" ||
  { tail -n 20 "$LOG"; die "${KUSTOMIZE[*]} k8s/overlays/$PROFILE failed"; }
# The host side a deployment brings: required values (per run, random) and
# the module-owned directories (conf from examples/e2e/conf/<module>).
declare -A VALUE
for m in $modules; do
  for name in $(var "$m" required); do VALUE[$name]="e2e-$RANDOM$RANDOM"; done
done
ENV_ALL=()  # NAME=VALUE for env(1)
for n in "${!VALUE[@]}"; do ENV_ALL+=("$n=${VALUE[$n]}"); done

# kube_names: "pod NAME" and "volume NAME" lines for what kube play creates
# (PVCs and emptyDirs become named volumes, a configMap volume one named
# after its ConfigMap; Deployment M runs as pod M-pod-0).
kube_names() {
  local m
  for m in $modules; do echo "pod $m-pod-0"; done
  [[ -s $K/all.yaml ]] || return 0
  k8s_docs "$K/all.yaml" PersistentVolumeClaim | awk '/^  name: / {print "volume", $2}'
  for m in $modules; do
    k8s_docs "$K/all.yaml" Deployment "$m" | pod_volumes |
      awk '$2 == "emptyDir" {print "volume", $1} $2 == "configMap" {print "volume", $3}'
  done
}

# k8s_docs FILE KIND [NAME]: the documents of that kind (and metadata.name)
# in a kustomize build (kustomize writes metadata.name as "  name: X").
k8s_docs() {
  awk -v kind="$2" -v name="${3:-}" 'BEGIN { RS = "\n---\n" }
    { sub(/^---\n/, ""); r = "\n" $0 "\n" }
    r ~ ("\nkind: " kind "\n") && (name == "" || r ~ ("\n  name: " name "\n")) {
      printf "---\n%s\n", $0 }' "$1"
}
# pod_volumes < DEPLOYMENT: "NAME emptyDir", "NAME pvc CLAIM" or
# "NAME configMap CONFIGMAP" per pod volume.
pod_volumes() {
  awk 'function flush() { if (item) print name, kind, claim; item = 0; name = kind = claim = "" }
    /^      volumes:$/ { inv = 1; next }
    inv && /^      - / { flush(); item = 1; sub(/^      - /, "        ") }
    inv && !/^       / { flush(); inv = 0 }
    inv && /^        name: / { name = $2 }
    inv && /^        emptyDir:/ { kind = "emptyDir" }
    inv && /^        persistentVolumeClaim:/ { kind = "pvc" }
    inv && /^        configMap:/ { kind = "configMap" }
    inv && /^          claimName: / { claim = $2 }
    inv && kind == "configMap" && /^          name: / { claim = $2 }
    END { flush() }'
}
# settings_refs < DEPLOYMENT: "CONFIGMAP KEY" per configMapKeyRef.
settings_refs() {
  awk '/configMapKeyRef:/ { inref = 1; key = name = ""; next }
    inref && /^ *key: / { key = $2 }
    inref && /^ *name: / { name = $2 }
    inref && key != "" && name != "" { print name, key; inref = 0 }'
}

# ------------------------------------------------------------ teardown
# shellcheck source=tests/e2e/ensure_gone.sh
. "$HERE/ensure_gone.sh"
dump_logs() {
  local c
  for c in $(podman ps -aq --filter "label=io.podman.compose.project=$P" 2>/dev/null) \
    $(for m in $modules; do echo "$m-pod-0-$m"; done); do
    podman container exists "$c" 2>/dev/null || continue
    echo "  --- podman logs --tail 20 $c"
    podman logs --tail 20 "$c" 2>&1 | sed 's/^/  | /'
  done
}
teardown_compose() {
  [[ -n $P ]] || return 0
  if [[ -f $OUT/compose.yaml ]]; then
    (cd "$OUT" && env "${ENV_ALL[@]}" podman-compose -p "$P" down -v) >>"$LOG" 2>&1 || true
  fi
  local id
  for id in $(podman ps -aq --filter "label=io.podman.compose.project=$P"); do
    ensure_gone container "$id" || true
  done
  for id in $(podman network ls -q --filter "label=io.podman.compose.project=$P"); do
    ensure_gone network "$id" || true
  done
  for id in $(podman volume ls -q --filter "label=io.podman.compose.project=$P"); do
    ensure_gone volume "$id" || true
  done
}
teardown_kube() {
  local m kind name
  for m in $modules; do
    [[ -f $K/$m.yaml ]] && { run podman kube down "$K/$m.yaml" || true; }
  done
  while read -r kind name; do ensure_gone "$kind" "$name" || true; done < <(kube_names)
  [[ -z $KNET ]] || ensure_gone network "$KNET" || true
  # kube play creates this network when a play has no --network.
  ((HAD_KUBE_NET)) || ensure_gone network podman-default-kube-network || true
  return 0
}
teardown_images() {
  local m
  for m in $modules; do
    podman image exists "$(var "$m" image)" 2>/dev/null && { run podman rmi -f "$(var "$m" image)" || true; }
  done
  return 0
}
cleanup() {
  local rc=$?
  trap - EXIT
  if ((rc != 0)) && [[ -n ${err_at:-} ]]; then
    echo "e2e: FAILED: unexpected error at $err_at"
    tail -n 15 "$LOG" | sed 's/^/  | /'
  elif ((rc != 0 && rc != 130)) && [[ -z ${died:-} ]]; then
    # set -e in a function (the ERR trap is not inherited there)
    echo "e2e: FAILED: unexpected error (exit $rc); the log's last lines:"
    tail -n 15 "$LOG" | sed 's/^/  | /'
  fi
  if ((rc != 0 || failures != 0)); then dump_logs || true; fi
  box_teardown || true # before the images: the box runs them from the host's store
  teardown_compose || true
  names_teardown || true
  teardown_kube || true
  teardown_images || true
  rm -f "$STATE_DIR/e2e-suite.state"
  rm -rf "$LOCK"
  if [[ ${GEN_E2E_KEEP:-0} == 1 ]]; then
    echo "e2e: work dir kept: $WORK"
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'err_at="run.sh:$LINENO: $BASH_COMMAND"' ERR
trap 'exit 130' INT TERM HUP

# A run killed before its trap ran (SIGKILL, e.g. a CTest timeout) leaves
# its project and the names the spec fixes; the state file says which.
if [[ -f $STATE_DIR/e2e-suite.state ]]; then
  say "cleaning up after an interrupted run ($(cat "$STATE_DIR/e2e-suite.state"))"
  read -r P KNET BOX BOX_DIR <"$STATE_DIR/e2e-suite.state"
  box_teardown || true
  teardown_compose
  teardown_kube
  names_teardown
  teardown_images
  P="" KNET="" BOX="" BOX_DIR=""
  for d in "$STATE_DIR"/e2e-run.* "$STATE_DIR"/e2e-box.*; do [[ $d == "$WORK" ]] || rm -rf "$d"; done
fi
P="$project-run$$"
KNET="$project-kube"
HAD_KUBE_NET=0
podman network exists podman-default-kube-network 2>/dev/null && HAD_KUBE_NET=1
echo "$P $KNET" >"$STATE_DIR/e2e-suite.state"

# ------------------------------------------------------------ assertions
# The assertions reach containers through ENGINE: the host's podman for
# compose and kube play, `podman exec BOX podman` for the systemd box (the
# box's pass sets it as a local, which the functions it calls see).
ENGINE=(podman)
proc_field() { # CONTAINER FIELD: a line of /proc/1/status, tabs as spaces
  "${ENGINE[@]}" exec "$1" sh -c 'cat /proc/1/status' 2>/dev/null | awk -v f="$2:" '$1 == f {$1 = ""; sub(/^ /, ""); print}'
}
mount_opts() { # CONTAINER TARGET: "FSTYPE OPTIONS" of the mount at TARGET
  "${ENGINE[@]}" exec "$1" sh -c 'cat /proc/1/mounts' 2>/dev/null | awk -v t="$2" '$2 == t {m = $3 " " $4} END {print m}'
}
http_ok() { # CONTAINER URL: the URL answers 2xx, asked from inside CONTAINER
  "${ENGINE[@]}" exec "$1" python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$2" >>"$LOG" 2>&1
}
wait_healthy() { # CONTAINER SECONDS: `podman healthcheck run` until healthy
  local end=$((SECONDS + $2))
  while ((SECONDS < end)); do
    run "${ENGINE[@]}" healthcheck run "$1" && return 0
    sleep 1
  done
  return 1
}

# assert_module MODULE CONTAINER MODE (compose | kube)
assert_module() {
  local m=$1 c=$2 mode=$3 t line opts
  local uid gid
  uid=$(var "$m" uid) gid=$(var "$m" gid)
  line=$(proc_field "$c" Uid)
  [[ $line == "$uid $uid $uid $uid" ]] && pass "$m: uid $uid (real, effective, saved, fs)" ||
    fail "$m: uid is '$line', the spec says $uid"
  line=$(proc_field "$c" Gid)
  [[ $line == "$gid $gid $gid $gid" ]] && pass "$m: gid $gid" || fail "$m: gid is '$line', the spec says $gid"
  for f in CapEff CapPrm; do
    line=$(proc_field "$c" $f)
    [[ $line == 0000000000000000 ]] && pass "$m: $f 0 (no capabilities)" || fail "$m: $f is '$line'"
  done
  line=$(proc_field "$c" NoNewPrivs)
  [[ $line == 1 ]] && pass "$m: NoNewPrivs 1" || fail "$m: NoNewPrivs is '$line'"
  opts=$(mount_opts "$c" /)
  if [[ " ${opts#* }," == " ro,"* ]] && ! "${ENGINE[@]}" exec --user 0 "$c" sh -c ': >/.e2e-probe' >>"$LOG" 2>&1; then
    pass "$m: root filesystem read-only (even for uid 0)"
  else
    fail "$m: root filesystem is writable (mount: ${opts%%,*})"
  fi
  for t in $(var "$m" tmpfs); do
    opts=$(mount_opts "$c" "$t")
    if "${ENGINE[@]}" exec "$c" sh -c 'echo x >"$1/.e2e-probe" && rm "$1/.e2e-probe"' sh "$t" >>"$LOG" 2>&1; then
      if [[ $opts == tmpfs* ]]; then
        pass "$m: $t is a writable tmpfs"
      elif [[ $mode == kube ]]; then
        pass "$m: $t is writable (kube play mounts emptyDir as a volume: ${opts%% *})"
      else
        fail "$m: $t is writable but not a tmpfs ($opts)"
      fi
    else
      fail "$m: $t is not writable by the process user"
    fi
  done
  for t in $(var "$m" ro); do
    opts=$(mount_opts "$c" "$t")
    if [[ " ${opts#* }," == " ro,"* ]] &&
      ! "${ENGINE[@]}" exec "$c" sh -c ': >"$1/.e2e-probe"' sh "$t" >>"$LOG" 2>&1; then
      pass "$m: $t mounted read-only"
    else
      fail "$m: $t is not mounted read-only (${opts:-not mounted})"
    fi
  done
  for t in $(var "$m" rw); do
    opts=$(mount_opts "$c" "$t")
    if [[ " ${opts#* }," == " rw,"* ]] &&
      "${ENGINE[@]}" exec "$c" sh -c 'echo x >"$1/.e2e-probe" && rm "$1/.e2e-probe"' sh "$t" >>"$LOG" 2>&1; then
      pass "$m: $t mounted read-write, writable by uid $uid"
    else
      fail "$m: $t is not writable by uid $uid (${opts:-not mounted})"
    fi
  done
  # Labels: the container's (compose, units), or the pod's (kube play puts
  # the pod template's labels on the pod).
  local kv have
  if [[ $mode == kube ]]; then
    for kv in $(var "$m" k8s_labels); do
      have=$("${ENGINE[@]}" pod inspect --format "{{index .Labels \"${kv%%=*}\"}}" "${c%-"$m"}" 2>>"$LOG") || have=""
      [[ -n $have && $have != "<no value>" ]] ||
        have=$("${ENGINE[@]}" inspect --format "{{index .Config.Labels \"${kv%%=*}\"}}" "$c" 2>>"$LOG")
      [[ $have == "${kv#*=}" ]] && pass "$m: label $kv (pod)" || fail "$m: label ${kv%%=*} is '$have', the spec says ${kv#*=}"
    done
  else
    for kv in $(var "$m" labels); do
      have=$("${ENGINE[@]}" inspect --format "{{index .Config.Labels \"${kv%%=*}\"}}" "$c" 2>>"$LOG")
      [[ $have == "${kv#*=}" ]] && pass "$m: label $kv" || fail "$m: label ${kv%%=*} is '$have', the spec says ${kv#*=}"
    done
  fi
  # A config directory: every file of the spec's directory, read back at
  # its path under the target (compose: the bind; kube: the ConfigMap's keys).
  local dirm rel want got
  for dirm in $(var "$m" confdirs); do
    t=${dirm%%=*}
    while IFS= read -r rel; do
      want=$(cat "$spec_dir/${dirm#*=}/$rel")
      got=$("${ENGINE[@]}" exec "$c" cat "$t/$rel" 2>>"$LOG") || got="<unreadable>"
      [[ $got == "$want" ]] && pass "$m: config directory file $t/$rel as in the spec's directory" ||
        fail "$m: $t/$rel is '$got', the spec's directory has '$want'"
    done < <(cd "$spec_dir/${dirm#*=}" && find . -type f | sed 's|^\./||' | sort)
  done
  if [[ $(var "$m" health) == 1 ]]; then
    if wait_healthy "$c" 60; then pass "$m: podman healthcheck run: healthy"; else fail "$m: health check fails"; fi
  fi
  for t in $(var "$m" http); do
    if http_ok "$c" "http://127.0.0.1:${t%%/*}/${t#*/}"; then
      pass "$m: GET /${t#*/} on ${t%%/*} answers"
    else
      fail "$m: GET /${t#*/} on ${t%%/*} does not answer 2xx"
    fi
  done
  # Its setup steps (examples/e2e: client.py setup) leave the uid they ran as
  # in the module's data dir; the module copies what it found there at start.
  if [[ -n $(var "$m" setup) ]]; then
    line=$("${ENGINE[@]}" exec "$c" sh -c 'cat "$DATA_DIR/setup-seen"' 2>>"$LOG" || true)
    [[ $line == "$uid" ]] &&
      pass "$m: setup steps ($(var "$m" setup)) completed before it started, as uid $uid, in its data dir" ||
      fail "$m: at start it found '${line:-nothing}' from its setup steps, not the mark of uid $uid"
  fi
  local d dc
  for d in $(var "$m" deps); do
    dc=$(var "$d" http)
    dc=${dc%% *}
    [[ -n $dc ]] || continue
    if http_ok "$c" "http://$d:${dc%%/*}/${dc#*/}"; then
      pass "$m: reaches $d by name (http://$d:${dc%%/*}/${dc#*/})"
    else
      fail "$m: cannot reach $d by name over the network"
    fi
  done
}

# assert_stop MODULE CONTAINER TIMEOUT_ARGS...: SIGTERM stops it in time, exit 0.
assert_stop() {
  local m=$1 c=$2 grace signal want got start elapsed code
  shift 2
  grace=$(var "$m" grace)
  signal=$(var "$m" signal)
  want=$(kill -l "${signal#SIG}")
  got=$(podman inspect --format '{{.Config.StopSignal}}' "$c")
  [[ $got == "$want" ]] && pass "$m: stop signal $signal" || fail "$m: stop signal is $got, the spec says $signal ($want)"
  start=$(date +%s%N)
  run podman stop "$@" "$c" || true
  elapsed=$((($(date +%s%N) - start) / 1000000))
  code=$(podman inspect --format '{{.State.ExitCode}}' "$c")
  if [[ $code == 0 ]] && ((elapsed < grace * 1000)); then
    pass "$m: $signal stopped it in ${elapsed} ms (grace ${grace}s), exit code 0"
  else
    fail "$m: $signal: exit code $code after ${elapsed} ms (grace ${grace}s; 137 means killed)"
  fi
}

# ------------------------------------------------------------ 1. images
say "building images from the generated Dockerfiles"
for m in $modules; do
  ctx=$spec_dir/$(var "$m" context)
  [[ -f $OUT/$m/Dockerfile ]] || die "$m: no $OUT/$m/Dockerfile (the suite needs modules that build)"
  fatal "podman build of $m" podman build --format docker --pull=never --layers=false \
    --ignorefile "$OUT/$m/.dockerignore" -f "$OUT/$m/Dockerfile" -t "$(var "$m" image)" "$ctx"
  pass "$m: built $(var "$m" image) from $m/Dockerfile"
  if [[ $(var "$m" health) == 1 ]]; then
    hc=$(podman image inspect --format '{{if .Config.Healthcheck}}{{.Config.Healthcheck.Test}}{{end}}' "$(var "$m" image)")
    [[ -n $hc ]] && pass "$m: image has a HEALTHCHECK" || fail "$m: the image has no HEALTHCHECK"
  fi
  required=$(var "$m" required)
  [[ -n $required ]] || continue
  # The image alone, without its required values: exits non-zero naming each.
  run podman run -d --name "$P-$m-noenv" --pull=never "$(var "$m" image)" || true
  code=$(timeout 30 podman wait "$P-$m-noenv" 2>>"$LOG" || echo timeout)
  logs=$(podman logs "$P-$m-noenv" 2>&1 || true)
  run podman rm -f "$P-$m-noenv" || true
  for name in $required; do
    if [[ $code != 0 && $code != timeout && $logs == *"$name"* ]]; then
      pass "$m: without $name the container exits $code naming it"
    else
      fail "$m: without $name: exit '$code', log: ${logs:0:200}"
    fi
  done
done

# ------------------------------------------------------------ 2. compose
say "compose: podman-compose -p $P up (generated compose.yaml)"
for m in $modules; do
  for od in $(var "$m" own); do
    dir=$OUT/$m/${od%%:*}
    mkdir -p "$dir"
    if [[ ${od#*:} == rw ]]; then
      chown "$(var "$m" uid):$(var "$m" gid)" "$dir"
    elif [[ -d $ROOT/examples/e2e/${od%%:*}/$m ]]; then
      cp -R "$ROOT/examples/e2e/${od%%:*}/$m/." "$dir/"
      chmod -R a+rX "$dir"
    fi
  done
done
if [[ ${#VALUE[@]} -gt 0 ]]; then
  unset_args=()
  for n in "${!VALUE[@]}"; do unset_args+=(-u "$n"); done
  if (cd "$OUT" && run env "${unset_args[@]}" podman-compose -p "$P" up -d); then
    fail "compose: up succeeded without the required values ${!VALUE[*]}"
  elif [[ -n $( (podman ps -aq --filter "label=io.podman.compose.project=$P"
    podman network ls -q --filter "label=io.podman.compose.project=$P"
    podman volume ls -q --filter "label=io.podman.compose.project=$P") 2>/dev/null) ]]; then
    fail "compose: up without the required values failed, but created containers, networks or volumes"
  else
    pass "compose: up refuses to start without ${!VALUE[*]} (nothing created)"
  fi
fi
if command -v ss >/dev/null 2>&1; then
  for m in $modules; do
    for pub in $(var "$m" published); do
      IFS=: read -r _ hport _ <<<"$pub"
      [[ -z $(ss -Hltn "sport = :$hport") ]] || die "host port $hport ($m) is already in use on this machine"
    done
  done
fi
# Setup steps: podman-compose 1.0.3 ignores service_completed_successfully
# (as every condition), so each step is brought up first, with what it
# depends on, and must exit 0 before the rest starts (what compose does).
for m in $modules; do
  for s in $(var "$m" setup); do
    (cd "$OUT" && fatal "podman-compose up $s" env "${ENV_ALL[@]}" podman-compose -p "$P" up -d "$s")
    sid=$(podman ps -aq --filter "label=io.podman.compose.project=$P" \
      --filter "label=com.docker.compose.service=$s" | head -n 1)
    [[ -n $sid ]] || die "compose: no container for setup step $s"
    code=$(timeout 60 podman wait "$sid" 2>>"$LOG" || echo timeout)
    [[ $code == 0 ]] && pass "compose: setup step $s of $m ran to completion (exit 0)" ||
      fail "compose: setup step $s of $m: exit '$code'"
  done
done
(cd "$OUT" && fatal "podman-compose up" env "${ENV_ALL[@]}" podman-compose -p "$P" up -d)
declare -A CID
for m in $modules; do
  CID[$m]=$(podman ps -aq --filter "label=io.podman.compose.project=$P" \
    --filter "label=com.docker.compose.service=$m" | head -n 1)
  [[ -n ${CID[$m]} ]] || die "compose: no container for $m"
  # depends_on conditions: podman-compose only orders the start; wait here.
  if [[ $(var "$m" health) == 1 ]] && ! wait_healthy "${CID[$m]}" 60; then
    fail "compose: $m did not become healthy within 60 s"
  fi
done
for net in $internal_networks; do
  [[ $(podman network inspect --format '{{.Internal}}' "$net" 2>/dev/null) == true ]] &&
    pass "compose: network $net is internal" || fail "compose: network $net is not internal"
done
for m in $modules; do
  say "compose: module $m"
  assert_module "$m" "${CID[$m]}" compose
  # Published ports: bound to their address only, reachable there.
  ports=$(podman port "${CID[$m]}" 2>/dev/null | tr '\n' ' ')
  want=""
  for pub in $(var "$m" published); do
    IFS=: read -r cport hport bind <<<"$pub"
    want+="$cport/tcp -> $bind:$hport "
    path=""
    for t in $(var "$m" http); do [[ ${t%%/*} == "$cport" ]] && { path=/${t#*/}; break; }; done
    if [[ -n $path ]]; then
      curl -fsS -o /dev/null --max-time 5 "http://$bind:$hport$path" 2>>"$LOG" &&
        pass "$m: GET $path answers on $bind:$hport (host)" || fail "$m: GET $path does not answer on $bind:$hport"
    fi
    if command -v ss >/dev/null 2>&1; then
      bound=$(ss -Hltn "sport = :$hport" | awk '{print $4}' | sort -u | tr '\n' ' ')
      [[ $bound == "$bind:$hport " ]] && pass "$m: host port $hport bound to $bind only" ||
        fail "$m: host port $hport is bound to: ${bound:-nothing}"
    fi
    for addr in $(hostname -I 2>/dev/null); do
      [[ $addr == "$bind" || $addr == *:* ]] && continue
      if curl -sS -o /dev/null --max-time 3 "http://$addr:$hport/" 2>>"$LOG"; then
        fail "$m: port $hport answers on $addr too"
      else
        pass "$m: port $hport does not answer on $addr"
      fi
      break
    done
  done
  [[ $ports == "$want" ]] && pass "$m: published ports: ${want:-none}" ||
    fail "$m: published ports are '${ports}', the spec says '${want}'"
  logs=$(var "$m" logs)
  if [[ $logs != stdout ]]; then
    if [[ -n $(podman exec "${CID[$m]}" sh -c 'ls -A "$1"' sh "$logs" 2>/dev/null) ]]; then
      pass "$m: writes log files under $logs"
    else
      fail "$m: no log file under $logs"
    fi
  fi
done
say "compose: scripts/verify.sh (generated) against the running project"
if COMPOSE_PROJECT_NAME=$P sh "$OUT/scripts/verify.sh" --engine podman >"$WORK/verify.out" 2>&1; then
  pass "verify.sh: $(tail -n 1 "$WORK/verify.out")"
else
  sed 's/^/  | /' "$WORK/verify.out"
  fail "verify.sh failed"
fi
say "compose: stop with SIGTERM, in reverse dependency order"
for m in $(echo "$modules" | tr ' ' '\n' | tac); do
  assert_stop "$m" "${CID[$m]}" -t "$(var "$m" grace)"
done
(cd "$OUT" && run env "${ENV_ALL[@]}" podman-compose -p "$P" down -v) || fail "compose: down failed"
teardown_compose  # podman-compose 1.0.3 leaves the networks
left=$( (podman ps -aq --filter "label=io.podman.compose.project=$P"
  podman network ls -q --filter "label=io.podman.compose.project=$P"
  podman volume ls -q --filter "label=io.podman.compose.project=$P"
  for n in $networks; do podman network exists "$n" && echo "network $n"; done
  for v in $volumes; do podman volume exists "$v" && echo "volume $v"; done
  true) 2>/dev/null | tr '\n' ' ')
[[ -z $left ]] && pass "compose: nothing of $P left after teardown" || fail "compose: left behind: $left"

# ------------------------------------------------------------ 3. kube play
say "kube: ${KUSTOMIZE[*]} k8s/overlays/$PROFILE | podman kube play"
if grep -qE '^ *(hostPort|hostNetwork|hostPID|hostIPC):' "$K/all.yaml"; then
  fail "kube: the manifests publish on the host: $(grep -E '^ *(hostPort|hostNetwork):' "$K/all.yaml" | tr -s ' ' | tr '\n' ';')"
else
  pass "kube: no hostPort or hostNetwork: only Services expose ports"
fi
note "podman 4.3 kube play publishes every containerPort on 0.0.0.0 all the same (not asserted)"
note "kube play ignores $(awk '/^kind: / && $2 !~ /^(Deployment|PersistentVolumeClaim|ConfigMap)$/ {print $2}' "$K/all.yaml" | sort -u | tr '\n' ' ')"
k8s_docs "$K/all.yaml" PersistentVolumeClaim >"$K/claims.yaml"
k8s_docs "$K/all.yaml" ConfigMap >"$K/configmaps.yaml"
for m in $modules; do
  k8s_docs "$K/all.yaml" Deployment "$m" >"$K/$m.deployment.yaml"
  [[ -s $K/$m.deployment.yaml ]] || die "kube: no Deployment $m"
  cat "$K/configmaps.yaml" "$K/$m.deployment.yaml" >"$K/$m.yaml"
  # Podman 4.3 removes a finished "once" init container (a setup step) while
  # bringing the pod up and often fails doing so, the step still counted as
  # running (podman#18477): the suite's copy keeps them ("always": they run
  # on each start of the pod, before its containers, and are not removed).
  if grep -q '^      initContainers:' "$K/$m.yaml"; then
    # (read from the Deployment's own annotations, not its pod template's)
    sed -i '/^kind: Deployment$/,/^metadata:$/ s/^metadata:$/&\n  annotations:\n    io.podman.annotations.init.container.type: always/' "$K/$m.yaml"
    grep -q 'init.container.type: always' "$K/$m.yaml" || die "kube: could not annotate $m's init containers"
  fi
done
# The operator's part: the ConfigMaps the Deployments refer to that gen does
# not generate (required values: set, and empty for the negative test), and
# the content of the conf claims.
declare -A CM_KEYS
while read -r cm key; do
  grep -q "^  name: $cm\$" "$K/configmaps.yaml" && continue
  [[ -n ${VALUE[$key]:-} ]] || die "kube: ConfigMap $cm key $key is neither generated nor a required value"
  CM_KEYS[$cm]+="$key "
done < <(for m in $modules; do settings_refs <"$K/$m.deployment.yaml"; done | sort -u)
SETTINGS=() EMPTY_SETTINGS=()
for cm in "${!CM_KEYS[@]}"; do
  for kind in set empty; do
    f=$K/$kind-$cm.yaml
    printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\ndata:\n' "$cm" >"$f"
    for key in ${CM_KEYS[$cm]}; do
      if [[ $kind == set ]]; then
        printf '  %s: "%s"\n' "$key" "${VALUE[$key]}" >>"$f"
      else
        printf '  %s: ""\n' "$key" >>"$f"
      fi
    done
  done
  SETTINGS+=(--configmap "$K/set-$cm.yaml")
  EMPTY_SETTINGS+=(--configmap "$K/empty-$cm.yaml")
done

fatal "podman network create $KNET" podman network create --internal "$KNET"
kube_play "kube play of the PersistentVolumeClaims" --network "$KNET" "$K/claims.yaml"
for m in $modules; do
  for od in $(var "$m" own); do
    [[ ${od#*:} == ro && -d $ROOT/examples/e2e/${od%%:*}/$m ]] || continue
    claim=$(pod_volumes <"$K/$m.deployment.yaml" |
      awk -v want="$m-${od%%:*}" '$2 == "pvc" && $3 == want {print $3}')
    [[ -n $claim ]] || claim=$(pod_volumes <"$K/$m.deployment.yaml" | awk '$2 == "pvc" {print $3}' | grep -- "-${od%%:*}\$" | head -n 1)
    [[ -n $claim ]] || die "kube: no claim for $m's ${od%%:*} directory"
    tar -C "$ROOT/examples/e2e/${od%%:*}/$m" -cf "$K/$claim.tar" .
    fatal "podman volume import $claim" podman volume import "$claim" "$K/$claim.tar"
  done
done

# A missing required value (an empty key in the operator's ConfigMap).
for m in $modules; do
  required=$(var "$m" required)
  [[ -n $required ]] || continue
  # Played with restartPolicy Never (the suite's copy): the container exits
  # once, non-zero, instead of being restarted while the play still brings
  # the pod up (a race of Podman 4.3's, one suspect of the hang above).
  sed '/^kind: Deployment$/,$ s/^    spec:$/&\n      restartPolicy: Never/' "$K/$m.yaml" >"$K/$m.once.yaml"
  grep -q '^      restartPolicy: Never$' "$K/$m.once.yaml" || die "kube: could not set restartPolicy Never on $m"
  kube_play "kube play of $m without its required values" --network "$KNET" \
    "${EMPTY_SETTINGS[@]}" "$K/$m.once.yaml"
  c="$m-pod-0-$m"
  code="" logs=""
  for _ in $(seq 1 40); do
    read -r status code restarts < <(podman inspect --format '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}' "$c" 2>/dev/null || echo "gone 0 0")
    logs=$(podman logs "$c" 2>&1 || true)
    [[ $code != 0 || $restarts != 0 ]] && [[ -n $logs ]] && break
    sleep 0.5
  done
  for name in $required; do
    if [[ $logs == *"$name"* ]] && [[ $code != 0 || $restarts != 0 ]]; then
      pass "$m (kube): with $name empty the container exits non-zero naming it (exit $code, restarted $restarts times)"
    else
      fail "$m (kube): with $name empty: status $status, exit $code, log: ${logs:0:200}"
    fi
  done
  run podman kube down "$K/$m.yaml" || true
  ensure_gone pod "$m-pod-0" || die "kube: pod $m-pod-0 is still there after kube down and pod rm -f"
done

for m in $modules; do
  # Services are ignored: the pod gets its Service's name (the module's) as
  # a DNS alias on the suite's network, as cluster DNS would resolve it.
  if [[ -z $(k8s_docs "$K/all.yaml" Service "$m") ]]; then
    alias_arg=""
  else
    alias_arg=":alias=$m"
  fi
  kube_play "kube play of $m" --network "$KNET$alias_arg" "${SETTINGS[@]}" "$K/$m.yaml"
  c="$m-pod-0-$m"
  podman container exists "$c" || die "kube: no container $c"
  # Readiness is ignored and there is no depends_on: wait for health here.
  if [[ $(var "$m" health) == 1 ]] && ! wait_healthy "$c" 60; then
    fail "kube: $m did not become healthy within 60 s"
  fi
done
for m in $modules; do
  say "kube: module $m"
  c="$m-pod-0-$m"
  assert_module "$m" "$c" kube
done
say "kube: stop with SIGTERM (terminationGracePeriodSeconds), in reverse dependency order"
for m in $(echo "$modules" | tr ' ' '\n' | tac); do
  c="$m-pod-0-$m"
  t=$(podman inspect --format '{{.Config.StopTimeout}}' "$c")
  [[ $t == "$(var "$m" grace)" ]] && pass "$m: stop timeout ${t}s = the spec's grace" ||
    fail "$m: stop timeout is ${t}s, the spec's grace $(var "$m" grace)s"
  assert_stop "$m" "$c"
done
teardown_kube
left=$( (while read -r kind name; do
  case $kind in
    pod) podman pod exists "$name" && echo "pod $name" ;;
    volume) podman volume exists "$name" && echo "volume $name" ;;
  esac
done < <(kube_names)
  podman network exists "$KNET" && echo "network $KNET"
  ((HAD_KUBE_NET)) || ! podman network exists podman-default-kube-network || echo "network podman-default-kube-network"
  true) 2>/dev/null | tr '\n' ' ')
[[ -z $left ]] && pass "kube: nothing left after kube down and teardown" || fail "kube: left behind: $left"

# ------------------------------------------------------------ 3b. names
names_suite

# ------------------------------------------------------------ 4. systemd
if [[ -n $SYSTEMD_SKIP ]]; then
  say "systemd: SKIPPED ($SYSTEMD_SKIP)"
else
  systemd_suite
fi

# ------------------------------------------------------------ result
if ((failures > 0)); then
  echo "e2e: FAILED: $failures assertion(s) failed ($(($(date +%s) - T0)) s)"
  died=1
  exit 1
fi
echo "e2e: PASSED ($(($(date +%s) - T0)) s)"
