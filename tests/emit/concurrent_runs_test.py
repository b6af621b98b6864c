#!/usr/bin/python3
"""Two real gen processes on one --out (issue 22, case 5).

Before --out was locked, each run's start-up cleanup deleted the other's
temporary files, and 3 of 20 trials at 1,000 modules left a mix of old and
new files behind runs that both said "written". Now the second run waits for
the first: after each trial every run succeeded and the tree is exactly what
one of the two specs generates (`gen check` passes for it), with no
temporary file left. The two specs differ in every file (each names its own
spec in its header line), so any mix shows.

Also: a run that finds --out locked says so on stderr and goes on once the
lock is released, and `gen check` waits for a writer too.

usage: concurrent_runs_test.py SOURCE_DIR GEN [TRIALS] [MODULES]
"""
import os
import subprocess
import sys
import tempfile
import threading
import time


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def run_against_holder(argv, out, tmp, mode, patience=120):
    """Runs argv while another process holds --out's lock (flock MODE), and
    releases the lock only once argv has said it waits, or has finished, or
    after `patience` seconds: no assumption about how long gen takes to reach
    the lock (a loaded machine made a fixed sleep too short)."""
    release = os.path.join(tmp, "release-lock")
    if os.path.exists(release):
        os.remove(release)
    holder = subprocess.Popen(["flock", mode, out, "sh", "-c",
                               'while [ ! -e "$1" ]; do sleep 0.05; done', "sh", release])
    # Held once an exclusive attempt fails (either mode excludes it).
    deadline = time.monotonic() + patience
    while run(["flock", "--exclusive", "--nonblock", out, "true"]).returncode == 0:
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    let_go = lambda: open(release, "w").close()  # noqa: E731
    timer = threading.Timer(patience, let_go)
    timer.start()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    err = []
    for line in proc.stderr:  # until gen says it waits, or ends (EOF)
        err.append(line)
        if "waiting for it to finish" in line:
            break
    let_go()
    rest_out, rest_err = proc.communicate()
    timer.cancel()
    holder.wait()
    return subprocess.CompletedProcess(argv, proc.returncode, rest_out, "".join(err) + rest_err)


def main():
    source, gen = sys.argv[1], sys.argv[2]
    trials = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    modules = int(sys.argv[4]) if len(sys.argv) > 4 else 300
    failures = []
    with tempfile.TemporaryDirectory(prefix="gen-concurrent-") as tmp:
        specs = []
        for side in ("a", "b"):
            d = os.path.join(tmp, side)
            r = run([sys.executable, os.path.join(source, "bench", "gen_specs.py"), str(modules), d])
            if r.returncode != 0:
                sys.exit(f"gen_specs.py failed: {r.stderr}")
            specs.append(os.path.join(d, f"bench-{modules}.yaml"))
        out = os.path.join(tmp, "deploy")

        for trial in range(trials):
            # Both start together; the order they reach emit in varies.
            order = specs if trial % 2 == 0 else specs[::-1]
            procs = [subprocess.Popen([gen, "all", "--spec", s, "--out", out],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                     for s in order]
            results = [(p.wait(), p.stdout.read(), p.stderr.read()) for p in procs]
            for p in procs:
                p.stdout.close()
                p.stderr.close()
            for spec, (code, _, err) in zip(order, results):
                if code != 0:
                    failures.append(f"trial {trial}: gen all --spec {spec} exited {code}: {err[-2000:]}")
            checks = [run([gen, "check", "--spec", s, "--out", out]).returncode for s in specs]
            if checks.count(0) != 1:
                failures.append(f"trial {trial}: gen check exit codes {checks}: the tree is "
                                "not what either spec generates")
            temps = [os.path.join(dp, n) for dp, dns, fns in os.walk(out) for n in dns + fns
                     if ".gen-tmp-" in n]
            if temps:
                failures.append(f"trial {trial}: temporary files left: {temps[:5]}")

        # A run that finds --out locked says so, waits, then writes.
        r = run_against_holder([gen, "all", "--spec", specs[0], "--out", out], out, tmp,
                               "--exclusive")
        if r.returncode != 0:
            failures.append(f"gen all after waiting exited {r.returncode}: {r.stderr}")
        if f"gen: another gen run is using {out}; waiting for it to finish" not in r.stderr:
            failures.append(f"no waiting message on stderr: {r.stderr!r}")
        # So does gen check while a writer holds it; two checks go together.
        r = run_against_holder([gen, "check", "--spec", specs[0], "--out", out], out, tmp,
                               "--exclusive")
        if r.returncode != 0 or "waiting for it to finish" not in r.stderr:
            failures.append(f"gen check while locked: exit {r.returncode}, stderr {r.stderr!r}")
        r = run_against_holder([gen, "check", "--spec", specs[0], "--out", out], out, tmp,
                               "--shared")
        if r.returncode != 0 or "waiting" in r.stderr:
            failures.append(f"gen check beside a reader: exit {r.returncode}, stderr {r.stderr!r}")

    for f in failures:
        print("FAIL:", f)
    if failures:
        sys.exit(1)
    print(f"ok: {trials} trials of two concurrent runs at {modules} modules")


if __name__ == "__main__":
    main()
