#!/bin/sh
# Template engine benchmark: a compose file and a Kubernetes Deployment for
# 100 services, rendered in-process over repeated renders by gen's engine and
# by Jinja2 (Debian's python3-jinja2); checks the outputs are identical and
# prints the speed-up (the goal is at least 10x). Both sides time 5 batches of
# renders and report the best batch's mean per render.
#
# usage: bench/template_bench.sh [BUILD_DIR] [SERVICES] [ITERS]
#   BUILD_DIR defaults to build (configure it with -DCMAKE_BUILD_TYPE=Release
#   or RelWithDebInfo); the script builds the gen_template_bench target there.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
services=${2:-100}
iters=${3:-200}
work=$(mktemp -d /tmp/gen-template-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

cmake --build "$build" --target gen_template_bench >/dev/null
mkdir -p "$work/gen" "$work/jinja2"
/usr/bin/python3 "$root/bench/template_bench.py" context "$services" "$work/context.json"
echo "context: $services services; $iters renders of each template after one warm-up"
"$build/gen_template_bench" "$root/bench/template_bench" "$work/context.json" "$iters" "$work/gen" | tee "$work/gen.txt"
/usr/bin/python3 "$root/bench/template_bench.py" render "$root/bench/template_bench" "$work/context.json" \
  "$iters" "$work/jinja2" | tee "$work/jinja2.txt"
for t in compose.yaml.j2 deployment.yaml.j2; do
  cmp -s "$work/gen/$t" "$work/jinja2/$t" || { echo "FAIL: $t differs between gen and Jinja2"; exit 1; }
done
echo "outputs: identical"
awk '/ms\/render/ { for (i = 1; i <= NF; i++) if ($i == "ms/render,") ms[$1 " " $2] = $(i - 1) }
     END {
       ok = 1
       for (k in ms) if (k ~ /^gen/) {
         t = k; sub(/^gen /, "", t)
         r = ms["jinja2 " t] / ms[k]
         printf "speed-up %s %.1fx\n", t, r
         if (r < 10) ok = 0
       }
       if (!ok) { print "FAIL: gen is less than 10x faster than Jinja2"; exit 1 }
     }' "$work/gen.txt" "$work/jinja2.txt"
