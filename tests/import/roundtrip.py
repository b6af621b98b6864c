#!/usr/bin/python3
"""Compare two `docker compose config --format json` outputs: the original
application's and that of the compose.yaml gen writes from the imported spec.

Prints one line per difference, sorted, in the fields a round trip must keep:
services, image or build (context, dockerfile, target), command, entrypoint,
published ports, environment names, volume targets, networks and depends_on
conditions. Service names are compared as gen names modules (lower case,
`_` and `.` as `-`). What the contract changes on purpose (host IPs of ports,
users, read-only roots, capabilities, health checks, restart policies) is not
compared: docs/import.md lists those changes.

usage: roundtrip.py ORIGINAL.json GENERATED.json PROJECT_DIR
(build contexts are compared as paths relative to PROJECT_DIR).
Each line starts with PREFIX when a fourth argument gives one."""
import json
import os
import sys


def module_name(name):
    return name.lower().replace("_", "-").replace(".", "-")


def rel(path, base):
    return os.path.relpath(os.path.realpath(path), os.path.realpath(base)) if path else ""


def words(value):
    return " ".join(value) if isinstance(value, list) else (value or "")


def fields(service, base, generated=False):
    out = {}
    build = service.get("build")
    if build:
        context = rel(build.get("context", "."), base)
        out["build"] = "%s Dockerfile=%s target=%s" % (
            context, os.path.normpath(os.path.join(context, build.get("dockerfile", "Dockerfile"))),
            build.get("target", ""))
    else:
        out["image"] = service.get("image", "")
    out["command"] = words(service.get("command"))
    out["entrypoint"] = words(service.get("entrypoint"))
    ports = []
    for p in service.get("ports") or []:
        if p.get("published"):
            ports.append("%s->%s/%s" % (p["published"], p["target"], p.get("protocol", "tcp")))
    out["ports"] = " ".join(sorted(ports))
    out["environment"] = " ".join(sorted((service.get("environment") or {}).keys()))
    out["volumes"] = " ".join(sorted(v["target"].rstrip("/") or "/" for v in service.get("volumes") or []))
    # gen's own routed network (docs/spec.md, "Egress"): a service with a
    # published port joins it besides the app's networks; not the app's.
    networks = [n for n in (service.get("networks") or {}) if not (generated and n == "egress")]
    out["networks"] = " ".join(sorted(networks))
    deps = service.get("depends_on") or {}
    out["depends_on"] = " ".join(sorted(
        "%s:%s" % (module_name(k), v.get("condition", "")) for k, v in deps.items()))
    return out


def main():
    original, generated, project = sys.argv[1:4]
    prefix = sys.argv[4] + " " if len(sys.argv) > 4 else ""
    with open(original) as f:
        a = json.load(f).get("services", {})
    with open(generated) as f:
        b = json.load(f).get("services", {})
    a = {module_name(k): fields(v, project) for k, v in a.items()}
    b = {module_name(k): fields(v, project, generated=True) for k, v in b.items()}
    lines = []
    for name in sorted(set(a) | set(b)):
        if name not in b:
            lines.append(prefix + "service %s: missing from gen's compose.yaml" % name)
            continue
        if name not in a:
            lines.append(prefix + "service %s: added by gen" % name)
            continue
        for key in sorted(set(a[name]) | set(b[name])):
            x, y = a[name].get(key, "(none)"), b[name].get(key, "(none)")
            if x != y:
                lines.append(prefix + "service %s %s: %s -> %s" % (name, key, x or "(none)", y or "(none)"))
    if lines:
        print("\n".join(lines))


main()
