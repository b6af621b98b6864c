#!/usr/bin/env bash
# The Debian package and the container image in clean containers (Podman).
#   tests/packaging/e2e.sh deb|image BUILD_DIR SOURCE_DIR
# deb:   builds build/gen_*.deb (cpack), installs it with apt into a fresh
#        debian:bookworm-slim container, runs `gen all` and `gen check` on the
#        bundled specs/todo.yaml there, and checks the man pages and the
#        completions are where bash, zsh, fish and man look for them.
# image: builds packaging/Containerfile (GEN_FROM=host: the package above)
#        and runs `gen check` in it as its non-root user against the
#        committed output-examples/todo, then against a drifted copy (exit 1).
# Skips (exit 0, "e2e: SKIPPED (...)") without a container engine, unless
# GEN_REQUIRE_E2E=1; as tests/e2e/run.sh. The base image is local (--pull=never);
# apt inside the container uses Debian's archive.
set -euo pipefail
MODE=${1:?usage: e2e.sh deb|image BUILD_DIR SOURCE_DIR}
BUILD=$(realpath "${2:?}")
ROOT=$(realpath "${3:?}")
SHARED=${GEN_SHARED_DIR:-$ROOT/../shared}
BASE=docker.io/library/debian:bookworm-slim

not_ready() {
  if [[ ${GEN_REQUIRE_E2E:-0} == 1 ]]; then
    echo "e2e: FAILED (GEN_REQUIRE_E2E=1 but no container engine: $1)"; exit 1
  fi
  echo "e2e: SKIPPED (no container engine: $1)"; exit 0
}
fail() { echo "FAIL: $*"; exit 1; }
command -v podman >/dev/null 2>&1 || not_ready "podman is not installed"
if [[ -x $SHARED/e2e/prepare-host.sh ]] && ! out=$("$SHARED/e2e/prepare-host.sh" --check 2>&1); then
  not_ready "prepare-host.sh --check: $(echo "$out" | tr '\n' ' ')"
fi
podman image exists "$BASE" || not_ready "$BASE is not in local storage"

# The package, as scripts/package.sh builds it; the lock is held to the end (both modes use it).
exec 9>"$BUILD/.package.lock"
flock 9
cmake --build "$BUILD" --target gen_extras >/dev/null
(cd "$BUILD" && rm -f gen_*.deb && cpack -G DEB >/dev/null)
DEB=$(ls "$BUILD"/gen_*.deb)


case $MODE in
deb)
  podman run --rm --pull=never -v "$DEB:/tmp/gen.deb:ro" -v "$ROOT/specs:/specs:ro" "$BASE" bash -euc '
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/gen.deb >/dev/null
    gen version
    cd /tmp && gen all --spec /specs/todo.yaml --out deploy
    gen check --spec /specs/todo.yaml --out deploy
    test -s /usr/share/man/man1/gen.1.gz && test -s /usr/share/man/man1/gen-check.1.gz
    zcat /usr/share/man/man1/gen-check.1.gz | grep -q "^\\\\fB\\\\-\\\\-diagnostics"
    source /usr/share/bash-completion/completions/gen && complete -p gen
    test -s /usr/share/zsh/vendor-completions/_gen
    test -s /usr/share/fish/vendor_completions.d/gen.fish
    echo "deb: installed and ran"' || fail "the package in $BASE"
  ;;
image)
  tag=localhost/gen-packaging-test:$$
  trap 'podman rmi -f "$tag" >/dev/null 2>&1 || true' EXIT
  podman build -q --pull=never --build-arg GEN_FROM=host -f "$ROOT/packaging/Containerfile" \
    -t "$tag" "$ROOT" >/dev/null || fail "podman build packaging/Containerfile"
  uid=$(podman run --rm --entrypoint id "$tag" -u)
  [[ $uid == 65532 ]] || fail "the image runs as uid $uid, not 65532"
  podman run --rm -v "$ROOT:/work:ro" "$tag" check --spec specs/todo.yaml \
    --out output-examples/todo --diagnostics github || fail "gen check in the image"
  work=$(mktemp -d); trap 'rm -rf "$work"; podman rmi -f "$tag" >/dev/null 2>&1 || true' EXIT
  mkdir -p "$work/specs" "$work/output-examples"
  cp "$ROOT/specs/todo.yaml" "$work/specs/" && cp -r "$ROOT/output-examples/todo" "$work/output-examples/"
  sed -i 's/restart: unless-stopped/restart: always/' "$work/output-examples/todo/compose.yaml"
  chmod -R a+rX "$work"
  set +e
  out=$(podman run --rm -v "$work:/work:ro" "$tag" check --spec specs/todo.yaml \
    --out output-examples/todo --diagnostics github 2>&1)
  rc=$?
  set -e
  [[ $rc == 1 ]] || fail "gen check on drift exited $rc, not 1: $out"
  grep -q '^::error file=output-examples/todo/compose.yaml' <<<"$out" ||
    fail "no GitHub annotation for the drifted compose.yaml: $out"
  echo "image: $(podman image inspect --format '{{.Size}}' "$tag") bytes, gen check passes and catches drift"
  ;;
*) fail "mode must be deb or image" ;;
esac
