# tests/e2e/systemd.sh: the systemd part of the end-to-end suite, sourced by
# run.sh (it uses run.sh's facts, helpers and assertions; it runs nothing
# when sourced).
#
# gen's systemd units for the example are STARTED for real, inside "the box":
# a container in which systemd 257 runs as PID 1 with Podman 5.4 and its
# Quadlet generator (../shared/e2e/systemd-image.sh builds the image once per
# machine; this host has no systemd PID 1 and only Podman 4.3). The box sees
# the run's work directory at /srv/gen-e2e and the host's images read-only,
# so the images run.sh built are the ones the units start. One box per
# flavor (each in the cgroup namespace that runs it on this cgroup v1 host,
# see systemd_suite), in which its units are installed, started, asserted,
# stopped and removed:
#   quadlet  `gen systemd` of the spec as is (the default flavor);
#   service  the same spec with targets.systemd {flavor: service, engine:
#            podman} (classic units, linked with `systemctl link`).
# Per flavor (systemd_pass):
#   - every module unit loads (and the example, which has no schedule, has
#     no timer: assert_timers);
#   - without a required variable the unit refuses to start, its journal
#     names the variable, and no container is created;
#   - `systemctl start` of every module unit at once (systemd orders them):
#     each unit active with its container; a module waiting for another's
#     health started only after that module's first passing health check
#     (Notify=healthy, or the classic units' ExecStartPost loop);
#   - health checks pass on their own (podman's systemd timers, not the
#     suite), then run.sh's assert_module: uid/gid, capabilities,
#     NoNewPrivs, read-only root, tmpfs and mounts, health endpoints,
#     dependencies by name;
#   - published ports: the only listening socket is the spec's address,
#     which answers HTTP; the box's own address does not; `podman port`;
#   - log files where the spec says; the generated scripts/verify.sh passes;
#   - SIGKILL of the last module's container: Restart= starts a new one;
#   - `systemctl stop` in reverse order: the container exits 0 on its stop
#     signal within its grace period, and is removed;
#   - teardown: no container left; networks and volumes (kept by design of
#     both flavors) removed and checked gone; the units uninstalled.
# Then a scheduled job's timer fires it in the Quadlet box (timer_pass; the
# classic flavor's .timer is the same file, and CI's time budget is tight).
# Then the suite proves it can fail (systemd_detects): copies of the Quadlet
# units broken on purpose go through the same pass, which must report each
# breakage: a health check that never passes (the unit does not start), and
# a unit that does not gate on health plus a wrong uid.
# shellcheck shell=bash
# shellcheck disable=SC2154 # modules, networks, ... come from run.sh
# shellcheck disable=SC2015 # `test && pass || fail`: pass never fails
# shellcheck disable=SC2016 # `sh -c '... "$1"' sh ARG`: expanded by that sh

BOX=""                   # the box's container name (set by box_start)
BOX_DIR=""               # its nested container storage on the host
BOX_ROOT=/srv/gen-e2e    # where the box sees $WORK (not under /tmp: the
                         # Quadlet generator does not see units there)

in_box() { podman exec "$BOX" "$@"; }
# box CMD...: CMD in the box, its output in the log; its exit status.
box() { run podman exec "$BOX" "$@"; }

# box_image: the image's name, or exit 1 (systemd-image.sh --check).
box_image() { "$SHARED/e2e/systemd-image.sh" --check 2>/dev/null; }

box_start() { # IMAGE CGROUPNS (host | private) NAME
  local graph
  BOX="$P-box-$3"
  BOX_DIR=$(mktemp -d "$STATE_DIR/e2e-box.XXXXXX")
  echo "$P $KNET $BOX $BOX_DIR" >"$STATE_DIR/e2e-suite.state"
  graph=$(podman info --format '{{.Store.GraphRoot}}')
  fatal "start the systemd box ($1)" podman run -d --name "$BOX" --cgroupns="$2" --systemd=always --privileged \
    -v "$BOX_DIR:/var/lib/containers" -v "$graph:/var/lib/host-storage:ro" \
    -v "$WORK:$BOX_ROOT" "$1"
  box_wait_running
  case $BOX_STATE in
    running) pass "systemd: box $BOX up ($2 cgroup namespace, systemd $(in_box systemctl --version | awk 'NR == 1 {print $2}'), $(in_box podman --version))" ;;
    degraded) note "box $BOX degraded: $(in_box systemctl --failed --plain --no-legend | awk '{print $1}' | tr '\n' ' ')" ;;
    *) die "the systemd box did not boot (state '${BOX_STATE:-none}')" ;;
  esac
}

