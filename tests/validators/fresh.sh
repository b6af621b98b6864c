#!/usr/bin/env bash
# fresh.sh GEN VALIDATE REPO WORK NAME [SPEC]: renders SPEC (a path under REPO;
# default specs/NAME.yaml) with `gen all`
# without a profile and with each profile it defines, each into its own
# directory under WORK/NAME, creates the env files the compose files name
# (empty, as if materialized), then validates the whole tree strictly.
set -euo pipefail
GEN=$1 VALIDATE=$2 REPO=$3 WORK=$4 NAME=$5
PY=/usr/bin/python3
spec=$REPO/${6:-specs/$NAME.yaml}
dir=$WORK/$NAME
rm -rf "$dir"
mkdir -p "$dir"
profiles=$("$GEN" context --spec "$spec" | "$PY" -c \
  'import json, sys; print(" ".join(p["name"] for p in json.load(sys.stdin)["profiles"]))')
for profile in none $profiles; do
  out=$dir/$profile
  args=(all --spec "$spec" --out "$out")
  [[ $profile == none ]] || args+=(--profile "$profile")
  "$GEN" "${args[@]}" >/dev/null
  # Env files the profile names: modules[].env_file.path, relative to --out.
  ctx_args=(context --spec "$spec")
  [[ $profile == none ]] || ctx_args+=(--profile "$profile")
  "$GEN" "${ctx_args[@]}" | "$PY" -c '
import json, sys
for m in json.load(sys.stdin)["modules"]:
    if m.get("env_file"):
        print(m["env_file"]["path"])' | while read -r f; do
    mkdir -p "$(dirname "$out/$f")"
    : >"$out/$f"
  done
done
exec bash "$(dirname "$0")/validate.sh" "$VALIDATE" "$dir"
