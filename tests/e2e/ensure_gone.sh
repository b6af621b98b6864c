# tests/e2e/ensure_gone.sh: ensure_gone, the end-to-end suite's removal that
# makes sure (sourced by run.sh; ensure_gone_test.sh tests it with a stub
# podman). Needs run (CMD... with its output in $LOG) from the sourcing script.
#
# ensure_gone [--in BOX] KIND NAME: KIND (container, pod, volume, network)
# NAME removed, forcibly, and again until it is gone. A removal can fail
# under load: under a parallel ctest `podman kube down` once left a pod
# behind ("unlinkat .../userdata/shm: device or resource busy") and the next
# kube play failed with "pod already exists". --in BOX: the podman inside
# the systemd box. Status 1 when it is still there after 8 removals (~20 s).
# shellcheck shell=bash
ensure_gone() {
  local -a eng=(podman)
  if [[ $1 == --in ]]; then
    eng=(podman exec "$2" podman)
    shift 2
  fi
  local kind=$1 name=$2 i
  for ((i = 0; i < 8; i++)); do
    "${eng[@]}" "$kind" exists "$name" >/dev/null 2>&1 || return 0
    case $kind in
      container | pod) run "${eng[@]}" "$kind" rm -f -t 0 "$name" || true ;;
      *) run "${eng[@]}" "$kind" rm -f "$name" || true ;;
    esac
    "${eng[@]}" "$kind" exists "$name" >/dev/null 2>&1 || return 0
    sleep $((i < 3 ? 1 : 3))
  done
  printf '$ %s still exists after 8 removals\n' "$kind $name" >>"$LOG"
  return 1
}