# box_wait_running: BOX_STATE, once systemd in the box has finished starting
# up (running or degraded). The bus is not up for the first second:
# is-system-running fails then.
box_wait_running() {
  local i
  BOX_STATE=""
  for ((i = 0; i < 150; i++)); do
    BOX_STATE=$(in_box systemctl is-system-running --wait 2>/dev/null) && break
    [[ $BOX_STATE == degraded ]] && break
    sleep 0.2
  done
}

# box_teardown: the box and its storage gone, checked (also after a kill).
box_teardown() {
  [[ -n $BOX ]] || return 0
  if ((failures)) && podman container exists "$BOX" 2>/dev/null; then
    # What systemd and podman said in the box, for the failure (GEN_E2E_KEEP=1 keeps it).
    in_box journalctl --no-pager -o short-monotonic >"$WORK/box-journal.log" 2>&1 || true
    echo "e2e: the box's journal: $WORK/box-journal.log"
  fi
  ensure_gone container "$BOX" || true
  local i
  for ((i = 0; i < 5; i++)); do
    [[ -z $BOX_DIR || ! -e $BOX_DIR ]] && break
    rm -rf "$BOX_DIR" 2>>"$LOG" || sleep 1
  done
  ! podman container exists "$BOX" && [[ -z $BOX_DIR || ! -e $BOX_DIR ]]
}
box_done() { # the box removed, checked; the next one can start
  box_teardown && pass "systemd: box $BOX and its storage removed" || fail "systemd: box $BOX or $BOX_DIR left behind"
  BOX="" BOX_DIR=""
}

# ns TIME: nanoseconds since the epoch of a time podman printed.
ns() { date -d "$1" +%s%N 2>/dev/null || echo 0; }

# unit_prop UNIT PROPERTY: a property of a unit in the box.
unit_prop() { in_box systemctl show -p "$2" --value "$1" 2>/dev/null || true; }

