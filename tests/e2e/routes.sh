#!/usr/bin/env bash
# e2e_routes: gen's edge proxy (routes, issue 21) run for real with rootful
# Podman and podman-compose, offline: tests/e2e/routes/gen.yaml.
#
#   tests/e2e/routes.sh GEN_BINARY [SOURCE_DIR]
#
# There is no registry here, so the pinned Caddy image gen's output names
# (docker.io/library/caddy:2.8.4-alpine) is a stand-in made once from
# Debian's caddy package (2.6.2) on the debian:bookworm-slim image of
# ../shared/e2e/prepare-host.sh, with /data owned by uid 1000 as the
# spec's user (Caddy's image keeps /data for root). The generated
# compose.yaml is brought up with podman-compose; each route must answer
# through host port 80 with its own module's content (web serves /usr, api
# /etc), an unknown host must not reach either, and only the edge proxy may
# publish a host port. Not run: TLS (a secret's files work as any secret
# mount; ACME needs public DNS and ports 80/443 reachable from the
# internet), Kubernetes (no ingress controller here: the validators check
# the Ingress), the systemd units (run.sh's box covers units). Skips like
# run.sh (exit 0, "e2e: SKIPPED (...)") without a container engine unless
# GEN_REQUIRE_E2E=1.
set -euo pipefail

GEN=$(realpath "${1:?usage: routes.sh GEN_BINARY [SOURCE_DIR]}")
ROOT=$(realpath "${2:-$(dirname "$0")/../..}")
SHARED=${GEN_SHARED_DIR:-$ROOT/../shared}
STATE_DIR=${E2E_DIR:-/var/tmp/gen-e2e}
CADDY=docker.io/library/caddy:2.8.4-alpine

not_ready() {
  if [[ ${GEN_REQUIRE_E2E:-0} == 1 ]]; then
    echo "e2e: FAILED (GEN_REQUIRE_E2E=1 but no container engine: $1)"
    exit 1
  fi
  echo "e2e: SKIPPED (no container engine: $1)"
  exit 0
}
command -v podman >/dev/null 2>&1 || not_ready "podman is not installed"
command -v podman-compose >/dev/null 2>&1 || not_ready "podman-compose is not installed"
[[ -x $SHARED/e2e/prepare-host.sh ]] || not_ready "$SHARED/e2e/prepare-host.sh not found"
"$SHARED/e2e/prepare-host.sh" --check >/dev/null 2>&1 || not_ready "prepare-host.sh --check failed"

mkdir -p "$STATE_DIR"
WORK=$(mktemp -d "$STATE_DIR/e2e-routes.XXXXXX")
LOG=$WORK/log
PROJECT=e2eroutes$$
failures=0
pass() { printf '  ok    %s\n' "$*"; }
fail() {
  printf '  FAIL  %s\n' "$*"
  failures=$((failures + 1))
}
cleanup() {
  if [[ -f $WORK/out/compose.yaml ]]; then
    (cd "$WORK/out" && podman-compose -p "$PROJECT" down -v -t 2 >>"$LOG" 2>&1) || true
  fi
  for c in $(podman ps -aq --filter "label=io.podman.compose.project=$PROJECT" 2>/dev/null); do
    podman rm -f -t 0 "$c" >/dev/null 2>&1 || true
  done
  podman network rm -f "${PROJECT}_default" >/dev/null 2>&1 || true
  podman volume rm -f "${PROJECT}_edge-proxy-state" "e2eroutes_edge-proxy-state" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# The stand-in Caddy image, built once per machine.
if ! podman image exists "$CADDY"; then
  echo "e2e: building the stand-in $CADDY from Debian's caddy (once per machine)"
  mkdir -p "$WORK/standin"
  printf '%s\n' 'FROM docker.io/library/debian:bookworm-slim' \
    'RUN apt-get update && apt-get install -y --no-install-recommends caddy \' \
    ' && rm -rf /var/lib/apt/lists/* && mkdir -p /data /config /etc/caddy \' \
    ' && chown 1000:1000 /data /config' \
    'ENV XDG_CONFIG_HOME=/config XDG_DATA_HOME=/data' \
    'CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]' \
    >"$WORK/standin/Containerfile"
  podman build --pull=never --format docker -t "$CADDY" "$WORK/standin" >>"$LOG" 2>&1 ||
    { tail -n 20 "$LOG"; echo "e2e: FAILED: could not build $CADDY"; exit 1; }
fi

echo "e2e: routes through the edge proxy (compose, podman-compose)"
"$GEN" all --spec "$ROOT/tests/e2e/routes/gen.yaml" --out "$WORK/out" >>"$LOG" 2>&1 ||
  { cat "$LOG"; echo "e2e: FAILED: gen all"; exit 1; }
cd "$WORK/out"
podman-compose -p "$PROJECT" up -d >>"$LOG" 2>&1 ||
  { tail -n 30 "$LOG"; echo "e2e: FAILED: podman-compose up"; exit 1; }

# get HOST PATH: the body of http://127.0.0.1:80PATH with that Host header.
get() { curl -sS --max-time 3 -H "Host: $1" "http://127.0.0.1:80$2" 2>>"$LOG"; }
body=""
for _ in $(seq 1 60); do
  body=$(get web.e2e.test /) && [[ $body == *"bin/"* ]] && break
  sleep 0.5
done
[[ $body == *"bin/"* ]] && pass "web.e2e.test/ reaches module web (its /usr listing)" ||
  fail "web.e2e.test/ did not reach module web: $(printf '%s' "$body" | head -c 200)"
body=$(get api.e2e.test /) || true
[[ $body == *"passwd"* && $body != *"bin/"* ]] && pass "api.e2e.test/ reaches module api (its /etc listing)" ||
  fail "api.e2e.test/ did not reach module api: $(printf '%s' "$body" | head -c 200)"
body=$(get other.e2e.test /) || true
[[ $body != *"passwd"* && $body != *"bin/"* ]] && pass "an unknown host reaches no module" ||
  fail "an unknown host reached a module"
published=$(podman ps --filter "label=io.podman.compose.project=$PROJECT" --format '{{.Names}} {{.Ports}}' |
  awk 'index($0, "->") {print $1}')
[[ $published == *edge-proxy* && $(printf '%s\n' "$published" | grep -vc edge-proxy) == 0 ]] &&
  pass "only the edge proxy publishes a host port ($published)" ||
  fail "containers publishing host ports: $published"
EDGE=${PROJECT}_edge-proxy_1  # podman-compose 1.0.3's container name
uid=$(podman exec "$EDGE" id -u 2>>"$LOG") || true
[[ $uid == 1000 ]] && pass "the edge proxy runs as uid 1000" || fail "the edge proxy runs as uid '$uid'"

if ((failures)); then
  echo "--- log"; tail -n 40 "$LOG"
  podman logs "$EDGE" 2>&1 | tail -n 20 || true
  echo "e2e: FAILED ($failures)"
  exit 1
fi
echo "e2e: routes passed"
