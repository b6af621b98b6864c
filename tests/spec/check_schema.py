#!/usr/bin/python3
"""Validates specs against `gen schema` with a real JSON Schema validator
(Debian's python3-jsonschema), independent of gen's own loader.

    check_schema.py SCHEMA.json --valid FILE... --invalid FILE...

A FILE ending in .md stands for its first ```yaml block (docs/spec.md).

Every --valid file must pass and every --invalid file must fail, so the
schema can neither reject good specs nor be vacuous. YAML is read with
python3-yaml (YAML 1.1); the files are chosen to read the same in 1.1 and 1.2.
"""
import json
import sys

import jsonschema
import yaml


def main(argv):
    schema_path, rest = argv[1], argv[2:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)  # the schema itself is valid draft 2020-12
    validator = validator_class(schema)
    mode, failures, checked = None, 0, 0
    for arg in rest:
        if arg in ("--valid", "--invalid"):
            mode = arg
            continue
        with open(arg, encoding="utf-8") as f:
            text = f.read()
        if arg.endswith(".md"):  # the first ```yaml block of a document
            text = text.split("```yaml\n", 1)[1].split("```\n", 1)[0]
        instance = yaml.safe_load(text)
        errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
        checked += 1
        if mode == "--valid" and errors:
            failures += 1
            print(f"{arg}: rejected by the JSON Schema:")
            for e in errors[:10]:
                print(f"  at {'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message[:300]}")
        elif mode == "--invalid" and not errors:
            failures += 1
            print(f"{arg}: accepted by the JSON Schema, but gen rejects it")
    print(f"check_schema: {checked} files, {failures} failures ({validator_class.__name__})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