# resource_units DIR: the network and volume units of a systemd/ directory,
# named as Quadlet names them (the classic flavor uses the same names).
resource_units() {
  local f b
  for f in "$1"/*.network "$1"/*.volume "$1"/*-network.service "$1"/*-volume.service; do
    [[ -e $f ]] || continue
    b=$(basename "$f")
    case $b in
      *.network) echo "${b%.network}-network.service" ;;
      *.volume) echo "${b%.volume}-volume.service" ;;
      *) echo "$b" ;;
    esac
  done
}

# assert_timers FLAVOR DIR: the example has no schedule, so its units come
# with no timer (timer_pass starts a scheduled job's timer in the box); a
# .timer here would be one no pass exercises.
assert_timers() {
  local t
  for t in "$2"/*.timer; do
    [[ -e $t ]] || continue
    fail "systemd ($1): $(basename "$t"): the example got a schedule; exercise it as timer_pass does"
  done
}

# box_listeners PORT: the address of every listening TCP socket on PORT in
# the box, one a line (from /proc/net/tcp and tcp6: the box has no ss).
box_listeners() {
  local hex
  in_box cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
    awk -v p="$(printf '%04X' "$1")" '$4 == "0A" && split($2, a, ":") == 2 && a[2] == p {print a[1]}' |
    sort -u | while read -r hex; do
      if ((${#hex} == 8)); then # IPv4, little-endian
        echo "$((16#${hex:6:2})).$((16#${hex:4:2})).$((16#${hex:2:2})).$((16#${hex:0:2}))"
      else
        echo "ipv6:$hex"
      fi
    done
}
# box_http ADDRESS PORT PATH: the status line of GET PATH, asked in the box
# (bash's /dev/tcp: the box has no curl).
box_http() {
  in_box timeout 5 bash -c 'exec 3<>"/dev/tcp/$1/$2" &&
    printf "GET %s HTTP/1.0\r\nHost: %s\r\n\r\n" "$3" "$1" >&3 && head -n 1 <&3' sh "$@" 2>>"$LOG" | tr -d '\r' || true
}

# first_healthy CONTAINER: when its first retained passing health check
# ended (ns), or nothing.
first_healthy() {
  local t
  t=$(in_box podman inspect --format '{{range .State.Health.Log}}{{if eq .ExitCode 0}}{{.End}}{{"\n"}}{{end}}{{end}}' "$1" 2>/dev/null | head -n 1)
  [[ -z $t ]] || ns "$t"
}
started_at() { # CONTAINER: when it started (ns)
  ns "$(in_box podman inspect --format '{{.State.StartedAt.Format "2006-01-02T15:04:05.000000000Z07:00"}}' "$1" 2>/dev/null)"
}
wait_status_healthy() { # CONTAINER SECONDS: podman's own checks report healthy
  local end=$((SECONDS + $2))
  while ((SECONDS < end)); do
    [[ $(in_box podman inspect --format '{{.State.Health.Status}}' "$1" 2>/dev/null) == healthy ]] && return 0
    sleep 1
  done
  return 1
}

# systemd_install FLAVOR SUB / systemd_uninstall FLAVOR SUB: the units of
# $WORK/SUB/systemd installed in the box as their headers say.
systemd_install() {
  case $1 in
    quadlet) box sh -c 'ln -sfn "$1" /etc/containers/systemd/gen-e2e && systemctl daemon-reload' sh "$BOX_ROOT/$2/systemd" ;;
    service) box sh -c 'systemctl link "$1"/*.service && systemctl daemon-reload' sh "$BOX_ROOT/$2/systemd" ;;
  esac
}
systemd_uninstall() {
  local m s u units=()
  for m in $modules; do
    units+=("$m.service")
    for s in $(var "$m" setup); do units+=("$s.service"); done
  done
  while read -r u; do units+=("$u"); done < <(resource_units "$WORK/$2/systemd")
  box systemctl stop "${units[@]}" || true
  box systemctl reset-failed || true
  case $1 in
    quadlet) box sh -c 'rm -f /etc/containers/systemd/gen-e2e && systemctl daemon-reload' || true ;;
    service) box sh -c 'systemctl disable "$@"; systemctl daemon-reload' sh "${units[@]}" || true ;;
  esac
  for m in $modules; do
    ensure_gone --in "$BOX" container "$m" || true
    for s in $(var "$m" setup); do ensure_gone --in "$BOX" container "$s" || true; done
  done
  for u in $networks; do ensure_gone --in "$BOX" network "$u" || true; done
  for u in $volumes; do ensure_gone --in "$BOX" volume "$u" || true; done
}

# systemd_pass FLAVOR SUB: the units under $WORK/SUB/systemd, started and
# asserted in the box (see the header). Leaves the box as it found it.
systemd_pass() {
  local flavor=$1 sub=$2
  # shellcheck disable=SC2034 # read by run.sh's assertions, called from here
  local -a ENGINE=(podman exec "$BOX" podman)
  local dir=$WORK/$sub/systemd tag="systemd ($1)" m d t u t0 required name journal units=() left
  say "$tag: $sub/systemd started in the box"
  # The mark a setup step leaves (in the data dirs every pass shares): this
  # pass's steps must write it again before their module starts.
  for m in $modules; do
    [[ -n $(var "$m" setup) ]] || continue
    for d in $(var "$m" own); do [[ ${d#*:} == rw ]] && rm -f "$OUT/$m/${d%%:*}/setup-done"; done
  done
  systemd_install "$flavor" "$sub" || { fail "$tag: installing the units failed"; systemd_uninstall "$flavor" "$sub"; return 0; }
  for m in $modules; do
    units+=("$m.service")
    u=$(unit_prop "$m.service" LoadState)
    [[ $u == loaded ]] && pass "$tag: $m.service loaded" || fail "$tag: $m.service is '$u' after daemon-reload"
  done
  assert_timers "$flavor" "$dir"

  # A missing required variable: the unit refuses to start, naming it.
  for m in $modules; do
    required=$(var "$m" required)
    [[ -n $required ]] || continue
    # shellcheck disable=SC2086 # names
    box systemctl unset-environment $required || true
    t0=$(date +%s)
    if box timeout 120 systemctl start "$m.service"; then
      fail "$tag: $m.service started without $required"
    else
      journal=$(in_box journalctl -u "$m.service" --since "@$t0" -o cat --no-pager 2>/dev/null || true)
      for name in $required; do
        if [[ $journal == *"$name is not set"* ]] && ! in_box podman container exists "$m"; then
          pass "$tag: $m.service refuses to start without $name (its journal names it, no container)"
        else
          fail "$tag: $m.service without $name: no refusal naming it, or a container was created"
        fi
      done
    fi
    box systemctl stop "$m.service" || true # ends Restart='s retries
    box systemctl reset-failed "$m.service" || true
  done
  box systemctl set-environment "${ENV_ALL[@]}" || fail "$tag: systemctl set-environment failed"

  # Start: systemd orders the units (After=) and holds a dependent until the
  # module it waits for counts as started.
  say "$tag: systemctl start ${units[*]}"
  box timeout 300 systemctl start "${units[@]}" || note "$tag: systemctl start ${units[*]} failed"
  local all_up=1
  for m in $modules; do
    u=$(unit_prop "$m.service" ActiveState)
    if [[ $u == active ]] && in_box podman container exists "$m"; then
      pass "$tag: $m.service active, container $m running"
    else
      fail "$tag: $m.service did not start (ActiveState '$u')"
      in_box journalctl -u "$m.service" -n 15 -o cat --no-pager 2>&1 | sed 's/^/  | /'
      all_up=0
    fi
  done
  if ((!all_up)); then
    systemd_uninstall "$flavor" "$sub"
    return 0
  fi
  local s h
  for m in $modules; do
    for d in $(var "$m" deps_healthy); do
      s=$(started_at "$m") h=$(first_healthy "$d")
      if [[ -n $h ]] && ((s > h)); then
        pass "$tag: $m started $(((s - h) / 1000000)) ms after $d's first passing health check (health-gated order)"
      else
        fail "$tag: $m started before $d was healthy ($d's first passing check: $([[ -n $h ]] && echo "$(((h - s) / 1000000)) ms later" || echo none yet))"
      fi
    done
  done

  local pub cport hport bind path want ports addr got
  for m in $modules; do
    say "$tag: module $m"
    if [[ $(var "$m" health) == 1 ]]; then
      wait_status_healthy "$m" 60 && pass "$m: healthy by podman's own health-check timer (systemd)" ||
        fail "$m: not reported healthy within 60 s without the suite running the check"
    fi
    assert_module "$m" "$m" systemd
    want=""
    for pub in $(var "$m" published); do
      IFS=: read -r cport hport bind <<<"$pub"
      want+="$cport/tcp -> $bind:$hport "
      got=$(box_listeners "$hport" | tr '\n' ' ')
      [[ $got == "$bind " ]] && pass "$m: port $hport listens on $bind only (in the box)" ||
        fail "$m: port $hport listens on: ${got:-nothing}"
      path=/
      for t in $(var "$m" http); do [[ ${t%%/*} == "$cport" ]] && { path=/${t#*/}; break; }; done
      got=$(box_http "$bind" "$hport" "$path")
      [[ $got == "HTTP/1."?" 2"* ]] && pass "$m: GET $path answers on $bind:$hport ($got)" ||
        fail "$m: GET $path on $bind:$hport: '${got:-no answer}'"
      addr=$(in_box hostname -I 2>/dev/null | awk '{print $1}')
      if [[ -n $addr && $addr != "$bind" ]]; then
        got=$(box_http "$addr" "$hport" "$path")
        [[ -z $got ]] && pass "$m: port $hport does not answer on the box's address $addr" ||
          fail "$m: port $hport answers on $addr too ($got)"
      fi
    done
    ports=$(in_box podman port "$m" 2>/dev/null | tr '\n' ' ')
    [[ $ports == "$want" ]] && pass "$m: published ports: ${want:-none}" ||
      fail "$m: published ports are '$ports', the spec says '$want'"
    local logs
    logs=$(var "$m" logs)
    if [[ $logs != stdout ]]; then
      [[ -n $(in_box podman exec "$m" sh -c 'ls -A "$1"' sh "$logs" 2>/dev/null) ]] &&
        pass "$m: writes log files under $logs" || fail "$m: no log file under $logs"
    fi
  done
  if in_box sh "$BOX_ROOT/out/scripts/verify.sh" --engine podman >"$WORK/$sub-verify.out" 2>&1; then
    pass "$tag: scripts/verify.sh: $(tail -n 1 "$WORK/$sub-verify.out")"
  else
    sed 's/^/  | /' "$WORK/$sub-verify.out"
    fail "$tag: scripts/verify.sh failed"
  fi

  # A crash: Restart= starts a new container (the last module: a dependent,
  # so systemd's handling of Requires= during a restart does not matter).
  local last=${modules##* } old new nr0 nr end restart
  restart=$(unit_prop "$last.service" Restart)
  old=$(in_box podman inspect --format '{{.Id}}' "$last" 2>/dev/null || true)
  nr0=$(unit_prop "$last.service" NRestarts)
  t0=$SECONDS
  box podman kill --signal KILL "$last" || true
  end=$((SECONDS + 60)) new="" nr=$nr0 u=""
  while ((SECONDS < end)); do
    nr=$(unit_prop "$last.service" NRestarts) u=$(unit_prop "$last.service" ActiveState)
    new=$(in_box podman inspect --format '{{.Id}}' "$last" 2>/dev/null || true)
    [[ $u == active && -n $new && $new != "$old" ]] && ((nr > nr0)) && break
    sleep 1
  done
  if [[ $u == active && -n $new && $new != "$old" ]] && ((nr > nr0)); then
    pass "$tag: $last killed (SIGKILL): Restart=$restart started a new container in $((SECONDS - t0)) s"
  else
    fail "$tag: $last killed (SIGKILL): not restarted within 60 s (Restart=$restart, NRestarts $nr, state $u)"
  fi
  [[ $(var "$last" health) == 1 ]] && { wait_status_healthy "$last" 60 || true; }

  local grace signal code elapsed
  say "$tag: systemctl stop, in reverse dependency order"
  for m in $(echo "$modules" | tr ' ' '\n' | tac); do
    grace=$(var "$m" grace) signal=$(var "$m" signal)
    read -r got t < <(in_box podman inspect --format '{{.Config.StopSignal}} {{.Config.StopTimeout}}' "$m" 2>/dev/null || echo "none none")
    [[ $got =~ ^[0-9]+$ ]] && got=SIG$(kill -l "$got")
    [[ $got == "$signal" && $t == "$grace" ]] && pass "$m: stop signal $signal, stop timeout ${grace}s" ||
      fail "$m: stop signal $got, timeout ${t}s; the spec says $signal, ${grace}s"
    t0=$(date +%s)
    elapsed=$(in_box sh -c 's=$(date +%s%N); systemctl stop "$1" >/dev/null 2>&1; echo $((($(date +%s%N) - s) / 1000000))' sh "$m.service")
    code=$(in_box podman events --stream=false --since "$t0" --filter "container=$m" --filter event=died \
      --format '{{.ContainerExitCode}}' 2>/dev/null | tail -n 1)
    if [[ $code == 0 ]] && ((elapsed < grace * 1000)) && ! in_box podman container exists "$m"; then
      pass "$m: systemctl stop: $signal ended it in $elapsed ms (grace ${grace}s), exit code 0, container removed"
    else
      fail "$m: systemctl stop: exit code '${code:-?}' after $elapsed ms (grace ${grace}s; 137 means killed)"
    fi
  done

  systemd_uninstall "$flavor" "$sub"
  left=$( (in_box podman ps -aq
    for u in $networks; do in_box podman network exists "$u" && echo "network $u"; done
    for u in $volumes; do in_box podman volume exists "$u" && echo "volume $u"; done
    for m in $modules; do [[ $(unit_prop "$m.service" LoadState) == loaded ]] && echo "unit $m.service"; done
    true) 2>/dev/null | tr '\n' ' ')
  [[ -z $left ]] && pass "$tag: nothing left in the box after stop and teardown" || fail "$tag: left behind: $left"
}

