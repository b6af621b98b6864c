# tests/e2e/names.sh: the names pass of the end-to-end suite (sourced by
# run.sh, which calls names_suite after its kube pass and names_teardown on
# exit). From gen's outputs for tests/e2e/names/gen.yaml only, it asserts at
# run time that a module is reached by every other module under its own
# name, its host name and its aliases, that the host name is what the
# container calls itself, and that a secret from a file is readable at its
# target with the file's content, read-only, and not in the environment:
#   - compose: the generated compose.yaml run by Docker Compose v2 (the
#     validators' docker-compose) against Podman's Docker API (`podman
#     system service` on a socket of the run). podman-compose 1.0.3, which
#     the main compose pass runs, cannot: it stops with "missing networks" on
#     the long `networks: {NET: {aliases: [...]}}` form and passes only
#     `--network-alias SERVICE` (docs/compose.md);
#   - kube play: the operator creates the Secret from the file (a Secret
#     document played with `podman kube play`), then each Deployment is
#     played on a network of the run with every Service selecting it (one per
#     name of the module) as DNS alias: kube play ignores Services, cluster
#     DNS would resolve them. Podman 4.3 panics on a secret volume without
#     `optional` (the suite's copy says `optional: false`), ignores `subPath`
#     (the key's file is under the target, a directory) and writes a Secret's
#     `data` still base64-encoded (decoded here, and said so).
# Both modules run python:3.11-slim, the base image of the e2e example that
# run.sh builds on (present with --pull=never): no build, a few seconds.
# Needs from run.sh: GEN, ROOT, SHARED, PY, HERE, WORK, LOG, KUSTOMIZE,
# ENGINE and its helpers (say pass fail note run fatal die k8s_docs
# pod_volumes mount_opts wait_healthy ensure_gone).
# shellcheck shell=bash
# shellcheck disable=SC2154 # n_project, n_modules, ... come from facts.py via eval
# shellcheck disable=SC2015 # `test && pass || fail`: pass never fails
# shellcheck disable=SC2016 # `sh -c '... "$1"' sh ARG`: expanded by that sh

NSPEC=tests/e2e/names/gen.yaml
NPROJECT=gen-e2e-names # its `project:`: names_teardown needs it before the facts
NSVC=""                # the pid of the `podman system service` this pass started

nvar() { # nvar MODULE FACT: a fact of the names spec (facts.py with prefix n_)
  local v="n_m_${1//-/_}_$2"
  printf '%s' "${!v}"
}

names_connect() { # CONTAINER HOST PORT SECONDS: a TCP connect from CONTAINER succeeds in time
  local end=$((SECONDS + $4))
  while :; do
    podman exec "$1" python -c 'import socket, sys; socket.create_connection((sys.argv[1], int(sys.argv[2])), 3).close()' \
      "$2" "$3" >>"$LOG" 2>&1 && return 0
    ((SECONDS < end)) || return 1
    sleep 1
  done
}

