#!/usr/bin/env bash
# e2e_stacks: the Dockerfiles of the compiled stacks built and run for real
# with rootful Podman, offline: tests/e2e/stacks/gen.yaml (go and rust).
#
#   tests/e2e/stacks.sh GEN_BINARY [SOURCE_DIR]
#
# There is no registry here, so the stacks' build images are stand-ins made
# once from Debian's packages on the debian:bookworm-slim image of
# ../shared/e2e/prepare-host.sh and tagged with the names the Dockerfiles
# use: golang:1.23-bookworm (golang-go, Go 1.19) and rust:1-slim-bookworm
# (cargo, rustc 1.63). The stand-in sources use no third-party modules or
# crates (those need the network). For each module: `podman build --format
# docker --pull=never` of the generated Dockerfile, then a container with a
# read-only root that must run as the spec's uid:gid, pass its own
# HEALTHCHECK (`podman healthcheck run`) and run the binary through `app`.
# Module own-api brings its own multi-stage Dockerfile (build.dockerfile +
# target): it is built as gen's compose.yaml says (context, dockerfile,
# target), run with that file's user and health check, and must not hold
# what the later `debug` stage adds.
# Not covered offline: java (Maven Central / Gradle plugins), dotnet (NuGet
# and Microsoft's images), ruby gems, php's composer, npm for static: their
# dependency steps need a package registry; the validators test checks
# their Dockerfiles. Skips like run.sh (exit 0, "e2e: SKIPPED (...)") without
# a container engine unless GEN_REQUIRE_E2E=1.
# shellcheck disable=SC2015 # `test && pass || fail`: pass never fails
set -euo pipefail

GEN=$(realpath "${1:?usage: stacks.sh GEN_BINARY [SOURCE_DIR]}")
ROOT=$(realpath "${2:-$(dirname "$0")/../..}")
SHARED=${GEN_SHARED_DIR:-$ROOT/../shared}
STATE_DIR=${E2E_DIR:-/var/tmp/gen-e2e}

not_ready() {
  if [[ ${GEN_REQUIRE_E2E:-0} == 1 ]]; then
    echo "e2e: FAILED (GEN_REQUIRE_E2E=1 but no container engine: $1)"
    exit 1
  fi
  echo "e2e: SKIPPED (no container engine: $1)"
  exit 0
}
command -v podman >/dev/null 2>&1 || not_ready "podman is not installed"
[[ -x $SHARED/e2e/prepare-host.sh ]] || not_ready "$SHARED/e2e/prepare-host.sh not found"
"$SHARED/e2e/prepare-host.sh" --check >/dev/null 2>&1 || not_ready "prepare-host.sh --check failed"