# systemd_units FLAVOR SUB [SPEC]: `gen systemd` into $WORK/SUB, with the
# module directories of $WORK/out (prepared by run.sh) beside systemd/.
# timer_pass FLAVOR: a scheduled job fired by its timer in the box. A spec of
# one job (every minute, cron "* * * * *", with a setup step) written here,
# its units from gen systemd, the timer enabled: within 75 s the timer must
# fire, the setup step run to completion and then the job, each container
# exiting 0 and removed; neither unit enabled for boot.
timer_pass() {
  local flavor=$1 sub=timer-$1 tag="systemd ($1) timer" d=$WORK/timer-$1 t fired="" r
  mkdir -p "$d"
  {
    printf '%s\n' 'version: 1' 'project: e2e-timer' 'defaults:' '  user: {uid: 10001, gid: 10001}'
    printf '%s\n' 'modules:' '  tick:' '    kind: job' '    image: docker.io/library/debian:bookworm-slim'
    printf '%s\n' '    command: ["true"]' '    schedule: {cron: "* * * * *"}'
    printf '%s\n' '    setup:' '      - {name: first, command: ["true"]}'
    [[ $flavor == service ]] && printf '%s\n' 'targets:' '  systemd: {flavor: service, engine: podman}'
  } >"$d/gen.yaml"
  fatal "gen systemd ($flavor) of the timer spec" "$GEN" systemd --spec "$d/gen.yaml" --out "$WORK/$sub"
  [[ -f $WORK/$sub/systemd/tick.timer ]] || { fail "$tag: gen wrote no tick.timer"; return 0; }
  [[ ! -e $WORK/$sub/systemd/tick-first.timer ]] && pass "$tag: the setup step has no timer of its own" ||
    fail "$tag: the setup step got a timer of its own"
  case $flavor in
    quadlet) box sh -c 'ln -sfn "$1" /etc/containers/systemd/gen-e2e-timer && systemctl daemon-reload' \
               sh "$BOX_ROOT/$sub/systemd" ;;
    service) box sh -c 'systemctl link "$1"/*.service && systemctl daemon-reload' sh "$BOX_ROOT/$sub/systemd" ;;
  esac
  box sh -c 'systemctl link "$1/tick.timer" && systemctl daemon-reload && systemctl start tick.timer' \
    sh "$BOX_ROOT/$sub/systemd" || fail "$tag: tick.timer did not start"
  for t in $(seq 1 75); do
    r=$(unit_prop tick.service ExecMainExitTimestampMonotonic)
    if [[ -n $r && $r != 0 ]]; then fired=1; break; fi
    sleep 1
  done
  if [[ -n $fired ]]; then
    pass "$tag: tick.timer fired tick.service (after ${t} s)"
    [[ $(unit_prop tick.service Result) == success && $(unit_prop tick.service ExecMainStatus) == 0 ]] &&
      pass "$tag: the job ran to completion (exit 0)" ||
      fail "$tag: the job ended with Result=$(unit_prop tick.service Result) status $(unit_prop tick.service ExecMainStatus)"
    r=$(unit_prop tick-first.service ExecMainExitTimestampMonotonic)
    [[ -n $r && $r != 0 && $(unit_prop tick-first.service Result) == success &&
      $r -le $(unit_prop tick.service ExecMainStartTimestampMonotonic) ]] &&
      pass "$tag: its setup step tick-first ran to completion before the job started" ||
      fail "$tag: the setup step tick-first did not complete before the job started"
    [[ $(unit_prop tick.service ActiveState) != active ]] &&
      pass "$tag: the job does not stay active (the next run starts)" ||
      fail "$tag: tick.service stays active after its run"
  else
    fail "$tag: tick.timer did not fire tick.service within 75 s"
    in_box journalctl -u tick.timer -u tick.service -u tick-first.service --no-pager -n 30 >>"$LOG" 2>&1 || true
  fi
  [[ $(unit_prop tick.service UnitFileState) != enabled ]] && pass "$tag: tick.service is not enabled for boot" ||
    fail "$tag: tick.service is enabled for boot"
  box systemctl stop tick.timer tick.service tick-first.service || true
  box sh -c 'systemctl disable tick.timer; rm -f /etc/containers/systemd/gen-e2e-timer; systemctl daemon-reload' || true
  [[ $flavor == service ]] && { box systemctl disable tick.service tick-first.service || true; }
  box systemctl reset-failed || true
  for t in tick tick-first; do ensure_gone --in "$BOX" container "$t" || true; done
  ensure_gone --in "$BOX" network e2e-timer_default || true
}