# names_assert MODE (compose | kube): NC[module] is each module's container.
names_assert() {
  local mode=$1 m c o got want s target rest name file path opts port n
  for m in $n_modules; do
    c=${NC[$m]}
    # Not its health check (run.sh asserts those): kube play 4.3 splits an
    # exec probe's arguments at spaces. Until its port answers, from inside.
    port=$(nvar "$m" ports)
    port=${port%% *}
    if [[ -n $port ]] && ! names_connect "$c" 127.0.0.1 "$port" 30; then
      fail "names ($mode): $m does not answer on port $port within 30 s"
    fi
    want=$(nvar "$m" hostname)
    if [[ -n $want ]]; then
      got=$(podman exec "$c" hostname 2>>"$LOG") || got="<no answer>"
      [[ $got == "$want" ]] && pass "names ($mode): $m calls itself $want (hostname)" ||
        fail "names ($mode): $m calls itself '$got', the spec says $want"
    fi
    for s in $(nvar "$m" secrets); do
      target=${s%%=*} rest=${s#*=}
      name=${rest%%=*} file=${rest#*=}
      want=$(cat "$ROOT/$(dirname "$NSPEC")/$file")
      path=$target
      if [[ $mode == kube ]] && podman exec "$c" test -d "$target" 2>>"$LOG"; then
        path=$target/$name
        note "names (kube): podman 4.3 ignores subPath: secret $name is at $path"
      fi
      got=$(podman exec "$c" cat "$path" 2>>"$LOG") || got="<unreadable>"
      if [[ $got == "$want" ]]; then
        pass "names ($mode): $m reads secret $name at $path, the content of $file"
      elif [[ $mode == kube && $(printf '%s' "$got" | base64 -d 2>/dev/null) == "$want" ]]; then
        pass "names (kube): $m reads secret $name at $path, the content of $file (base64: podman 4.3 does not decode a Secret's data)"
      else
        fail "names ($mode): $m reads '${got:0:80}' at $path, $file has '${want:0:80}'"
      fi
      opts=$(mount_opts "$c" "$target")
      if [[ " ${opts#* }," == " ro,"* ]] && ! podman exec "$c" sh -c ': >"$1"' sh "$path" >>"$LOG" 2>&1; then
        pass "names ($mode): secret $name mounted read-only"
      else
        fail "names ($mode): secret $name is not mounted read-only (${opts:-not mounted})"
      fi
      if podman inspect --format '{{range .Config.Env}}{{println .}}{{end}}' "$c" | grep -qF -- "$(head -n 1 <<<"$want")"; then
        fail "names ($mode): the content of secret $name is in $m's environment"
      else
        pass "names ($mode): the content of secret $name is not in $m's environment"
      fi
    done
  done
  # Every name of a module with a port, from every other module, over the network.
  for m in $n_modules; do
    port=$(nvar "$m" ports)
    port=${port%% *}
    [[ -n $port ]] || continue
    for o in $n_modules; do
      [[ $o != "$m" ]] || continue
      for n in $m $(nvar "$m" aliases); do
        if names_connect "${NC[$o]}" "$n" "$port" 5; then
          pass "names ($mode): $o reaches $m as $n:$port"
        else
          fail "names ($mode): $o cannot reach $m as $n:$port"
        fi
      done
    done
  done
}

names_logs() { # the last lines of each module's container (after a failure)
  local m
  for m in $n_modules; do
    echo "  --- podman logs --tail 20 ${NC[$m]} ($m)"
    podman logs --tail 20 "${NC[$m]}" 2>&1 | sed 's/^/  | /'
  done
}

names_compose() {
  local dc=$SHARED/validators/.tools/bin/docker-compose sock=$WORK/podman.sock m i
  local -a dcc
  [[ -x $dc ]] || die "names: no $dc (../shared/validators/install.sh)"
  say "names: docker-compose (v2) up against podman system service (generated compose.yaml)"
  # --time: an orphan (a run killed with SIGKILL) ends by itself when idle.
  podman system service --time=120 "unix://$sock" >>"$LOG" 2>&1 &
  NSVC=$!
  for ((i = 0; i < 50; i++)); do [[ -S $sock ]] && break; sleep 0.2; done
  [[ -S $sock ]] || die "names: podman system service did not open $sock"
  dcc=(env DOCKER_HOST="unix://$sock" "$dc" -f "$NOUT/compose.yaml")
  fatal "names: docker-compose up" "${dcc[@]}" up -d
  for m in $n_modules; do
    NC[$m]=$(podman ps -aq --filter "label=com.docker.compose.project=$NPROJECT" \
      --filter "label=com.docker.compose.service=$m" | head -n 1)
    [[ -n ${NC[$m]} ]] || die "names: no compose container for $m"
  done
  local before=$failures
  names_assert compose
  ((failures == before)) || names_logs
  # (-t 1: stopping is run.sh's to assert; http.server as PID 1 ignores SIGTERM)
  run "${dcc[@]}" down -v -t 1 || fail "names: docker-compose down failed"
}

names_kube() {
  local k=$WORK/names-kube net=$NPROJECT-kube m s name file aliases n
  mkdir -p "$k"
  say "names: ${KUSTOMIZE[*]} k8s/base | podman kube play"
  "${KUSTOMIZE[@]}" "$NOUT/k8s/base" >"$k/all.yaml" 2>>"$LOG" || die "names: ${KUSTOMIZE[*]} k8s/base failed"
  # The operator's part: each Secret, from its file, as one key of its name.
  for m in $n_modules; do
    for s in $(nvar "$m" secrets); do
      name=${s#*=} name=${name%%=*} file=${s##*=}
      printf 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: %s\ntype: Opaque\ndata:\n  %s: %s\n' \
        "$name" "$name" "$(base64 -w0 <"$ROOT/$(dirname "$NSPEC")/$file")" >"$k/secret-$name.yaml"
      kube_play "names: kube play of Secret $name" "$k/secret-$name.yaml"
    done
  done
  fatal "names: podman network create $net" podman network create --internal "$net"
  for m in $n_modules; do
    k8s_docs "$k/all.yaml" Deployment "$m" >"$k/$m.yaml"
    [[ -s $k/$m.yaml ]] || die "names: no Deployment $m"
    sed -i 's/^\( *\)secretName: .*/&\n\1optional: false/' "$k/$m.yaml"
    # Its Services: one per name of the module (its own, hostname, aliases).
    aliases=""
    if [[ -n $(nvar "$m" ports) ]]; then
      for n in $m $(nvar "$m" aliases); do
        if k8s_docs "$k/all.yaml" Service "$n" |
          awk '/^  selector:$/ {s = 1; next} s && /^  [^ ]/ {s = 0} s' | grep -q "app.kubernetes.io/name: $m\$"; then
          pass "names (kube): Service $n selects $m"
          aliases+="${aliases:+,}alias=$n"
        else
          fail "names (kube): no Service $n selecting $m"
        fi
      done
    fi
    kube_play "names: kube play of $m" --network "$net${aliases:+:$aliases}" "$k/$m.yaml"
    NC[$m]=$m-pod-0-$m
  done
  local before=$failures
  names_assert kube
  ((failures == before)) || names_logs
}

names_suite() {
  local left
  declare -gA NC=()
  NOUT=$WORK/names
  "$GEN" context --spec "$NSPEC" >"$WORK/names-context.json" 2>>"$LOG" || die "names: gen context failed"
  eval "$("$PY" "$HERE/facts.py" "$(dirname "$NSPEC")" n_ <"$WORK/names-context.json")"
  [[ $n_project == "$NPROJECT" ]] || die "names: $NSPEC names project $n_project, names.sh says $NPROJECT"
  fatal "names: gen all" "$GEN" all --spec "$NSPEC" --out "$NOUT"
  names_compose
  names_kube
  names_teardown
  left=$(names_left)
  [[ -z $left ]] && pass "names: nothing left after teardown" || fail "names: left behind: $left"
}

names_left() { # what of the names pass exists: "KIND NAME ..."
  {
    podman ps -aq --filter "label=com.docker.compose.project=$NPROJECT" | sed 's/^/container /'
    podman network ls -q --filter "label=com.docker.compose.project=$NPROJECT" | sed 's/^/network /'
    podman network exists "${NPROJECT}_mesh" && echo "network ${NPROJECT}_mesh"
    podman network exists "$NPROJECT-kube" && echo "network $NPROJECT-kube"
    local m
    for m in search probe; do podman pod exists "$m-pod-0" && echo "pod $m-pod-0"; done
    podman volume exists search-key && echo "volume search-key"
    podman volume exists tmpfs-tmp && echo "volume tmpfs-tmp"
    podman secret inspect search-key >/dev/null 2>&1 && echo "secret search-key"
    true
  } 2>/dev/null | tr '\n' ' '
}

# names_teardown: everything of the names pass removed, by its fixed names
# (also after an interrupted run), and the API service this run started.
names_teardown() {
  local id m
  for m in search probe; do ensure_gone pod "$m-pod-0" || true; done # (rm -f -t 0)
  for id in $(podman ps -aq --filter "label=com.docker.compose.project=$NPROJECT" 2>/dev/null); do
    ensure_gone container "$id" || true
  done
  for id in $(podman network ls -q --filter "label=com.docker.compose.project=$NPROJECT" 2>/dev/null); do
    ensure_gone network "$id" || true
  done
  ensure_gone network "${NPROJECT}_mesh" || true
  ensure_gone network "$NPROJECT-kube" || true
  # kube play makes a named volume per secret volume and emptyDir.
  ensure_gone volume search-key || true
  ensure_gone volume tmpfs-tmp || true
  if podman secret inspect search-key >/dev/null 2>&1; then run podman secret rm search-key || true; fi
  if [[ -n $NSVC ]]; then
    kill "$NSVC" 2>/dev/null || true
    wait "$NSVC" 2>/dev/null || true
    NSVC=""
  fi
  return 0
}
