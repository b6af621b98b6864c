#!/usr/bin/env bash
# Runs `gen all` for every spec in specs/ under variations of everything that
# must not matter -- working directory, locale, time zone, umask, unrelated
# environment variables, a second run in the same process image -- and
# compares each result with a baseline byte for byte: the tree (contents and
# executable bits), the exit code, stdout and stderr. Then `gen check`, under
# another variation, must find the baseline tree up to date.
#
# The tr_TR.UTF-8 and de_DE.UTF-8 locales are generated into a scratch
# directory (localedef + LOCPATH, no root needed) when the system lacks them;
# a locale that cannot be generated (no `locales` package) is skipped with a
# message, never silently.
#
# usage: run.sh GEN_BINARY SOURCE_DIR
set -euo pipefail
GEN=$(realpath "$1")
SRC=$(realpath "$2")
WORK=$(mktemp -d /tmp/gen-determinism-XXXXXX)
trap 'rm -rf "$WORK"' EXIT
failures=0

# --- locales ---------------------------------------------------------------
LOCDIR=$WORK/locales
mkdir -p "$LOCDIR"
locales=(C)
for loc in tr_TR de_DE; do
  name=$loc.UTF-8
  if locale -a 2>/dev/null | grep -qix "$loc\.utf-\?8"; then
    locales+=("$name")
  elif localedef -i "$loc" -f UTF-8 "$LOCDIR/$name" >/dev/null 2>&1 &&
       [[ "$(LOCPATH=$LOCDIR LC_ALL=$name locale charmap 2>&1)" == UTF-8 ]]; then
    locales+=("$name")
  else
    echo "SKIP locale $name: not installed and localedef could not generate it" \
         "(install Debian's 'locales' package)"
  fi
done
echo "locales: ${locales[*]}"

# --- variations --------------------------------------------------------------
# Each is "name|working directory|environment assignments|umask[|gen options]". Every run
# starts from an empty environment (env -i) plus these; --spec and --out are
# absolute (relative to the working directory in relative-* variations).
BASE_ENV="PATH=/usr/bin:/bin HOME=$WORK TZ=UTC LC_ALL=C"
variations=(
  "baseline|$SRC|$BASE_ENV|022"
  "again|$SRC|$BASE_ENV|022"
  "cwd-root|/|$BASE_ENV|022"
  "cwd-scratch|$WORK|$BASE_ENV|022"
  "tz-kolkata|$SRC|PATH=/usr/bin:/bin HOME=$WORK TZ=Asia/Kolkata LC_ALL=C|022"
  "tz-chatham|$SRC|PATH=/usr/bin:/bin HOME=$WORK TZ=Pacific/Chatham LC_ALL=C|022"
  "tz-posix|$SRC|PATH=/usr/bin:/bin HOME=$WORK TZ=XYZ-13:45 LC_ALL=C|022"
  "env-noise|$SRC|$BASE_ENV GIT_SHA=0123abc PROJECT_INTERNAL_NETWORK=evil NO_COLOR=1 TERM=xterm-256color USER=nobody LOGNAME=x PWD=/nonexistent TMPDIR=/nonexistent HOSTNAME=elsewhere GEN_OUT=/etc SOURCE_DATE_EPOCH=1 COLUMNS=7 RANDOM_VAR=1|022"
  "env-empty-home|$SRC|PATH=/usr/bin:/bin TZ=UTC LC_ALL=C|022"
  "umask-077|$SRC|$BASE_ENV|077"
  # --spec and --out typed relative to the working directory: headers name
  # the spec as seen from --out, never as typed.
  "relative-paths|$WORK|$BASE_ENV|022"
  # Targets run on threads; their number must not show in the output.
  "jobs-1|$SRC|$BASE_ENV|022|--jobs 1"
  "jobs-4|$SRC|$BASE_ENV|022|--jobs 4"
)
for loc in "${locales[@]}"; do
  [[ $loc == C ]] && continue
  variations+=("locale-$loc|$SRC|PATH=/usr/bin:/bin HOME=$WORK TZ=UTC LOCPATH=$LOCDIR LANG=$loc LC_ALL=$loc|022")
done