systemd_units() {
  local flavor=$1 sub=$2 spec=${3:-$SPEC} m
  fatal "gen systemd ($flavor)" "$GEN" systemd --spec "$spec" --profile "$PROFILE" --out "$WORK/$sub"
  for m in $modules; do ln -sfn "../out/$m" "$WORK/$sub/$m"; done
  [[ -n $(find "$WORK/$sub/systemd" -name "*.$([[ $flavor == quadlet ]] && echo container || echo service)" -print -quit) ]] ||
    die "gen systemd ($flavor) wrote no $flavor unit"
}

# spec_copy FLAVOR [TARGETS]: $WORK/spec-FLAVOR/gen.yaml, the example's spec
# (with TARGETS, printf %b text, appended) beside copies of its directories:
# build contexts and the config directory, which the units bind from the
# spec's directory, so it must be inside $WORK, the part of the host the box
# sees (links would lead outside the spec's directory, which rule
# project-paths refuses).
spec_copy() {
  local d=$WORK/spec-$1 f
  mkdir -p "$d"
  if [[ -n ${2:-} ]] && grep -q '^targets:' "$ROOT/$SPEC"; then
    die "$SPEC has targets: merge targets.systemd into it in spec_copy (tests/e2e/systemd.sh)"
  fi
  { cat "$ROOT/$SPEC"; printf '%b' "${2:-}"; } >"$d/gen.yaml"
  for f in "$ROOT/$(dirname "$SPEC")"/*/; do cp -a "${f%/}" "$d/"; done
}

# systemd_detects WHAT SUB EXPECTED...: the pass over the broken units in
# $WORK/SUB must fail and print every EXPECTED text (run in a subshell with
# its own failure count: its failures are the point).
systemd_detects() {
  local what=$1 sub=$2 out=$WORK/$2.out rc=0 e missing=""
  shift 2
  (failures=0; systemd_pass quadlet "$sub"; exit $((failures > 0))) >"$out" 2>&1 || rc=$?
  cat "$out" >>"$LOG"
  systemd_uninstall quadlet "$sub" # also after a die in the subshell
  for e in "$@"; do grep -qF -- "$e" "$out" || missing+="'$e' "; done
  if ((rc != 0)) && [[ -z $missing ]]; then
    for e in "$@"; do
      pass "systemd: $what, detected: $(grep -F -- "$e" "$out" | head -n 1 | sed 's/^ *FAIL *//')"
    done
  else
    sed 's/^/  | /' "$out"
    fail "systemd: $what, NOT detected (the pass exited $rc; not reported: ${missing:-none})"
  fi
}

