#!/usr/bin/python3
"""Jinja2 side of the template benchmark (bench/template_bench.sh).

  template_bench.py context N OUT.json       write the context for N services
  template_bench.py render DIR CONTEXT ITERS OUTDIR
      render each template in DIR (compose.yaml.j2, deployment.yaml.j2) ITERS
      times in-process with Jinja2 configured as gen promises to behave,
      print the mean time per render, and write one rendering to OUTDIR.

The context has the shape of `gen context` (docs/context.md), deterministic
for a given N. Must run under /usr/bin/python3 (Debian's python3-jinja2).
"""
import json
import os
import sys
import time

import jinja2

TEMPLATES = ["compose.yaml.j2", "deployment.yaml.j2"]


def service(i):
    kind = i % 4
    name = f"svc-{i:03d}"
    health = None
    if kind != 3:
        container = [
            {"type": "http", "path": "/healthz", "port": 8000 + i, "command": None},
            {"type": "tcp", "port": 5000 + i, "command": None},
            {"type": "command", "command": ["pg_isready", "-U", f"user{i}"]},
        ][kind]
        health = {"container": container, "liveness": container, "readiness": container,
                  "startup": container if kind == 0 else None, "interval": "30s",
                  "interval_seconds": 30, "timeout": "5s", "timeout_seconds": 5,
                  "start_period": "10s", "retries": 3}
    return {
        "name": name, "project": "bench",
        "image": {"ref": f"ghcr.io/org/{name}:git-${{GIT_SHA}}"},
        "build": {"context": f"./{name}", "args": [{"name": "PYTHON_VERSION", "value": "3.13"},
                                                    {"name": "BUILD_ID", "value": str(i)}]} if kind < 2 else None,
        "user": {"uid": 1000 + i, "gid": 1001, "groups": [9999] if i % 3 == 0 else []},
        "restart": "unless-stopped",
        "command": ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", str(8000 + i)] if kind == 0 else None,
        "ports": [{"name": "http", "container": 8000 + i, "host": 18000 + i, "bind": "127.0.0.1", "protocol": "tcp"}]
        if kind != 2 else [],
        "env": [{"name": "LOG_LEVEL", "kind": "plain", "value": "INFO"},
                {"name": "WORKERS", "kind": "plain", "value": i % 8 + 1},
                {"name": "DATABASE_URL", "kind": "secret", "value": None,
                 "secret": {"name": name, "key": "DATABASE_URL"}},
                {"name": f"FEATURE_{i}", "kind": "plain", "value": "a: b # c"}],
        "depends_on": [{"module": f"svc-{i - 1:03d}", "condition": ["healthy", "started", "completed"][i % 3]}]
        if i else [],
        "health": health,
        "mounts": [{"type": "tmpfs", "target": "/tmp", "size": "64Mi"},
                   {"type": "own", "source": f"./{name}/data", "target": "/app/data", "read_only": False},
                   {"type": "own", "source": f"./{name}/conf", "target": "/app/conf", "read_only": True}],
        "state": {"target": "/var/lib/data", "size": "1Gi"} if kind == 2 else None,
        "replicas": 1 + i % 3,
        "resources": {"cpu": {"request": "250m", "limit": "1"},
                      "memory": {"request": "256Mi", "limit": "1Gi"}} if kind != 1 else None,
        "stop": {"grace": "30s", "grace_seconds": 30},
        "labels": {"tier": ["web", "api", "db", "worker"][kind], "team": f"t{i % 5}",
                   "org.opencontainers.image.source": f"https://example.com/{name}"},
    }


def context(n):
    return {
        "spec_file": "specs/bench.yaml",
        "project": {"name": "bench"},
        "services": [service(i) for i in range(n)],
        "networks": [{"key": "internal", "name": "${PROJECT_INTERNAL_NETWORK}", "external": True}],
        "k8s": {"namespace": "bench", "pull_secrets": ["ghcr-pull-secret"], "pull_policy": "IfNotPresent"},
    }


BATCHES = 5


def render(directory, context_path, iterations, outdir):
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(directory), trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined, autoescape=False)
    with open(context_path, encoding="utf-8") as f:
        ctx = json.load(f)
    for name in TEMPLATES:
        template = env.get_template(name)
        out = template.render(ctx)  # warm-up (and the output to compare)
        # The same method as gen's side: BATCHES batches of renders, the best
        # batch's mean (a shared machine's pauses inflate a batch, never
        # shorten one).
        per_batch = max(1, iterations // BATCHES)
        ms = float("inf")
        for _ in range(BATCHES):
            start = time.perf_counter()
            for _ in range(per_batch):
                template.render(ctx)
            ms = min(ms, (time.perf_counter() - start) * 1000 / per_batch)
        with open(os.path.join(outdir, name), "w", encoding="utf-8", newline="") as f:
            f.write(out)
        print(f"jinja2 {name}: {per_batch * BATCHES} renders, {ms:.3f} ms/render, {len(out.encode())} bytes")


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "context":
        with open(sys.argv[3], "w", encoding="utf-8") as f:
            json.dump(context(int(sys.argv[2])), f, indent=1)
        return 0
    if len(sys.argv) == 6 and sys.argv[1] == "render":
        render(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5])
        return 0
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