# Runs gen for one spec under one variation. Every run writes to the same
# --out (generated files may name it relative to the spec), a fresh one; the
# tree is then moved to $WORK/runs/<variation>/<spec> with the exit code,
# stdout, stderr and the list of executable files beside it.
run_variation() {
  local spec=$1 vname=$2 cwd=$3 envs=$4 mask=$5 extra=${6:-}
  local out=$WORK/out/$(basename "$spec" .yaml)
  local keep=$WORK/runs/$vname/$(basename "$spec" .yaml)
  rm -rf "$out"
  mkdir -p "$WORK/out" "$WORK/runs/$vname"
  local code=0 spec_arg=$spec out_arg=$out
  if [[ $vname == relative-* ]]; then
    spec_arg=$(realpath -m --relative-to="$cwd" "$spec")
    out_arg=$(realpath -m --relative-to="$cwd" "$out")
  fi
  # shellcheck disable=SC2086  # the assignments and options are meant to split
  (cd "$cwd" && umask "$mask" && env -i $envs "$GEN" all $extra --spec "$spec_arg" --out "$out_arg" \
     >"$keep.stdout" 2>"$keep.stderr") || code=$?
  echo "$code" >"$keep.code"
  if [[ -d $out ]]; then
    (cd "$out" && find . -type f -perm /111 | sort) >"$keep.executables"
    mv "$out" "$keep"
  else
    : >"$keep.executables"
  fi
}

compare() {
  local base=$1 other=$2 label=$3 exts=${4:-code stdout stderr executables}
  local problem=""
  for ext in $exts; do
    if ! cmp -s "$base.$ext" "$other.$ext"; then
      problem+=" $ext"
      diff -u "$base.$ext" "$other.$ext" | head -20 || true
    fi
  done
  if [[ -d $base || -d $other ]]; then
    if ! diff -r "$base" "$other" >"$WORK/tree.diff" 2>&1; then
      problem+=" tree"
      head -40 "$WORK/tree.diff"
    fi
  fi
  if [[ -n $problem ]]; then
    echo "FAIL $label: differs in$problem"
    failures=$((failures + 1))
  fi
}

shopt -s nullglob
specs=()
for f in "$SRC"/specs/*.yaml; do  # spec files only (specs/ also holds config files they mount)
  grep -q '^version:' "$f" && grep -q '^project:' "$f" && specs+=("$f")
done
((${#specs[@]})) || { echo "no specs in $SRC/specs"; exit 1; }
for spec in "${specs[@]}"; do
  name=$(basename "$spec" .yaml)
  for v in "${variations[@]}"; do
    IFS='|' read -r vname cwd envs mask extra <<<"$v"
    run_variation "$spec" "$vname" "$cwd" "$envs" "$mask" "$extra"
  done
  base=$WORK/runs/baseline/$name
  if [[ $(cat "$base.code") != 0 ]]; then
    echo "note: gen all exits $(cat "$base.code") for $name; comparing its diagnostics only"
  fi
  for v in "${variations[@]}"; do
    IFS='|' read -r vname _ <<<"$v"
    [[ $vname == baseline ]] && continue
    if [[ $vname == relative-* ]]; then
      # Messages name paths as the user typed them; only the tree must match.
      compare "$base" "$WORK/runs/$vname/$name" "$name under $vname" "code executables"
    else
      compare "$base" "$WORK/runs/$vname/$name" "$name under $vname"
    fi
  done
  # gen check, from elsewhere and in another locale, finds the baseline current.
  if [[ $(cat "$base.code") == 0 ]]; then
    check_locale=${locales[-1]}
    code=0
    rm -rf "$WORK/out/$name"
    cp -a "$base" "$WORK/out/$name"
    (cd / && env -i PATH=/usr/bin:/bin TZ=Asia/Kolkata LOCPATH="$LOCDIR" LC_ALL="$check_locale" \
       "$GEN" check --spec "$spec" --out "$WORK/out/$name" >"$WORK/check.out" 2>&1) || code=$?
    if [[ $code != 0 ]]; then
      echo "FAIL $name: gen check (LC_ALL=$check_locale, TZ=Asia/Kolkata, cwd /) exits $code"
      head -40 "$WORK/check.out"
      failures=$((failures + 1))
    fi
  fi
  echo "checked $name under ${#variations[@]} variations"
done

if ((failures)); then
  echo "determinism: $failures failure(s)"
  exit 1
fi
echo "determinism: every variation gave byte-identical results"
