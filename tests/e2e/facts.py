"""Turns `gen context` JSON (stdin) into shell assignments for run.sh.

The suite asserts the spec's own numbers at run time (uid, gid, grace,
ports, mounts, required variables), so it reads them from gen's resolved
context rather than repeating them. Standard library only: run it with
Debian's /usr/bin/python3.

Output (one `name=value` line each, values shell-quoted):
  project, namespace, spec_dir (argv[1]), networks, internal_networks,
  volumes (runtime names), modules (long-running ones, dependencies first),
  and per module M (as m_<M with - turned to _>_<fact>):
    image, context (build context, from the spec's directory), uid, gid,
    grace (seconds), signal, ports (container ports), published
    (container:host:bind ...), tmpfs, ro, rw (mount targets), own
    (dir:ro|rw ...), labels (KEY=VALUE: container labels), k8s_labels (the
    Kubernetes labels), confdirs (target=directory from the spec's directory
    ...: config_dir mounts), required (variable names), http (port/path of every
    health endpoint), health (1 when the image has a health check), logs,
    deps (long-running modules it waits for), deps_healthy (those it waits
    for to be healthy, not only started), setup (its setup steps' names:
    compose services and systemd units, in run order).
"""
import json
import shlex
import sys


PREFIX = sys.argv[2] if len(sys.argv) > 2 else ""


def emit(name, value):
    name = PREFIX + name
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    print(f"{name}={shlex.quote(str(value))}")


def var(module):
    return "m_" + module.replace("-", "_")


def ordered(modules):
    """Long-running modules, each after the modules it depends on."""
    by_name = {m["name"]: m for m in modules}
    done, out = set(), []

    def visit(m, depth=0):
        if m["name"] in done or depth > len(modules):
            return
        for d in m.get("depends_on") or []:
            if d["module"] in by_name:
                visit(by_name[d["module"]], depth + 1)
        done.add(m["name"])
        if m.get("long_running"):
            out.append(m)

    for m in modules:
        visit(m)
    return out


def main():
    ctx = json.load(sys.stdin)
    emit("project", ctx["project"]["name"])
    emit("namespace", ctx["targets"]["k8s"]["namespace"])
    emit("spec_dir", sys.argv[1] if len(sys.argv) > 1 else ".")
    emit("networks", [n["name"] for n in ctx["networks"] if not n["external"]])
    emit("internal_networks", [n["name"] for n in ctx["networks"] if n["internal"]])
    emit("volumes", [v["name"] for v in ctx["volumes"] if not v["external"]])
    mods = ordered(ctx["modules"])
    emit("modules", [m["name"] for m in mods])
    running = {m["name"] for m in mods}
    for m in mods:
        v = var(m["name"])
        build = m.get("build") or {}
        emit(f"{v}_image", m["image"]["ref"])
        emit(f"{v}_context", (build.get("context") or {}).get("path", "") if build else "")
        user = m.get("user") or {}
        emit(f"{v}_uid", user.get("uid", ""))
        emit(f"{v}_gid", user.get("gid", ""))
        emit(f"{v}_grace", m["stop"]["grace_seconds"])
        emit(f"{v}_signal", m["stop"]["signal"])
        emit(f"{v}_ports", [p["container"] for p in m["ports"]])
        emit(f"{v}_published", [f'{p["container"]}:{p["host"]}:{p["bind"]}'
                                for p in m["ports"] if p["published"]])
        mounts = m["mounts"]
        emit(f"{v}_tmpfs", [x["target"] for x in mounts if x["type"] == "tmpfs"])
        emit(f"{v}_ro", [x["target"] for x in mounts if x["type"] != "tmpfs" and x["read_only"]])
        emit(f"{v}_rw", [x["target"] for x in mounts if x["type"] != "tmpfs" and not x["read_only"]])
        emit(f"{v}_own", [f'{x["path"]}:{"ro" if x["read_only"] else "rw"}'
                          for x in mounts if x["type"] == "own"])
        emit(f"{v}_labels", [f"{k}={x}" for k, x in m["container_labels"].items()])
        emit(f"{v}_k8s_labels", [f"{k}={x}" for k, x in m["labels"].items()])
        emit(f"{v}_confdirs", [f'{x["target"]}={x["host"]["path"]}'
                               for x in mounts if x["type"] == "config_dir"])
        emit(f"{v}_secrets", [f'{x["target"]}={x["secret"]}={x["host"]["path"]}'
                              for x in mounts if x["type"] == "secret" and x.get("host")])
        emit(f"{v}_hostname", m.get("hostname") or "")
        emit(f"{v}_aliases", m.get("aliases") or [])
        emit(f"{v}_required", [e["name"] for e in m["env"] if e["required"] and not e["secret"]])
        health = m.get("health") or {}
        endpoints = []
        for probe in (health.get("liveness"), health.get("readiness"), health.get("startup")):
            if probe and probe.get("type") == "http":
                endpoint = f'{probe["port"]}{probe["path"]}'
                if endpoint not in endpoints:
                    endpoints.append(endpoint)
        emit(f"{v}_http", endpoints)
        emit(f"{v}_health", 1 if health.get("container") else 0)
        emit(f"{v}_logs", m.get("logs") or "stdout")
        # Long-running dependencies only (a setup step is in `setup`).
        deps = [d for d in m.get("depends_on") or [] if d["module"] in running]
        emit(f"{v}_deps", [d["module"] for d in deps])
        emit(f"{v}_setup", m.get("setup") or [])
        emit(f"{v}_deps_healthy", [d["module"] for d in deps if d.get("condition") == "healthy"])


if __name__ == "__main__":
    main()
