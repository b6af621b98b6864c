#!/bin/sh
# scripts/materialize-secret.sh of specs/whatsapp-adapter.yaml (profiles
# local and prod with env files) against a stub sops.
# Usage: materialize_test.sh GEN SOURCE_DIR
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
script=$root/scripts/materialize-secret.sh
mkdir -p "$work/bin" "$work/nosops" "$root/secrets/local"
# The stub "decrypts" by copying, so the test knows the plaintext; it fails
# on request, as sops does on a wrong key.
cat >"$work/bin/sops" <<'STUB'
#!/bin/sh
[ -n "${STUB_SOPS_FAIL:-}" ] && { echo "sops: Failed to get the data key" >&2; exit 128; }
[ "$1 $2 $3 $4 $5" = "--decrypt --input-type dotenv --output-type dotenv" ] || { echo "stub sops: bad args: $*" >&2; exit 99; }
cat "$6"
STUB
chmod +x "$work/bin/sops"
printf 'API_TOKEN=s3cr3t-value\n' >"$root/secrets/local/whatsapp-adapter-api.env"
printf 'APP_TOKEN=an0ther-value\n' >"$root/secrets/local/whatsapp-adapter-app.env"
stub_path="$work/bin:$PATH"

# run NAME EXPECTED_CODE PATH args...
run() {
  name=$1
  want=$2
  path=$3
  shift 3
  PATH=$path "$script" "$@" >"$work/out" 2>"$work/err"
  code=$?
  [ "$code" = "$want" ] || fail "$name: exit $code, want $want ($(cat "$work/err"))"
  if grep -q -e s3cr3t -e an0ther "$work/out" "$work/err"; then fail "$name: printed a secret value"; fi
}

run help 0 "$stub_path" --help
grep -q "local: whatsapp-adapter-api -> whatsapp-adapter-api/.env.local" "$work/out" || fail "help lists the env files"
run "no arguments" 2 "$stub_path"
run "unknown option" 2 "$stub_path" --force local whatsapp-adapter-api
run "unknown profile" 2 "$stub_path" staging whatsapp-adapter-api
run "unknown module" 2 "$stub_path" local nope

if ! command -v sops >/dev/null 2>&1; then
  run "sops missing" 1 "$PATH" local whatsapp-adapter-api
  grep -q "sops is not installed; nothing was written" "$work/err" || fail "sops missing: message"
  [ ! -e "$root/whatsapp-adapter-api/.env.local" ] || fail "sops missing: a file was written"
fi

run "encrypted file missing" 1 "$stub_path" local whatsapp-adapter-api whatsapp-adapter-docs
grep -q "secrets/local/whatsapp-adapter-docs.env does not exist" "$work/err" || fail "missing file: message"
[ ! -e "$root/whatsapp-adapter-api/.env.local" ] || fail "missing file: api was written although docs was missing"

run "materialize" 0 "$stub_path" local whatsapp-adapter-api
dest=$root/whatsapp-adapter-api/.env.local
[ "$(cat "$dest" 2>/dev/null)" = "API_TOKEN=s3cr3t-value" ] || fail "materialize: content"
[ "$(stat -c %a "$dest" 2>/dev/null)" = 600 ] || fail "materialize: mode $(stat -c %a "$dest" 2>/dev/null)"
grep -qx "materialized secrets/local/whatsapp-adapter-api.env -> whatsapp-adapter-api/.env.local (mode 0600)" "$work/out" ||
  fail "materialize: report line"

STUB_SOPS_FAIL=1 run "sops fails" 1 "$stub_path" local whatsapp-adapter-api
[ "$(cat "$dest")" = "API_TOKEN=s3cr3t-value" ] || fail "sops fails: the old env file changed"
leftovers=$(find "$root/whatsapp-adapter-api" -name '.env.local.*' | wc -l)
[ "$leftovers" = 0 ] || fail "sops fails: temporary file left behind"

rm -f "$root/secrets/local/whatsapp-adapter-api.env"
printf 'WAHA=x\n' >"$root/secrets/local/whatsapp-adapter-waha.env"
printf 'DOCS=x\n' >"$root/secrets/local/whatsapp-adapter-docs.env"
run "--all with one missing" 1 "$stub_path" local --all
printf 'API_TOKEN=s3cr3t-value\n' >"$root/secrets/local/whatsapp-adapter-api.env"
run "--all" 0 "$stub_path" local --all
[ "$(grep -c '^materialized ' "$work/out")" = 4 ] || fail "--all: four env files"
[ "$(stat -c %a "$root/whatsapp-adapter-docs/.env.local")" = 600 ] || fail "--all: mode"

[ "$failures" = 0 ] && echo "materialize_test.sh: all passed"
[ "$failures" = 0 ]
