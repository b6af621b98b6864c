#!/usr/bin/python3
"""bench/import_bench.py: how fast `gen import` loads and maps a large compose
file (issue 19's goal: a 57-service file with 130 merge keys in well under
0.1 s), beside the real Compose loader (`docker-compose config -q`) on the
same file.

The file is generated: 57 services built from 10 anchored fragments
(x-* extensions), each service merging two or three of them with `<<`
(130 merge keys in all), with ports, volumes, environment (interpolated from
.env), health checks and depends_on, as large real compose files are written.

usage: bench/import_bench.py [--runs N] [--gen PATH] [--dir DIR]
Defaults: 20 runs, gen from $GEN or build/gen, scratch files in /tmp/gen-import-bench.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPOSE = os.path.join(ROOT, "..", "shared", "validators", ".tools", "bin", "docker-compose")
SERVICES = 57
MERGE_KEYS = 130


def compose_text():
    lines = ["name: bench"]
    for i in range(10):
        lines += ["x-fragment-%d: &f%d" % (i, i),
                  "  restart: unless-stopped" if i % 2 == 0 else "  stop_grace_period: 20s",
                  "  environment:",
                  "    LOG_LEVEL: ${LOG_LEVEL:-info}",
                  "    FRAGMENT_%d: \"%d\"" % (i, i),
                  "  labels: {fragment: \"%d\"}" % i]
    lines.append("services:")
    merges = 0
    for s in range(SERVICES):
        count = 3 if merges + 3 + 2 * (SERVICES - s - 1) <= MERGE_KEYS else 2
        refs = ", ".join("*f%d" % ((s + k) % 10) for k in range(count))
        merges += count
        lines += ["  svc-%d:" % s,
                  "    <<: [%s]" % refs,
                  "    image: ghcr.io/bench/svc-%d:${TAG:-1.0}" % s,
                  "    command: [\"serve\", \"--port\", \"%d\"]" % (8000 + s),
                  "    user: \"10001:10001\"",
                  "    read_only: true",
                  "    ports: [\"127.0.0.1:%d:%d\"]" % (18000 + s, 8000 + s),
                  "    volumes: [\"data-%d:/var/lib/svc\"]" % s,
                  "    healthcheck:",
                  "      test: [\"CMD\", \"/bin/health\", \"%d\"]" % (8000 + s),
                  "      interval: 10s",
                  "      retries: 3"]
        if s:
            lines += ["    depends_on:",
                      "      svc-%d: {condition: service_healthy}" % (s - 1)]
    assert merges == MERGE_KEYS, merges
    lines.append("volumes:")
    lines += ["  data-%d: {}" % s for s in range(SERVICES)]
    return "\n".join(lines) + "\n"


def timed(argv, cwd, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--gen", default=os.environ.get("GEN", os.path.join(ROOT, "build", "gen")))
    ap.add_argument("--dir", default="/tmp/gen-import-bench")
    a = ap.parse_args()
    shutil.rmtree(a.dir, ignore_errors=True)
    os.makedirs(a.dir)
    with open(os.path.join(a.dir, "compose.yaml"), "w") as f:
        f.write(compose_text())
    with open(os.path.join(a.dir, ".env"), "w") as f:
        f.write("TAG=2.1\n")
    gen = os.path.abspath(a.gen)
    subprocess.run([gen, "import", "--out", "gen.yaml"], cwd=a.dir, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print("%d services, %d merge keys, %d runs each" % (SERVICES, MERGE_KEYS, a.runs))
    med, best = timed([gen, "import", "--stdout"], a.dir, a.runs)
    print("gen import --stdout      median %.3f s  best %.3f s  (load, map, validate)" % (med, best))
    if os.access(COMPOSE, os.X_OK):
        med, best = timed([COMPOSE, "config", "-q"], a.dir, a.runs)
        print("docker-compose config -q median %.3f s  best %.3f s" % (med, best))
    else:
        print("docker-compose not found at %s: ../shared/validators/install.sh" % COMPOSE)


main()
