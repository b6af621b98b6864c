#!/usr/bin/env python3
"""gen man and gen completions against --help (tests/packaging).

Usage: completions_man_test.py GEN_BINARY SOURCE_DIR

For every command `gen --help` lists (and each subcommand `gen templates
--help` lists), reads the options its --help prints and checks that
  - its man page (gen man) documents each one, and gen.1 names the command;
  - bash completion, driven through COMP_WORDS/COMPREPLY, offers exactly
    those options after `--`, and the command names after `gen `;
  - fish (`complete -C`) offers each long option;
  - the zsh script names each one and parses (`zsh -n`), as do bash/fish;
and that the words only gen knows are right: rule ids (as `gen explain
--list`), the profiles of a spec (read with yaml), the choices of
--diagnostics and --format (each accepted by gen).
"""
import os, re, shutil, subprocess, sys, tempfile

gen, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def help_options(path):
    out = run([gen] + path.split() + ["--help"]).stdout
    opts = set()
    for line in out.splitlines():
        m = re.match(r"^\s+(?:-(\w), )?--([a-z][a-z-]*)", line)
        if m:
            if m.group(1):
                opts.add("-" + m.group(1))
            opts.add("--" + m.group(2))
    return opts


def listed_commands(text):
    return [m.group(1) for m in re.finditer(r"^  ([a-z][a-z0-9]*)\s", text, re.M)]


top = listed_commands(run([gen, "--help"]).stdout)
paths = list(top)
subs = listed_commands(run([gen, "templates", "--help"]).stdout.split("\n\n", 1)[1])
if subs != ["list", "export"]:
    fail("gen templates --help lists %r" % subs)
paths += ["templates " + s for s in subs]
if not {"all", "check", "explain", "man", "completions"} <= set(top):
    fail("gen --help lists %r" % top)

work = tempfile.mkdtemp()
try:
    # ---------------------------------------------------------------- man
    mandir = os.path.join(work, "man")
    r = run([gen, "man", "--out", mandir])
    if r.returncode != 0:
        fail("gen man: %s" % r.stderr)
    main = open(os.path.join(mandir, "gen.1")).read().replace("\\-", "-")
    for path in paths:
        page_file = os.path.join(mandir, "gen-" + path.replace(" ", "-") + ".1")
        if not os.path.exists(page_file):
            fail("no man page for " + path)
            continue
        page = open(page_file).read().replace("\\-", "-")
        if " " not in path and "gen-%s" % path not in main:
            fail("gen.1 does not name gen-%s" % path)
        for opt in help_options(path) or {"-h", "--help"}:
            if not re.search(r"\\fB%s\\fR" % re.escape(opt), page):
                fail("man page of %s lacks %s" % (path, opt))
    if shutil.which("man"):
        r = run(["man", "--warnings", "-l", os.path.join(mandir, "gen-check.1")],
                env=dict(os.environ, MANWIDTH="80"))
        if r.returncode != 0 or "--diagnostics" not in r.stdout.replace("\u2010", "-"):
            fail("man -l gen-check.1: %s" % r.stderr)
        if r.stderr.strip():
            fail("man warns on gen-check.1: %s" % r.stderr)

    # ---------------------------------------------------------------- scripts
    scripts = {}
    for shell in ("bash", "zsh", "fish"):
        r = run([gen, "completions", shell])
        if r.returncode != 0:
            fail("gen completions %s: %s" % (shell, r.stderr))
        scripts[shell] = os.path.join(work, "gen." + shell)
        open(scripts[shell], "w").write(r.stdout)
    for shell, check in (("bash", ["bash", "-n"]), ("zsh", ["zsh", "-n"]), ("fish", ["fish", "-n"])):
        if not shutil.which(check[0]):
            fail(check[0] + " is not installed (scripts/install-deps.sh installs it)")
            continue
        r = run(check + [scripts[shell]])
        if r.returncode != 0:
            fail("%s does not parse its script: %s" % (shell, r.stderr))
    if run([gen, "completions", "tcsh"]).returncode != 2:
        fail("gen completions tcsh is not a usage error")

    def bash_complete(*words):
        driver = ('source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($#-1)); '
                  'COMPREPLY=(); _gen; printf "%s\\n" "${COMPREPLY[@]}"')
        r = run(["bash", "-c", driver, "bash", scripts["bash"], gen] + list(words), cwd=root)
        return {w for w in r.stdout.splitlines() if w}

    def fish_complete(line):
        r = run(["fish", "-c", 'source $argv[1]; complete -C $argv[2]', scripts["fish"], line],
                cwd=root)
        return {l.split("\t")[0] for l in r.stdout.splitlines()}

    if bash_complete("") != set(top) | {"--help", "--version"}:
        fail("bash: commands offered %r" % sorted(bash_complete("")))
    zsh_text = open(scripts["zsh"]).read()
    for path in paths:
        want = help_options(path) or {"-h", "--help"}  # gen templates: usage only
        got = bash_complete(*(path.split() + ["-"]))
        if got != want:
            fail("bash: gen %s -<TAB> offers %r, --help lists %r" % (path, sorted(got), sorted(want)))
        longs = {o for o in want if o.startswith("--")}
        fished = fish_complete("%s %s --" % (gen, path))
        if not longs <= fished:
            fail("fish: gen %s -- lacks %r" % (path, sorted(longs - fished)))
        block = re.search(r"\('%s'\)(.*?);;" % re.escape(path), zsh_text, re.S)
        if not block or any("'%s[" % o not in block.group(1) for o in want):
            fail("zsh: gen %s lacks some of %r" % (path, sorted(want)))

    # ---------------------------------------------------------------- words only gen knows
    rules = [l.split()[0] for l in run([gen, "explain", "--list"]).stdout.splitlines()]
    if run([gen, "__complete", "rules"]).stdout.split() != rules or len(rules) < 10:
        fail("gen __complete rules differs from gen explain --list")
    if "non-root-user" not in bash_complete("explain", "non-r"):
        fail("bash: gen explain non-r<TAB> does not offer non-root-user")
    if "non-root-user" not in fish_complete(gen + " explain non-r"):
        fail("fish: gen explain non-r does not offer non-root-user")
    import yaml
    spec = os.path.join(root, "specs", "todo.yaml")
    want = list(yaml.safe_load(open(spec)).get("profiles") or {})
    if not want:
        fail("specs/todo.yaml has no profiles to complete")
    got = run([gen, "__complete", "profiles", "--spec", spec]).stdout.split()
    if got != want:
        fail("gen __complete profiles: %r, the spec has %r" % (got, want))
    if bash_complete("all", "--spec", spec, "--profile", "") != set(want):
        fail("bash: --profile does not offer the spec's profiles")
    if not set(want) <= fish_complete("%s all --spec %s --profile " % (gen, spec)):
        fail("fish: --profile does not offer the spec's profiles")
    r = run([gen, "__complete", "profiles", "--spec", os.path.join(work, "missing.yaml")])
    if r.returncode != 0 or r.stdout or r.stderr:
        fail("gen __complete profiles on a missing spec is not silent")
    for choice in bash_complete("validate", "--diagnostics", ""):
        r = run([gen, "validate", "--spec", spec, "--diagnostics", choice])
        if r.returncode != 0:
            fail("--diagnostics %s offered but refused" % choice)
    for choice in bash_complete("schema", "--format", ""):
        if run([gen, "schema", "--format", choice]).returncode != 0:
            fail("--format %s offered but refused" % choice)
finally:
    shutil.rmtree(work)

if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("packaging: man pages and completions agree with --help for %d commands" % len(paths))
