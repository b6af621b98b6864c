#!/usr/bin/env bash
# One hostile input for `gen validate`, generated here at test time (nothing
# large is committed). Asserts the exit code, a diagnostic naming the file, a
# bounded stderr, and the CPU time gen used (user + system <= LIMIT_MS: wall
# time on a shared CI box measures the neighbours; CTest's TIMEOUT is the
# hard stop should gen ever hang).
#   hostile.sh GEN WORKDIR CASE LIMIT_MS
set -euo pipefail
gen=$1 work=$2 case=$3 limit_ms=$4
mkdir -p "$work"
f=$work/$case.yaml
rm -rf "$f"
expect_exit=1
repeat() { local n=$2; head -c "$n" /dev/zero | tr '\0' "$1"; }
case $case in
  alias-bomb)
    { echo 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'
      prev=a
      for n in b c d e f g h i j; do
        printf '%s: &%s [' $n $n
        for k in 1 2 3 4 5 6 7 8; do printf '*%s,' $prev; done
        printf '*%s]\n' $prev
        prev=$n
      done; } >"$f" ;;
  deep-flow) { printf 'version: 1\nmodules: '; repeat '[' 100000; repeat ']' 100000; echo; } >"$f" ;;
  deep-flow-unclosed) { printf 'modules: '; repeat '{' 100000; echo; } >"$f" ;;
  deep-block) { repeat '-' 100000 | sed 's/-/- /g'; echo x; } >"$f" ;;
  invalid-utf8) printf 'version: 1\nproject: demo\nmodules:\n  web: {image: "\xc3\x28\xff"}\n' >"$f" ;;
  nul-bytes) printf 'version: 1\nproject: de\0mo\nmodules: {}\n' >"$f" ;;
  scalar-30mb) { printf 'version: 1\nproject: '; repeat a 31457280; printf '\nmodules: {}\n'; } >"$f" ;;
  scalar-8mb) { printf 'version: 1\nproject: '; repeat a 8388608; printf '\nmodules: {}\n'; } >"$f" ;;
  scalar-2mb) { printf 'version: 1\nproject: '; repeat a 2000000; printf '\nmodules: {}\n'; } >"$f" ;;
  random-bytes) LC_ALL=C awk 'BEGIN { srand(42); for (i = 0; i < 1048576; i++) printf "%c", int(rand() * 256) }' >"$f" ;;
  many-nodes) { echo 'version: 1'; echo 'project: demo'; echo 'modules:'; echo '  web:'; echo '    image: x:1';
                echo '    command:'; for ((i = 0; i < 150000; i++)); do echo '      - a'; done
                echo '    portz: 1'; } >"$f" ;;
  directory) mkdir -p "$f"; expect_exit=2 ;;
  missing) expect_exit=2 ;;
  fifo) mkfifo "$f"; expect_exit=2 ;;
  *) echo "hostile.sh: unknown case $case" >&2; exit 2 ;;
esac

err=$work/$case.stderr
times=$work/$case.times
TIMEFORMAT='%3U %3S'
set +e
{ time NO_COLOR=1 "$gen" validate --spec "$f" >/dev/null 2>"$err"; } 2>"$times"
code=$?
set -e
read -r user_s sys_s <"$times"
elapsed_ms=$(( 10#${user_s/./} + 10#${sys_s/./} ))
fail() { echo "hostile $case: $*" >&2; head -c 2000 "$err" >&2; exit 1; }
[[ $code == "$expect_exit" ]] || fail "exit $code, expected $expect_exit"
grep -q -- "^$f:" "$err" || fail "no diagnostic naming $f"
size=$(wc -c <"$err")
((size < 8192)) || fail "stderr is $size bytes"
((elapsed_ms <= limit_ms)) || fail "used ${elapsed_ms} ms of CPU (limit ${limit_ms} ms)"
echo "hostile $case: exit $code, ${elapsed_ms} ms of CPU: $(head -n 1 "$err")"
rm -rf "$f" "$err" "$times"
