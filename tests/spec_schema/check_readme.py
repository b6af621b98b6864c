#!/usr/bin/python3
"""Keeps specs/README.md honest: every table row that cites a spec line
(`| seed statement | `spec text` | [file.yaml:N](file.yaml#LN) |`) must name
a line that holds that spec text.

Usage: check_readme.py SPECS_DIR
Exit: 0 every citation holds; 1 otherwise (each stale row is printed).
"""
import pathlib
import re
import sys

ROW = re.compile(r"^\|.*\| `(?P<text>[^`]+)` \| \[(?P<file>[\w.-]+):(?P<line>\d+)\]"
                 r"\((?P<file2>[\w.-]+)#L(?P<line2>\d+)\) \|$")


def main():
    specs = pathlib.Path(sys.argv[1])
    readme = (specs / "README.md").read_text(encoding="utf-8").splitlines()
    cited, failed = 0, False
    for number, row in enumerate(readme, 1):
        if not row.startswith("|") or "#L" not in row:
            continue
        m = ROW.match(row)
        if not m:
            print(f"README.md:{number}: a line citation this check cannot read: {row}")
            failed = True
            continue
        if (m["file"], m["line"]) != (m["file2"], m["line2"]):
            print(f"README.md:{number}: link text and target differ")
            failed = True
            continue
        lines = (specs / m["file"]).read_text(encoding="utf-8").splitlines()
        n = int(m["line"])
        cited += 1
        if n > len(lines) or m["text"] not in lines[n - 1]:
            print(f"README.md:{number}: {m['file']}:{n} does not hold `{m['text']}`")
            failed = True
    if cited < 100:
        print(f"only {cited} citations found; the table format changed?")
        failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
