#!/usr/bin/env bash
# The CI integration users copy, run the way their CI would run it:
#   - action.yml: its steps' scripts, with the action's inputs in their
#     environment and gen on PATH (the install step then keeps it), on the
#     committed output-examples/todo (exit 0) and on a drifted copy (exit 1
#     with a GitHub annotation naming the file);
#   - .pre-commit-hooks.yaml: the gen-check hook's entry plus the args of
#     docs/ci.md's example, run as pre-commit runs a `language: system` hook
#     (the entry split into words, args appended, no file names).
#   tests/packaging/ci_integration_test.sh GEN_BINARY SOURCE_DIR
set -euo pipefail
GEN=$(realpath "$1"); ROOT=$(realpath "$2")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin" && ln -s "$GEN" "$work/bin/gen"
export PATH="$work/bin:$PATH"
fail() { echo "FAIL: $*"; exit 1; }

# The steps of action.yml: name, env and run, as JSON lines.
steps=$(/usr/bin/python3 -c '
import json, sys, yaml
a = yaml.safe_load(open(sys.argv[1]))
assert a["runs"]["using"] == "composite", "a composite action"
assert a["inputs"]["spec"]["required"] is True
for s in a["runs"]["steps"]:
    print(json.dumps({"name": s["name"], "env": s.get("env", {}), "run": s["run"], "shell": s["shell"]}))
' "$ROOT/action.yml")
run_action() {  # TREE: run every step in TREE with spec/out inputs; prints output, returns the rc
  local tree=$1 line rc=0
  while IFS= read -r line; do
    local script envs=()
    script=$(/usr/bin/python3 -c 'import json,sys; print(json.loads(sys.argv[1])["run"])' "$line")
    # shellcheck disable=SC2016 # ${{ }} is the action's syntax, for python
    mapfile -t envs < <(/usr/bin/python3 -c '
import json, sys
inputs = {"spec": "specs/todo.yaml", "out": "output-examples/todo", "profile": ""}
for k, v in json.loads(sys.argv[1])["env"].items():
    v = v.replace("${{ github.action_path }}", sys.argv[2])
    for name, value in inputs.items():
        v = v.replace("${{ inputs.%s }}" % name, value)
    assert "${{" not in v, v
    print("%s=%s" % (k, v))' "$line" "$ROOT")
    (cd "$tree" && env "${envs[@]}" bash -e -c "$script") || { rc=$?; break; }
  done <<<"$steps"
  return $rc
}

mkdir -p "$work/ok" && cp -r "$ROOT/specs" "$work/ok/" && mkdir -p "$work/ok/output-examples" &&
  cp -r "$ROOT/output-examples/todo" "$work/ok/output-examples/"
out=$(run_action "$work/ok" 2>&1) || fail "action on the committed outputs: $out"
grep -q "^using $work/bin/gen (gen " <<<"$out" || fail "the install step did not keep the gen on PATH: $out"
cp -r "$work/ok" "$work/drift"
sed -i 's/restart: unless-stopped/restart: always/' "$work/drift/output-examples/todo/compose.yaml"
set +e; out=$(run_action "$work/drift" 2>&1); rc=$?; set -e
[[ $rc == 1 ]] || fail "action on drift exited $rc, not 1: $out"
grep -q '^::error file=output-examples/todo/compose.yaml,line=' <<<"$out" ||
  fail "no annotation on the drifted file: $out"

# The pre-commit hook, with docs/ci.md's args (pointed at the copies above).
entry=$(/usr/bin/python3 -c '
import sys, yaml
h = [h for h in yaml.safe_load(open(sys.argv[1])) if h["id"] == "gen-check"][0]
assert h["language"] == "system" and h["pass_filenames"] is False
print(h["entry"])' "$ROOT/.pre-commit-hooks.yaml")
grep -q 'args: \[--spec, specs/todo.yaml, --out, deploy\]' "$ROOT/docs/ci.md" ||
  fail "docs/ci.md no longer shows the hook's args"
read -ra words <<<"$entry"
(cd "$work/ok" && "${words[@]}" --spec specs/todo.yaml --out output-examples/todo >/dev/null 2>&1) ||
  fail "the pre-commit hook fails on committed outputs"
set +e; (cd "$work/drift" && "${words[@]}" --spec specs/todo.yaml --out output-examples/todo >/dev/null 2>&1); rc=$?; set -e
[[ $rc == 1 ]] || fail "the pre-commit hook exited $rc on drift, not 1"
echo "ci integration: action.yml and the pre-commit hook pass on committed outputs and fail on drift"
