#!/usr/bin/python3
"""Validates every spec in a directory against `gen schema` with a real JSON
Schema validator (Debian's python3-jsonschema), so the published schema and
the loader cannot drift apart unnoticed.

Usage: validate_specs.py GEN_BINARY SPECS_DIR
Exit: 0 all valid; 1 a spec is invalid or the validator failed its self-test.
"""
import pathlib
import subprocess
import sys

import jsonschema
import yaml

# Documents the schema must refuse; if one passes, the validator (or the
# schema) accepts anything and the real check above would prove nothing.
MUST_FAIL = {
    "unknown top-level key": "version: 1\nproject: p\nmodules: {a: {image: x:1}}\nextra: 1\n",
    "unknown module key": "version: 1\nproject: p\nmodules: {a: {image: x:1, imagee: y}}\n",
    "port out of range": "version: 1\nproject: p\nmodules: {a: {image: x:1, ports: [{container: 70000}]}}\n",
    "missing modules": "version: 1\nproject: p\n",
}


def main():
    gen, specs_dir = sys.argv[1], pathlib.Path(sys.argv[2])
    schema_text = subprocess.run([gen, "schema"], check=True, capture_output=True, text=True).stdout
    schema = yaml.safe_load(schema_text)  # JSON is YAML; avoids a second parser import
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    validator = validator_cls(schema)

    failed = False
    for name, text in MUST_FAIL.items():
        if not list(validator.iter_errors(yaml.safe_load(text))):
            print(f"self-test: the schema accepted a bad document ({name})")
            failed = True

    specs = sorted(specs_dir.glob("*.yaml"))
    if len(specs) < 5:
        print(f"expected the five seed specs in {specs_dir}, found {len(specs)}")
        failed = True
    for path in specs:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        for e in errors:
            where = "/".join(str(p) for p in e.absolute_path) or "(root)"
            print(f"{path}: {where}: {e.message}")
        failed |= bool(errors)
        if not errors:
            print(f"{path}: valid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