mkdir -p "$STATE_DIR"
WORK=$(mktemp -d "$STATE_DIR/e2e-stacks.XXXXXX")
LOG=$WORK/log
TAG=e2e-stacks-$$
containers=()
cleanup() {
  for c in "${containers[@]}"; do podman rm -f -t 0 "$c" >/dev/null 2>&1 || true; done
  podman rmi -f "localhost/$TAG-go-api" "localhost/$TAG-rust-api" "localhost/$TAG-own-api" \
    >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
failures=0
pass() { printf '  ok    %s\n' "$*"; }
fail() {
  printf '  FAIL  %s\n' "$*"
  failures=$((failures + 1))
}

# Stand-in build images, built once per machine.
standin() {  # standin IMAGE PACKAGES...
  local image=$1
  shift
  podman image exists "$image" && return 0
  echo "e2e: building the stand-in $image from Debian's $* (once per machine)"
  mkdir -p "$WORK/standin"
  printf '%s\n' 'FROM docker.io/library/debian:bookworm-slim' \
    "RUN apt-get update && apt-get install -y --no-install-recommends $* ca-certificates \\" \
    ' && rm -rf /var/lib/apt/lists/*' >"$WORK/standin/Containerfile"
  podman build --pull=never --format docker -t "$image" "$WORK/standin" >>"$LOG" 2>&1 ||
    { tail -n 20 "$LOG"; echo "e2e: FAILED: could not build $image"; exit 1; }
}
standin docker.io/library/golang:1.23-bookworm golang-go
standin docker.io/library/rust:1-slim-bookworm cargo rustc

SPEC_DIR=$ROOT/tests/e2e/stacks
"$GEN" dockerfile --spec "$SPEC_DIR/gen.yaml" --out "$WORK/out" >>"$LOG" 2>&1 ||
  { cat "$LOG"; echo "e2e: FAILED: gen dockerfile"; exit 1; }

for module in go-api rust-api; do
  echo "e2e: $module"
  image=localhost/$TAG-$module
  ctx=$SPEC_DIR/${module%-api}
  if ! podman build --pull=never --format docker -f "$WORK/out/$module/Dockerfile" \
    -t "$image" "$ctx" >>"$LOG" 2>&1; then
    tail -n 30 "$LOG"
    fail "$module: podman build"
    continue
  fi
  pass "$module: image built from the generated Dockerfile"
  c=$TAG-$module
  containers+=("$c")
  if ! podman run -d --name "$c" --read-only --cap-drop=all --security-opt=no-new-privileges \
    "$image" >>"$LOG" 2>&1; then
    fail "$module: podman run"
    continue
  fi
  healthy=0
  for _ in $(seq 1 30); do
    if podman healthcheck run "$c" >/dev/null 2>&1; then
      healthy=1
      break
    fi
    sleep 1
  done
  ((healthy)) && pass "$module: HEALTHCHECK passes" ||
    { fail "$module: HEALTHCHECK never passed"; podman logs "$c" 2>&1 | tail -n 5; }
  ids=$(podman top "$c" huser hgroup 2>/dev/null | awk 'NR == 2 {print $1 ":" $2}')
  [[ $ids == 10001:10001 ]] && pass "$module: runs as 10001:10001" ||
    fail "$module: runs as '$ids', the spec says 10001:10001"
  [[ $(podman inspect -f '{{.State.Running}}' "$c") == true ]] && pass "$module: running" ||
    fail "$module: not running"
done

# The module built from its own Dockerfile, as gen's compose.yaml builds and
# runs it (read with python3-yaml: build, user, healthcheck).
echo "e2e: own-api"
"$GEN" compose --spec "$SPEC_DIR/gen.yaml" --out "$WORK/compose" >>"$LOG" 2>&1 ||
  { cat "$LOG"; echo "e2e: FAILED: gen compose"; exit 1; }
mapfile -t own < <(/usr/bin/python3 - "$WORK/compose/compose.yaml" <<'PY'
import os, sys, yaml
path = sys.argv[1]
s = yaml.safe_load(open(path))["services"]["own-api"]
b = s["build"]
ctx = os.path.normpath(os.path.join(os.path.dirname(path), b["context"]))
print(ctx)
print(os.path.normpath(os.path.join(ctx, b["dockerfile"])))
print(b["target"])
print(s["user"])
print(s["healthcheck"]["test"][1].replace("$$", "$"))
PY
)
if [[ ${#own[@]} -ne 5 ]]; then
  fail "own-api: compose.yaml has no build {context, dockerfile, target}, user and health check"
elif ! podman build --pull=never --format docker -f "${own[1]}" --target "${own[2]}" \
  -t "localhost/$TAG-own-api" "${own[0]}" >>"$LOG" 2>&1; then
  tail -n 30 "$LOG"
  fail "own-api: podman build of ${own[1]} --target ${own[2]}"
else
  pass "own-api: image built from its own Dockerfile, stage ${own[2]}"
  c=$TAG-own-api
  containers+=("$c")
  if podman run -d --name "$c" --user "${own[3]}" --read-only --cap-drop=all \
    --security-opt=no-new-privileges --health-cmd "${own[4]}" "localhost/$TAG-own-api" >>"$LOG" 2>&1; then
    healthy=0
    for _ in $(seq 1 30); do
      if podman healthcheck run "$c" >/dev/null 2>&1; then
        healthy=1
        break
      fi
      sleep 1
    done
    ((healthy)) && pass "own-api: compose's health check passes" ||
      { fail "own-api: health check never passed"; podman logs "$c" 2>&1 | tail -n 5; }
    ids=$(podman top "$c" huser hgroup 2>/dev/null | awk 'NR == 2 {print $1 ":" $2}')
    [[ $ids == "${own[3]}" ]] && pass "own-api: runs as ${own[3]}" ||
      fail "own-api: runs as '$ids', compose.yaml says ${own[3]}"
    podman exec "$c" test ! -e /tmp/debug-stage && pass "own-api: the later debug stage is not in it" ||
      fail "own-api: /tmp/debug-stage exists: the wrong stage was built"
  else
    fail "own-api: podman run"
  fi
fi

if ((failures)); then
  echo "e2e: FAILED ($failures failures)"
  exit 1
fi
echo "e2e: stacks passed"
