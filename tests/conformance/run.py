#!/usr/bin/python3
"""Differential conformance suite: gen's template engine against Jinja2.

Every case is a template (plus optional extra templates and a JSON context).
The expected output is produced here, at test time, by Debian's
python3-jinja2 configured as gen promises to behave (trim_blocks,
lstrip_blocks, keep_trailing_newline, StrictUndefined, no autoescape); it is
then compared byte for byte with `gen render`.

Case files (cases/*.txt) hold many cases each:

    === name of the case [flags]
    --- context
    {"x": 1}
    --- template
    Hello {{ x }}
    --- file lib/macros.j2
    {% macro m() %}...{% endmacro %}

A section's text runs to the next header line; the newline just before that
line is not part of it (leave an empty line to end a template with a
newline). Flags:
    [error]        Jinja2 raises: gen must exit 1 with nothing on stdout.
    [unsupported]  outside gen's subset: gen must exit 1 with a
                   template-unsupported diagnostic (Jinja2 is not compared).
    [crlf], [cr]   the template file is written with \r\n (or \r) line ends.
Without a flag both must succeed with identical bytes.

Usage: run.py --gen BUILD/gen [-k SUBSTRING] [-v] [CASEFILE...]
Must run under /usr/bin/python3 (the interpreter with Debian's python3-jinja2).
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import jinja2
except ImportError:
    sys.exit("run.py: /usr/bin/python3 cannot import jinja2: install Debian's python3-jinja2")

HEADER = re.compile(r"^(=== (?P<name>.*?)(?: \[(?P<flags>[a-z, -]+)\])?|--- (?P<section>context|template|file (?P<file>\S+)))$")


class Case:
    def __init__(self, name, flags, where):
        self.name = name
        self.flags = set(f.strip() for f in flags.split(",")) if flags else set()
        self.where = where
        self.context = "{}"
        self.template = None
        self.files = {}


def parse_cases(path):
    cases = []
    case = None
    section = None
    lines = []

    def flush():
        if case is None or section is None:
            return
        text = "".join(lines)
        if text.endswith("\n"):
            text = text[:-1]
        if section == "context":
            case.context = text
        elif section == "template":
            case.template = text
        else:
            case.files[section] = text

    with open(path, encoding="utf-8", newline="") as f:
        for lineno, line in enumerate(f, 1):
            m = HEADER.match(line.rstrip("\n"))
            if not m:
                if case is None:
                    continue  # file header comments
                if section is None:
                    raise SystemExit(f"{path}:{lineno}: text outside a section")
                lines.append(line)
                continue
            flush()
            lines = []
            if m.group("name") is not None:
                case = Case(m.group("name"), m.group("flags"), f"{path}:{lineno}")
                cases.append(case)
                section = None
            else:
                if case is None:
                    raise SystemExit(f"{path}:{lineno}: section before the first case")
                section = m.group("file") or m.group("section")
    flush()
    for c in cases:
        if c.template is None:
            raise SystemExit(f"{c.where}: case {c.name!r} has no template")
        unknown = c.flags - {"error", "unsupported", "crlf", "cr"}
        if unknown:
            raise SystemExit(f"{c.where}: unknown flag(s) {sorted(unknown)}")
    return cases


def jinja_render(tmpdir, context):
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(tmpdir),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    try:
        out = env.get_template("template.j2").render(context)
        return True, out.encode("utf-8")
    except Exception as e:  # any Jinja2 or Python error counts as an error
        return False, f"{type(e).__name__}: {e}"


def run_case(gen, case):
    with tempfile.TemporaryDirectory(prefix="gen-conf-") as tmpdir:
        files = dict(case.files)
        template = case.template
        if "crlf" in case.flags:
            template = template.replace("\n", "\r\n")
        if "cr" in case.flags:
            template = template.replace("\n", "\r")
        files["template.j2"] = template
        for name, text in files.items():
            path = os.path.join(tmpdir, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(text)
        ctx_path = os.path.join(tmpdir, "context.json")
        with open(ctx_path, "w", encoding="utf-8", newline="") as f:
            f.write(case.context)
        context = json.loads(case.context)
        j_ok, j_out = jinja_render(tmpdir, context)
        proc = subprocess.run(
            [gen, "render", "template.j2", "--templates", tmpdir, "--context", ctx_path],
            capture_output=True,
            timeout=60,
        )
        g_out, g_err = proc.stdout, proc.stderr.decode("utf-8", "replace")

    if "unsupported" in case.flags:
        if proc.returncode == 1 and not g_out and "error[template-unsupported]" in g_err:
            return None
        return f"expected gen to reject an unsupported feature (exit 1, template-unsupported),\n  got exit {proc.returncode}, stdout {g_out!r}, stderr {g_err!r}"
    if "error" in case.flags:
        if j_ok:
            return f"case says [error] but Jinja2 rendered {j_out!r}"
        if proc.returncode == 1 and not g_out and g_err:
            return None
        return f"Jinja2 raised ({j_out}) but gen exited {proc.returncode} with stdout {g_out!r} stderr {g_err!r}"
    if not j_ok:
        return f"Jinja2 raised {j_out} (mark the case [error] if that is intended)"
    if proc.returncode != 0:
        return f"gen failed (exit {proc.returncode}) where Jinja2 rendered {j_out!r}:\n{g_err}"
    if g_out != j_out:
        return f"output differs\n  jinja2: {j_out!r}\n  gen:    {g_out!r}"
    return None


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--gen", required=True)
    ap.add_argument("-k", default="", help="only cases whose name contains this")
    ap.add_argument("-v", action="store_true")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    files = args.files or sorted(glob.glob(os.path.join(here, "cases", "*.txt")))
    cases = []
    for path in files:
        cases.extend(parse_cases(path))
    names = {}
    for c in cases:
        if c.name in names:
            raise SystemExit(f"{c.where}: duplicate case name {c.name!r} (also {names[c.name]})")
        names[c.name] = c.where
    selected = [c for c in cases if args.k in c.name]
    passed = failed = 0
    # Cases are independent; a few at a time hide gen's process start-up.
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        problems = list(pool.map(lambda c: run_case(args.gen, c), selected))
    for case, problem in zip(selected, problems):
        if problem is None:
            passed += 1
            if args.v:
                print(f"ok   {case.name}")
        else:
            failed += 1
            print(f"FAIL {case.name} ({case.where})\n  {problem}\n")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not selected else 0


if __name__ == "__main__":
    sys.exit(main())
