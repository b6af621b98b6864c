#!/usr/bin/python3
"""The CI files users copy: .pre-commit-hooks.yaml and the YAML examples of
docs/ci.md parse, and each runs `gen check` the way this repository's gen
accepts it (the options they pass exist: `gen check --help` lists them).

usage: ci_files_test.py SOURCE_DIR GEN_BINARY
"""
import re
import shlex
import subprocess
import sys

import yaml

src, gen = sys.argv[1], sys.argv[2]
failures = []


def expect(ok, what):
    if not ok:
        failures.append(what)


help_text = subprocess.run([gen, "check", "--help"], capture_output=True, text=True).stdout
expect("--spec" in help_text and "--out" in help_text and "--diagnostics" in help_text,
       "gen check --help lists --spec, --out and --diagnostics")


def check_command(cmd, where):
    """A `.../gen check ...` command line: every option it passes exists."""
    words = shlex.split(cmd)
    i = next((n for n, w in enumerate(words) if w.endswith("gen") and words[n + 1:n + 2] == ["check"]),
             None)
    expect(i is not None, f"{where}: runs gen check ({cmd!r})")
    if i is None:
        return
    for w in words[i + 2:]:
        if w.startswith("--"):
            expect(w in help_text, f"{where}: gen check has no option {w}")


hooks = yaml.safe_load(open(f"{src}/.pre-commit-hooks.yaml"))
expect(isinstance(hooks, list), ".pre-commit-hooks.yaml is a list of hooks")
hook = next((h for h in hooks if h.get("id") == "gen-check"), None)
expect(hook is not None, ".pre-commit-hooks.yaml has a gen-check hook")
if hook:
    for key in ("id", "name", "entry", "language"):
        expect(key in hook, f"gen-check hook has {key}")
    expect(hook.get("language") == "system", "gen-check runs the gen on PATH")
    expect(hook.get("pass_filenames") is False, "gen check takes no file names")
    check_command(hook["entry"] + " --spec s.yaml --out deploy", "pre-commit hook")

doc = open(f"{src}/docs/ci.md").read()
blocks = re.findall(r"```yaml\n(.*?)```", doc, re.S)
expect(len(blocks) == 3, "docs/ci.md has three YAML examples (GitHub, GitLab, pre-commit)")
parsed = [yaml.safe_load(b) for b in blocks]

github = next((p for p in parsed if isinstance(p, dict) and "jobs" in p), None)
expect(github is not None, "docs/ci.md has a GitHub Actions workflow")
action = yaml.safe_load(open(f"{src}/action.yml"))
if github:
    # PyYAML reads the key `on` as the boolean True (YAML 1.1).
    triggers = github.get("on", github.get(True))
    expect("push" in triggers, "the GitHub workflow runs on every push")
    steps = [s for job in github["jobs"].values() for s in job["steps"]]
    uses = [s for s in steps if s.get("uses", "").startswith("yourorg/gen@")]
    expect(len(uses) == 1, "the GitHub workflow uses this repository's action once")
    for s in uses:
        for name in s.get("with", {}):
            expect(name in action["inputs"], f"action.yml has the input {name}")
        for name, i in action["inputs"].items():
            if i.get("required"):
                expect(name in s.get("with", {}), f"the workflow passes the required input {name}")
    expect(all(job.get("container", "").startswith("debian:bookworm")
               for job in github["jobs"].values()), "the GitHub job runs in Debian bookworm")
action_runs = [s["run"] for s in action["runs"]["steps"]]
checks = [r for r in action_runs if "gen check" in r]
expect(len(checks) == 1 and "--diagnostics github" in checks[0], "action.yml runs gen check with annotations")

gitlab = next((p for p in parsed if isinstance(p, dict) and "gen-check" in p), None)
expect(gitlab is not None, "docs/ci.md has a GitLab CI job")
if gitlab:
    job = gitlab["gen-check"]
    script = job["script"]
    expect(any(" check " in line for line in script), "the GitLab job runs gen check")
    for line in script:
        if " check " in line:
            check_command(line.split(">")[0], "GitLab job")
    expect(any("cmake --build" in line for line in job["before_script"]), "the GitLab job builds gen")

precommit = next((p for p in parsed if isinstance(p, dict) and "repos" in p), None)
expect(precommit is not None, "docs/ci.md shows a .pre-commit-config.yaml")
if precommit:
    ids = [h["id"] for r in precommit["repos"] for h in r["hooks"]]
    expect(ids == ["gen-check"], "the pre-commit example uses the gen-check hook")

for f in failures:
    print("FAIL:", f)
if failures:
    sys.exit(1)
print("ci files: ok")
