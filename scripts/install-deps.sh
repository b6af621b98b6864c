#!/usr/bin/env bash
# Installs what building and testing gen needs on Debian bookworm (as root, or
# with sudo). Idempotent and quiet; only Debian's archive is used.
set -euo pipefail
PKGS=(cmake ninja-build g++ clang libclang-rt-14-dev
      libyaml-dev libjemalloc-dev libyaml-cpp-dev nlohmann-json3-dev libcxxopts-dev catch2
      python3-jinja2 python3-jsonschema python3-yaml shellcheck cmark-gfm
      zsh fish dpkg-dev)  # zsh, fish: the completion tests; dpkg-dev: scripts/package.sh (dpkg-shlibdeps)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [[ $EUID -eq 0 ]] || SUDO=sudo
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
