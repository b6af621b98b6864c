#!/usr/bin/env python3
"""The layers of generator/ stay acyclic (issue 17, docs/architecture.md).

Reads every #include "folder/..." line under generator/ and fails on an edge
to a folder whose stage is not among the stage's dependencies (CMakeLists.txt,
gen_stage ... DEPS, which CMake keeps acyclic). So no stage includes a later
one, no two folders include each other, and verify cannot reach into render.
Prints each offending line with its position.

usage: layering_test.py SOURCE_DIR
"""
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/')
STAGE = re.compile(r"^gen_stage\((\w+)\s+DIRS\s+([\w ]+?)(?:\s+DEPS\s+([\w ]+?))?(?:\s+LIBS\s+[^)]*)?\)",
                   re.M)


def stages(source):
    """folder -> the folders it may include: its own stage's and those of every
    stage it depends on, directly or not, as CMakeLists.txt's gen_stage lines
    declare them (one source of truth for the build and this test). The CLI
    (not a gen_stage) links what the gen executable links."""
    with open(os.path.join(source, "CMakeLists.txt"), encoding="utf-8") as f:
        text = f.read()
    dirs, deps = {}, {}
    for name, folders, needs in STAGE.findall(text):
        dirs[name] = folders.split()
        deps[name] = needs.split() if needs else []
    # cli: the stages the gen executable links (target_link_libraries(gen PRIVATE gen_...)).
    linked = re.search(r"target_link_libraries\(gen PRIVATE ([^)]*)\)", text)
    cli_deps = [w[4:] for w in linked.group(1).split() if w.startswith("gen_")] if linked else []
    dirs["cli"], deps["cli"] = ["cli"], cli_deps or ["pipeline", "template"]

    def closure(stage, seen):
        for d in deps[stage]:
            if d not in seen:
                seen.add(d)
                closure(d, seen)
        return seen

    allowed = {}
    for stage, folders in dirs.items():
        reach = closure(stage, {stage})
        for folder in folders:
            allowed[folder] = {f for s in reach for f in dirs[s]}
    return allowed


def main():
    root = os.path.join(sys.argv[1], "generator")
    allowed = stages(sys.argv[1])
    problems = []
    folders = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    for folder in folders:
        if folder not in allowed:
            problems.append(f"generator/{folder}/: in no gen_stage of CMakeLists.txt")
            continue
        for dirpath, _, files in os.walk(os.path.join(root, folder)):
            for name in sorted(files):
                if not name.endswith((".h", ".cpp")):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding="utf-8") as f:
                    for lineno, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(1)
                        if target not in allowed[folder]:
                            problems.append(f"{os.path.relpath(path, sys.argv[1])}:{lineno}: "
                                            f"{folder} includes {target}, which is not a stage "
                                            "it depends on (CMakeLists.txt gen_stage)")
    for p in problems:
        print(p)
    if problems:
        print(f"layering: {len(problems)} edge(s) against the pipeline order")
        return 1
    print(f"layering: {len(folders)} folders, every include goes to a stage depended on")
    return 0


if __name__ == "__main__":
    sys.exit(main())
