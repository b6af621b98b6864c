#!/usr/bin/python3
"""Synthetic gen specs of N modules with the seeds' variety, for bench/run.

Every module is one of eleven shapes taken from the seed specs (specs/*.yaml):
builds of each stack (python-uv, python-pip, node, nextjs, bun, debian FROM a
base module), vendor images, jobs, state (StatefulSets), health of each kind
(http, tcp, command; liveness/readiness/startup probes or one check), mounts
of each kind (tmpfs, own, shared volume, another module's own dir, config
file), dependencies of each condition (started, healthy, completed), plain,
default, required, optional, secret and build-time env, resources, networks
and profiles. The output is deterministic for a given N (no randomness but a
seeded generator), valid (`gen validate` passes), and written together with
the config files it mounts.

usage: gen_specs.py N OUT_DIR      -> OUT_DIR/bench-N.yaml (+ OUT_DIR/conf/)
"""
import os
import random
import sys

SHAPES = [
    "python-uv", "python-pip-state", "node", "nextjs", "bun", "debian", "vendor-db",
    "job", "python-uv-from", "node-internal", "vendor-http",
]


def q(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def module(i, n, rng, out):
    """The YAML lines of module i (indented for `modules:`), and facts later
    modules may refer to."""
    shape = SHAPES[i % len(SHAPES)]
    name = f"m{i:05d}-{shape}"
    lines = [f"  {name}:", f"    description: {q('synthetic ' + shape + ' module ' + str(i))}"]
    facts = {"name": name, "shape": shape, "healthy": False, "job": False, "own": []}
    port = 8000 + (i % 7) * 100
    host = 20000 + i if i < 40000 else None
    env = {
        "LOG_LEVEL": "{default: INFO, description: Logging level, example: DEBUG}",
        f"SETTING_{i % 13}": q(f"value-{i}: with # and ${{NOT_EXPANDED}}"),
        "API_TOKEN": "{secret: true, description: Token for callers}",
    }
    health = None
    mounts = ["{tmpfs: /tmp}"]
    state = None
    resources = None

    if shape in ("python-uv", "python-uv-from"):
        lines += [
            "    build:",
            "      stack: python-uv",
            f"      context: ./src/{name}",
            "      manifests: [pyproject.toml, uv.lock]",
            "      sources: [app]",
            f"    command: [uvicorn, app.main:app, --host, 0.0.0.0, --port, {q(str(port))}]",
        ]
        health = ["      liveness: {http: /livez}", "      readiness: {http: /readyz}",
                  "      smoke: [/health]"]
        mounts += ["{own: data, target: /app/data}", "{own: logs, target: /app/logs}",
                   "{own: conf, target: /app/conf}"]
        facts["own"] = ["data", "logs"]
        env["OWNER_USERNAME"] = "{required: true, description: Owner account, example: owner}"
    elif shape == "python-pip-state":
        lines += [
            "    build:",
            "      stack: python-pip",
            f"      context: ./src/{name}",
            "      from: python:3.13-slim",
            "      build_packages: [gcc]",
            "      packages: [postgresql-client]",
            "      manifests: [requirements.txt]",
            "      args: {PYTHON_VERSION: \"3.13\"}",
            f"    command: [python, -m, app, --port, {q(str(port))}]",
        ]
        health = ["      check: {command: [python, -c, \"import sys; sys.exit(0)\"]}",
                  "      interval: 10s", "      timeout: 3s", "      retries: 5"]
        state = "{target: /var/lib/app, size: 2Gi}"
        resources = "{cpu: {request: 100m, limit: 500m}, memory: {request: 128Mi, limit: 512Mi}}"
    elif shape in ("node", "node-internal"):
        lines += [
            "    build:",
            "      stack: node",
            f"      context: ./src/{name}",
            "      from: node:20-alpine",
            "      manifests: [package.json, package-lock.json]",
            f"    command: [node, server.js]",
        ]
        health = ["      check: {tcp: " + str(port) + "}"]
        if shape == "node-internal":
            host = None
    elif shape == "nextjs":
        lines += [
            "    build:",
            "      stack: nextjs",
            f"      context: ./src/{name}",
            "      from: node:20-alpine",
            "      manifests: [package.json, package-lock.json]",
            "      args: {NODE_ENV: production}",
        ]
        env["NEXT_PUBLIC_API_URL"] = "{build: true, default: \"http://localhost:8000\"}"
        env["AUTH_SECRET"] = "{secret: {name: shared-auth, key: secret}}"
        health = ["      liveness: {http: /api/health/live}",
                  "      readiness: {http: /api/health/ready}",
                  "      startup: {http: /api/health/live}"]
        mounts += ["{tmpfs: /app/.next/cache, size: 64Mi}"]
        port = 3000
    elif shape == "bun":
        lines += [
            "    build:",
            "      stack: bun",
            "      context: .",
            "      from: oven/bun:1",
            "      manifests: [package.json, bun.lock]",
            f"    command: [bun, run, serve, --port, {q(str(port))}]",
        ]
        health = ["      liveness: {http: /healthz}", "      readiness: {http: /readyz}",
                  "      interval: 30s", "      timeout: 5s", "      start_period: 10s",
                  "      retries: 3"]
        mounts += ["{config: ./conf/app.yaml, target: /app/config/app.yaml}"]
    elif shape == "debian":
        lines += [
            "    build: {stack: debian, base: base, context: ./src/" + name + ", packages: [curl]}",
            "    entrypoint: [/entrypoint.sh]",
        ]
        health = ["      check: {tcp: " + str(port) + "}"]
        mounts += ["{tmpfs: /run}", "{volume: certs, target: /data/certificates, read_only: true}"]
        env["DOMAIN"] = "{required: true, description: Service domain}"
    elif shape == "vendor-db":
        lines += ["    image: postgres:15-alpine", "    user: {uid: 70, gid: 70, name: postgres}"]
        port = 5432
        host = None
        env = {"POSTGRES_USER": "{required: true, description: Superuser, example: app}",
               "POSTGRES_PASSWORD": "{secret: true, description: Superuser password}",
               "PGDATA": "{default: /var/lib/postgresql/data/pgdata, description: Data dir}"}
        health = ["      check: {command: [sh, -c, 'pg_isready -U \"$POSTGRES_USER\"']}",
                  "      interval: 10s", "      timeout: 5s", "      retries: 5"]
        mounts += ["{tmpfs: /var/run/postgresql}"]
        state = "{target: /var/lib/postgresql/data, size: 10Gi}"
    elif shape == "job":
        lines += [
            "    kind: job",
            "    build: {stack: debian, base: base, context: ./src/" + name + ", packages: [default-jre-headless]}",
            "    entrypoint: [/entrypoint.sh]",
        ]
        facts["job"] = True
        port = None
    elif shape == "vendor-http":
        lines += ["    image: devlikeapro/waha:2024.12.1", "    logs: /app/logs"]
        port = 3000
        health = ["      check: {http: /ping}"]
        mounts += ["{own: data, target: /app/data}", "{own: logs, target: /app/logs}",
                   "{own: sessions, target: /app/.sessions}"]
        facts["own"] = ["data", "sessions"]

    if port is not None:
        p = "{container: " + str(port)
        if host is not None:
            p += ", host: " + str(host)
        lines += ["    ports:", "      - " + p + ", name: http}"]
    if env:
        lines.append("    env:")
        lines += [f"      {k}: {v}" for k, v in env.items()]
    if health:
        facts["healthy"] = True
        lines.append("    health:")
        lines += health
    # A read-only view of an earlier module's own directory (seed 000).
    if shape == "python-uv-from" and out["own"]:
        src_name, src_dir = out["own"][-1]
        mounts.append(f"{{from: {src_name}, path: {src_dir}, target: /app/peer-{src_dir}}}")
    lines.append("    mounts:")
    lines += [f"      - {m}" for m in mounts]
    if state:
        lines.append(f"    state: {state}")
    if resources:
        lines.append(f"    resources: {resources}")
    # Dependencies on up to two earlier modules, with the condition each allows.
    deps = []
    for back in (1, 5):
        if i - back >= 1 and rng.random() < 0.8:
            d = out["modules"][i - back]
            cond = "completed" if d["job"] else ("healthy" if d["healthy"] else "started")
            deps.append(f"{d['name']}: {cond}")
    if deps and not facts["job"]:
        lines.append("    depends_on: {" + ", ".join(deps) + "}")
    nets = ["core"] + ([f"zone{i % 4}"] if i % 3 == 0 else [])
    lines.append("    networks: [" + ", ".join(nets) + "]")
    if shape == "python-pip-state":
        lines += ["    stop_grace: 40s", "    drain: 30s"]
    for d in facts["own"]:
        out["own"].append((name, d))
    return lines, facts


def spec(n):
    rng = random.Random(n)
    out = {"modules": [], "own": []}
    lines = [
        f"# Synthetic benchmark spec: {n} modules (bench/gen_specs.py {n}).",
        "version: 1",
        f"project: bench{n}",
        "metadata:",
        f"  description: {q('synthetic spec with ' + str(n) + ' modules')}",
        "  vendor: bench",
        "defaults:",
        "  user: {uid: 1001, gid: 1001}",
        "  restart: unless-stopped",
        "  bind: 127.0.0.1",
        "  health: {interval: 30s, timeout: 5s, start_period: 10s, retries: 3}",
        "networks:",
        "  core: {}",
    ] + [f"  zone{z}: {{}}" for z in range(4)] + [
        "  external: {name: \"${PROJECT_INTERNAL_NETWORK}\", external: true}",
        "volumes:",
        "  certs: {size: 1Gi}",
        "modules:",
        "  base:",
        "    kind: base",
        "    description: shared Debian base image",
        "    build: {stack: debian, from: \"debian:bookworm-slim\", image: base-debian,",
        "            context: ./base, packages: [ca-certificates, curl]}",
        "    user: {uid: 9999, gid: 9999, name: certuser, group_name: certgroup}",
    ]
    out["modules"].append({"name": "base", "healthy": False, "job": False})
    # One writer of the shared volume, as certbot is in seed 003.
    lines += [
        "  certs-writer:",
        "    kind: job",
        "    description: the only writer of the certs volume",
        "    build: {stack: debian, base: base, context: ./certbot, packages: [certbot]}",
        "    entrypoint: [/entrypoint.sh]",
        "    user: {uid: 9999, gid: 9999, name: certuser, group_name: certgroup}",
        "    mounts:",
        "      - {tmpfs: /tmp}",
        "      - {volume: certs, target: /data/certificates}",
        "    networks: [core]",
    ]
    for i in range(1, n + 1):
        m, facts = module(i, n, rng, out)
        lines += m
        out["modules"].append(facts)
    lines += [
        "profiles:",
        "  local: {env_file: \"{module}/.env.local\", image_tag: local}",
        "  prod: {env_file: \"{module}/.env.server\", registry: ghcr.io/bench, image_tag: \"git-${GIT_SHA}\"}",
        "targets:",
        "  compose: {layout: single}",
        "  k8s: {namespace: bench, pull_secrets: [ghcr-pull-secret], pull_policy: IfNotPresent}",
        "  systemd: {flavor: quadlet, engine: podman}",
    ]
    return "\n".join(lines) + "\n"


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, out_dir = int(sys.argv[1]), sys.argv[2]
    os.makedirs(os.path.join(out_dir, "conf"), exist_ok=True)
    with open(os.path.join(out_dir, "conf", "app.yaml"), "w") as f:
        f.write("# mounted read-only by the bun modules\nlisten: 0.0.0.0\n")
    path = os.path.join(out_dir, f"bench-{n}.yaml")
    with open(path, "w") as f:
        f.write(spec(n))
    print(path)


if __name__ == "__main__":
    main()