# broken_copy SUB: a copy of the Quadlet units in $WORK/SUB (module
# directories linked as systemd_units does); prints its systemd/ directory.
broken_copy() {
  local m
  mkdir -p "$WORK/$1"
  cp -R "$WORK/sd-quadlet/systemd" "$WORK/$1/"
  for m in $modules; do ln -sfn "../out/$m" "$WORK/$1/$m"; done
  echo "$WORK/$1/systemd"
}

# systemd_suite: everything above, in the box (run.sh calls it once the
# images are built and the module directories prepared).
systemd_suite() {
  local img m d gate="" dependent="" dir uid t_start=$SECONDS
  img=$(box_image) || die "the systemd image is missing (run ../shared/e2e/systemd-image.sh)"
  spec_copy quadlet
  systemd_units quadlet sd-quadlet "$WORK/spec-quadlet/gen.yaml"
  spec_copy service 'targets:\n  systemd: {flavor: service, engine: podman}\n'
  systemd_units service sd-service "$WORK/spec-service/gen.yaml"
  # Each flavor in the box that runs it on this host, which has cgroup v1.
  # Quadlet units (--cgroups=split: the container under its unit's cgroup)
  # fail in a private cgroup namespace there ("mkdir /sys/fs/user.slice");
  # classic units (--cgroups=no-conmon: a scope per container) in the host's
  # namespace get no pids or memory cgroup per container, so the exit of one
  # container killed the others (the crash and stop checks caught it). On
  # cgroup v2 one box in a private namespace would do for both.
  box_start "$img" host quadlet
  systemd_pass quadlet sd-quadlet
  timer_pass quadlet

  for m in $modules; do
    d=$(var "$m" deps_healthy)
    [[ -n $d ]] && { dependent=$m gate=${d%% *}; break; }
  done
  [[ -n $gate ]] || die "the example has no health-gated dependency for systemd_detects"
  say "systemd: units broken on purpose must fail the pass"
  # A health check that never passes (timings shortened: the breakage, not
  # the spec's timings, is the point): Notify=healthy fails the start.
  dir=$(broken_copy sd-broken-health)
  sed -i -e 's/^HealthCmd=.*/HealthCmd=["false"]/' -e 's/^HealthStartPeriod=.*/HealthStartPeriod=0s/' \
    -e 's/^HealthInterval=.*/HealthInterval=1s/' -e 's/^HealthRetries=.*/HealthRetries=1/' "$dir/$gate.container"
  systemd_detects "a health check that never passes" sd-broken-health "$gate.service did not start"
  # No health gate (Notify=healthy removed), and a wrong uid: the dependent
  # runs as another uid, for which its directories are prepared (so it
  # works; only the asserted property breaks).
  dir=$(broken_copy sd-broken-props)
  # Without Notify=healthy its unit counts as started once the container
  # runs; its process starts 5 s late, so that its first passing check
  # comes after the dependent started whatever this machine's load.
  sed -i -e '/^Notify=healthy$/d' -e "s/^Exec=/Exec=sh -c 'sleep 5; exec \"\$\$0\" \"\$\$@\"' /" "$dir/$gate.container"
  uid=$(($(var "$dependent" uid) + 7))
  sed -i "s/^User=.*/User=$uid/" "$dir/$dependent.container"
  # Its setup steps run as the module's user: as the same wrong one.
  for m in $(var "$dependent" setup); do sed -i "s/^User=.*/User=$uid/" "$dir/$m.container"; done
  rm "$WORK/sd-broken-props/$dependent"
  cp -a "$OUT/$dependent" "$WORK/sd-broken-props/$dependent"
  chown -R "$uid" "$WORK/sd-broken-props/$dependent"
  systemd_detects "units broken on purpose (no health gate, wrong uid)" sd-broken-props \
    "$dependent started before $gate was healthy" "$dependent: uid is"
  box_done

  box_start "$img" private service
  systemd_pass service sd-service
  box_done
  say "systemd: $((SECONDS - t_start)) s"
}
