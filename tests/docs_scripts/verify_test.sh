#!/bin/sh
# scripts/verify.sh of specs/whatsapp-adapter.yaml: argument handling, and
# its checks against a stub podman (canned inspect output, as podman 4
# prints it) and a stub curl on PATH.
# Usage: verify_test.sh GEN SOURCE_DIR
set -u
gen=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL $1"
  failures=$((failures + 1))
}

root=$work/root
"$gen" docs --spec "$src/specs/whatsapp-adapter.yaml" --out "$root" >/dev/null || {
  echo "FAIL gen docs"
  exit 1
}
script=$root/scripts/verify.sh
mkdir -p "$work/bin"
cat >"$work/bin/podman" <<'STUB'
#!/bin/sh
# Canned answers; STUB_USER and STUB_CONF_RW make a deployment break the contract.
case "$1" in
  inspect)
    case "$3" in
      '{{.State.Running}}') echo true ;;
      '{{.Config.User}}') echo "${STUB_USER:-1001:1001}" ;;
      '{{.HostConfig.ReadonlyRootfs}}') echo true ;;
      '{{.HostConfig.CapDrop}}') echo '[CAP_AUDIT_WRITE CAP_CHOWN CAP_DAC_OVERRIDE CAP_KILL]' ;;
      '{{.HostConfig.CapAdd}}') echo '[]' ;;
      '{{.EffectiveCaps}}') echo '[]' ;;
      '{{.HostConfig.SecurityOpt}}') echo '[no-new-privileges]' ;;
      '{{range .Mounts}}'*)
        printf '/app/data true\n/app/logs true\n/app/conf %s\n' "${STUB_CONF_RW:-false}"
        printf '/app/.sessions true\n/app/.media true\n/app/provider-sessions false\n' ;;
      '{{range $k'*) echo /tmp ;;
      '{{.State.Health.Status}}') echo healthy ;;
      *) exit 125 ;;
    esac ;;
  network) [ "$3" = wa-net ] ;;
  logs | ps) exit 0 ;;
  exec) echo app.log ;;
  *) exit 125 ;;
esac
STUB
printf '#!/bin/sh\nexit 0\n' >"$work/bin/curl"
chmod +x "$work/bin/podman" "$work/bin/curl"
for m in waha api app docs; do
  mkdir -p "$root/whatsapp-adapter-$m/logs"
  : >"$root/whatsapp-adapter-$m/.env.local"
  chmod 600 "$root/whatsapp-adapter-$m/.env.local"
done
export PATH="$work/bin:$PATH"

# run NAME EXPECTED_CODE args...
run() {
  name=$1
  want=$2
  shift 2
  "$script" "$@" >"$work/out" 2>"$work/err"
  code=$?
  [ "$code" = "$want" ] || fail "$name: exit $code, want $want ($(cat "$work/err"))"
}

run help 0 --help
grep -q '^Usage: scripts/verify.sh' "$work/out" || fail "help: usage line"
run "unknown option" 2 --bogus
grep -q "unknown option '--bogus'" "$work/err" || fail "unknown option: message"
run "unknown module" 2 nope
grep -q "unknown module 'nope'" "$work/err" || fail "unknown module: message"
run "bad engine" 2 --engine rkt
run "unknown profile" 2 --profile staging
run "missing value" 2 --root

PROJECT_INTERNAL_NETWORK=wa-net run "a good deployment" 0 --engine podman --profile local
grep -q '^FAIL' "$work/out" && fail "a good deployment: $(grep '^FAIL' "$work/out")"
for line in \
  "PASS network: wa-net exists" \
  "PASS whatsapp-adapter-api: runs as 1001:1001 (non-root)" \
  "PASS whatsapp-adapter-api: root filesystem is read-only" \
  "PASS whatsapp-adapter-api: all capabilities dropped" \
  "PASS whatsapp-adapter-api: no-new-privileges is set" \
  "PASS whatsapp-adapter-api: /tmp is a tmpfs" \
  "PASS whatsapp-adapter-api: /app/conf is mounted read-only" \
  "PASS whatsapp-adapter-api: /app/provider-sessions is mounted read-only" \
  "PASS whatsapp-adapter-api: env file whatsapp-adapter-api/.env.local exists (mode 0600)" \
  "PASS whatsapp-adapter-api: log files under /app/logs" \
  "PASS whatsapp-adapter-api: GET http://127.0.0.1:8100/healthz answers" \
  "PASS whatsapp-adapter-api: health check reports healthy" \
  "PASS whatsapp-adapter-waha: GET http://127.0.0.1:8102/ping answers" \
  "verify.sh: every check passed"; do
  grep -qxF "$line" "$work/out" || fail "a good deployment: no line '$line'"
done

run "network variable unset" 1 --engine podman --profile local whatsapp-adapter-api
grep -qxF 'FAIL network: cannot name network ${PROJECT_INTERNAL_NETWORK}: set PROJECT_INTERNAL_NETWORK in the environment' "$work/out" ||
  fail "network variable unset: message"

chmod 644 "$root/whatsapp-adapter-api/.env.local"
PROJECT_INTERNAL_NETWORK=wa-net STUB_USER=0:0 STUB_CONF_RW=true run "a root deployment" 1 --engine podman --profile local whatsapp-adapter-api
for line in \
  "FAIL whatsapp-adapter-api: runs as '0:0', the contract says 1001:1001" \
  "FAIL whatsapp-adapter-api: /app/conf is mounted read-write, the contract says read-only" \
  "FAIL whatsapp-adapter-api: env file whatsapp-adapter-api/.env.local has mode 644, the contract says 0600" \
  "verify.sh: 3 check(s) failed"; do
  grep -qxF "$line" "$work/out" || fail "a root deployment: no line '$line'"
done
grep -q "whatsapp-adapter-waha" "$work/out" && fail "a root deployment: checked a module not asked for"

[ "$failures" = 0 ] && echo "verify_test.sh: all passed"
[ "$failures" = 0 ]
